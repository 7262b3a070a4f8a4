"""The import's quick paths read a roster exactly as the slow ones did (issue 15, item 6): the ID
number accepted without building an exception only when the validator accepts it, values read
once per distinct cell, the plan kept as lines for COPY written as the rows themselves would be."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from members.imports import values as v
from members.imports.checking import _surely_valid_id
from members.imports.writing import HISTORY_COLUMNS, HISTORY_COPY_COLUMNS, _line, member_line
from members.validators import id_check_character, validate_id_number


def with_check(first17: str) -> str:
    return first17 + id_check_character(first17)


NUMBERS = [
    with_check("11010519491231002"),  # right
    with_check("44052419800101001"),  # right, check character X or a digit
    with_check("11010519491231002")[:17] + "0",  # wrong check character (or right by chance: the validator says)
    "11010519491231002x",  # lower-case x: the validator upper-cases it, the quick path leaves it to the validator
    with_check("11010518991231002"),  # born before 1900
    with_check("11010520990101002"),  # born in the future
    with_check("11010519490230002"),  # no 30 February
    "１１０１０５１９４９１２３１００２Ｘ",  # full-width
    "١١٠١٠٥١٩٤٩١٢٣١٠٠٢٣",  # Arabic-Indic digits: isdigit() but not ASCII
    "110105194912310",  # the old 15 digits
    "11010519491231002",  # 17 characters
    "A10105194912310023",
]


@pytest.mark.parametrize("number", NUMBERS)
def test_an_id_number_is_taken_quickly_only_when_the_validator_takes_it(number):
    try:
        validate_id_number(number)
        valid = True
    except ValidationError:
        valid = False
    assert not _surely_valid_id(number) or valid  # never accepts what the validator refuses
    if valid and number.isascii() and number == number.upper():  # as the parser hands them over
        assert _surely_valid_id(number)  # the plain valid numbers are taken without the validator


def test_every_valid_number_of_a_range_of_birthdays_is_taken_quickly():
    day = datetime.date(1950, 1, 1)
    for offset in range(0, 365 * 60, 97):
        born = day + datetime.timedelta(days=offset)
        number = with_check(f"513021{born:%Y%m%d}{offset % 1000:03d}")
        assert _surely_valid_id(number), number
        wrong = number[:17] + ("0" if number[17] != "0" else "1")
        assert not _surely_valid_id(wrong)


def test_a_remembered_parser_reads_each_kind_of_cell_as_the_parser_does():
    dates = v.Remembered(v.date_value)
    for raw in ["2011年4月28日", 44927, 44927.0, "44927", True, datetime.date(2020, 1, 2), "2011/4/28"]:
        for _ in range(2):  # the second time from memory
            try:
                expected = v.date_value(raw)
            except v.CellError as error:
                with pytest.raises(v.CellError) as raised:
                    dates(raw)
                assert (raised.value.code, raised.value.params) == (error.code, error.params)
            else:
                assert dates(raw) == expected
    # 1, 1.0 and True are equal keys; True is no Excel serial
    assert dates(1) == datetime.date(1899, 12, 31)
    with pytest.raises(v.CellError):
        dates(True)
    # a refusal remembered is raised again, each time a new exception
    for _ in range(2):
        with pytest.raises(v.CellError) as raised:
            dates("2011-13-01")
        assert raised.value.code == "no_such_month"


def test_the_kept_line_of_a_member_is_the_row_copy_would_have_written():
    from members.imports.checking import MEMBER_COLUMNS, _new_row

    row = _new_row(7) | {"name": "张\t三\\", "id_number": "11010519491231002X", "joined_on": datetime.date(2020, 5, 1),
                         "birth_date": datetime.date(1949, 12, 31), "gender": "male"}
    assert member_line(row) == _line([row[c] for c in MEMBER_COLUMNS])
    assert "张\\t三\\\\" in member_line(row) and "\t2020-05-01\t" in member_line(row)
    assert sorted(HISTORY_COPY_COLUMNS) == sorted(HISTORY_COLUMNS)


def test_id_numbers_typed_plainly_are_read_as_before():
    assert v.id_number("11010519491231002x") == "11010519491231002X"
    assert v.id_number(" 110105 19491231002X ") == "11010519491231002X"
    assert v.id_number("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    assert v.text("  a  b ") == "a b" and v.text("'=1") == "=1" and v.text("张　三") == "张 三"
