"""From a document kind and an object to HTML, and from HTML to PDF bytes.

* ``render_html`` runs the kind's Django template in the requester's language. It is cheap
  and has no request: the output depends only on the object and the options, which is what
  lets ``content_hash`` identify a document before it is rendered.
* ``html_to_pdf`` runs WeasyPrint with one ``FontConfiguration`` per process (reused by every
  render in a warm worker) and a URL fetcher that reads static files from disk (finders, then
  STATIC_ROOT) and refuses everything else, so a render never touches the network.
* CJK text is set in the system fonts from Debian's fonts-noto-cjk (Noto Serif/Sans CJK SC)
  and fonts-arphic-ukai/uming (AR PL UKai CN for Kai, AR PL UMing CN for Song); see
  ``templates/documents/_print.css``.

WeasyPrint subsets every embedded font. It uses HarfBuzz's hb-subset library when it can load
it (``weasyprint.text.ffi.harfbuzz_subset``, opened with ``allow_fail=True``) and HarfBuzz is
4.1.0 or newer; otherwise it silently falls back to fontTools, which is about 15× slower for
a CJK font. ``assert_fast_font_subsetting`` turns that silent fallback into a start-up error
(worker start and ``manage.py check``); ``fonttools_fallback`` forces the slow path on purpose,
for the benchmark's comparison.
"""
from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import threading
from contextlib import contextmanager
from functools import lru_cache
from importlib.metadata import version as package_version
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation
from django.utils._os import safe_join
from django.utils.translation import gettext

# Bump when a change here (or in the shared templates' meaning) must invalidate stored files
# even though the rendered HTML is the same.
PIPELINE_VERSION = "1"
# Re-pack CFF (Noto CJK) font subsets compactly after WeasyPrint: see fontpack.py.
PACK_CFF_FONTS = True
RENDERER_VERSION = (
    f"unionadmin-documents/{PIPELINE_VERSION} weasyprint/{package_version('weasyprint')} "
    f"pydyf/{package_version('pydyf')}" + (" fontpack/1" if PACK_CFF_FONTS else "")
)

# Relative URLs in a document ("/static/…" from {% static %}) resolve against this base; the
# fetcher maps it to files on disk. ".invalid" can never resolve, should anything leak out.
DOCUMENT_BASE_URL = "https://documents.unionadmin.invalid/"

# WeasyPrint logs every layout step at INFO; a worker rendering hundreds of documents does
# not need that in its log (warnings and errors still come through).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

HARFBUZZ_SUBSET_HINT = "apt-get install libharfbuzz-subset0  (or: make setup)"


class FontSubsettingUnavailable(ImproperlyConfigured):
    """WeasyPrint would subset fonts with fontTools: CJK documents would take seconds, not 0.1 s."""


# --- HTML -------------------------------------------------------------------------------


def render_html(kind, obj, options: dict, language: str) -> str:
    """The kind's template rendered for ``obj`` in ``language`` (no request, no user)."""
    with translation.override(language):
        context = {
            "document_kind": kind,
            "document_language": language,
            "page_counter": page_counter_css(),
            **kind.context(obj, options),
        }
        return render_to_string(kind.template, context)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def page_counter_css() -> str:
    """CSS ``content`` for "Page n of m" in the active language, e.g.
    ``"第 " counter(page) " 页，共 " counter(pages) " 页"``."""
    text = gettext("Page %(page)s of %(pages)s") % {"page": "\0page\0", "pages": "\0pages\0"}
    parts = []
    for i, piece in enumerate(text.split("\0")):
        if i % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


def content_hash(kind, options: dict, html: str) -> str:
    """SHA-256 of everything the PDF is made from: kind, options, HTML, renderer and CSS."""
    digest = hashlib.sha256()
    header = {
        "kind": kind.code,
        "options": options,
        "renderer": RENDERER_VERSION,
        "stylesheets": [_static_file_hash(path) for path in kind.stylesheets],
    }
    digest.update(json.dumps(header, sort_keys=True, ensure_ascii=False).encode())
    digest.update(b"\0")
    digest.update(html.encode())
    return digest.hexdigest()


# --- static files, read from disk only --------------------------------------------------


def find_static(relative_path: str) -> Path | None:
    """A static file by its static path: the finders (source tree) first, then STATIC_ROOT."""
    relative_path = relative_path.lstrip("/")
    found = finders.find(relative_path)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        try:
            candidate = Path(safe_join(settings.STATIC_ROOT, relative_path))
        except Exception:  # noqa: BLE001 - a path outside STATIC_ROOT
            return None
        if candidate.is_file():
            return candidate
    return None


def _static_file_hash(relative_path: str) -> str:
    path = find_static(relative_path)
    if path is None:
        raise ImproperlyConfigured(f"document stylesheet {relative_path!r} not found among the static files")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _static_prefix() -> str:
    return "/" + settings.STATIC_URL.strip("/") + "/"


