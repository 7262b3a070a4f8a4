"""The printed work plan: the context of the GB/T 9704-2012 layout, shared by the PDF (the
document pipeline renders ``planning/pdf/work_plan.html``), the live preview (the same HTML
in an iframe) and the DOCX export.

The grid: the type area is 156 × 225 mm; the body is 三号 (16 pt) on 22 lines of 28
characters, so a character advances 156/28 = 5.571 mm (16 pt is 5.644 mm: letter-spacing
−0.073 mm) and a line 225/22 = 10.227 mm.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from . import gongwen

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
TYPE_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
TYPE_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
BODY_PT = 16
PT_MM = 25.4 / 72
CHAR_MM = TYPE_WIDTH_MM / CHARS_PER_LINE  # 5.5714
LINE_MM = TYPE_HEIGHT_MM / LINES_PER_PAGE  # 10.2273
# Printed with 3 decimals rounded down, so 22 lines never exceed the 225 mm of the type area.
LINE_CSS_MM = int(LINE_MM * 1000) / 1000
# A hair under the exact figure, so rounding never pushes the 28th character onto the next line.
LETTER_SPACING_MM = CHAR_MM - BODY_PT * PT_MM - 0.0005

# The stand-ins for the proprietary faces the standard names (see docs/planning.md).
FONTS = {
    "mark": '"Noto Serif CJK SC"',  # 方正小标宋 → Noto Serif CJK SC Bold
    "title": '"Noto Serif CJK SC"',  # 方正小标宋 → Noto Serif CJK SC Bold
    # 仿宋_GB2312 → AR PL UMing CN: Debian has no free FangSong; a Song/Ming face is its nearest
    # relative, and UMing is TrueType, whose subsets cost a sixth of Noto's CFF per glyph.
    "body": '"AR PL UMing CN", "Noto Serif CJK SC"',
    "hei": '"Noto Sans CJK SC"',  # 黑体
    "kai": '"AR PL UKai CN"',  # 楷体_GB2312
    "song": '"AR PL UMing CN", "Noto Serif CJK SC"',  # 宋体 (page numbers): UMing is a Song face too
}
RED = "#e60012"


@dataclass
class Block:
    """One numbered item of the body, ready to print."""

    level: int
    number: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def run_in(self) -> bool:
        """Levels 2–4 run the heading into the first paragraph: （一）标题。正文…"""
        return self.level > 1


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _run_in_heading(heading: str, has_text: bool) -> str:
    """The heading as written; a full stop added only when text follows and the heading ends in no
    mark of its own (（一）工作目标：全年… keeps its colon; a long heading cut after a comma runs on)."""
    heading = heading.strip()
    if heading and has_text and heading[-1] not in "。；：！？，、.;:!?,":
        heading += gongwen.WORDS["full_stop"]
    return heading


def blocks_for(outline) -> list[Block]:
    blocks = []
    for node in outline:
        item = node.item
        paragraphs = _paragraphs(item.body)
        if node.level == 1:
            blocks.append(Block(level=1, number=node.number, heading=item.heading.strip(), paragraphs=paragraphs))
        else:
            heading = _run_in_heading(item.heading, bool(paragraphs))
            blocks.append(Block(level=node.level, number=node.number, heading=heading, paragraphs=paragraphs))
    return blocks


@dataclass
class AttachmentPart:
    """A paragraph of an attachment's text, or a table made of its consecutive lines with
    tab-separated cells (the first line is the table's head)."""

    text: str = ""
    rows: list[list[str]] = field(default_factory=list)

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


@dataclass
class PrintedAttachment:
    """An attachment printed after the document on pages of its own (GB/T 9704-2012 8): 附件1
    at the top left, its title centred, its text."""

    label: str
    title: str
    parts: list[AttachmentPart]


def attachment_parts(text: str) -> list[AttachmentPart]:
    parts: list[AttachmentPart] = []
    for line in (text or "").splitlines():
        if "\t" in line:
            cells = [cell.strip() for cell in line.split("\t")]
            if not parts or not parts[-1].is_table:
                parts.append(AttachmentPart())
            parts[-1].rows.append(cells)
        elif line.strip():
            parts.append(AttachmentPart(text=line.strip()))
    for part in parts:  # every row as wide as the widest
        width = max((len(row) for row in part.rows), default=0)
        for row in part.rows:
            row.extend([""] * (width - len(row)))
    return parts


def printed_attachments(attachments) -> list[PrintedAttachment]:
    """The attachments with a text of their own; numbered as in the list after the body
    (附件1, 附件2, or 附件 alone when there is only one attachment)."""
    several = len(attachments) > 1
    return [PrintedAttachment(label=gongwen.WORDS["attachments"] + (str(index) if several else ""),
                              title=attachment.title, parts=attachment_parts(attachment.body))
            for index, attachment in enumerate(attachments, start=1) if attachment.body.strip()]


def _ending_with_full_stop(text: str) -> str:
    text = text.strip()
    if text and text[-1] not in "。.":
        text += gongwen.WORDS["full_stop"]
    return text


def signature_offsets(organ: str, date: str) -> tuple[int, int]:
    """Where the signing organ and the date start, in characters from the left of the type
    area (GB/T 9704-2012 7.3.5.2, a document without a seal): the organ two characters from
    the right with the date starting two characters to the right of the organ's start; when
    the date is the longer, the date is set two characters from the right and the organ
    moves with it. Without an organ the date keeps its place, two characters from the right."""
    if organ and len(date) <= len(organ) - 2:
        organ_start = CHARS_PER_LINE - 2 - len(organ)
        return max(organ_start, 0), max(organ_start + 2, 0)
    date_start = CHARS_PER_LINE - 2 - len(date)
    return max(date_start - 2, 0), max(date_start, 0)


def _mm(chars: float) -> str:
    return f"{chars * CHAR_MM:.3f}mm"


def mark_size_mm(mark: str) -> float:
    """The red mark at most 15 mm a character (the standard's 22 × 15 mm limit), narrower
    for a long name so it stays on one line within the type area."""
    return round(min(15.0, (TYPE_WIDTH_MM - 6) / max(len(mark), 1)), 2)


def document_context(plan, options=None, outline=None) -> dict:
    """The printed plan. A plan issued inside a notice (``notice_title``) prints the notice
    first (its title, addressees, text, the list of attachments, signature and date) and the
    plan after it on a new page under its own title; otherwise the plan's title heads the
    document. Attachments with a text follow on pages of their own, then the colophon."""
    options = options or {}
    outline = outline if outline is not None else plan.outline()
    attachments = list(plan.attachments.all())
    # Blank: the organ is left out and the date printed in its place (GB/T 9704-2012 7.3.5).
    signing_organ = plan.signing_organ.strip()
    signing_date = gongwen.chinese_date(plan.signing_date) if plan.signing_date else ""
    organ_start, date_start = signature_offsets(signing_organ, signing_date or "〇" * 11)
    notice_title = plan.notice_title.strip()
    mark = plan.mark or plan.issuer.name + gongwen.WORDS["mark_suffix"]
    return {
        "plan": plan,
        "mark": mark,
        "mark_size": f"{mark_size_mm(mark)}mm",
        "number": plan.document_number,
        "title": plan.title,
        "notice_title": notice_title,
        "notice": _paragraphs(plan.notice_body) if notice_title else [],
        # The title the document opens with: the notice's, or the plan's own.
        "head_title": notice_title or plan.title,
        "addressees": plan.addressees.strip().rstrip("：:"),
        "guiding": _paragraphs(plan.guiding),
        "blocks": blocks_for(outline),
        "attachments": attachments,
        "printed_attachments": printed_attachments(attachments),
        "signing_organ": signing_organ,
        "signing_date": signing_date,
        "organ_indent": _mm(organ_start),
        "date_indent": _mm(date_start),
        "report_to": _ending_with_full_stop(plan.report_to),
        "copy_to": _ending_with_full_stop(plan.copy_to),
        "printing_organ": plan.printing_organ or plan.issuer.name,
        "printing_date": gongwen.arabic_date(plan.printing_date) if plan.printing_date else "",
        "words": gongwen.WORDS,
        "css": {
            "char": f"{CHAR_MM:.4f}mm",
            "line": f"{LINE_CSS_MM:.3f}mm",
            "letter_spacing": f"{LETTER_SPACING_MM:.4f}mm",
            "indent2": _mm(2),
            # 附件：1.标题 — a wrapped title aligns with its own first character.
            "attachment_pad": _mm(6 if len(attachments) > 1 else 5),
            "attachment_first": "-" + _mm(4 if len(attachments) > 1 else 3),
            "attachment_next": "-" + _mm(1),
            "fonts": FONTS,
            "red": RED,
        },
    }


def render_html(plan, options=None) -> str:
    return render_to_string("planning/pdf/work_plan.html", document_context(plan, options))


def filename(plan, options=None) -> str:
    name = f"{plan.document_number} {plan.notice_title.strip() or plan.title}".strip()
    return "".join(c for c in name if c not in '\\/:*?"<>|\u3000').strip()[:120] + ".pdf"
