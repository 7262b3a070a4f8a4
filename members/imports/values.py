"""Turning what offices type into values: dates in every Chinese form, full-width digits, 男/女.

Each parser takes the raw cell (a str, a number, a date or None) and returns the value, or
raises CellError with a message code from messages.py.
"""
from __future__ import annotations

import datetime
import re

from members.validators import FULL_WIDTH as _ID_FULL_WIDTH

from .traditional import simplified

FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９ｘＸ－．／　＋（）：",
    "0123456789xX-./ +():",
)
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug included)


class CellError(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def text(value) -> str:
    """A cell as clean text: full-width forms folded, spaces trimmed, whole floats without ".0"."""
    if type(value) is str:
        if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
            value = value[1:]  # neutralised by our own export: take the text back as it was
        if value.isascii():  # nothing full-width to fold (most cells of a roster but names)
            return " ".join(value.split())
        return " ".join(value.translate(FULL_WIDTH).split())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return " ".join(str(value).translate(FULL_WIDTH).split())


def compact(value) -> str:
    """Text with every space removed (identifiers, phone numbers)."""
    return "".join(text(value).split())


_CJK = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·•．.]+$")


def person_name(value) -> str:
    """"张　三" and "张 三" (padded to line up in a sheet) become "张三"; Latin names keep one space."""
    name = text(value)
    joined = name.replace(" ", "")
    if _CJK.match(joined):
        return joined.replace("•", "·").replace("．", "·")
    return name


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_TIME_PART = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_MONTH_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?$"),
]


def date_value(value) -> datetime.date | None:
    """2011-04-28, 2011/4/28, 2011.4.28, 2011年4月28日, 20110428, an Excel serial, or a month (2011.4)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value)
    raw = text(value)
    if not raw:
        return None
    cleaned = _TIME_PART.sub("", raw).replace(" ", "")
    if re.fullmatch(r"\d{5}(\.\d+)?", cleaned):  # a serial that arrived as text (CSV from Excel)
        return _serial(float(cleaned))
    for pattern in _DATE_PATTERNS:
        match = pattern.match(cleaned)
        if match:
            return _make_date(raw, *match.groups())
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(cleaned)
        if match:
            return _make_date(raw, *match.groups(), "1")
    raise CellError("bad_date", value=raw)


def _make_date(raw, year, month, day):
    # The format was understood: name the part that is impossible, not the format.
    year, month, day = int(year), int(month), int(day)
    if year < 1900:
        raise CellError("date_too_early", value=raw, year=year)
    if not 1 <= month <= 12:
        raise CellError("no_such_month", value=raw, month=month)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError("no_such_day", value=raw, year=year, month=month, day=day) from None


def _serial(number: float) -> datetime.date:
    if not 1 <= number < 2958466:  # 9999-12-31
        raise CellError("serial_out_of_range", value=text(number))
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def date_shown(raw) -> str:
    """A date cell as an error's "Value" shows it: an Excel serial (a number, or a number that
    arrived as text) with the date it means, "2023-01-01 (Excel 44927)"; a date cell as a date."""
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat() if raw.time() == datetime.time() else raw.isoformat(sep=" ")
    written = text(raw)
    serial = raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None
    if serial is None and re.fullmatch(r"\d{5}(\.\d+)?", written):
        serial = float(written)
    if serial is not None:
        try:
            return f"{_serial(serial).isoformat()} (Excel {written})"
        except CellError:
            pass
    return written


def id_number(value) -> str:
    """An ID number as text. A number cell has lost digits to Excel's 15-digit precision."""
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool) and value >= 10**15):
        if isinstance(value, int) and len(str(value)) == 15:
            return str(value)  # an old 15-digit number survives as a number; the validator flags it
        if isinstance(value, float) and value.is_integer() and len(str(int(value))) == 15:
            return str(int(value))
        raise CellError("id_as_number")
    if value.__class__ is str and value.isascii() and value.isalnum():  # as typed: nothing to fold
        return value.upper()
    return "".join(str(value if value is not None else "").translate(_ID_FULL_WIDTH).translate(FULL_WIDTH).split()).upper()


class Remembered:
    """A parser that remembers its answer (or its refusal) per raw cell: a roster repeats its
    employers, posts, names and dates thousands of times. Cells of another type than text are
    remembered with their type (1, 1.0 and True are equal keys but are not read alike)."""

    LIMIT = 50_000

    def __init__(self, parse):
        self.parse = parse
        self.seen = {}

    def __call__(self, raw):
        key = raw if raw.__class__ is str else (raw.__class__, raw)
        try:
            found = self.seen[key]
        except KeyError:
            try:
                found = self.parse(raw)
            except CellError as error:
                found = error
            if len(self.seen) < self.LIMIT:
                self.seen[key] = found
        except TypeError:  # not hashable: read it each time
            return self.parse(raw)
        if found.__class__ is CellError:
            raise CellError(found.code, **found.params)
        return found


def phone(value) -> str:
    """Spaces, dashes and a +86 or 0086 prefix dropped."""
    number = re.sub(r"[\s\-()]", "", text(value))
    for prefix in ("+86", "0086", "86"):
        if number.startswith(prefix) and len(number) == len(prefix) + 11:
            number = number[len(prefix):]
    return number


def value_key(value) -> str:
    """A choice cell folded for lookup: full-width forms, case and spaces do not matter."""
    return "".join(text(value).lower().split())


_key = value_key


class ChoiceParser:
    """Maps stored values, labels in every language and common synonyms to a choice value;
    ``chosen`` holds the officer's reading of other values ({value key: choice, "" = empty})."""

    def __init__(self, field_name: str, choices, synonyms: dict[str, str], chosen: dict[str, str] | None = None):
        from django.conf import settings
        from django.utils import translation

        self.field_name = field_name
        self.lookup = {}
        for value, label in choices:
            self.lookup[_key(value)] = value
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    self.lookup[_key(str(label))] = value
        for synonym, value in synonyms.items():
            self.lookup[_key(synonym)] = value
        self.known = set(self.lookup)  # what is read without asking anyone
        for key, value in (chosen or {}).items():
            self.lookup[_key(key)] = value

        self.seen = {}  # raw cell → value: a column holds a handful of distinct words

    def __call__(self, raw) -> str:
        try:
            return self.seen[raw]
        except (KeyError, TypeError):
            pass
        key = _key(raw)
        if not key:
            return ""
        try:
            value = self.lookup[key]
        except KeyError:
            value = self.fallback(key)
            if value is None:
                raise CellError("bad_choice", value=text(raw), choice_field=self.field_name) from None
        if len(self.seen) < 1000:
            self.seen[raw] = value
        return value

    def fallback(self, key: str) -> str | None:
        """A reading for a key no table holds (None: ask the officer): 勞務派遣 is 劳务派遣."""
        folded = simplified(key)
        return self.lookup.get(folded) if folded != key else None


class EthnicityParser(ChoiceParser):
    """"汉" is "汉族", "维吾尔" is "维吾尔族": a group's name without its 族 is read as the group."""

    def fallback(self, key):
        key = simplified(key)
        return self.lookup.get(key) or self.lookup.get(key + "族")
