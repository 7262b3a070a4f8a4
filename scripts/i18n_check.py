#!/usr/bin/env python3
"""Check the Simplified Chinese catalogue and look for text that cannot be translated.

    .venv/bin/python scripts/i18n_check.py            # catalogue, extraction, and every page in zh-Hans
    .venv/bin/python scripts/i18n_check.py --no-pages # the same without rendering the pages (seconds)
    .venv/bin/python scripts/i18n_check.py --catalogue-only   # the .po file alone
    .venv/bin/python scripts/i18n_check.py --update /tmp/i18n/*.tsv   # makemessages, fill, compile, check
    .venv/bin/python scripts/i18n_check.py --scan     # also list hard-coded text in templates / Python
    .venv/bin/python scripts/i18n_check.py --shared   # also list context-less msgids used by several apps

The catalogue check fails (exit 1) on untranslated or fuzzy entries, on a placeholder that
the translation drops or adds (%(name)s, %d, %%, {name}), on a plural entry without
msgstr[0], and on a header that does not say zh_Hans / nplurals=1 / UTF-8.

It also fails on a translation function imported or assigned under a name makemessages does
not read (``gettext_lazy as _lazy``: its strings never reach the catalogue), and on a msgid
extraction finds now that the catalogue lacks (makemessages run in a throw-away copy).

The page check renders every page of every app in zh-Hans as the people who may see it
(tests/unionadmin/test_i18n_pages.py, run through pytest with the test database) and fails
on any visible English: the msgid of an untranslated entry, or a Latin-letter word that is not
a code or in ALLOWED_WORDS. Rendered pages also show strings extraction never saw. Extra
arguments go to pytest; TEST_DATABASE_NAME / REDIS_URL are read as in the test suite.

The scan is a heuristic: in templates it reports text outside {% translate %},
{% blocktranslate %}, {{ }}, {% %}, {# #}, <script>/<style> and attribute values that are not
plain user-facing ones; in Python it reports user-facing keyword arguments (verbose_name=,
label=, help_text=, messages.*(...)) given a bare string literal.  It needs no third-party
package, so the parser here can also be imported by other tooling (parse_po / write_po).
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
DEFAULT_PO = BASE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# --------------------------------------------------------------------------- PO parsing


def _unquote(s: str) -> str:
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    body = s[1:-1]
    out, i = [], 0
    esc = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            out.append(esc.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)  # '#...' lines, flags excluded
    flags: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    raw_keys: list[str] = field(default_factory=list)  # original msgctxt/msgid/msgid_plural lines
    obsolete: bool = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    @property
    def key(self) -> tuple:
        return (self.msgctxt, self.msgid)


def parse_po(text: str) -> list[Entry]:
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = block.split("\n")
        e = Entry()
        current = None  # which field continuation lines belong to
        keys_done = False
        for line in lines:
            if line.startswith("#~"):
                e.obsolete = True
                e.comments.append(line)
                continue
            if line.startswith("#,"):
                e.flags += [f.strip() for f in line[2:].split(",") if f.strip()]
                continue
            if line.startswith("#"):
                e.comments.append(line)
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$', line)
            if m:
                kw, idx, val = m.group(1), m.group(2), _unquote(m.group(3))
                if kw.startswith("msgstr"):
                    keys_done = True
                    if idx is None:
                        e.msgstr = val
                        current = ("msgstr", None)
                    else:
                        e.msgstr_plural[int(idx)] = val
                        current = ("msgstr", int(idx))
                else:
                    setattr(e, kw, val)
                    current = (kw, None)
                    e.raw_keys.append(line)
                continue
            if line.startswith('"'):
                val = _unquote(line)
                kw, idx = current
                if kw == "msgstr":
                    if idx is None:
                        e.msgstr += val
                    else:
                        e.msgstr_plural[idx] += val
                else:
                    setattr(e, kw, (getattr(e, kw) or "") + val)
                    if not keys_done:
                        e.raw_keys.append(line)
                continue
            raise ValueError(f"cannot parse PO line: {line!r}")
        entries.append(e)
    return entries


def _format_str(keyword: str, value: str) -> list[str]:
    if "\n" in value[:-1]:
        parts = value.split("\n")
        chunks = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        return [f'{keyword} ""'] + [_quote(c) for c in chunks]
    return [f"{keyword} {_quote(value)}"]


def write_po(entries: list[Entry]) -> str:
    out = []
    for e in entries:
        lines = [c for c in e.comments if not c.startswith("#|")] if not e.fuzzy else list(e.comments)
        # comments: translator '# ', extracted '#.', references '#:' keep their order; flags after refs
        ref_end = max((i for i, c in enumerate(lines) if c.startswith("#:")), default=len(lines) - 1)
        head, tail = lines[: ref_end + 1], lines[ref_end + 1 :]
        if e.flags:
            head.append("#, " + ", ".join(e.flags))
        lines = head + tail
        if e.obsolete:
            out.append("\n".join(lines))
            continue
        lines += e.raw_keys
        if e.msgid_plural is not None:
            for i in sorted(e.msgstr_plural):
                lines += _format_str(f"msgstr[{i}]", e.msgstr_plural[i])
        else:
            lines += _format_str("msgstr", e.msgstr)
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


# --------------------------------------------------------------------------- checks

PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0 +]*\d*(?:\.\d+)?[sdiouafrxXeEgGc%]|\{[A-Za-z_][A-Za-z0-9_]*\}")


def placeholders(s: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(s))


def check(po: Path) -> list[str]:
    problems = []
    entries = parse_po(po.read_text(encoding="utf-8"))
    header = entries[0] if entries and entries[0].msgid == "" else None
    if header is None:
        problems.append("no header entry")
    else:
        if header.fuzzy:
            problems.append("header is marked fuzzy")
        for need in ("Language: zh_Hans", "nplurals=1; plural=0;", "charset=UTF-8"):
            if need not in header.msgstr:
                problems.append(f"header lacks {need!r}")
    n = 0
    for e in entries:
        if e.msgid == "" or e.obsolete:
            continue
        n += 1
        where = next((c[3:].split()[0] for c in e.comments if c.startswith("#:")), "?")
        label = f"{where}: {e.msgid[:60]!r}"
        if e.fuzzy:
            problems.append(f"fuzzy: {label}")
        if not e.translated:
            problems.append(f"untranslated: {label}")
            continue
        formatted = any(f.endswith("-format") and not f.startswith("no-") for f in e.flags)
        if e.msgid_plural is not None:
            if set(e.msgstr_plural) != {0}:
                problems.append(f"plural entry should have only msgstr[0]: {label}")
            targets = list(e.msgstr_plural.values())
            source = e.msgid_plural
        else:
            targets, source = [e.msgstr], e.msgid
        if formatted or PLACEHOLDER.search(e.msgid):
            want = placeholders(source)
            for t in targets:
                got = placeholders(t)
                if formatted and got != want and not (e.msgid_plural and set(got) <= set(want)):
                    problems.append(f"placeholders {want} != {got}: {label}")
    print(f"{po.relative_to(BASE)}: {n} entries")
    return problems


# --------------------------------------------------------------------------- shared msgids


def _app_of(ref: str) -> str:
    parts = ref.split(":", 1)[0].split("/")
    if parts[0] == "templates" and len(parts) > 2:
        return parts[1]  # templates/<app>/...
    return parts[0]


def shared(po: Path, min_apps: int = 2) -> list[str]:
    """Msgids without msgctxt whose references span several apps: one Chinese word must fit every use.

    Short labels ("Outcome", "Assign", "For", "unit") are the usual ambiguity; give the odd use a
    context (pgettext / {% translate "…" context "…" %}) when the translation does not fit it.
    """
    found = []
    for e in parse_po(po.read_text(encoding="utf-8")):
        if e.msgid == "" or e.obsolete or e.msgctxt is not None or len(e.msgid) > 40:
            continue
        refs = [r for c in e.comments if c.startswith("#:") for r in c[3:].split()]
        apps = sorted({_app_of(r) for r in refs})
        if len(apps) >= min_apps:
            found.append(f"{e.msgid!r} = {e.msgstr or e.msgstr_plural.get(0, '')!r}: {', '.join(apps)}")
    return found


# --------------------------------------------------------------------------- scan

TEMPLATE_STRIP = [
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S),
    re.compile(r"\{%\s*block\s+\w*(?:css|js|style|script)\w*\s*%\}.*?\{%\s*endblock\b[^%]*%\}", re.S),
    re.compile(r"<script\b.*?</script>", re.S | re.I),
    re.compile(r"<style\b.*?</style>", re.S | re.I),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"\{%.*?%\}", re.S),
    re.compile(r"\{\{.*?\}\}", re.S),
]
USER_ATTRS = re.compile(r'\b(title|placeholder|alt|aria-label|value)\s*=\s*"([^"]*)"', re.I)
WORDY = re.compile(r"[A-Za-z]{2,}|[\u4e00-\u9fff]")
ENTITY_ONLY = re.compile(r"^(?:&[a-z]+;|&#\d+;|[\s·|/–—:()%≥≤×•…,.0-9+-])*$")


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def scan_templates(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.html")) + sorted(root.rglob("*.txt")):
        rel = path.relative_to(BASE)
        if "templates" not in rel.parts or any(p in rel.parts for p in (".venv", "staticfiles", "static", "var", "node_modules")):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        # blank out the parts that are not plain text, keeping offsets (so line numbers survive)
        masked = text
        for rx in TEMPLATE_STRIP:
            masked = rx.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)
        for m in USER_ATTRS.finditer(masked):
            val = m.group(2).strip()
            if WORDY.search(val) and m.group(1).lower() != "value":
                found.append(f"{path.relative_to(BASE)}:{_line_of(masked, m.start())}: {m.group(1)}=\"{val[:60]}\"")
        # text nodes: between tags
        tagless = re.sub(r"<[^>]*>", lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)
        for m in re.finditer(r"[^\s<>][^<>\n]*", tagless):
            chunk = m.group(0).strip()
            if not chunk or ENTITY_ONLY.match(chunk) or not WORDY.search(chunk):
                continue
            found.append(f"{path.relative_to(BASE)}:{_line_of(tagless, m.start())}: {chunk[:70]}")
    return found


PY_KW = re.compile(
    r"\b(verbose_name(?:_plural)?|label|help_text|empty_label|title|message|error_messages)\s*=\s*(['\"])(?!\s*\2)([^'\"]*[A-Za-z\u4e00-\u9fff][^'\"]*)\2"
)
PY_CALL = re.compile(
    r"\bmessages\.(?:success|info|warning|error|add_message)\(\s*[^,()]+,\s*f?(['\"])([^'\"]*[A-Za-z\u4e00-\u9fff][^'\"]*)\1"
)
PY_RAISE = re.compile(r"\b(?:ValidationError|PermissionDenied)\(\s*f?(['\"])([^'\"]*[A-Za-z\u4e00-\u9fff ][^'\"]*)\1")


def scan_python(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(BASE)
        if any(p in rel.parts for p in (".venv", "staticfiles", "var", "migrations", "tests", "bench", "scripts")):
            continue
        if rel.name.startswith("test_") or rel.name in ("conftest.py", "demo.py") or "management" in rel.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            code = line.split("#", 1)[0] if not re.search(r"['\"].*#.*['\"]", line) else line
            for rx in (PY_KW, PY_CALL, PY_RAISE):
                for m in rx.finditer(code):
                    # group holding the text is always the last one
                    text = m.groups()[-1]
                    if rx is PY_KW and m.group(1) == "title" and not re.search(r"[\u4e00-\u9fff]| ", text):
                        continue
                    found.append(f"{rel}:{n}: {text[:70]}")
    return found


# --------------------------------------------------------------------------- translation aliases

# The names makemessages hands to xgettext (xgettext's own Python keywords plus Django's
# --keyword list), each with the argument that holds the msgid. A translation function bound to
# any other name (``gettext_lazy as _lazy``) is invisible to extraction: its strings never reach
# the catalogue and show in English on a Chinese page.
XGETTEXT_NAMES = {
    "_": "gettext", "gettext": "gettext", "gettext_lazy": "gettext", "gettext_noop": "gettext",
    "ngettext": "ngettext", "ngettext_lazy": "ngettext",
    "pgettext": "pgettext", "pgettext_lazy": "pgettext", "npgettext": "npgettext", "npgettext_lazy": "npgettext",
}
# Same argument layout as these (so the alias `_` for gettext_lazy extracts correctly).
_SHAPE = {"gettext": "gettext", "gettext_lazy": "gettext", "gettext_noop": "gettext", "ugettext": "gettext",
          "ugettext_lazy": "gettext", "ngettext": "ngettext", "ngettext_lazy": "ngettext",
          "pgettext": "pgettext", "pgettext_lazy": "pgettext", "npgettext": "npgettext",
          "npgettext_lazy": "npgettext"}
SKIP_DIRS = (".venv", "staticfiles", "static", "var", "node_modules", ".git", "locale")


def translation_aliases(root: Path = BASE) -> list[str]:
    """Every place a translation function gets a name extraction does not read as that function.

    ``from django.utils.translation import gettext_lazy as _lazy`` and ``tr = pgettext`` are
    reported; ``gettext_lazy as _`` is fine (``_`` takes its msgid from the first argument too),
    ``pgettext_lazy as _`` is not (extraction would take the context for the msgid).
    """
    import ast

    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if any(p in rel.parts for p in SKIP_DIRS):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), str(rel))
        except SyntaxError:
            continue
        bound = {}  # local name → translation function it stands for
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for a in node.names:
                    if a.name in _SHAPE:
                        bound[a.asname or a.name] = a.name
                        if XGETTEXT_NAMES.get(a.asname or a.name) != _SHAPE[a.name]:
                            found.append(f"{rel}:{node.lineno}: `{a.name} as {a.asname}` is not a name "
                                         f"extraction knows; import it as {a.name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Name, ast.Attribute)):
                value = node.value.id if isinstance(node.value, ast.Name) else node.value.attr
                shape = _SHAPE.get(bound.get(value, value if isinstance(node.value, ast.Attribute) else ""))
                for target in node.targets:
                    if shape and isinstance(target, ast.Name) and XGETTEXT_NAMES.get(target.id) != shape:
                        found.append(f"{rel}:{node.lineno}: `{target.id} = {value}` hides a translation "
                                     f"function from extraction; call {value} directly")
    return found


# --------------------------------------------------------------------------- rendered pages

# Latin-letter words a Chinese page may show: product and format names, units, language names.
# Anything else in Latin letters on a zh-Hans page is text that was not translated.
ALLOWED_WORDS = frozenset("""
    PDF XLSX XLS CSV ODS DOCX DOC PPTX PPT TXT HTML XML JSON JPEG JPG PNG GIF WebP SVG ZIP Word Excel PowerPoint WPS
    OpenDocument GBK
    MB KB GB ID QQ English unionadmin Ctrl Shift Alt Enter Tab Esc
