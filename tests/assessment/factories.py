"""Assessment test data: rubrics built straight into the database (the services are tested on
their own), sheets, and the ``CROSS_TENANT`` entries of the cross-tenant matrix."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from assessment.models import (
    Appeal,
    Evidence,
    ItemScore,
    Rubric,
    RubricArea,
    RubricItem,
    RubricVersion,
    UnitAssessment,
)

D = Decimal
PDF_BYTES = b"%PDF-1.4\n%test evidence\n"

# (area, [(title, maximum, extra fields)]) — the scored items add up to 100.
SMALL_RUBRIC = [
    ("组织建设", [("工会组织健全，按期换届", 30, {}), ("会员实名制管理", 30, {"evidence_required": True})]),
    ("维权服务", [("签订集体合同", 40, {})]),
]
SPECIAL = [
    ("bonus", "获得县级以上表彰", 5, {}),
    ("deduction", "未按时报送材料", 5, {}),
    ("veto", "发生重大安全事故或群体性事件", 0, {}),
]


def _next_year(federation) -> int:
    return 2000 + Rubric.objects.filter(federation=federation).count()


def build_rubric(federation, *, year=None, areas=SMALL_RUBRIC, special=SPECIAL, publish=True, deadline=None,
                 title=None, **version_fields) -> Rubric:
    year = year or _next_year(federation)
    rubric = Rubric.objects.create(
        federation=federation, year=year, title=title or f"{federation.name}{year}年目标管理考核细则",
        deadline=deadline or timezone.localdate() + datetime.timedelta(days=30),
    )
    version = RubricVersion.objects.create(rubric=rubric, number=1, categories=["organ", "enterprise", "institution",
                                                                               "industry"], **version_fields)
    for a, (name, items) in enumerate(areas):
        area = RubricArea.objects.create(version=version, position=a, name=name)
        for i, (item_title, maximum, extra) in enumerate(items):
            RubricItem.objects.create(version=version, area=area, position=i, title=item_title, maximum=D(maximum),
                                      **extra)
    for i, (kind, item_title, maximum, extra) in enumerate(special):
        RubricItem.objects.create(version=version, kind=kind, position=i, title=item_title, maximum=D(maximum),
                                  **extra)
    if publish:
        publish_directly(version)
    return rubric


def publish_directly(version):
    version.state = RubricVersion.State.PUBLISHED
    version.published_at = timezone.now()
    version.save()
    Rubric.objects.filter(pk=version.rubric_id).update(current_version=version)
    version.rubric.refresh_from_db()
    return version


def build_sheet(rubric, unit, **fields) -> UnitAssessment:
    rubric.refresh_from_db()
    sheet = UnitAssessment.objects.create(rubric=rubric, version=rubric.current_version, unit=unit, **fields)
    ItemScore.objects.bulk_create([ItemScore(assessment=sheet, item=item, kind=item.kind, maximum=item.maximum)
                                   for item in rubric.current_version.items.all()])
    return sheet


def fill(sheet, points: dict | None = None, default=None):
    """Self-scores: ``points`` by item title, else ``default`` share of each maximum."""
    for score in sheet.scores.select_related("item"):
        if score.kind == "veto":
            continue
        value = (points or {}).get(score.item.title)
        if value is None and default is not None and score.kind == "standard":
            value = (score.maximum * D(default)).quantize(D("0.01"))
        if value is not None:
            score.self_points = D(value)
            score.save()
    return sheet


def mark(sheet, state, **fields):
    """Put a sheet into a state directly (with the times its constraints need)."""
    now = timezone.now()
    sheet.state = state
    if state != "draft":
        sheet.submitted_at = sheet.submitted_at or now
    if state in ("reviewed", "finalised"):
        sheet.released_at = sheet.released_at or now
        sheet.appeals_close_at = sheet.appeals_close_at or now + datetime.timedelta(days=5)
    if state == "finalised":
        sheet.finalised_at = sheet.finalised_at or now
    for name, value in fields.items():
        setattr(sheet, name, value)
    sheet.save()
    return sheet


def review_all(sheet, points: dict | None = None):
    """Reviewed points = self points (or ``points`` by title) on every item."""
    for score in sheet.scores.select_related("item"):
        if score.kind == "veto":
            score.reviewed_vetoed = (points or {}).get(score.item.title, score.self_vetoed)
        else:
            value = (points or {}).get(score.item.title)
            score.reviewed_points = D(value) if value is not None else (score.self_points or D(0))
        score.reviewed_at = timezone.now()
        score.save()
    return sheet


def first_score(sheet, kind="standard"):
    return sheet.scores.filter(kind=kind).order_by("item__position", "item_id").first()


def evidence_for(score, name="证明.pdf", content=PDF_BYTES):
    evidence = Evidence(score=score, file_name=name, size=len(content), content_kind="pdf")
    evidence.file.save(name, ContentFile(content), save=False)
    evidence.save()
    return evidence


# --- the cross-tenant matrix ------------------------------------------------------------
def _draft_version(union):
    rubric = build_rubric(union, publish=False)
    return rubric.versions.get()


def _sheet(union):
    return build_sheet(build_rubric(union.parent), union)


def _appeal(union):
    sheet = mark(fill(_sheet(union), default="1"), "reviewed")
    score = first_score(sheet)
    score.reviewed_points = score.self_points - 1
    score.save()
    return Appeal.objects.create(score=score, reason="我们已按要求完成。", points_before=score.reviewed_points)


CROSS_TENANT = {
    Rubric: lambda union: build_rubric(union),
    RubricVersion: _draft_version,
    RubricArea: lambda union: _draft_version(union).areas.first(),
    RubricItem: lambda union: _draft_version(union).items.filter(kind="standard").first(),
    UnitAssessment: _sheet,
    ItemScore: lambda union: first_score(_sheet(union)),
    Evidence: lambda union: evidence_for(first_score(_sheet(union))),
    Appeal: _appeal,
}


def _merge_parts():
    """Parts added later keep their factories in ``factories_<part>.py`` next to this file, each
    with its own ``CROSS_TENANT``; the matrix reads this module's one dict."""
    import importlib
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("factories_*.py")):
        CROSS_TENANT.update(importlib.import_module(f"{__package__}.{path.stem}").CROSS_TENANT)


_merge_parts()
