"""What offices type, turned into values: every date form, full-width digits, spaces, 男/女."""
import datetime

import pytest

from members.imports import values as v
from members.imports.checking import choice_parsers
from members.imports.messages import MESSAGES, describe


@pytest.mark.parametrize("raw,expected", [
    ("2011-04-28", datetime.date(2011, 4, 28)),
    ("2011/4/28", datetime.date(2011, 4, 28)),
    ("2011.4.28", datetime.date(2011, 4, 28)),
    ("2011年4月28日", datetime.date(2011, 4, 28)),
    ("2011年4月28号", datetime.date(2011, 4, 28)),
    ("２０１１年４月２８日", datetime.date(2011, 4, 28)),  # full-width digits
    (" 2011 - 04 - 28 ", datetime.date(2011, 4, 28)),  # stray spaces
    ("20110428", datetime.date(2011, 4, 28)),
    ("2011-04-28 00:00:00", datetime.date(2011, 4, 28)),
    ("2011.4", datetime.date(2011, 4, 1)),  # 入会年月
    ("2011年4月", datetime.date(2011, 4, 1)),
    (40661, datetime.date(2011, 4, 28)),  # an Excel serial number
    (40661.0, datetime.date(2011, 4, 28)),
    ("40661", datetime.date(2011, 4, 28)),  # a serial that arrived as text in a CSV
    (datetime.datetime(2011, 4, 28, 9, 30), datetime.date(2011, 4, 28)),
    (datetime.date(2011, 4, 28), datetime.date(2011, 4, 28)),
    ("", None),
    (None, None),
])
def test_dates_in_every_form_chinese_sheets_hold(raw, expected):
    assert v.date_value(raw) == expected


# Impossible parts of a readable date have codes of their own: tests/members/test_import_messages.py
@pytest.mark.parametrize("raw", ["28/04/2011", "去年", "abc"])
def test_dates_that_are_not_dates_are_refused_with_the_value(raw):
    with pytest.raises(v.CellError) as caught:
        v.date_value(raw)
    assert caught.value.code == "bad_date"


@pytest.mark.parametrize("raw,expected", [
    ("51300219880312101x", "51300219880312101X"),  # lower-case x stored upper-case
    ("５１３００２１９８８０３１２１０１Ｘ", "51300219880312101X"),  # full-width
    (" 513002 19880312 101X ", "51300219880312101X"),  # stray spaces
    (130503670401001, "130503670401001"),  # an old 15-digit number kept as a number survives (and is flagged later)
])
def test_id_numbers_are_normalised(raw, expected):
    assert v.id_number(raw) == expected


@pytest.mark.parametrize("raw", [5.13002198803121e17, 513002198803121024])
def test_an_id_number_excel_stored_as_a_number_is_refused(raw):
    with pytest.raises(v.CellError) as caught:
        v.id_number(raw)
    assert caught.value.code == "id_as_number"


@pytest.mark.parametrize("raw,expected", [
    ("138 0013 8000", "13800138000"), ("138-0013-8000", "13800138000"), ("+86 13800138000", "13800138000"),
    ("008613800138000", "13800138000"), (13800138000.0, "13800138000"), ("１３８００１３８０００", "13800138000"),
])
def test_phone_numbers_are_normalised(raw, expected):
    assert v.phone(raw) == expected


@pytest.mark.parametrize("raw,expected", [("张　三", "张三"), ("张 三", "张三"), ("阿苏·木呷", "阿苏·木呷"),
                                          ("  王小明 ", "王小明"), ("John  Smith", "John Smith")])
def test_names_lose_the_padding_offices_use_to_line_them_up(raw, expected):
    assert v.person_name(raw) == expected


@pytest.mark.parametrize("field,raw,expected", [
    ("gender", "男", "male"), ("gender", "女性", "female"), ("gender", "Female", "female"), ("gender", "F", "female"),
    ("education", "大专", "college"), ("education", "本科", "bachelor"), ("education", "硕士研究生", "postgraduate"),
    ("education", "Bachelor's degree", "bachelor"), ("employment_type", "劳务派遣", "dispatched"),
    ("employment_type", "农民工", "migrant"), ("employment_type", "正式职工", "regular"),
    ("status", "退休", "retired"), ("status", "在会", "active"), ("gender", "", ""),
])
def test_choices_accept_chinese_english_and_common_words(field, raw, expected, db):
    assert choice_parsers()[field](raw) == expected


def test_an_unknown_choice_names_the_choices_in_the_readers_language(db):
    from django.utils import translation

    with pytest.raises(v.CellError) as caught:
        choice_parsers()["gender"]("未知")
    with translation.override("en"):
        text = describe(caught.value.code, caught.value.params)
    assert "未知" in text and "Male" in text and "Female" in text


def test_messages_repeating_a_validators_share_its_words():
    """Same English text, so the same translation in the catalogue."""
    from django.core.exceptions import ValidationError

    from members.validators import validate_id_number
    from unionadmin.validators import validate_mobile

    for bad in ["130503670401001", "1234", "51300219880312101A", "513002198813121015", "513002198803121015"]:
        with pytest.raises(ValidationError) as caught:
            validate_id_number(bad)
        assert str(MESSAGES[caught.value.code]) == str(caught.value.message), caught.value.code
    with pytest.raises(ValidationError) as caught:
        validate_mobile("12345")
    assert str(MESSAGES[caught.value.code]) == str(caught.value.message)
