"""What reading Chinese text for a plan needs in more than one place: Chinese numerals as numbers,
full-width digits, and the marks that end a sentence."""
from __future__ import annotations

from decimal import Decimal

CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "两": 2}
CN_POWERS = {"十": 10, "百": 100, "千": 1000}
# Full-width digits as ASCII digits: "１２、" → "12、" (str.translate table).
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
SENTENCE_END = "。！？；"  # full-width marks that end a sentence
HALF_WIDTH_SENTENCE_END = "!?;"  # the same, typed half-width
HEADING_END = SENTENCE_END + "："  # a run-in heading ends at one of these: "（一）工作目标：全年…"


def cn_value(text: str) -> Decimal:
    """一 → 1, 十 → 10, 十五 → 15, 二十三 → 23, 一百零五 → 105, 两千 → 2000, 九十五点五 → 95.5."""
    whole, _point, decimals = text.partition("点")
    total = current = 0
    for char in whole:
        if char in CN_DIGITS:
            current = CN_DIGITS[char]
        elif char in CN_POWERS:
            total += (current or 1) * CN_POWERS[char]
            current = 0
    value = Decimal(total + current)
    if decimals:
        value += Decimal("0." + "".join(str(CN_DIGITS.get(c, 0)) for c in decimals))
    return value
