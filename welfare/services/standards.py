"""Minimum-living lines: saving one recomputes every open file it may apply to.

A line decides which households qualify (the suggested category, the edge flag), so a line
and the figures of the files it applies to must never disagree: ``standard_save`` saves the
line and recomputes every open file in its area in one transaction — if any file cannot be
saved, the line is not changed either and no file is.
"""
from __future__ import annotations

from django.db import transaction

from unionadmin.scoping import subtree_q

from ..models import HardshipFile, LivingStandard
from .files import file_recompute


def standard_save(standard: LivingStandard) -> int:
    """Save a new or changed line and recompute the open files it may apply to; returns how many.

    The files are those under the line's locality, and under its former locality when an
    edit moved it. Their rows are locked first, so a household edited at the same moment
    waits and is recomputed with the new line."""
    with transaction.atomic():
        areas = {standard.organisation.path}
        if standard.pk:
            former = LivingStandard.objects.filter(pk=standard.pk).values_list("organisation__path", flat=True).first()
            if former:
                areas.add(former)
        standard.save()
        files = (HardshipFile.objects.open().filter(subtree_q(sorted(areas), "union__path"))
                 .select_related("union").select_for_update(of=("self",)).order_by("pk"))
        count = 0
        for file in files:
            file_recompute(file)
            count += 1
    return count
