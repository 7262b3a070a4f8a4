"""The text of a Word file as recognition reads it: paragraphs in order, each table row as one
line of tab-separated cells, and Word's automatic numbering written out as the numbers Word
displays ("一、", "（1）", "①"), so that a plan numbered by Word reads like a typed one.

Numbering is rebuilt from numbering.xml: the paragraph's (or its style's) numId and level, the
level's start, number format and text pattern ("%1、", "（%2）"), counting per abstract list and
restarting deeper levels when a shallower one moves on. Bullets have no number and are left out.
Start values are kept to 0–MAX_START (Word offers up to 32,767), levels to Word's nine.

The text is the document as Word shows it with tracked changes accepted: insertions (w:ins,
w:moveTo) read, deletions (w:del, w:moveFrom, w:delText) left out; the text of content controls
(w:sdt, around paragraphs, tables, rows, cells or words, but not a placeholder's prompt), smart
tags, custom XML, hyperlinks and fields (their result, not their code) read like any other.
Reading stops with a ``DocumentTooLong`` once the text passes ``max_characters``.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from unionadmin.errors import DomainError

from .. import gongwen
from ..gongwen import chinese_number

LETTERS = "abcdefghijklmnopqrstuvwxyz"
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
LEGAL = "零壹贰叁肆伍陆柒捌玖"
MAX_START = 10_000  # a list's start: no plan numbers its items past this
MAX_LEVEL = 8  # Word's levels are 0–8


class DocumentTooLong(DomainError):
    """The Word file holds more text than one plan may have."""


def _whole(value, default: int, highest: int) -> int:
    """A number attribute of numbering.xml, kept between 0 and ``highest`` (default when unreadable)."""
    try:
        return min(max(int(value), 0), highest)
    except (TypeError, ValueError):
        return default


def _roman(n: int) -> str:
    parts = []
    for size, letters in ROMAN:
        count, n = divmod(n, size)
        parts.append(letters * count)
    return "".join(parts)


def _letter(n: int) -> str:
    return LETTERS[(n - 1) % 26] * ((n - 1) // 26 + 1)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalHalfWidth": str,
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "japaneseCounting": chinese_number,
    "taiwaneseCounting": chinese_number,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "chineseLegalSimplified": lambda n: "".join(LEGAL[int(d)] for d in str(n)) if n > 9 else LEGAL[n],
    "decimalEnclosedCircle": lambda n: gongwen.CIRCLED[n - 1] if 0 < n <= len(gongwen.CIRCLED) else str(n),
    "decimalEnclosedCircleChinese": lambda n: gongwen.CIRCLED[n - 1] if 0 < n <= len(gongwen.CIRCLED) else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


@dataclass
class _Level:
    start: int = 1
    format: str = "decimal"
    text: str = ""


@dataclass
class _Numbering:
    """numbering.xml read once: each numId's abstract list, levels and start overrides."""

    abstract_of: dict[str, str] = field(default_factory=dict)
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, document) -> _Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                level = _Level()
                if (start := lvl.find(qn("w:start"))) is not None:
                    level.start = _whole(start.get(qn("w:val")), 1, MAX_START)
                if (fmt := lvl.find(qn("w:numFmt"))) is not None:
                    level.format = fmt.get(qn("w:val"), "decimal")
                if (text := lvl.find(qn("w:lvlText"))) is not None:
                    level.text = text.get(qn("w:val"), "")
                levels[_whole(lvl.get(qn("w:ilvl")), 0, MAX_LEVEL)] = level
            numbering.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            if (abstract := num.find(qn("w:abstractNumId"))) is not None:
                numbering.abstract_of[num_id] = abstract.get(qn("w:val"))
            for override in num.findall(qn("w:lvlOverride")):
                if (start := override.find(qn("w:startOverride"))) is not None:
                    level = _whole(override.get(qn("w:ilvl")), 0, MAX_LEVEL)
                    numbering.overrides.setdefault(num_id, {})[level] = _whole(start.get(qn("w:val")), 1, MAX_START)
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """The number Word shows for the next paragraph of this list at this level."""
        abstract = self.abstract_of.get(num_id)
        levels = self.levels.get(abstract or "", {})
        if abstract is None or ilvl not in levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.seen:  # a list restarted by a start override
            self.seen.add(num_id)
            for level, start in self.overrides.get(num_id, {}).items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        if levels[ilvl].format in ("bullet", "none"):
            return ""
        text = levels[ilvl].text
        for level in range(ilvl + 1):
            if f"%{level + 1}" in text:
                spec = levels.get(level, _Level())
                value = counters.get(level, spec.start)
                text = text.replace(f"%{level + 1}", FORMATS.get(spec.format, str)(value))
        return text


def _num_pr(paragraph) -> tuple[str, int] | None:
    """The paragraph's list and level, from its own properties or its style's."""
    sources = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None and len(sources) < 5:
        sources.append(style.element.pPr)
        style = style.base_style
    num_id = ilvl = None
    for p_pr in sources:
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        if num_pr is None:
            continue
        if num_id is None and (element := num_pr.find(qn("w:numId"))) is not None:
            num_id = element.get(qn("w:val"))
        if ilvl is None and (element := num_pr.find(qn("w:ilvl"))) is not None:
            ilvl = _whole(element.get(qn("w:val")), 0, MAX_LEVEL)
    return (num_id, ilvl or 0) if num_id is not None else None


