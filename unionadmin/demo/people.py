"""Makers of realistic personal data and identifiers from a seeded random generator."""
import datetime
import random

from members.validators import id_check_character
from unionadmin.validators import credit_code_check_character

from . import data

_SURNAME_WEIGHTS = [1 / (rank + 8) for rank in range(len(data.SURNAMES))]  # Zipf-like: 王 far more than 汤


def choose_ethnicity(rng: random.Random) -> str:
    names, weights = zip(*data.ETHNICITIES)
    return rng.choices(names, weights)[0]


def _given_name(rng: random.Random, gender: str) -> str:
    own = data.MALE_CHARS if gender == "male" else data.FEMALE_CHARS
    if rng.random() < 0.35:
        return rng.choice(own)
    first = rng.choice(data.NEUTRAL_CHARS + own)
    second = rng.choice(own)
    return first + second if first != second else first


def person_name(rng: random.Random, gender: str, ethnicity: str) -> str:
    if ethnicity == "彝族" and rng.random() < 0.8:
        return rng.choice(data.YI_CLANS) + rng.choice(data.YI_GIVEN[gender])
    if ethnicity == "藏族":
        first = rng.choice(data.TIBETAN_FIRST)
        second = rng.choice([n for n in data.TIBETAN_SECOND[gender] if n != first])
        return first + second
    surname = rng.choice(data.HUI_SURNAMES) if ethnicity == "回族" else rng.choices(data.SURNAMES, _SURNAME_WEIGHTS)[0]
    return surname + _given_name(rng, gender)


def birth_date(rng: random.Random, earliest: int, latest: int, mode: int) -> datetime.date:
    year = min(latest, max(earliest, round(rng.triangular(earliest, latest + 0.99, mode))))
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


class IdNumbers:
    """Resident ID numbers (GB 11643), unique within one load."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, region: str, born: datetime.date, gender: str) -> str:
        while True:
            sequence = self.rng.randrange(1000)
            # The 17th digit (the sequence's last) is odd for men and even for women.
            sequence = sequence - sequence % 2 + (1 if gender == "male" else 0)
            first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
            number = first17 + id_check_character(first17)
            if number not in self.used:
                self.used.add(number)
                return number


def mobile(rng: random.Random) -> str:
    return rng.choice(data.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- organisations' identifiers ------------------------------------------------------------
_ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def _organisation_code(body8: str) -> str:
    """GB 11714 organisation code: eight digits and a check character (0-9 or X)."""
    check = 11 - sum(int(d) * w for d, w in zip(body8, _ORG_CODE_WEIGHTS)) % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random, code_type: str) -> str:
    """GB 32100 unified social credit code: type, county region code, organisation code, check."""
    first17 = code_type + data.REGION_CODE + _organisation_code(f"{rng.randrange(10**8):08d}")
    return first17 + credit_code_check_character(first17)


def bank_account(rng: random.Random, bank: str) -> str:
    return data.BANK_ACCOUNT_PREFIXES[bank] + f"{rng.randrange(10**8):08d}"


def office_phone(rng: random.Random) -> str:
    return f"{data.AREA_CODE}-{rng.choice('2356')}{rng.randrange(10**6):06d}"