""".split())

# A token with a digit, @, _ or an inner dot or slash is a code, a file name, an e-mail
# address or a URL, not prose: "user12", "a@b.cn", "template.xlsx", "/healthz".
_TOKEN = re.compile(r"[A-Za-z0-9_@./:#%&+=?\-]*[A-Za-z][A-Za-z0-9_@./:#%&+=?\-]*")
_CODEISH = re.compile(r"[0-9_@/]|\.[A-Za-z0-9]|^-|://")
_VISIBLE_ATTRS = {"title", "placeholder", "alt", "aria-label", "aria-description", "data-confirm", "label"}
_BUTTON_TYPES = {"submit", "button", "reset"}


def english_words(text: str, allowed=ALLOWED_WORDS) -> list[str]:
    """The Latin-letter words in ``text`` that are prose, not codes and not allow-listed."""
    words = []
    for m in _TOKEN.finditer(text):
        token = m.group(0).rstrip(".:-?&")
        if len(re.sub(r"[^A-Za-z]", "", token)) < 2 or _CODEISH.search(token):
            continue
        if token in allowed:
            continue
        words.append(token)
    return words


def _json_labels(value, under_label=False):
    """Strings under a key naming a label in a json_script data island (what charts draw)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_labels(v, under_label or "label" in str(k).lower() or "categor" in str(k).lower())
    elif isinstance(value, list):
        for v in value:
            yield from _json_labels(v, under_label)
    elif isinstance(value, str) and under_label:
        yield value


