"""The member record's rules: the ID number, what it encodes, mobile numbers, dates, one membership."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.models import Member
from members.validators import birth_date_from_id, gender_from_id, validate_id_number

from .factories import UniqueMemberFactory
from .sheets import id_number, person


def errors_of(member) -> dict:
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    return caught.value.message_dict


def test_a_valid_id_number_passes_and_x_is_accepted_as_last_character():
    assert validate_id_number("11010519491231002X") is None
    assert validate_id_number("11010519491231002x") is None  # lower case accepted


@pytest.mark.parametrize("value,code", [
    ("110105194912310021", "id_number_check"),  # wrong check digit
    ("110105194912310", "id_number_old"),  # 15-digit old card
    ("11010519491231002", "id_number_length"),
    ("1101051949123100XX", "id_number_characters"),
    ("110105194902300027", "id_number_birth"),  # 30 February
    (id_number("51300230000101001"), "id_number_birth"),  # born in the future
])
def test_bad_id_numbers_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as caught:
        validate_id_number(value)
    assert caught.value.code == code


def test_birth_date_and_gender_are_read_from_the_id_number(county):
    member = UniqueMemberFactory(union=county.a, id_number=person(1, female=True, born=datetime.date(1979, 11, 20)),
                                 gender="")
    assert member.birth_date == datetime.date(1979, 11, 20)
    assert member.gender == "female"
    assert gender_from_id(person(2)) == "male" and birth_date_from_id(person(2)) == datetime.date(1990, 1, 1)


def test_lower_case_x_is_stored_upper_case(county):
    body = "11010519491231002"
    member = UniqueMemberFactory(union=county.a, id_number=(body + "x"), gender="female")
    assert Member.objects.get(pk=member.pk).id_number == body + "X"


def test_gender_typed_must_match_the_id_number(county):
    member = UniqueMemberFactory.build(union=county.a, id_number=person(3), gender="female")
    assert "gender" in errors_of(member)


def test_mainland_mobile_numbers_only(county):
    for bad in ["1380013800", "23800138000", "12800138000", "1380013800a"]:
        member = UniqueMemberFactory.build(union=county.a, id_number=person(4), phone=bad)
        assert "phone" in errors_of(member), bad
    UniqueMemberFactory.build(union=county.a, id_number=person(4), phone="19912345678", gender="male").full_clean()


def test_sensible_dates(county):
    today = datetime.date.today()
    future = UniqueMemberFactory.build(union=county.a, id_number=person(5), joined_on=today + datetime.timedelta(1))
    assert "joined_on" in errors_of(future)
    child = UniqueMemberFactory.build(union=county.a, id_number=person(6, born=datetime.date(2005, 6, 1)),
                                      joined_on=datetime.date(2020, 1, 1))
    assert "joined_on" in errors_of(child)  # 14 years old
    left_first = UniqueMemberFactory.build(union=county.a, id_number=person(7), joined_on=datetime.date(2020, 1, 1),
                                           status="withdrawn", left_on=datetime.date(2019, 1, 1))
    assert "left_on" in errors_of(left_first)
    no_date = UniqueMemberFactory.build(union=county.a, id_number=person(8), status="deceased")
    assert "left_on" in errors_of(no_date)
    active_left = UniqueMemberFactory.build(union=county.a, id_number=person(9), left_on=datetime.date(2021, 1, 1))
    assert "left_on" in errors_of(active_left)


def test_one_active_membership_is_a_database_constraint(county):
    UniqueMemberFactory(union=county.a, id_number=person(10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.bulk_create([UniqueMemberFactory.build(union=county.b, id_number=person(10),
                                                              birth_date=datetime.date(1990, 1, 1))])
    # Former memberships do not count.
    UniqueMemberFactory(union=county.b, id_number=person(11), status="withdrawn", left_on=datetime.date(2020, 1, 1))
    UniqueMemberFactory(union=county.a, id_number=person(11))


def test_card_numbers_are_unique_within_a_union(county):
    UniqueMemberFactory(union=county.a, card_number="HD-00001")
    UniqueMemberFactory(union=county.b, card_number="HD-00001")  # another union may use the same number
    with pytest.raises(IntegrityError), transaction.atomic():
        UniqueMemberFactory(union=county.a, card_number="HD-00001")
