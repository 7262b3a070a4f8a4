"""The CFF re-packing (fontpack.py): smaller files, the same pages, the same text, the same glyphs."""
import io
import shutil
import subprocess

import pytest
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from unionadmin.documents import fontpack, rendering
from unionadmin.documents.profile import organisation_profile

from .helpers import html_text, make_profiled_union, missing_characters, pdf_text

CFF_HTML = """<html lang="zh-CN"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 2cm } body { font-family: "Noto Serif CJK SC" }
h1 { font-family: "Noto Serif CJK SC"; font-weight: bold } h2 { font-family: "Noto Sans CJK SC" }
.kai { font-family: "AR PL UKai CN" }
</style></head><body><h1>关于印发2026年工会工作要点的通知</h1><h2>一、总体要求</h2>
<p class="kai">（一）坚持以职工为中心</p>""" + "<p>1. 深入推进工会组织建设，扩大职工入会覆盖面，加强基层工会规范化建设，提升服务职工能力。</p>" * 60 + """
<p>Latin text, 1234567890 — “quotes” ·《书名号》〔2026〕</p></body></html>"""


@pytest.fixture
def unpacked(monkeypatch):
    def render(html):
        monkeypatch.setattr(rendering, "PACK_CFF_FONTS", False)
        try:
            return rendering.html_to_pdf(html)
        finally:
            monkeypatch.setattr(rendering, "PACK_CFF_FONTS", True)
    return render


def _cff_fonts(data):
    """{base font name: (TTFont, {code: glyph name}, ToUnicode text)} of the CFF fonts in a PDF."""
    reader = PdfReader(io.BytesIO(data))
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            if "/FontFile3" in descriptor:
                program = TTFont(io.BytesIO(descriptor["/FontFile3"].get_object().get_data()))
                fonts[str(font["/BaseFont"]).split("+", 1)[1]] = (program, font)
    return fonts


def test_packing_makes_cff_fonts_much_smaller(unpacked):
    packed = rendering.html_to_pdf(CFF_HTML)
    plain = unpacked(CFF_HTML)
    assert len(packed) < len(plain) * 0.5, (len(packed), len(plain))
    for name, (program, font) in _cff_fonts(packed).items():
        assert font["/Encoding"] == "/Identity-H"
        order = program.getGlyphOrder()
        # CID n is glyph n (identity charset): the same whichever way a viewer reads CIDs.
        assert all(name == f"cid{i:05d}" for i, name in enumerate(order[1:], start=1)), name
        assert "vmtx" not in program and program["maxp"].numGlyphs < 400


def test_packed_glyphs_have_the_original_outlines(unpacked):
    """For every glyph code the text uses, the packed font draws exactly what WeasyPrint's did."""
    packed, plain = _cff_fonts(rendering.html_to_pdf(CFF_HTML)), _cff_fonts(unpacked(CFF_HTML))
    assert packed.keys() == plain.keys() and packed
    reader_packed = PdfReader(io.BytesIO(rendering.html_to_pdf(CFF_HTML)))
    for name in packed:
        new_font, old_font = packed[name][0], plain[name][0]
        old_codes = sorted(_w_codes(plain[name][1]))
        new_codes = sorted(_w_codes(packed[name][1]))
        assert len(old_codes) == len(new_codes)
        new_set, old_set = new_font.getGlyphSet(), old_font.getGlyphSet()
        old_order, new_order = old_font.getGlyphOrder(), new_font.getGlyphOrder()
        for old, new in zip(old_codes, new_codes):  # the packing keeps the glyphs' order
            assert _outline(old_set, old_order[old]) == _outline(new_set, new_order[new])
    assert reader_packed.pages


def _w_codes(font):
    w = font["/DescendantFonts"][0].get_object()["/W"]
    codes = set()
    for i in range(0, len(w), 2):
        codes.update(range(int(w[i]), int(w[i]) + len(w[i + 1])))
    return codes


def _outline(glyph_set, name):
    pen = RecordingPen()
    glyph_set[name].draw(pen)
    return pen.value, glyph_set[name].width


def test_packed_text_extracts_exactly_like_the_original(unpacked):
    assert pdf_text(rendering.html_to_pdf(CFF_HTML)) == pdf_text(unpacked(CFF_HTML))
    assert not missing_characters(html_text(CFF_HTML), pdf_text(rendering.html_to_pdf(CFF_HTML)))


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_packed_pages_render_to_the_same_pixels(unpacked, county, tmp_path):
    html = rendering.render_html(organisation_profile, make_profiled_union(county.federation), {}, "zh-hans")
    for label, data in (("packed", rendering.html_to_pdf(html)), ("plain", unpacked(html))):
        (tmp_path / f"{label}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(tmp_path / f"{label}.pdf"), str(tmp_path / label)],
                       check=True)
    packed_pages = sorted(tmp_path.glob("packed-*.png"))
    assert packed_pages
    for page in packed_pages:
        assert page.read_bytes() == (tmp_path / page.name.replace("packed", "plain")).read_bytes(), page.name


def test_a_document_the_packer_does_not_understand_is_left_alone(monkeypatch, unpacked):
    def refuse(*args):
        raise fontpack.PackingError("test")

    monkeypatch.setattr(fontpack, "pack", refuse)
    assert len(rendering.html_to_pdf(CFF_HTML)) == len(unpacked(CFF_HTML))


def test_identity_charset_rewrites_cids_and_checksums():
    html = '<html lang="zh-CN"><body style="font-family: Noto Sans CJK SC">工会</body></html>'
    plain_fonts = _cff_fonts(rendering.html_to_pdf(html))
    assert plain_fonts
    for program, _ in plain_fonts.values():
        buffer = io.BytesIO()
        program.save(buffer)
        assert fontpack.glyph_cids(buffer.getvalue()) == list(range(program["maxp"].numGlyphs))