class _VisibleText:
    """Text a person sees on an HTML page: text nodes (not script or style), the attributes a
    browser shows (title, placeholder, alt, aria-label, button values) and chart labels."""

    def __init__(self, html: str):
        from html.parser import HTMLParser

        chunks: list[str] = []
        state = {"skip": 0, "json": None}

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag in ("script", "style"):
                    state["skip"] += 1
                    if tag == "script" and (a.get("type") or "") == "application/json":
                        state["json"] = []
                    return
                for name, value in attrs:
                    if value and name in _VISIBLE_ATTRS:
                        chunks.append(value)
                if tag == "input" and (a.get("type") or "").lower() in _BUTTON_TYPES and a.get("value"):
                    chunks.append(a["value"])

            def handle_startendtag(self, tag, attrs):
                self.handle_starttag(tag, attrs)
                if tag in ("script", "style"):
                    self.handle_endtag(tag)

            def handle_endtag(self, tag):
                if tag in ("script", "style") and state["skip"]:
                    state["skip"] -= 1
                    if state["json"] is not None:
                        import json

                        try:
                            chunks.extend(_json_labels(json.loads("".join(state["json"]))))
                        except ValueError:
                            pass
                        state["json"] = None

            def handle_data(self, data):
                if state["json"] is not None:
                    state["json"].append(data)
                elif not state["skip"]:
                    chunks.append(data)

        parser = Parser(convert_charrefs=True)
        parser.feed(html)
        parser.close()
        self.chunks = [" ".join(c.split()) for c in chunks if c.strip()]

    @property
    def text(self) -> str:
        return " ".join(self.chunks)


