"""Chinese numerals, dates, the four levels of item numbers and the document number."""
import datetime

import pytest

from planning import gongwen
from planning.rendering import CHARS_PER_LINE, signature_offsets


@pytest.mark.parametrize("n,expected", [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (25, "二十五"), (30, "三十"),
    (31, "三十一"), (99, "九十九"), (100, "一百"), (105, "一百零五"), (110, "一百一十"),
])
def test_chinese_number(n, expected):
    assert gongwen.chinese_number(n) == expected


@pytest.mark.parametrize("date,expected", [
    (datetime.date(2012, 1, 31), "二〇一二年一月三十一日"),
    (datetime.date(2026, 11, 25), "二〇二六年十一月二十五日"),
    (datetime.date(2020, 10, 10), "二〇二〇年十月十日"),
    (datetime.date(2000, 12, 1), "二〇〇〇年十二月一日"),
    (datetime.date(2019, 2, 20), "二〇一九年二月二十日"),
])
def test_chinese_date(date, expected):
    assert gongwen.chinese_date(date) == expected


def test_printing_date_uses_arabic_numerals_without_leading_zeros():
    assert gongwen.arabic_date(datetime.date(2026, 3, 5)) == "2026年3月5日"


@pytest.mark.parametrize("level,n,expected", [
    (1, 1, "一、"), (1, 2, "二、"), (1, 12, "十二、"),
    (2, 1, "（一）"), (2, 3, "（三）"),
    (3, 1, "1."), (3, 10, "10."),
    (4, 1, "（1）"), (4, 2, "（2）"),
])
def test_item_numbers_at_four_levels(level, n, expected):
    assert gongwen.item_number(level, n) == expected


def test_no_fifth_level():
    with pytest.raises(ValueError):
        gongwen.item_number(5, 1)


def test_document_number():
    assert gongwen.document_number("清工发", 2026, 4) == "清工发〔2026〕4号"
    assert gongwen.document_number("清工发", 2026, None) == "清工发〔2026〕\u3000号"


def test_signature_positions_follow_the_standard():
    # A short organ: the date (12 characters) is set two characters from the right, the
    # organ starts two characters before it.
    organ_start, date_start = signature_offsets("某县总工会", "二〇二六年十一月二十五日")
    assert date_start == CHARS_PER_LINE - 2 - 12
    assert organ_start == date_start - 2
    # A long organ: the organ two characters from the right, the date two characters in from its start.
    organ = "某某省某某市某某县总工会委员会机关"
    organ_start, date_start = signature_offsets(organ, "二〇二六年一月五日")
    assert organ_start == CHARS_PER_LINE - 2 - len(organ)
    assert date_start == organ_start + 2
