"""Validators for identifiers the state issues."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: the unified social credit code uses 31 characters (no I, O, Z, S, V).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def normalise_credit_code(value: str) -> str:
    return "".join(str(value or "").split()).upper()


def credit_code_check_character(first17: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="credit_code_length",
            params={"count": len(code)},
        )
    bad = [c for c in code if c not in CREDIT_CODE_ALPHABET]
    if bad:
        raise ValidationError(
            _("“%(char)s” cannot appear in a unified social credit code."),
            code="credit_code_character",
            params={"char": bad[0]},
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 of a unified social credit code are the region code and must be digits."),
            code="credit_code_region",
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong; please check for a typing error."),
            code="credit_code_check",
        )


def validate_mobile(value: str) -> None:
    """Mainland China mobile numbers: 11 digits starting 13–19."""
    if not (len(value) == 11 and value.isdigit() and value[0] == "1" and value[1] in "3456789"):
        raise ValidationError(
            _("Enter an 11-digit mainland mobile number starting with 13–19."), code="mobile"
        )