def untranslated_msgids(po: Path = DEFAULT_PO) -> list[Entry]:
    """Catalogue entries a Chinese page would show in English (untranslated or fuzzy)."""
    return [e for e in parse_po(po.read_text(encoding="utf-8"))
            if e.msgid and not e.obsolete and (e.fuzzy or not e.translated)]


def _msgid_pattern(msgid: str) -> re.Pattern | None:
    text = re.sub(r"<[^>]+>", " ", msgid)
    parts = [p for p in PLACEHOLDER.split(text)]
    literal = [" ".join(p.split()) for p in parts]
    if not any(re.search(r"[A-Za-z]{2,}", p) for p in literal):
        return None
    body = r".+?".join(r"\s+".join(re.escape(w) for w in p.split()) for p in literal)
    return re.compile(r"(?<![A-Za-z])" + body + r"(?![A-Za-z])")


def english_on_page(html: str, untranslated: list[Entry] = (), allowed=ALLOWED_WORDS) -> list[str]:
    """What a zh-Hans page shows in English: the msgid of any untranslated catalogue entry, and
    every visible Latin-letter word that is not a code or allow-listed (which also finds text
    that was never marked, or marked in a way extraction missed). Empty when the page is clean."""
    visible = _VisibleText(html)
    problems = []
    text = visible.text
    for e in untranslated:
        for msgid in filter(None, (e.msgid, e.msgid_plural)):
            rx = _msgid_pattern(msgid)
            if rx and rx.search(text):
                problems.append(f"untranslated catalogue entry: {msgid[:70]!r}")
                break
    seen = set()
    for chunk in visible.chunks:
        words = english_words(chunk, allowed)
        if words and chunk not in seen:
            seen.add(chunk)
            problems.append(f"English {', '.join(dict.fromkeys(words))!r} in: {chunk[:90]!r}")
    return problems


