"""Chinese numerals as official documents and union records write them.

Shared by every app: the work plan's dates and item numbers (planning), the congress's
"第三届第二次" (congress), certificates and reports.
"""
from __future__ import annotations

import datetime

from django.utils.translation import get_language

DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """A whole number from 0 to 9999 as it is written in prose: 10 → 十, 20 → 二十, 25 → 二十五,
    105 → 一百零五."""
    if not 0 <= n <= 9999:
        raise ValueError(f"{n} is outside 0–9999")
    if n == 0:
        return "零"
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    units = [(1000, "千"), (100, "百"), (10, "十")]
    out, zero_pending = "", False
    rest = n
    for size, name in units:
        digit, rest = divmod(rest, size)
        if digit:
            if zero_pending:
                out += "零"
                zero_pending = False
            out += DIGITS[digit] + name
        elif out:
            zero_pending = True
    if rest:
        if zero_pending:
            out += "零"
        out += DIGITS[rest]
    return out


def chinese_year(year: int) -> str:
    """Each digit read out: 2026 → 二〇二六."""
    return "".join(DIGITS[int(d)] for d in str(year))


def chinese_date(date: datetime.date) -> str:
    """The date as written under a signature: 2012-01-31 → 二〇一二年一月三十一日."""
    return f"{chinese_year(date.year)}年{chinese_number(date.month)}月{chinese_number(date.day)}日"


def localised_number(n: int) -> str:
    """Chinese numerals when the active language is Chinese, digits otherwise (第三届 / term 3)."""
    language = (get_language() or "").lower()
    return chinese_number(n) if language.startswith("zh") and 0 <= n <= 9999 else str(n)
