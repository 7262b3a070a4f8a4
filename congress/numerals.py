"""Numbers as the congress writes them: 第三届第二次职代会 in Chinese, "term 3, session 2" in English."""
from django.utils.translation import get_language

DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1-99 as Chinese numerals (一, 十, 十二, 二十, 二十三); other numbers as digits."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def chinese_number(n: int) -> str:
    """The numeral for the active language: Chinese numerals in Chinese, digits otherwise."""
    language = (get_language() or "").lower()
    return chinese_numeral(n) if language.startswith("zh") else str(n)
