"""The text of a Word file as recognition reads it: paragraphs in order, each table row as one
line of tab-separated cells, and Word's automatic numbering written out as the numbers Word
displays ("一、", "（1）", "①"), so that a plan numbered by Word reads like a typed one.

Numbering is rebuilt from numbering.xml: the paragraph's (or its style's) numId and level, the
level's start, number format and text pattern ("%1、", "（%2）"), counting per abstract list and
restarting deeper levels when a shallower one moves on. Bullets have no number and are left out.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.oxml.ns import qn

from .. import gongwen
from ..gongwen import chinese_number

LETTERS = "abcdefghijklmnopqrstuvwxyz"
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
LEGAL = "零壹贰叁肆伍陆柒捌玖"


def _roman(n: int) -> str:
    out = ""
    for size, letters in ROMAN:
        while n >= size:
            out, n = out + letters, n - size
    return out


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
                    level.start = int(start.get(qn("w:val"), 1))
                if (fmt := lvl.find(qn("w:numFmt"))) is not None:
                    level.format = fmt.get(qn("w:val"), "decimal")
                if (text := lvl.find(qn("w:lvlText"))) is not None:
                    level.text = text.get(qn("w:val"), "")
                levels[int(lvl.get(qn("w:ilvl"), 0))] = level
            numbering.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            if (abstract := num.find(qn("w:abstractNumId"))) is not None:
                numbering.abstract_of[num_id] = abstract.get(qn("w:val"))
            for override in num.findall(qn("w:lvlOverride")):
                if (start := override.find(qn("w:startOverride"))) is not None:
                    numbering.overrides.setdefault(num_id, {})[int(override.get(qn("w:ilvl"), 0))] = int(
                        start.get(qn("w:val"), 1))
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
            ilvl = int(element.get(qn("w:val"), 0))
    return (num_id, ilvl or 0) if num_id is not None else None


def docx_text(file_or_bytes) -> str:
    """The document's text, one paragraph or table row a line, numbering written out."""
    source = io.BytesIO(file_or_bytes) if isinstance(file_or_bytes, bytes | bytearray) else file_or_bytes
    document = Document(source)
    numbering = _Numbering.read(document)
    lines = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                cells, previous = [], None
                for cell in row.cells:
                    if cell._tc is not previous:  # a merged cell is listed once per grid column
                        cells.append(" ".join(cell.text.split()))
                    previous = cell._tc
                lines.append("\t".join(cells))
            continue
        text = block.text
        if text.strip() and (found := _num_pr(block)):
            text = numbering.label(*found) + text.lstrip()
        lines.append(text)
    return "\n".join(lines)
