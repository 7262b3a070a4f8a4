"""The resident identity number (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check."""
import datetime
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"

FULL_WIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")


def normalise_id_number(value: str) -> str:
    return "".join(str(value or "").translate(FULL_WIDTH).split()).upper()


def id_check_character(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def birth_date_from_id(number: str) -> datetime.date | None:
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def gender_from_id(number: str) -> str:
    """The 17th digit is odd for men and even for women."""
    return "male" if int(number[16]) % 2 else "female"


def validate_id_number(value: str) -> None:
    number = normalise_id_number(value)
    if len(number) == 15 and number.isdigit():
        raise ValidationError(
            _("This is an old 15-digit ID number; enter the 18-character number on the current card."),
            code="id_number_old",
        )
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(count)d."), code="id_number_length",
            params={"count": len(number)},
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or X."), code="id_number_characters"
        )
    born = birth_date_from_id(number)
    if born is None or born.year < 1900 or born > datetime.date.today():
        raise ValidationError(_("The birth date inside this ID number is not a real date."), code="id_number_birth")
    if number[17] != id_check_character(number[:17]):
        raise ValidationError(
            _("The last character of this ID number does not match the others; please check for a typing error."),
            code="id_number_check",
        )


@lru_cache(maxsize=4096)
def division_is_known(number: str) -> bool:
    """Whether the first six digits are a county-level division code that has ever been issued,
    by python-stdnum's list of divisions (cn/loc). The list is incomplete (codes are added and
    retired every year), so an unknown code is a warning for the person to check, never a
    refusal."""
    from stdnum import numdb

    parts = numdb.get("cn/loc").info(number[:6])
    return any("county" in props for _part, props in parts)
