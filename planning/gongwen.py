"""Chinese official-document (公文) conventions used by the work plan: numerals, dates, the
four levels of item numbers, and the fixed words of the printed format.

The words in ``WORDS`` are part of the document itself as GB/T 9704-2012 lays it out
(附件, 抄送, 印发), not part of the user interface: a plan printed from the English UI is
still a Chinese official document, so they are not translated.
"""
from __future__ import annotations

import datetime

from unionadmin.numerals import DIGITS, chinese_date, chinese_number, chinese_year  # noqa: F401

WORDS = {
    "attachments": "附件",
    "copy_to": "抄送",
    "issued": "印发",
    "colon": "：",
    "full_stop": "。",
    "mark_suffix": "文件",
    "number_suffix": "号",
}


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
