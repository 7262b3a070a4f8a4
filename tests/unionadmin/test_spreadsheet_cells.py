"""One rule for every export: text a spreadsheet would run as a formula gets an apostrophe."""
import datetime
from decimal import Decimal

import pytest

from unionadmin.spreadsheets import neutralise


@pytest.mark.parametrize("value, expected", [
    ("=SUM(1)", "'=SUM(1)"),
    ("=1+1", "'=1+1"),
    ("+1", "'+1"),
    ("+86 138", "'+86 138"),
    ("-1", "'-1"),
    ("@x", "'@x"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\rx", "'\rx"),
])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize("value", [-1, -2.5, Decimal("-3.10"), 0, 5])
def test_a_negative_number_stays_a_number(value):
    result = neutralise(value)
    assert result == value
    assert type(result) is type(value)


@pytest.mark.parametrize("value", ["张三", "县总工会 2026 年度考核", "1 + 1", "a=b", "", "'=already quoted"])
def test_ordinary_text_is_unchanged(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [None, datetime.date(2026, 1, 1)])
def test_other_values_pass_through(value):
    assert neutralise(value) is value
