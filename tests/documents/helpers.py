"""Shared helpers: a realistic unit to print, and PDF inspection with pypdf."""
from __future__ import annotations

import datetime
import io
import re
from functools import lru_cache
from html.parser import HTMLParser

from pypdf import PdfReader

from unionadmin.models import Organisation
from unionadmin.roles import Role

from ..factories import BranchFactory, GrassrootsFactory, RoleAssignmentFactory, UserFactory


def make_profiled_union(parent, name="甲公司工会", **fields) -> Organisation:
    """A grassroots union with every field filled, two branches and three officers."""
    union = GrassrootsFactory(
        parent=parent, name=name, short_name="甲司工会", employee_count=1286,
        founded_on=datetime.date(1998, 7, 1), chair_name="欧阳振华", phone="0832-2201188",
        address="四川省内江市东兴区汉渝大道1088号", has_own_account=True, bank_name="中国工商银行内江分行",
        bank_account="2309 0101 0900 0123 456", home_rating=Organisation.HomeRating.ADVANCED,
        home_rating_year=2023, document_code="甲工", **fields,
    )
    BranchFactory(parent=union, name="炼钢车间分会", employee_count=412)
    BranchFactory(parent=union, name="轧钢车间分会", employee_count=365)
    for role, full_name, title in [
        (Role.UNION_OFFICER, "龚晓燕", "工会主席"),
        (Role.UNION_OFFICER, "覃德馨", "经审委员"),
        (Role.WELFARE_OFFICER, "鄢翠萍", "女职工委员"),
    ]:
        RoleAssignmentFactory(user=UserFactory(full_name=full_name), organisation=union, role=role, title=title)
    return union


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "title", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML document (what must come back out of the PDF)."""
    parser = _TextOnly()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def missing_characters(source: str, extracted: str) -> set[str]:
    """Characters of ``source`` (spaces aside) that do not come back out of the PDF."""
    return {c for c in source if not c.isspace()} - set(extracted)


def fonts_without_embedded_file(data: bytes) -> list[str]:
    """Names of the fonts used in the PDF that carry no embedded font program."""
    reader = PdfReader(io.BytesIO(data))
    problems = []
    seen = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(str(font.get("/BaseFont")))
    return problems


FONT_FILES = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
]


@lru_cache(maxsize=1)
def stack_coverage() -> frozenset[int]:
    """Code points with a real glyph in the document font stack (no tofu possible for these)."""
    from fontTools.ttLib import TTCollection

    covered: set[int] = set()
    for path in FONT_FILES:
        collection = TTCollection(path, lazy=True)
        for font in collection.fonts[:1]:  # the faces of a collection share the cmap coverage
            covered.update(font.getBestCmap())
    return frozenset(covered)
