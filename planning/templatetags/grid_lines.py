"""Full lines on the 28-character grid of the printed plan (issue 16 item 7).

WeasyPrint justifies a line only by widening its spaces, and Chinese text has none: a line
that ends short — because a closing mark （，。）》” may not start the next line, so the
character before it goes down too, or because half-width characters (90%, App) take half a
cell — stayed short. ``grid_spaced`` puts an ordinary space between every two characters of
a paragraph where one of them is a full-width (CJK) character; the print stylesheet makes
these spaces zero-wide (``word-spacing``), so the grid is untouched, and justification then
spreads a short line's remainder over them, as Word does (两端对齐). A space is a place to
break a line, so none is put before a closing mark （，。、；：？！）》”…), after an opening
one (“《（…), inside …… or ——, or between two half-width characters (90%, App): a line
still never starts with a closing mark nor ends with an opening one.
The live preview gets zero-wide spaces from a one-glyph font (work_plan_screen.css).

A space the author typed (between two words of a Latin name, say) becomes an en space
U+2002, which keeps its half-cell width and is not widened."""
import re

from django import template

register = template.Library()

# Full-width characters: CJK punctuation and ideographs, full-width forms, the curly quotes
# (full-width in Chinese fonts), the dash and the ellipsis.
WIDE_CHARACTER = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201d\u2014\u2026]")
EN_SPACE = "\u2002"
NO_SPACE_BEFORE = set("，。、；：？！）》」』】〕〉”’％…—·,.;:?!)%")
NO_SPACE_AFTER = set("（《「『【〔〈“‘(")


def spaced(text: str) -> str:
    text = re.sub(r"\s+", EN_SPACE, text.strip())
    out = []
    for current, following in zip(text, text[1:]):
        out.append(current)
        if _gap(current, following):
            out.append(" ")
    return "".join(out) + text[-1:]


def _gap(current: str, following: str) -> bool:
    if EN_SPACE in (current, following) or following in NO_SPACE_BEFORE or current in NO_SPACE_AFTER:
        return False
    return bool(WIDE_CHARACTER.match(current) or WIDE_CHARACTER.match(following))


@register.filter
def grid_spaced(text) -> str:
    """The paragraph with the zero-wide spaces justification widens (escaped by the template)."""
    return spaced(str(text or ""))