PAGES_TEST = "tests/unionadmin/test_i18n_pages.py"


def check_pages(extra_args=()) -> int:
    """Render every page in zh-Hans (the walk lives in PAGES_TEST, which calls english_on_page).

    Needs PostgreSQL as the test suite does; TEST_DATABASE_NAME / REDIS_URL are passed through."""
    import subprocess

    cmd = [sys.executable, "-m", "pytest", PAGES_TEST, "-q", "-p", "no:randomly", *extra_args]
    print("rendering every page in zh-Hans: " + " ".join(cmd[1:]), flush=True)
    return subprocess.call(cmd, cwd=BASE)


# --------------------------------------------------------------------------- extraction


MAKEMESSAGES_IGNORE = (".venv", "staticfiles", "static", "var", "tests", "bench", "scripts", "node_modules")


def extracted_entries(root: Path = BASE, language: str = "zh_Hans") -> list[Entry]:
    """What ``makemessages -l zh_Hans`` finds in the tree now, run in a throw-away copy (the
    real catalogue is not touched): every file git tracks or would track, the virtualenv linked."""
    import shutil
    import subprocess
    import tempfile

    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=root,
                           capture_output=True, check=True).stdout.decode().split("\0")
    with tempfile.TemporaryDirectory(prefix="i18n_check_") as tmp:
        copy = Path(tmp)
        for name in filter(None, files):
            src = root / name
            if src.is_file() and not name.startswith(("locale/", *(d + "/" for d in MAKEMESSAGES_IGNORE))):
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, copy / name)
        (copy / "locale" / language / "LC_MESSAGES").mkdir(parents=True)
        (copy / ".venv").symlink_to(root / ".venv")
        cmd = [sys.executable, "manage.py", "makemessages", "-l", language, "-v", "0"]
        cmd += [f"--ignore={d}" for d in MAKEMESSAGES_IGNORE]
        subprocess.run(cmd, cwd=copy, check=True)
        return parse_po((copy / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))


