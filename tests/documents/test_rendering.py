"""Rendering in-process: the profile sheet's text comes back out of the PDF, fonts are embedded,
no network, and the pipeline refuses to run without HarfBuzz's subset library."""
import io

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from pypdf import PdfReader

from unionadmin.documents import checks, rendering, signals
from unionadmin.documents.kinds import DocumentKind, registry
from unionadmin.documents.profile import organisation_profile
from unionadmin.models import Organisation

from .helpers import (
    fonts_without_embedded_file,
    html_text,
    make_profiled_union,
    missing_characters,
    pdf_text,
    stack_coverage,
)


@pytest.fixture
def union(county):
    return make_profiled_union(county.federation)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_character_of_the_profile_comes_back_out_of_the_pdf(union, language):
    html = rendering.render_html(organisation_profile, union, {}, language)
    data = rendering.html_to_pdf(html)
    text = html_text(html)
    extracted = pdf_text(data)
    for needle in ["甲公司工会", "欧阳振华", "四川省内江市东兴区汉渝大道1088号", "炼钢车间分会", "龚晓燕", "鄢翠萍"]:
        assert needle in text
    assert not missing_characters(text, extracted), "characters missing from the PDF text"
    assert "欧阳振华" in extracted and "炼钢车间分会" in extracted


def test_every_character_of_the_profile_has_a_glyph_in_the_font_stack(union):
    text = html_text(rendering.render_html(organisation_profile, union, {}, "zh-hans"))
    tofu = {c for c in text if not c.isspace() and ord(c) not in stack_coverage()}
    assert not tofu, f"no glyph for {sorted(tofu)}"


def test_every_font_in_the_pdf_is_embedded(union):
    data = rendering.html_to_pdf(rendering.render_html(organisation_profile, union, {}, "zh-hans"))
    assert not fonts_without_embedded_file(data)
    assert data.rstrip().endswith(b"%%EOF")


def test_profile_is_a_two_page_a4_sheet_with_page_numbers(union):
    data = rendering.html_to_pdf(rendering.render_html(organisation_profile, union, {}, "en"))
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    assert "Page 1 of" in reader.pages[0].extract_text()


def test_the_same_inputs_give_the_same_content_hash_and_a_change_gives_another(union):
    first = rendering.content_hash(organisation_profile, {}, rendering.render_html(organisation_profile, union, {}, "zh-hans"))
    again = rendering.content_hash(organisation_profile, {}, rendering.render_html(organisation_profile, union, {}, "zh-hans"))
    english = rendering.content_hash(organisation_profile, {}, rendering.render_html(organisation_profile, union, {}, "en"))
    union.chair_name = "欧阳振国"
    union.save()
    changed = rendering.content_hash(organisation_profile, {}, rendering.render_html(organisation_profile, union, {}, "zh-hans"))
    assert first == again
    assert len({first, english, changed}) == 3


def test_documents_cannot_fetch_from_the_network(union):
    fetcher = rendering._fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.com/logo.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    css = fetcher.fetch(rendering.DOCUMENT_BASE_URL + "static/css/unionadmin.css")
    assert b"union-red" in css.read()


def test_static_images_are_read_from_disk(union, monkeypatch):
    html = ('<html><body><img src="/static/vendor/bootstrap-icons/bootstrap-icons.svg" style="width:1cm">'
            '<img src="https://example.com/x.png"></body></html>')
    data = rendering.html_to_pdf(html)  # the remote image is refused, the local one drawn
    assert data.startswith(b"%PDF")


def test_a_kind_stylesheet_is_applied_and_part_of_the_hash(union, monkeypatch):
    kind = DocumentKind(
        code="styled", label="styled", model=Organisation, template="documents/organisation_profile.html",
        context=organisation_profile.context, filename=organisation_profile.filename,
        organisation=organisation_profile.organisation, stylesheets=("css/unionadmin.css",),
    )
    html = rendering.render_html(kind, union, {}, "zh-hans")
    assert rendering.content_hash(kind, {}, html) != rendering.content_hash(organisation_profile, {}, html)
    assert rendering.html_to_pdf(html, stylesheets=kind.stylesheets).startswith(b"%PDF")


def test_the_organisation_profile_kind_is_registered():
    assert registry.get("organisation_profile") is organisation_profile


# --- HarfBuzz subsetting ----------------------------------------------------------------


@pytest.fixture
def without_hb_subset(monkeypatch):
    from weasyprint.pdf import fonts

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)


def test_fast_subsetting_is_available_on_this_machine():
    assert rendering.fast_font_subsetting_available()
    rendering.assert_fast_font_subsetting()
    assert checks.check_fast_font_subsetting() == []


def test_pipeline_refuses_to_run_without_the_harfbuzz_subset_library(without_hb_subset):
    with pytest.raises(rendering.FontSubsettingUnavailable) as exc:
        rendering.assert_fast_font_subsetting()
    assert "libharfbuzz-subset0" in str(exc.value)
    assert "fontTools" in str(exc.value)


def test_system_check_errors_without_the_library(without_hb_subset):
    [error] = checks.check_fast_font_subsetting()
    assert error.id == "documents.E001" and error.is_serious()
    assert "apt-get install libharfbuzz-subset0" in error.hint
    with pytest.raises(SystemCheckError):
        call_command("check")


def test_worker_refuses_to_start_without_the_library(without_hb_subset):
    with pytest.raises(SystemExit) as exc:
        signals.refuse_slow_font_subsetting(sender=None)
    assert "libharfbuzz-subset0" in str(exc.value)


def test_an_old_harfbuzz_counts_as_missing(monkeypatch):
    from weasyprint.pdf import fonts

    class OldHarfBuzz:
        def hb_version_atleast(self, *version):
            return False

    monkeypatch.setattr(fonts, "harfbuzz", OldHarfBuzz())
    assert not rendering.fast_font_subsetting_available()


def test_fonttools_fallback_switches_weasyprint_and_restores_it():
    from weasyprint.pdf import fonts

    original = fonts.harfbuzz_subset
    with rendering.fonttools_fallback():
        assert fonts.harfbuzz_subset is None
        assert not rendering.fast_font_subsetting_available()
        assert rendering.html_to_pdf(rendering.WARM_UP_HTML).startswith(b"%PDF")
    assert fonts.harfbuzz_subset is original