# --- the text as Word shows it ------------------------------------------------------------------
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WRAPPERS = {W + name for name in ("ins", "moveTo", "customXml", "smartTag", "hyperlink", "fldSimple", "dir", "bdo",
                                  "sdtContent")}
RUN_TEXT = {W + "t": None, W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


def _sdt_content(sdt):
    """A content control's content, or nothing when it shows only its placeholder prompt."""
    properties = sdt.find(qn("w:sdtPr"))
    if properties is not None and properties.find(qn("w:showingPlcHdr")) is not None:
        return None
    return sdt.find(qn("w:sdtContent"))


def _inline_text(element, out: list[str]):
    """The text of a paragraph's (or a wrapper's) content, changes accepted."""
    for child in element:
        tag = child.tag
        if tag == W + "r":
            _run_text(child, out)
        elif tag == W + "sdt":
            if (content := _sdt_content(child)) is not None:
                _inline_text(content, out)
        elif tag in WRAPPERS:
            _inline_text(child, out)
        # w:pPr, tracked deletions (w:del, w:moveFrom), bookmarks, comments, maths: no text as read here


def _run_text(run, out: list[str]):
    for child in run:
        tag = child.tag
        if tag in RUN_TEXT:
            out.append((child.text or "") if RUN_TEXT[tag] is None else RUN_TEXT[tag])
        elif tag == W + "br" and child.get(qn("w:type")) in (None, "textWrapping"):
            out.append("\n")
        elif tag == W + "ruby" and (base := child.find(qn("w:rubyBase"))) is not None:
            _inline_text(base, out)  # the words, not their pronunciation guide
        # w:delText (deleted), w:instrText (a field's code), drawings, symbols: not text here


def paragraph_text(p) -> str:
    out: list[str] = []
    _inline_text(p, out)
    return "".join(out)


class _Reader:
    """Walks the body's blocks in order, counting the characters read."""

    def __init__(self, document, max_characters: int | None):
        self.document, self.max_characters = document, max_characters
        self.numbering = _Numbering.read(document)
        self.lines: list[str] = []
        self.characters = 0

    def add(self, line: str):
        self.lines.append(line)
        self.characters += len(line) + 1
        if self.max_characters is not None and self.characters > self.max_characters:
            raise DocumentTooLong(_("The Word file holds more than %(max)s characters; one plan here may have at most "
                                    "%(max)s. Import each plan on its own.") % {"max": self.max_characters},
                                  field="file")

    def blocks(self, container, numbered: bool = True):
        for child in container:
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child, numbered)
            elif tag == W + "tbl":
                self.table(child)
            elif tag == W + "sdt":
                if (content := _sdt_content(child)) is not None:
                    self.blocks(content, numbered)
            elif tag in WRAPPERS:
                self.blocks(child, numbered)

    def paragraph(self, p, numbered: bool):
        text = paragraph_text(p)
        if numbered and text.strip() and (found := _num_pr(Paragraph(p, self.document._body))):
            text = self.numbering.label(*found) + text.lstrip()
        self.add(text)

    def table(self, tbl):
        """Each row a line of tab-separated cells; a cell merged down repeated on each row it spans."""
        above: dict[int, str] = {}
        for row in _children(tbl, W + "tr"):
            properties = row.find(qn("w:trPr"))
            if properties is not None and properties.find(qn("w:del")) is not None:
                continue  # a deleted row
            cells, column = [], 0
            for cell in _children(row, W + "tc"):
                properties = cell.find(qn("w:tcPr"))
                merge = properties.find(qn("w:vMerge")) if properties is not None else None
                if merge is not None and merge.get(qn("w:val")) != "restart":
                    text = above.get(column, "")
                else:
                    text = " ".join(self.cell_text(cell).split())
                above[column] = text
                cells.append(text)
                span = properties.find(qn("w:gridSpan")) if properties is not None else None
                column += max(_whole(span.get(qn("w:val")), 1, 64), 1) if span is not None else 1
            self.add("\t".join(cells))

    def cell_text(self, cell) -> str:
        """The cell's paragraphs (and tables), counted once: as the row they make."""
        outer, counted, self.lines = self.lines, self.characters, []
        try:
            self.blocks(cell, numbered=False)
        finally:
            inner, self.lines, self.characters = self.lines, outer, counted
        return "\n".join(inner)


def _children(element, tag: str):
    """The element's children of a kind, also those inside content controls and changes kept."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt":
            if (content := _sdt_content(child)) is not None:
                yield from _children(content, tag)
        elif child.tag in WRAPPERS:
            yield from _children(child, tag)


def docx_text(file_or_bytes, max_characters: int | None = None) -> str:
    """The document's text, one paragraph or table row a line, numbering written out;
    ``DocumentTooLong`` as soon as it passes ``max_characters``."""
    source = io.BytesIO(file_or_bytes) if isinstance(file_or_bytes, bytes | bytearray) else file_or_bytes
    document = Document(source)
    reader = _Reader(document, max_characters)
    reader.blocks(document.element.body)
    return "\n".join(reader.lines)
