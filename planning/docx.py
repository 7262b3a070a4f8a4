"""The work plan and its year-end summary as DOCX (python-docx), laid out like the PDF so an
office can finish the document in WPS or Word.

Fonts are named as Chinese offices have them (仿宋, 黑体, 楷体, 宋体, 方正小标宋简体); Word
and WPS substitute a missing one. python-docx only sets the Latin font name, so every run
also gets ``w:rFonts/@w:eastAsia`` (and the style's too), without which Word keeps the
default East Asian font for Chinese text.
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from . import gongwen
from .rendering import (
    BODY_PT,
    CHAR_MM,
    CHARS_PER_LINE,
    LINE_MM,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    PT_MM,
    TYPE_WIDTH_MM,
    document_context,
)

FONT_BODY = "仿宋"
FONT_HEI = "黑体"
FONT_KAI = "楷体"
FONT_SONG = "宋体"
FONT_TITLE = "方正小标宋简体"
RED = RGBColor(0xE6, 0x00, 0x12)
LINE = Mm(LINE_MM)
TWIPS_PER_MM = 1440 / 25.4


def _set_fonts(run_or_style, name: str):
    """Latin and East Asian font names both, on a run or a style."""
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _run(paragraph, text, font=FONT_BODY, size=BODY_PT, color=None, bold=False):
    run = paragraph.add_run(text)
    run.font.name = font
    _set_fonts(run, font)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def _format(paragraph, *, align=None, before=0, first_line_chars=0, left_chars=0, line=LINE, hanging_chars=0):
    fmt = paragraph.paragraph_format
    fmt.space_before = before
    fmt.space_after = 0
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    if align is not None:
        fmt.alignment = align
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    if first_line_chars:
        ind.set(qn("w:firstLineChars"), str(int(first_line_chars * 100)))
        ind.set(qn("w:firstLine"), str(round(first_line_chars * CHAR_MM * TWIPS_PER_MM)))
    if left_chars:
        ind.set(qn("w:leftChars"), str(int(left_chars * 100)))
        ind.set(qn("w:left"), str(round(left_chars * CHAR_MM * TWIPS_PER_MM)))
    if hanging_chars:
        ind.set(qn("w:hangingChars"), str(int(hanging_chars * 100)))
        ind.set(qn("w:hanging"), str(round(hanging_chars * CHAR_MM * TWIPS_PER_MM)))
    return paragraph


def _border(paragraph, side: str, size_eighths: int, color: str = "000000", space_pt: int = 1):
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), str(space_pt))
    edge.set(qn("w:color"), color)
    borders.append(edge)


def _page_setup(document):
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(15)
    # The page number's line sits 7 mm under the type area.
    section.footer_distance = Mm(MARGIN_BOTTOM_MM - 7 - 14 * PT_MM)
    # The standard grid: 22 lines of 28 characters.
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    char_pitch_pt = TYPE_WIDTH_MM / CHARS_PER_LINE / PT_MM
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(int(LINE_MM / PT_MM * 20)))
    grid.set(qn("w:charSpace"), str(round((char_pitch_pt - BODY_PT) * 4096)))
    normal = document.styles["Normal"]
    normal.font.name = FONT_BODY
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal, FONT_BODY)
    return section


def _page_number(paragraph):
    """"— n —" with a PAGE field, in 4号 (14 pt) Song."""
    _run(paragraph, "— ", FONT_SONG, 14)
    run = _run(paragraph, "", FONT_SONG, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    _run(paragraph, " —", FONT_SONG, 14)


def _footers(document, section):
    """Odd pages: number at the right, one character in; even pages: at the left."""
    document.settings.odd_and_even_pages_header_footer = True
    one_char = Pt(14)
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = one_char
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = one_char
    _page_number(even)


def _frame_at_foot(paragraph):
    """Anchor a paragraph in a frame at the foot of the type area (the colophon)."""
    frame = OxmlElement("w:framePr")
    frame.set(qn("w:w"), str(round(TYPE_WIDTH_MM * TWIPS_PER_MM)))
    frame.set(qn("w:wrap"), "notBeside")
    frame.set(qn("w:vAnchor"), "margin")
    frame.set(qn("w:hAnchor"), "margin")
    frame.set(qn("w:xAlign"), "center")
    frame.set(qn("w:yAlign"), "bottom")
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, frame)


def _to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _plan_text(document, context):
    """The guiding paragraph and the items, each heading in its depth's face."""
    for text in context["guiding"]:
        _run(_format(document.add_paragraph(), first_line_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY), text)
    for block in context["blocks"]:
        paragraph = _format(document.add_paragraph(), first_line_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        heading_font = {1: FONT_HEI, 2: FONT_KAI}.get(block.level, FONT_BODY)
        _run(paragraph, block.number + block.heading, heading_font)
        rest = block.paragraphs
        if block.run_in and rest:
            _run(paragraph, rest[0])
            rest = rest[1:]
        for text in rest:
            _run(_format(document.add_paragraph(), first_line_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY), text)


def _title(document, text, *, new_page=False):
    """A title in 小标宋 2号 (22 pt), centred; the plan's or an attachment's on a new page."""
    title = _format(document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(32))
    title.paragraph_format.page_break_before = new_page
    _run(title, text, FONT_TITLE, 22)
    return title


def _table(document, rows):
    """Tab-separated lines of an attachment as a bordered table, 小四 (12 pt); the first row
    is its head, in Hei."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = document.styles["Table Grid"]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            paragraph = _format(table.cell(r, c).paragraphs[0], line=Pt(18),
                                align=WD_ALIGN_PARAGRAPH.CENTER if r == 0 else None)
            _run(paragraph, text, FONT_HEI if r == 0 else FONT_BODY, 12)
    return table


def _annex(document, attachment):
    """An attachment with a text, on a new page: 附件1 in Hei at the top left, its title centred
    on the third line, then its paragraphs and tables."""
    label = _format(document.add_paragraph())
    label.paragraph_format.page_break_before = True
    _run(label, attachment.label, FONT_HEI)
    _title(document, attachment.title).paragraph_format.space_before = LINE
    for index, part in enumerate(attachment.parts):
        if part.is_table:
            _table(document, part.rows)
        else:
            _run(_format(document.add_paragraph(), first_line_chars=2, before=LINE if index == 0 else 0,
                         align=WD_ALIGN_PARAGRAPH.JUSTIFY), part.text)


def plan_docx(plan) -> bytes:
    """The same parts in the same order as the PDF (rendering.document_context)."""
    context = document_context(plan)
    document = Document()
    section = _page_setup(document)
    _footers(document, section)
    body = document.paragraphs[0] if document.paragraphs else document.add_paragraph()

    # Head: red mark 35 mm below the top of the type area, number two lines below, red rule 4 mm under it.
    mark_pt = float(context["mark_size"].rstrip("m")) / PT_MM
    _format(body, align=WD_ALIGN_PARAGRAPH.CENTER, before=Mm(35), line=Pt(mark_pt * 1.15))
    _run(body, context["mark"], FONT_TITLE, round(mark_pt, 1), color=RED)
    number = _format(document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, before=LINE * 2)
    _run(number, context["number"])
    _border(number, "bottom", 12, "E60012", space_pt=11)
    _title(document, context["head_title"]).paragraph_format.space_before = LINE * 2
    if context["addressees"]:
        addressees = _format(document.add_paragraph(), before=LINE)
        _run(addressees, context["addressees"] + gongwen.WORDS["colon"])
    if context["notice_title"]:
        for text in context["notice"]:
            _run(_format(document.add_paragraph(), first_line_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY), text)
    else:
        _plan_text(document, context)

    attachments = context["attachments"]
    # 附件：1.标题 — a wrapped title aligns with its own first character (the number takes one).
    several = len(attachments) > 1
    for index, attachment in enumerate(attachments, start=1):
        numbered = f"{index}." if several else ""
        label = gongwen.WORDS["attachments"] + gongwen.WORDS["colon"] if index == 1 else ""
        hanging = (4 if several else 3) if index == 1 else 1
        paragraph = _format(document.add_paragraph(), before=LINE if index == 1 else 0,
                            left_chars=6 if several else 5, hanging_chars=hanging)
        _run(paragraph, label + numbered + attachment.title)

    # Signature: the organ (unless left out) and the date under it, one line below the text.
    organ_start = round(float(context["organ_indent"].rstrip("m")) / CHAR_MM)
    date_start = round(float(context["date_indent"].rstrip("m")) / CHAR_MM)
    if context["signing_organ"]:
        organ = _format(document.add_paragraph(), before=LINE, left_chars=organ_start)
        _run(organ, context["signing_organ"])
    date = _format(document.add_paragraph(), left_chars=date_start,
                   before=0 if context["signing_organ"] else LINE)
    _run(date, context["signing_date"])

    if context["notice_title"]:  # the plan itself, on a new page under its own title
        _title(document, context["title"], new_page=True).paragraph_format.space_after = LINE
        _plan_text(document, context)
    for attachment in context["printed_attachments"]:
        _annex(document, attachment)

    # Colophon: 抄报, 抄送 and the printing block between rules, in a frame at the foot of the last page.
    if context["report_to"] or context["copy_to"] or context["printing_date"]:
        rows = []
        for key in ("report_to", "copy_to"):
            if context[key]:
                row = _format(document.add_paragraph(), left_chars=1, line=Pt(22))
                _run(row, gongwen.WORDS[key] + gongwen.WORDS["colon"] + context[key], size=14)
                rows.append(row)
        printing = _format(document.add_paragraph(), left_chars=1, line=Pt(22))
        printing.paragraph_format.right_indent = Pt(14)
        tab_stops = printing.paragraph_format.tab_stops
        tab_stops.add_tab_stop(Mm(TYPE_WIDTH_MM - 14 * PT_MM * 2), alignment=WD_TAB_ALIGNMENT.RIGHT)
        date_text = context["printing_date"] + (gongwen.WORDS["issued"] if context["printing_date"] else "")
        _run(printing, context["printing_organ"] + "\t" + date_text, size=14)
        rows.append(printing)
        for row in rows:
            _frame_at_foot(row)
        _border(rows[0], "top", 8, space_pt=2)
        for row in rows[:-1]:  # thin rules between the rows
            _border(row, "bottom", 6, space_pt=2)
        _border(rows[-1], "bottom", 8, space_pt=2)
    document.core_properties.title = f"{context['number']} {context['head_title']}"
    return _to_bytes(document)


def summary_docx(plan, summary) -> bytes:
    document = Document()
    section = _page_setup(document)
    _footers(document, section)
    title = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    _format(title, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(32))
    _run(title, summary.title, FONT_TITLE, 22)
    _run(_format(document.add_paragraph(), before=LINE, first_line_chars=2), summary.opening)
    for entry in summary.sections:
        heading = _format(document.add_paragraph(), first_line_chars=2)
        _run(heading, entry.number + entry.heading, {1: FONT_HEI, 2: FONT_KAI}.get(entry.level, FONT_BODY))
        for line in entry.lines:
            _run(_format(document.add_paragraph(), first_line_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY), line)
    _run(_format(document.add_paragraph(), before=LINE, first_line_chars=2), summary.closing)
    organ = _format(document.add_paragraph(), before=LINE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    organ.paragraph_format.right_indent = Mm(2 * CHAR_MM)
    _run(organ, summary.signing_organ)
    document.core_properties.title = summary.title
    return _to_bytes(document)

