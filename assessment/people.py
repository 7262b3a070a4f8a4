"""The rules of assessing people: writing and publishing the rubric, starting one sheet per
member, self-scores with evidence, review, results (grades and ranks with ties) and their
publication. Views call these; each change runs in a transaction with the rows two people
could change at once locked, and a broken rule raises ``AssessmentError`` with a sentence.

Totals, grades and ranks come from ``assessment.grading`` (the unit assessment's own rules):
优秀 at the rubric's excellent threshold, 合格 at its pass threshold, else 不合格; equal totals
share a rank and the next rank skips (1, 2, 2, 4).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from members.models import Member
from unionadmin.scoping import user_can

from . import grading
from .models import PeopleItem, PeopleRubric, PersonEvidence, PersonScore, PersonSheet
from .models.rubrics import end_of_day
from .services.errors import AssessmentError
from .services.sheets import _check_within, evidence_file_delete, evidence_store, submit_problems, upload_kind
from .services.sheets import parse_points as read_points

GRADE_LABELS = {
    grading.EXEMPLARY: gettext_lazy("Excellent"),
    grading.STANDARD: pgettext_lazy("grade", "Pass"),
    grading.NO_GRADE: pgettext_lazy("grade", "Fail"),
}


def grade_label(grade: str) -> str:
    return str(GRADE_LABELS.get(grade, GRADE_LABELS[grading.NO_GRADE]))


# --- who may enter a person's self-scores: the one place to widen for a member portal ----------
def may_self_score(user, sheet: PersonSheet) -> bool:
    """Members have no login yet, so one of the union's own officers enters the person's
    self-scores on their behalf. A member portal would add here: or the member themself."""
    return user_can(user, "score", sheet)


def self_scorers(sheet: PersonSheet) -> set[int]:
    """Everyone who ever entered one of this person's self-scores, submitted the sheet or
    uploaded its evidence: none of them may review it (one pair of eyes enters, another
    checks). Read from the history, not the current rows: a colleague re-saving or a return
    (which clears ``submitted_by``) must not wash the enterer out."""
    entered = set(PersonScore.history.filter(sheet_id=sheet.pk, history_change_reason="self-assessed")
                  .exclude(saved_by=None).values_list("saved_by_id", flat=True))
    entered |= set(PersonSheet.history.filter(id=sheet.pk).exclude(submitted_by=None)
                   .values_list("submitted_by_id", flat=True))
    entered |= set(PersonEvidence.objects.filter(score__sheet=sheet).exclude(uploaded_by=None)
                   .values_list("uploaded_by_id", flat=True))
    return entered


def may_review(user, sheet: PersonSheet) -> bool:
    return user_can(user, "review", sheet) and user.pk not in self_scorers(sheet)


# --- the rubric ------------------------------------------------------------------------------
def rubric_create(user, *, union, year, title, deadline, excellent_threshold, pass_threshold) -> PeopleRubric:
    if excellent_threshold < pass_threshold:
        raise AssessmentError(_("The points for “excellent” cannot be fewer than those for “pass”."))
    if union.level != union.Level.GRASSROOTS:
        # A federation or industry union would score the members of every union below it.
        raise AssessmentError(_("A grassroots union assesses its own members; choose a grassroots union."))
    rubric = PeopleRubric(union=union, year=year, title=title.strip(), deadline=deadline,
                          excellent_threshold=excellent_threshold, pass_threshold=pass_threshold, created_by=user)
    if not user_can(user, "change", rubric):
        raise AssessmentError(_("Only the union's own officers write its assessment of people."))
    rubric.save()
    return rubric


def _locked_rubric(rubric) -> PeopleRubric:
    return PeopleRubric.objects.select_for_update().get(pk=rubric.pk)


def item_add(rubric: PeopleRubric, user, *, area, title, kind, maximum, guidance="", evidence_required=False):
    with transaction.atomic():
        locked = _locked_rubric(rubric)
        if not locked.is_draft:
            raise AssessmentError(_("The assessment is published; its items no longer change."))
        # After the last number, not the count: after a removal the count repeats a number.
        position = (locked.items.aggregate(last=Max("position"))["last"] or 0) + 1
        return PeopleItem.objects.create(rubric=locked, position=position, area=area.strip(), title=title.strip(),
                                         kind=kind, maximum=maximum, guidance=guidance,
                                         evidence_required=evidence_required)


def item_delete(item: PeopleItem, user):
    with transaction.atomic():
        locked = _locked_rubric(item.rubric)
        if not locked.is_draft:
            raise AssessmentError(_("The assessment is published; its items no longer change."))
        item.delete()


def standard_maximum(rubric: PeopleRubric) -> Decimal:
    return sum((i.maximum for i in rubric.items.all() if i.kind == PeopleItem.Kind.STANDARD), Decimal("0"))


def rubric_publish(rubric: PeopleRubric, user) -> PeopleRubric:
    with transaction.atomic():
        locked = _locked_rubric(rubric)
        if not locked.is_draft:
            raise AssessmentError(_("The assessment has already been published."))
        if not locked.items.filter(kind=PeopleItem.Kind.STANDARD).exists():
            raise AssessmentError(_("Add at least one standard item before publishing."))
        if standard_maximum(locked) < locked.pass_threshold:
            raise AssessmentError(_("The standard items give at most %(points)s points, fewer than the %(pass)s "
                                    "points for “pass”.") % {"points": standard_maximum(locked),
                                                             "pass": locked.pass_threshold})
        reachable = standard_maximum(locked) + sum(
            (i.maximum for i in locked.items.all() if i.kind == PeopleItem.Kind.BONUS), Decimal("0"))
        if reachable < locked.excellent_threshold:
            raise AssessmentError(_("The items give at most %(points)s points with every bonus, fewer than the "
                                    "%(excellent)s points for “excellent”: nobody could reach it.")
                                  % {"points": reachable, "excellent": locked.excellent_threshold})
        locked.state, locked.published_at = PeopleRubric.State.PUBLISHED, timezone.now()
        locked._change_reason = "published"
        locked.save()
    return locked


# --- sheets ----------------------------------------------------------------------------------
def own_branches(union):
    """The union itself and its branch unions and groups — down to the next union, never a
    grassroots union below (whose officers score their own members)."""
    from unionadmin.models import Organisation

    inner = (Organisation.Level.BRANCH, Organisation.Level.GROUP)
    return Organisation.objects.filter(Q(pk=union.pk) | Q(path__startswith=union.path, level__in=inner))


def eligible_members(rubric: PeopleRubric):
    """The members a union may assess: its current members and those of its branches."""
    return Member.objects.filter(union__in=own_branches(rubric.union), status=Member.Status.ACTIVE)


def sheets_start(rubric: PeopleRubric, user, members) -> int:
    """One sheet per member (with a score row per item); a member who already has one is
    skipped, so starting twice or for an overlapping list adds only the missing ones."""
    with transaction.atomic():
        locked = _locked_rubric(rubric)
        if locked.is_draft:
            raise AssessmentError(_("Publish the assessment before starting the sheets."))
        if locked.results_published:
            raise AssessmentError(_("The results are published; no sheet can be added."))
        wanted = set(members.values_list("pk", flat=True)) if hasattr(members, "values_list") else \
            {m.pk for m in members}
        allowed = set(eligible_members(locked).filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted - allowed:
            raise AssessmentError(_("Only current members of this union or its branches can be assessed."))
        existing = set(locked.sheets.values_list("member_id", flat=True))
        new = [PersonSheet(rubric=locked, member_id=pk) for pk in sorted(allowed - existing)]
        PersonSheet.objects.bulk_create(new)
        items = list(locked.items.all())
        PersonScore.objects.bulk_create([PersonScore(sheet=sheet, item=item, kind=item.kind, maximum=item.maximum)
                                         for sheet in new for item in items])
    return len(new)


def _locked_sheet(sheet) -> PersonSheet:
    return PersonSheet.objects.select_for_update(of=("self",)).select_related("rubric").get(pk=sheet.pk)


# --- the self-scores, until the deadline --------------------------------------------------------
def was_returned(sheet: PersonSheet) -> bool:
    """A draft its reviewer sent back (the return's reason is kept as the sheet's remark)."""
    return sheet.state == PersonSheet.State.DRAFT and bool(sheet.review_remark)


def past_deadline(sheet: PersonSheet) -> bool:
    """Whether the sheet's self-scores are closed by the rubric's deadline: from the end of its
    day on, except on a sheet the reviewer returned — as a unit's returned sheet gets time to
    resubmit, the correction asked for can still be made."""
    return timezone.now() >= end_of_day(sheet.rubric.deadline) and not was_returned(sheet)


def open_for_self_scores(sheet: PersonSheet) -> bool:
    return sheet.state == PersonSheet.State.DRAFT and not past_deadline(sheet)


def deadline_message(sheet: PersonSheet) -> str:
    return _("The self-assessment deadline (%(date)s) has passed; this sheet's self-scores and evidence can no "
             "longer be entered or submitted. Ask the officers running the assessment: they can withdraw a sheet "
             "not submitted in time.") % {"date": formats.date_format(sheet.rubric.deadline, "DATE_FORMAT")}


def _ensure_may_self_score(user, sheet: PersonSheet, *, submitted: str):
    """The checks before a self-score, an evidence file or the submission (``submitted`` is
    the refusal once the sheet is no longer a draft)."""
    if not may_self_score(user, sheet):
        raise AssessmentError(_("Only the union's officers enter a person's self-scores."))
    if sheet.state != PersonSheet.State.DRAFT:
        raise AssessmentError(submitted)
    if past_deadline(sheet):
        raise AssessmentError(deadline_message(sheet))


def parse_points(value, maximum, *, item=None) -> Decimal | None:
    """The unit sheets' reading of typed points (the same commas, places and bounds, the
    same words), with the item named so a refusal says which box to correct."""
    try:
        points = read_points(value)
        if points is not None:
            _check_within(points, maximum)
    except AssessmentError as error:
        if item is None:
            raise
        raise AssessmentError(_("Item %(item)s: %(problem)s") % {"item": item, "problem": error.message}) from None
    return points


def scores_save(sheet: PersonSheet, user, entries: dict) -> PersonSheet:
    """Self-scores for several items at once (``{item pk: {"points", "note"}}``); all or nothing."""
    with transaction.atomic():
        locked = _locked_sheet(sheet)
        _ensure_may_self_score(user, locked,
                               submitted=_("The sheet has been submitted; its self-scores no longer change."))
        now = timezone.now()
        scores = {s.item_id: s for s in locked.scores.select_related("item").filter(item_id__in=list(entries))}
        for item_id, values in entries.items():
            score = scores[item_id]
            points = parse_points(values.get("points"), score.maximum, item=score.item.position)
            note = (values.get("note") or "").strip()
            if (points, note) == (score.self_points, score.self_note):
                continue  # unchanged: whoever entered it stays its enterer
            score.self_points, score.self_note = points, note
            score.saved_at, score.saved_by = now, user
            score._change_reason = "self-assessed"
            score.save()
    return locked


def evidence_add(score: PersonScore, user, upload) -> PersonEvidence:
    kind = upload_kind(upload)
    with transaction.atomic():
        sheet = _locked_sheet(score.sheet)
        _ensure_may_self_score(user, sheet,
                               submitted=_("The sheet has been submitted; its evidence no longer changes."))
        return evidence_store(PersonEvidence, score, user, upload, kind)


def evidence_delete(evidence: PersonEvidence, user):
    """A wrong file taken off while the sheet is still being filled in (the file goes once
    the removal is committed)."""
    with transaction.atomic():
        sheet = _locked_sheet(evidence.score.sheet)
        _ensure_may_self_score(user, sheet,
                               submitted=_("The sheet has been submitted; its evidence no longer changes."))
        evidence_file_delete(evidence)


def sheet_withdraw(sheet: PersonSheet, user, reason: str) -> None:
    """Take a sheet out of the assessment before the results are published (a teacher who
    transferred or retired, a sheet started for the wrong branch), so it no longer holds up
    publishing. The sheet and its scores are deleted; the sheet's history keeps who withdrew
    it and why (the deletion's change reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError(_("Say why the sheet is withdrawn."))
    with transaction.atomic():
        locked = _locked_sheet(sheet)
        rubric = _locked_rubric(locked.rubric)
        if not user_can(user, "change", rubric):
            raise AssessmentError(_("Only the union's own officers withdraw a sheet."))
        if rubric.results_published:
            raise AssessmentError(_("The results are published; the sheet no longer changes."))
        names = list(PersonEvidence.objects.filter(score__sheet=locked).values_list("file", flat=True))
        locked._change_reason, locked._history_user = f"withdrawn: {reason}"[:100], user
        locked.delete()
        transaction.on_commit(lambda: [default_storage.delete(n) for n in names])


def sheet_problems(sheet: PersonSheet) -> list[str]:
    """What stops the sheet from being submitted (the unit sheets' rules, in this sheet's words)."""
    scores = sheet.scores.select_related("item").prefetch_related("evidence")
    return submit_problems(
        [(str(s.item.position), s) for s in scores],
        unscored=gettext_lazy("Score every standard item first; still without points: %(items)s."),
        unsupported=gettext_lazy("These items need evidence for the points claimed: %(items)s."))


def sheet_submit(sheet: PersonSheet, user) -> PersonSheet:
    with transaction.atomic():
        locked = _locked_sheet(sheet)
        _ensure_may_self_score(user, locked, submitted=_("The sheet has already been submitted."))
        problems = sheet_problems(locked)
        if problems:
            raise AssessmentError(" ".join(problems))
        locked.state, locked.submitted_at, locked.submitted_by = PersonSheet.State.SUBMITTED, timezone.now(), user
        locked._change_reason = "submitted"
        locked.save()
    return locked


def _check_reviewer(sheet, user):
    if not user_can(user, "review", sheet):
        raise AssessmentError(_("Only the union's own officers review its members' sheets."))
    if user.pk in self_scorers(sheet):
        raise AssessmentError(_("You entered this person's self-scores; another officer of the union must "
                                "review them."))


def sheet_review(sheet: PersonSheet, user, entries: dict, *, remark: str = "") -> PersonSheet:
    """The reviewer's points per item (``{item pk: {"points", "remark"}}``, blank keeps the
    self-score) and the sheet made final — never by whoever entered the self-scores."""
    with transaction.atomic():
        locked = _locked_sheet(sheet)
        if locked.state != PersonSheet.State.SUBMITTED:
            raise AssessmentError(_("Only a submitted sheet is reviewed."))
        _check_reviewer(locked, user)
        now = timezone.now()
        for score in locked.scores.select_related("item"):
            values = entries.get(score.item_id, {})
            points = parse_points(values.get("points"), score.maximum, item=score.item.position)
            score.reviewed_points = score.self_points if points is None else points
            score.review_remark = (values.get("remark") or "").strip()
            if score.reviewed_points != score.self_points and not score.review_remark:
                raise AssessmentError(_("Say why when you change a self-score (item %(item)s).")
                                      % {"item": score.item.position})
            score.reviewed_at, score.reviewed_by = now, user
            score._change_reason = "reviewed"
            score.save()
        locked.state, locked.finalised_at, locked.finalised_by = PersonSheet.State.FINAL, now, user
        locked.review_remark = remark.strip()
        locked._change_reason = "reviewed"
        locked.save()
    return locked


def sheet_return(sheet: PersonSheet, user, reason: str = "") -> PersonSheet:
    """Back to the self-scores (before the results are published), e.g. a missing certificate.
    The reason is required and kept as the sheet's remark: the officer reads it on the draft
    to know what to correct (the unit sheets require one too)."""
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError(_("Say what is to be corrected when you return a sheet."))
    with transaction.atomic():
        locked = _locked_sheet(sheet)
        if locked.rubric.results_published:
            raise AssessmentError(_("The results are published; the sheet no longer changes."))
        if locked.state != PersonSheet.State.SUBMITTED:
            raise AssessmentError(_("Only a submitted sheet can be returned."))
        _check_reviewer(locked, user)
        locked.state, locked.submitted_at, locked.submitted_by = PersonSheet.State.DRAFT, None, None
        locked.review_remark = reason
        locked._change_reason = "returned"
        locked.save()
    return locked


# --- results ---------------------------------------------------------------------------------
@dataclass
class PersonRow:
    sheet_id: int
    member_id: int
    name: str
    standard: Decimal
    bonus: Decimal
    deductions: Decimal
    total: Decimal
    grade: str
    rank: int | None = None
    # Who is who for the union above: two teachers may share a name (the branch and the post tell them apart).
    branch: str = ""
    post: str = ""

    @property
    def grade_label(self) -> str:
        return grade_label(self.grade)


def sheet_total(scores, rubric) -> tuple[Decimal, Decimal, Decimal, Decimal, str]:
    sums = {kind: Decimal("0") for kind in PeopleItem.Kind.values}
    for score in scores:
        sums[score.kind] += score.points or 0
    total = grading.sheet_total(sums["standard"], sums["bonus"], sums["deduction"])
    grade = grading.grade_for(total, standard=rubric.pass_threshold, exemplary=rubric.excellent_threshold)
    return grading.q2(sums["standard"]), grading.q2(sums["bonus"]), grading.q2(sums["deduction"]), total, grade


def live_results(rubric: PeopleRubric) -> list[PersonRow]:
    """The final sheets ranked within the rubric (one query for the scores)."""
    sheets = {s.pk: s for s in rubric.sheets.filter(state=PersonSheet.State.FINAL).select_related("member__union")}
    scores: dict[int, list] = {pk: [] for pk in sheets}
    for score in PersonScore.objects.filter(sheet_id__in=list(sheets)).only("sheet_id", "kind", "self_points",
                                                                            "reviewed_points"):
        scores[score.sheet_id].append(score)
    rows = []
    for pk, sheet in sheets.items():
        standard, bonus, deductions, total, grade = sheet_total(scores[pk], rubric)
        rows.append(PersonRow(pk, sheet.member_id, sheet.member.name, standard, bonus, deductions, total, grade,
                              branch=sheet.member.union.name, post=sheet.member.post))
    ranks = grading.competition_ranks(grading.Entry(r.sheet_id, "", r.total) for r in rows)
    for row in rows:
        row.rank = ranks[row.sheet_id]
    rows.sort(key=lambda r: (r.rank, r.name))
    return rows


def published_results(rubric: PeopleRubric) -> list[PersonRow]:
    rows = [PersonRow(s.pk, s.member_id, s.member.name, Decimal("0"), Decimal("0"), Decimal("0"), s.total,
                      s.grade, s.rank, branch=s.member.union.name, post=s.member.post)
            for s in rubric.sheets.filter(rank__isnull=False).select_related("member__union")]
    rows.sort(key=lambda r: (r.rank, r.name))
    return rows


def results_for(rubric: PeopleRubric) -> list[PersonRow]:
    return published_results(rubric) if rubric.results_published else live_results(rubric)


def results_publish(rubric: PeopleRubric, user) -> int:
    """Freeze totals, grades and ranks on the final sheets; sheets still being filled in or
    reviewed must be finished first (a person never scored is left out on purpose: start no
    sheet for them)."""
    with transaction.atomic():
        locked = _locked_rubric(rubric)
        if not user_can(user, "change", locked):
            raise AssessmentError(_("Only the union's own officers publish the results."))
        if locked.is_draft:
            raise AssessmentError(_("The assessment has not been published yet."))
        if locked.results_published:
            raise AssessmentError(_("The results have already been published."))
        pending = locked.sheets.exclude(state=PersonSheet.State.FINAL).count()
        if pending:
            raise AssessmentError(_("%(count)s sheets are not final yet; review them before publishing the results.")
                                  % {"count": pending})
        rows = live_results(locked)
        if not rows:
            raise AssessmentError(_("No sheet is final yet; there are no results to publish."))
        by_pk = {r.sheet_id: r for r in rows}
        sheets = list(locked.sheets.filter(pk__in=list(by_pk)))
        for sheet in sheets:
            row = by_pk[sheet.pk]
            sheet.total, sheet.grade, sheet.rank = row.total, row.grade, row.rank
        PersonSheet.objects.bulk_update(sheets, ["total", "grade", "rank"])
        locked.results_published_at, locked.results_published_by = timezone.now(), user
        locked._change_reason = "results published"
        locked.save()
    return len(rows)


def member_results(member, user):
    """A member's sheets this person may see, newest first (the member record's tab)."""
    return (PersonSheet.objects.visible_to(user).filter(member=member).select_related("rubric__union")
            .order_by("-rubric__year", "-pk"))


def members_for_choice(rubric: PeopleRubric, *, scope: str, branch=None, members=None):
    """The members a start form names: all eligible, a branch's, or a chosen list."""
    eligible = eligible_members(rubric)
    if scope == "branch":
        return eligible.filter(union__path__startswith=branch.path)
    if scope == "list":
        return eligible.filter(pk__in=[m.pk for m in members])
    return eligible

