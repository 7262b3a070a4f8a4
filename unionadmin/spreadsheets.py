"""Cells for spreadsheets we write (XLSX exports)."""

# A cell starting with one of these could be read as a formula by a spreadsheet (or after a
# round trip through CSV); such text is written with an apostrophe in front, so it stays text.
# The members import takes the apostrophe off again (members/imports/values.py).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet could read as a formula is prefixed with an apostrophe; anything
    else (other text, numbers, dates, None) is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