def missing_from_catalogue(po: Path) -> list[str]:
    """Msgids extraction finds in the code that the catalogue does not have (run makemessages)."""
    have = {e.key for e in parse_po(po.read_text(encoding="utf-8")) if not e.obsolete}
    missing = []
    for e in extracted_entries():
        if e.msgid and e.key not in have:
            where = next((c[3:].split()[0] for c in e.comments if c.startswith("#:")), "?")
            missing.append(f"not in the catalogue: {where}: {e.msgid[:60]!r}"
                           + (f" (context {e.msgctxt!r})" if e.msgctxt else ""))
    return missing


def _unescape_tsv(s: str) -> str:
    return s.replace("\\n", "\n").replace("\\t", "\t")


def fill_from_tsv(po: Path, tsv_files: list[Path]) -> list[str]:
    """Give untranslated and fuzzy entries the translations listed in ``msgctxt<TAB>msgid<TAB>msgstr``
    files (the helpers' new strings), and rewrite the catalogue in its usual layout. Returns what
    could not be used: rows naming no entry, and one msgid translated two ways."""
    rows, notes = {}, []
    for tsv in tsv_files:
        for n, line in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                notes.append(f"{tsv}:{n}: not msgctxt<TAB>msgid<TAB>msgstr")
                continue
            ctxt, msgid, msgstr = (_unescape_tsv(x) for x in parts)
            key = (ctxt or None, msgid)
            if key in rows and rows[key] != msgstr:
                notes.append(f"{tsv}:{n}: {msgid[:50]!r} is also translated {rows[key]!r}; kept the first")
                continue
            rows[key] = msgstr
    entries = parse_po(po.read_text(encoding="utf-8"))
    used = set()
    for e in entries:
        if not e.msgid or e.obsolete or e.key not in rows:
            continue
        used.add(e.key)
        if e.translated and not e.fuzzy:
            continue
        if e.msgid_plural is not None:
            e.msgstr_plural = {0: rows[e.key]}
        else:
            e.msgstr = rows[e.key]
        e.flags = [f for f in e.flags if f != "fuzzy"]
        e.comments = [c for c in e.comments if not c.startswith("#|")]
    notes += [f"no catalogue entry for {k[1][:60]!r}" + (f" (context {k[0]!r})" if k[0] else "")
              for k in rows if k not in used]
    po.write_text(write_po(entries), encoding="utf-8")
    return notes


def update_catalogue(po: Path, tsv_files: list[Path], language: str = "zh_Hans") -> list[str]:
    """makemessages (the same files as the extraction check), translations from the TSV files,
    compilemessages."""
    import subprocess

    cmd = [sys.executable, "manage.py", "makemessages", "-l", language, "--no-obsolete", "-v", "0"]
    subprocess.run(cmd + [f"--ignore={d}" for d in MAKEMESSAGES_IGNORE], cwd=BASE, check=True)
    notes = fill_from_tsv(po, tsv_files)
    subprocess.run([sys.executable, "manage.py", "compilemessages", "-l", language, "--ignore=.venv", "-v", "0"],
                   cwd=BASE, check=True)
    return notes


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("po", nargs="?", type=Path, default=DEFAULT_PO)
    ap.add_argument("--catalogue-only", action="store_true",
                    help="check the catalogue file alone (no extraction run, no pages rendered)")
    ap.add_argument("--no-pages", action="store_true", help="do not render the pages")
    ap.add_argument("--scan", action="store_true", help="list hard-coded, untranslatable text")
    ap.add_argument("--shared", action="store_true", help="list short msgids without context used by several apps")
    ap.add_argument("--update", nargs="*", type=Path, metavar="TSV",
                    help="first run makemessages, fill untranslated entries from msgctxt<TAB>msgid<TAB>msgstr "
                         "files, compilemessages; then check")
    args, pytest_args = ap.parse_known_args(argv)
    if args.update is not None:
        for note in update_catalogue(args.po.resolve(), args.update):
            print("  update: " + note)
    problems = check(args.po.resolve())
    problems += translation_aliases(BASE)
    if not args.catalogue_only:
        problems += missing_from_catalogue(args.po.resolve())
    for p in problems:
        print("  " + p)
    if args.scan:
        hits = scan_templates(BASE) + scan_python(BASE)
        print(f"hard-coded text outside gettext/translate: {len(hits)}")
        for h in hits:
            print("  " + h)
    if args.shared:
        hits = shared(args.po.resolve())
        print(f"short msgids without context shared by several apps: {len(hits)}")
        for h in hits:
            print("  " + h)
    failed = bool(problems)
    if not (args.catalogue_only or args.no_pages):
        failed = check_pages(pytest_args) != 0 or failed
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