@lru_cache(maxsize=1)
def _fetcher():
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class LocalStaticFetcher(URLFetcher):
        """Serves "/static/…" (relative to DOCUMENT_BASE_URL) from disk and data: URLs; refuses
        anything else, so a template cannot make the worker fetch from the network."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(DOCUMENT_BASE_URL):
                path = "/" + unquote(url[len(DOCUMENT_BASE_URL):].split("?")[0].split("#")[0])
                prefix = _static_prefix()
                if path.startswith(prefix):
                    found = find_static(path[len(prefix):])
                    if found is not None:
                        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
                        return URLFetcherResponse(
                            found.as_uri(), found.read_bytes(), headers={"Content-Type": content_type}
                        )
            raise ValueError(f"documents may only use the application's static files, not {url}")

    return LocalStaticFetcher()


# --- PDF --------------------------------------------------------------------------------

_font_config = None
_font_config_lock = threading.Lock()
_stylesheets: dict[str, object] = {}


def font_config():
    """The process's one FontConfiguration (fontconfig/Pango set-up is the costly part)."""
    global _font_config
    if _font_config is None:
        with _font_config_lock:
            if _font_config is None:
                from weasyprint.text.fonts import FontConfiguration

                _font_config = FontConfiguration()
    return _font_config


def _stylesheet(relative_path: str):
    css = _stylesheets.get(relative_path)
    if css is None:
        from weasyprint import CSS

        path = find_static(relative_path)
        if path is None:
            raise ImproperlyConfigured(f"document stylesheet {relative_path!r} not found among the static files")
        css = CSS(string=path.read_text(encoding="utf-8"), base_url=DOCUMENT_BASE_URL + _static_prefix().lstrip("/")
                  + relative_path.rsplit("/", 1)[0] + "/", url_fetcher=_fetcher(), font_config=font_config())
        _stylesheets[relative_path] = css
    return css


def html_to_pdf(html: str, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """The PDF for ``html`` (plus any extra static stylesheets), as bytes."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=_fetcher())
    return document.write_pdf(
        font_config=font_config(),
        stylesheets=[_stylesheet(path) for path in stylesheets],
        finisher=_finisher(),
    )


def html_to_pdf_with_pages(html: str, *, stylesheets: tuple[str, ...] = ()) -> tuple[bytes, int]:
    """Like ``html_to_pdf`` and also the page count (for the benchmark and diagnostics)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=_fetcher()).render(
        font_config=font_config(), stylesheets=[_stylesheet(path) for path in stylesheets],
    )
    return document.write_pdf(finisher=_finisher()), len(document.pages)


def _finisher():
    if not PACK_CFF_FONTS:
        return None
    from .fontpack import compact_cff_fonts

    return compact_cff_fonts


WARM_UP_HTML = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 2cm }
.serif { font-family: "Noto Serif CJK SC" } .sans { font-family: "Noto Sans CJK SC" }
.kai { font-family: "AR PL UKai CN" } .song { font-family: "AR PL UMing CN" }
</style></head><body><p class="serif">工会文件 一、二 〔2026〕 <b>加粗</b></p><p class="sans">黑体标题 <b>加粗</b></p>
<p class="kai">楷体 （一）</p><p class="song">宋体 1.</p><p>Latin 0123</p></body></html>"""


def warm_up() -> None:
    """Load fontconfig, Pango and the CJK faces once, so the first real render is a warm one."""
    html_to_pdf(WARM_UP_HTML)


# --- HarfBuzz subsetting ----------------------------------------------------------------


def fast_font_subsetting_available() -> bool:
    """Exactly WeasyPrint 70's own test (weasyprint/pdf/fonts.py, ``Font.subset``): the
    hb-subset library was loaded and HarfBuzz is at least 4.1.0."""
    from weasyprint.pdf import fonts

    return bool(fonts.harfbuzz_subset) and bool(fonts.harfbuzz.hb_version_atleast(4, 1, 0))


def fast_font_subsetting_problem() -> str | None:
    """Why CJK subsetting would be slow, or None when it is fast."""
    if fast_font_subsetting_available():
        return None
    return (
        "WeasyPrint cannot load HarfBuzz's subset library (libharfbuzz-subset.so.0, HarfBuzz ≥ 4.1.0) "
        "and would subset fonts with fontTools, about 15 times slower for Chinese documents. "
        "The PDF pipeline refuses to run that way."
    )


def assert_fast_font_subsetting() -> None:
    problem = fast_font_subsetting_problem()
    if problem:
        raise FontSubsettingUnavailable(f"{problem} Install it: {HARFBUZZ_SUBSET_HINT}")


@contextmanager
def fonttools_fallback():
    """Make WeasyPrint subset with fontTools inside the block (for measuring the difference).

    WeasyPrint reads the module global ``weasyprint.pdf.fonts.harfbuzz_subset`` at each
    subset; setting it to None is what a machine without the library looks like.
    """
    from weasyprint.pdf import fonts

    saved = fonts.harfbuzz_subset
    fonts.harfbuzz_subset = None
    try:
        yield
    finally:
        fonts.harfbuzz_subset = saved
