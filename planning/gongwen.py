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
    "report_to": "抄报",
    "issued": "印发",
    "colon": "：",
    "full_stop": "。",
    "mark_suffix": "文件",
    "number_suffix": "号",
}


def arabic_date(date: datetime.date) -> str:
    """The printing date in the colophon (GB/T 9704-2012 7.4.3): 2026年11月5日, no leading zeros."""
    return f"{date.year}年{date.month}月{date.day}日"


# The ways plans number their items, as offices write them. A plan keeps one style per level
# (``WorkPlan.numbering``) and an item may use another (a level skipped: （1） directly under
# 一、); the key is stored, the sample is what the editor shows.
NUMBERING_STYLES = {
    "cn_dun": "一、",
    "cn_paren": "（一）",
    "cn_half_paren": "(一)",
    "ar_dot": "1.",
    "ar_dun": "1、",
    "ar_paren": "（1）",
    "ar_half_paren": "(1)",
    "circled": "①",
}
# GB/T 9704-2012 7.3.3: 一、 （一） 1. （1）
DEFAULT_STYLES = ("cn_dun", "cn_paren", "ar_dot", "ar_paren")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"


def styled_number(style: str, n: int) -> str:
    """The n-th number (from 1) in a numbering style: cn_dun 3 → 三、, circled 3 → ③."""
    if style == "cn_dun":
        return chinese_number(n) + "、"
    if style == "cn_paren":
        return "（" + chinese_number(n) + "）"
    if style == "cn_half_paren":
        return "(" + chinese_number(n) + ")"
    if style == "ar_dot":
        return f"{n}."
    if style == "ar_dun":
        return f"{n}、"
    if style == "ar_paren":
        return f"（{n}）"
    if style == "ar_half_paren":
        return f"({n})"
    if style == "circled":
        return CIRCLED[n - 1] if 1 <= n <= len(CIRCLED) else f"({n})"
    raise ValueError(f"unknown numbering style {style!r}")


def item_number(level: int, n: int) -> str:
    """The ordinal of the n-th item (from 1) at a level in the standard's styles: 一、 （一） 1. （1）."""
    if not 1 <= level <= len(DEFAULT_STYLES):
        raise ValueError(f"level {level} is outside 1–4")
    return styled_number(DEFAULT_STYLES[level - 1], n)


def document_number(organ_code: str, year: int | None, sequence: int | None) -> str:
    """某工发〔2012〕4号; without a sequence yet the number is left blank: 某工发〔2012〕 号."""
    seq = str(sequence) if sequence else "\u3000"
    return f"{organ_code}〔{year or ''}〕{seq}{WORDS['number_suffix']}"
