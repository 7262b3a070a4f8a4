"""Chinese official-document (公文) conventions used by the work plan: numerals, dates, the
four levels of item numbers, and the fixed words of the printed format.

The words in ``WORDS`` are part of the document itself as GB/T 9704-2012 lays it out
(附件, 抄送, 印发), not part of the user interface: a plan printed from the English UI is
still a Chinese official document, so they are not translated.
"""
from __future__ import annotations

import datetime

DIGITS = "〇一二三四五六七八九"

WORDS = {
    "attachments": "附件",
    "copy_to": "抄送",
    "issued": "印发",
    "colon": "：",
    "full_stop": "。",
    "mark_suffix": "文件",
    "number_suffix": "号",
}


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


def arabic_date(date: datetime.date) -> str:
    """The printing date in the colophon (GB/T 9704-2012 7.4.3): 2026年11月5日, no leading zeros."""
    return f"{date.year}年{date.month}月{date.day}日"


def item_number(level: int, n: int) -> str:
    """The ordinal of the n-th item (from 1) at a level: 一、 （一） 1. （1）."""
    if level == 1:
        return chinese_number(n) + "、"
    if level == 2:
        return "（" + chinese_number(n) + "）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"level {level} is outside 1–4")


def document_number(organ_code: str, year: int | None, sequence: int | None) -> str:
    """某工发〔2012〕4号; without a sequence yet the number is left blank: 某工发〔2012〕 号."""
    seq = str(sequence) if sequence else "\u3000"
    return f"{organ_code}〔{year or ''}〕{seq}{WORDS['number_suffix']}"
