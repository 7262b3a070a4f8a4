"""The ID number and credit code checks, side by side with python-stdnum.

The project must never refuse a number the library accepts; it refuses credit codes whose
first two characters name no registering authority or kind (GB 32100), which the library
does not check; and an ID number from no division ever issued is saved with a warning
(the division list is never complete), not refused.
"""
import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from stdnum.cn import ric, uscc

from members.models import Member
from members.validators import division_is_known, id_check_character, validate_id_number
from unionadmin.validators import CREDIT_CODE_ALPHABET, credit_code_check_character, validate_credit_code

from .test_member_pages import form_data

COUNT = 20_000
REAL_DIVISIONS = ["110101", "310104", "440305", "510104", "511002", "511024", "350100", "230102"]
NO_DIVISIONS = ["000000", "999999", "513099", "119999"]


def refusal(validate, value) -> str | None:
    try:
        validate(value)
    except ValidationError as error:
        return error.code
    return None


def generated_id_numbers(rng):
    """Mostly well-formed numbers (real and made-up divisions, real and impossible dates,
    right and wrong check characters), so both libraries' every branch is taken."""
    for _ in range(COUNT):
        division = rng.choice(REAL_DIVISIONS + NO_DIVISIONS + [f"{rng.randrange(10**6):06d}"])
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(27_000))
        date = f"{born:%Y%m%d}" if rng.random() < 0.9 else f"{born:%Y}13{born:%d}"
        first17 = f"{division}{date}{rng.randrange(1000):03d}"
        check = id_check_character(first17) if rng.random() < 0.8 else rng.choice("0123456789X")
        yield first17 + check


def stdnum_accepts_id(number) -> bool:
    try:
        return ric.is_valid(number)
    except KeyError:
        # python-stdnum 2.2 raises KeyError (not InvalidComponent) for a division whose
        # province is listed but whose county is not, e.g. 513099: that is a refusal too.
        return False


def stdnum_refuses_for_place_of_birth(number) -> bool:
    try:
        ric.validate(number)
    except (ric.InvalidComponent, KeyError):
        return True
    return False


def test_the_project_never_refuses_an_id_number_python_stdnum_accepts():
    rng = random.Random(2026)
    accepted_by_both = refused_by_both = only_project = 0
    for number in generated_id_numbers(rng):
        ours = refusal(validate_id_number, number)
        theirs = stdnum_accepts_id(number)
        if theirs:
            assert ours is None, (number, ours)
            accepted_by_both += 1
        elif ours is None:
            # The library refuses only for the place of birth (an unknown division, or a
            # county not yet or no longer existing in the birth year): we warn instead.
            only_project += 1
            assert stdnum_refuses_for_place_of_birth(number), number
        else:
            refused_by_both += 1
    assert accepted_by_both > 5_000 and refused_by_both > 2_000 and only_project > 1_000


def test_an_id_number_from_no_division_ever_issued_is_recognised():
    assert not division_is_known("000000199001010011")
    assert not division_is_known("999999199001010011")
    assert division_is_known("511002199001010011")  # 内江市市中区
    assert division_is_known("110101199001010011")


def generated_credit_codes(rng):
    for _ in range(COUNT):
        first17 = "".join(rng.choice("123456789ANYBC")) + rng.choice("0123456789AB") + \
            f"{rng.randrange(10**6):06d}" + "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(9))
        check = credit_code_check_character(first17) if rng.random() < 0.85 else rng.choice(CREDIT_CODE_ALPHABET)
        yield first17 + check


def test_credit_codes_beside_python_stdnum():
    rng = random.Random(32100)
    refused_for_authority = letter_authorities = 0
    for code in generated_credit_codes(rng):
        ours = refusal(validate_credit_code, code)
        if uscc.is_valid(code):
            # Accepted by the library: we refuse only a registering authority or kind that
            # GB 32100 does not have.
            assert ours in (None, "credit_code_authority", "credit_code_category"), (code, ours)
            refused_for_authority += ours is not None
        elif ours is None:
            # python-stdnum 2.2 wants eight digits first, which predates the authorities with a
            # letter (A military, N agriculture, Y other); everything else it refuses, so do we.
            assert code[0] in "ANY" and code[2:8].isdigit() and uscc.calc_check_digit(code) == code[17], code
            letter_authorities += 1
    assert refused_for_authority > 1_000 and letter_authorities > 500


@pytest.mark.parametrize("code, reason", [
    ("B1511000000000001", "credit_code_authority"),  # B registers nothing
    ("97511000000000001", "credit_code_category"),  # 工商 registers companies (91), not 97
    ("00511000000000001", "credit_code_authority"),
])
def test_a_credit_code_naming_no_authority_or_kind_is_refused_with_the_reason(code, reason, english):
    code += credit_code_check_character(code)
    with pytest.raises(ValidationError) as refused:
        validate_credit_code(code)
    assert refused.value.code == reason


@pytest.mark.parametrize("code", ["81511000MC0123456", "91511000MA0123456", "12511000MB0123456", "N2511000MC0123456",
                                  "Y1511000MC0123456", "51511000MJ0123456"])
def test_the_kinds_a_union_office_meets_are_accepted(code):
    validate_credit_code(code + credit_code_check_character(code))


def test_a_member_whose_id_number_names_no_division_is_saved_with_a_warning(client, county, officer_a, english):
    first17 = "00000019900101002"
    number = first17 + id_check_character(first17)
    client.force_login(officer_a)
    response = client.post(reverse("members:member_create"), form_data(county.a, id_number=number), follow=True)
    assert Member.objects.filter(id_number=number, union=county.a).exists()
    page = response.content.decode()
    assert "are not an administrative division code we know" in page and "000000" in page


def test_a_member_from_a_known_division_gets_no_warning(client, county, officer_a, english):
    first17 = "51100219900101002"  # 内江市市中区
    client.force_login(officer_a)
    response = client.post(reverse("members:member_create"),
                           form_data(county.a, id_number=first17 + id_check_character(first17)), follow=True)
    assert "added to the roster" in response.content.decode()
    assert "division code" not in response.content.decode()
