"""Conversions offered before a plan is imported, each with the changes it would make.

- ``looks_traditional`` / ``to_simplified``: text typed or kept in Traditional characters is
  converted with OpenCC (``t2s``); the page lists every changed character (會 → 会 ×12).
- ``punctuation_changes``: half-width , ; : ? ! ( ) written among Chinese characters become
  full-width （，；：？！（）), and a . that ends a Chinese sentence 。, as a printed 公文 needs;
  numbers (1,000, 3:30, 3.5, 附件1.), URLs, ASCII words and item numbers at the start of a line
  ((一) (1) 1.) are left as written.

Pure functions of the text: the user sees the changes and decides.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import opencc

# A text is Traditional when at least this share of its Chinese characters, and at least this
# many, change in t2s; one or two characters OpenCC changes in Simplified text (乾县, a 後 in a
# name) stay below it.
TRADITIONAL_SHARE = 0.05
TRADITIONAL_MINIMUM = 3

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HALF_TO_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
# Protected spans: a URL, an e-mail address, an item number at the start of a line.
PROTECTED = re.compile(
    r"(?:https?|ftp)://\S+|www\.[\w.-]+\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|^[ \t\u3000]*(?:\([一二三四五六七八九十\d]+\)|\d+\.)",
    re.MULTILINE,
)
QUOTES = "“”‘’\"'"
SENTENCE_ENDINGS = "%％）》」』"  # what a Chinese sentence may end with before its full stop, besides a character


@dataclass
class Conversion:
    """The converted text and what changed: (before, after, how many times), in the order of
    their first appearance."""

    text: str
    changes: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def count(self) -> int:
        return sum(n for _before, _after, n in self.changes)


@cache
def _t2s():
    return opencc.OpenCC("t2s")


def _counted(pairs) -> list[tuple[str, str, int]]:
    counts = Counter(pairs)  # keeps the order of first appearance
    return [(before, after, n) for (before, after), n in counts.items()]


PHRASE_BREAK = re.compile(r"([\s，。；：、！？,.;:!?（）()“”]+)")
LONGEST_ALIGNED = 400  # difflib's cost grows with the square of what it compares


def _aligned(original: str, converted: str) -> list[tuple[str, str]]:
    """The (before, after) pairs that differ: per character when the text kept its length (as
    t2s does for most text), else the stretches that differ, as difflib aligns them."""
    if len(original) == len(converted):
        return [(a, b) for a, b in zip(original, converted) if a != b]
    same = 0
    while same < min(len(original), len(converted)) and original[same] == converted[same]:
        same += 1
    end = 0
    while end < min(len(original), len(converted)) - same and original[-1 - end] == converted[-1 - end]:
        end += 1
    original, converted = original[same:len(original) - end], converted[same:len(converted) - end]
    if max(len(original), len(converted)) > LONGEST_ALIGNED:
        return [(original, converted)]
    matcher = difflib.SequenceMatcher(None, original, converted, autojunk=False)
    return [(original[i1:i2], converted[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def to_simplified(text: str) -> Conversion:
    """The text in Simplified characters, with every change counted. Converted phrase by phrase
    (between punctuation and spaces, which no word of OpenCC's spans), so where a phrase changes
    length only that phrase is aligned."""
    converter, parts, pairs = _t2s(), [], []
    for part in PHRASE_BREAK.split(text):
        converted = converter.convert(part) if part else part
        if converted != part:
            pairs += _aligned(part, converted)
        parts.append(converted)
    return Conversion("".join(parts), _counted(pairs))


def looks_traditional(text: str) -> bool:
    """Whether enough of the text's Chinese characters are Traditional to offer the conversion."""
    han = len(HAN.findall(text))
    if not han:
        return False
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        changed = sum(1 for a, b in zip(text, converted) if a != b)
    else:
        changed = sum(n * len(HAN.findall(before)) for before, _after, n in to_simplified(text).changes)
    return changed >= TRADITIONAL_MINIMUM and changed / han >= TRADITIONAL_SHARE


def _neighbour(text: str, at: int, step: int) -> str:
    """The nearest character from ``at`` in direction ``step`` that is not a space or a quote."""
    while 0 <= at < len(text) and (text[at] in QUOTES or text[at] in " \t"):
        at += step
    return text[at] if 0 <= at < len(text) else ""


def _chinese(char: str) -> bool:
    return bool(char) and (bool(HAN.match(char)) or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef")


def _partners(text: str) -> dict[int, int]:
    """Each ( with its ) on the same line, both ways."""
    partners, open_at = {}, []
    for index, char in enumerate(text):
        if char == "\n":
            open_at.clear()
        elif char == "(":
            open_at.append(index)
        elif char == ")" and open_at:
            start = open_at.pop()
            partners[start], partners[index] = index, start
    return partners


def _converts(text: str, at: int, partners: dict[int, int]) -> bool:
    char = text[at]
    before, after = _neighbour(text, at - 1, -1), _neighbour(text, at + 1, 1)
    if char == ".":  # a full stop only after a Chinese character, before one or at the line's end
        ends = bool(HAN.match(before)) or (bool(before) and before in SENTENCE_ENDINGS)
        return ends and (not after or after == "\n" or bool(HAN.match(after)))
    if char in "()" and at in partners:
        start, end = sorted((at, partners[at]))
        inside = text[start + 1:end]
        return (any(_chinese(c) for c in inside) or _chinese(_neighbour(text, start - 1, -1))
                or _chinese(_neighbour(text, end + 1, 1)))
    if before.isdigit() and after.isdigit():
        return False  # 1,000  3:30  1:2
    return _chinese(before) or _chinese(after)


def punctuation_changes(text: str) -> Conversion:
    """Half-width , ; : ? ! ( ) next to Chinese characters as full-width, a . after a Chinese
    character that ends its sentence as 。 (the spaces around a converted mark go: the full-width
    mark carries its own)."""
    protected = {i for match in PROTECTED.finditer(text) for i in range(match.start(), match.end())}
    partners = _partners(text)
    out, pairs, index = [], [], 0
    while index < len(text):
        char = text[index]
        if char in HALF_TO_FULL_WIDTH and index not in protected and _converts(text, index, partners):
            start, end = index, index + 1
            while out and out[-1] == " ":
                out.pop()
                start -= 1
            while end < len(text) and text[end] == " ":
                end += 1
            out.append(HALF_TO_FULL_WIDTH[char])
            pairs.append((text[start:end], HALF_TO_FULL_WIDTH[char]))
            index = end
            continue
        out.append(char)
        index += 1
    return Conversion("".join(out), _counted(pairs))
