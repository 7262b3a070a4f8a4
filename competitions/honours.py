"""Honours (评先评优): the rules of a scheme's steps, each in one transaction that locks the
scheme (so two officers nominating at once cannot both take the last place of a quota, and
conferral cannot race an objection being recorded).

* ``nomination_create``: a unit's officer nominates a member or a collective of the unit's own
  subtree while nominations are open; a quota that would be exceeded is refused.
* ``nomination_vet``: the scheme's union accepts, returns (for changes) or refuses, with a reason.
* ``scheme_publicise``: the accepted names are posted for the scheme's 公示 days.
* ``objection_record`` / ``objection_answer``: an objection during the notice, answered;
  upheld removes the nomination, dismissed keeps it.
* ``scheme_confer``: after the notice has ended, with no objection open, every accepted
  nomination is conferred and numbered; a person's honour becomes a ``members.Honour`` row.
* ``nominee_record``: what the vetting officer reads about the nominee (read only).
"""
from __future__ import annotations

import datetime
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Honour
from unionadmin.models import Organisation

from .models import Entry, HonourObjection, HonourQuota, HonourScheme, ImprovementProposal, Nomination
from .models.honours import ACTIVE_NOMINATION_STATES
from .services.errors import CompetitionError

SchemeState = HonourScheme.State
State = Nomination.State

# Which kind of members.Honour a person's honour becomes (the model-worker archive reads it).
HONOUR_KIND = {
    HonourScheme.Kind.MODEL_WORKER: Honour.Kind.MODEL_WORKER,
    HonourScheme.Kind.ADVANCED_WORKER: Honour.Kind.ADVANCED_WORKER,
    HonourScheme.Kind.MAY_DAY_MEDAL: Honour.Kind.MAY_DAY_MEDAL,
}


def _lock_scheme(scheme) -> HonourScheme:
    return HonourScheme.objects.select_for_update(of=("self",)).select_related("union").get(pk=scheme.pk)


def _lock_nomination(nomination) -> Nomination:
    return Nomination.objects.select_for_update(of=("self",)).get(pk=nomination.pk)


def _within(org, root) -> bool:
    return org.path.startswith(root.path)


# --- quotas ----------------------------------------------------------------------------------

def binding_quota(scheme: HonourScheme, unit: Organisation, *, quotas=None, orgs_by_path=None):
    """The quota that binds a nomination from ``unit``, as (quota, over): the nearest unit quota
    on the unit or one of its ancestors below the scheme's union, else the category quota of
    the nearest of them with a category that has one; ``over`` is the unit whose subtree the
    places are counted over. (None, None) when the scheme sets no quota at all (no limit);
    (None, unit) when it sets quotas but none for this unit (the unit has no place)."""
    quotas = list(scheme.quotas.all()) if quotas is None else quotas
    if not quotas:
        return None, None
    paths = [p for p in _ancestor_paths(unit.path) if p.startswith(scheme.union.path) and p != scheme.union.path]
    if orgs_by_path is None:
        orgs_by_path = {o.path: o for o in Organisation.objects.filter(path__in=paths)}
    chain = [orgs_by_path[p] for p in reversed(paths) if p in orgs_by_path]
    by_unit = {q.unit_id: q for q in quotas if q.unit_id}
    by_category = {q.category: q for q in quotas if q.category}
    for org in chain:
        if org.pk in by_unit:
            return by_unit[org.pk], org
    for org in chain:
        if org.category in by_category:
            return by_category[org.category], org
    return None, unit


def _ancestor_paths(path: str) -> list[str]:
    return [path[: i + 1] for i, c in enumerate(path) if c == "/"]


def places_taken(scheme: HonourScheme, over: Organisation) -> int:
    return scheme.nominations.filter(state__in=ACTIVE_NOMINATION_STATES, unit__path__startswith=over.path).count()


def quota_rows(scheme: HonourScheme, user) -> list[dict]:
    """Each quota with the places taken under it (a category quota's places are per unit; its
    "taken" is summed over the units of the category), in two queries plus one for the units.
    Only the nominations ``user`` may see are counted: the scheme's union sees every unit's, a
    unit its own (not how many a sibling unit has in flight)."""
    quotas = list(scheme.quotas.select_related("unit"))
    nominations = list(Nomination.objects.visible_to(user).filter(scheme=scheme, state__in=ACTIVE_NOMINATION_STATES)
                       .select_related("unit"))
    paths = {p for n in nominations for p in _ancestor_paths(n.unit.path)}
    orgs_by_path = {o.path: o for o in Organisation.objects.filter(path__in=paths)}
    taken: dict[int, int] = {}
    for nomination in nominations:
        quota, _over = binding_quota(scheme, nomination.unit, quotas=quotas, orgs_by_path=orgs_by_path)
        if quota is not None:
            taken[quota.pk] = taken.get(quota.pk, 0) + 1
    return [{"quota": quota, "taken": taken.get(quota.pk, 0)} for quota in quotas]


def quota_set(scheme: HonourScheme, *, by, unit=None, category: str = "", places: int) -> HonourQuota:
    with transaction.atomic():
        locked = _lock_scheme(scheme)
        if locked.state != SchemeState.OPEN:
            raise CompetitionError(_("Quotas can be set only while nominations are being taken."))
        if unit is not None and (unit.pk == locked.union_id or not _within(unit, locked.union)):
            raise CompetitionError(_("A quota is for a unit under %(union)s.") % {"union": locked.union})
        lookup = {"unit": unit} if unit is not None else {"category": category}
        quota, _created = HonourQuota.objects.update_or_create(scheme=locked, **lookup,
                                                              defaults={"places": places})
    return quota


# --- nominating and vetting ------------------------------------------------------------------

def nomination_create(scheme: HonourScheme, *, by, unit: Organisation, deeds: str, member=None,
                      collective: Organisation | None = None, collective_name: str = "") -> Nomination:
    deeds = (deeds or "").strip()
    with transaction.atomic():
        locked = _lock_scheme(scheme)
        if not locked.nominations_are_open:
            raise CompetitionError(_("Nominations to this scheme are not open."))
        if not _within(unit, locked.union):
            raise CompetitionError(_("%(unit)s is not under %(union)s.") % {"unit": unit, "union": locked.union})
        if locked.for_collectives:
            if collective is None or member is not None:
                raise CompetitionError(_("This honour is for a collective: choose the unit nominated."))
            if not _within(collective, unit):
                raise CompetitionError(_("A unit nominates only collectives of its own."), )
            if locked.kind == HonourScheme.Kind.MODEL_HOME and collective_name:
                # The honour is the union's home rating, not a team's.
                raise CompetitionError(_("A Model Workers' Home is the union itself: leave the team's name empty."))
        else:
            if member is None or collective is not None:
                raise CompetitionError(_("This honour is for a person: choose the member nominated."))
            if not _within(member.union, unit):
                raise CompetitionError(_("A unit nominates only its own members."))
        if not deeds:
            raise CompetitionError(_("Write the nominee's deeds."))
        duplicate = locked.nominations.filter(state__in=ACTIVE_NOMINATION_STATES)
        duplicate = (duplicate.filter(member=member) if member is not None
                     else duplicate.filter(collective=collective, collective_name=collective_name))
        if duplicate.exists():
            raise CompetitionError(_("This nominee has been nominated to this scheme already."))
        quota, over = binding_quota(locked, unit)
        if over is not None and quota is None:
            raise CompetitionError(_("%(unit)s has no place in this scheme's quotas.") % {"unit": unit})
        if quota is not None and places_taken(locked, over) >= quota.places:
            raise CompetitionError(
                _("The quota of %(unit)s for this scheme is %(places)s; it has been used up.")
                % {"unit": over, "places": quota.places})
        return Nomination.objects.create(scheme=locked, unit=unit, member=member, collective=collective,
                                         collective_name=collective_name, deeds=deeds, created_by=by)


def nomination_resubmit(nomination: Nomination, *, by, deeds: str) -> Nomination:
    deeds = (deeds or "").strip()
    with transaction.atomic():
        _lock_scheme(nomination.scheme)
        locked = _lock_nomination(nomination)
        if locked.state != State.RETURNED or locked.scheme.state != SchemeState.OPEN:
            raise CompetitionError(_("Only a returned nomination can be sent again, while the scheme is open."))
        if not deeds:
            raise CompetitionError(_("Write the nominee's deeds."))
        locked.deeds = deeds
        locked.state = State.SUBMITTED
        locked._change_reason = "resubmitted"
        locked.save()
    return locked


VET_STATES = {"accept": State.ACCEPTED, "return": State.RETURNED, "refuse": State.REFUSED}


def nomination_vet(nomination: Nomination, *, by, decision: str, reason: str = "") -> Nomination:
    reason = (reason or "").strip()
    with transaction.atomic():
        _lock_scheme(nomination.scheme)
        locked = _lock_nomination(nomination)
        if locked.state != State.SUBMITTED or locked.scheme.state != SchemeState.OPEN:
            raise CompetitionError(_("Only a submitted nomination can be vetted, while the scheme is open."))
        if locked.created_by_id is not None and locked.created_by_id == by.pk:
            # The one who nominated does not also vet (the scheme's union may nominate from
            # its own subtree, so its officers can hold both rights).
            raise CompetitionError(_("You sent this nomination: another officer of %(union)s vets it.")
                                   % {"union": locked.scheme.union})
        if decision not in VET_STATES:
            raise CompetitionError(_("Choose accept, return or refuse."))
        if decision != "accept" and not reason:
            raise CompetitionError(_("Give the reason for returning or refusing the nomination."))
        locked.state = VET_STATES[decision]
        locked.vetting_reason = reason
        locked.vetted_at = timezone.now()
        locked.vetted_by = by
        locked._change_reason = decision
        locked.save()
    return locked


# --- the public notice and objections --------------------------------------------------------

def scheme_publicise(scheme: HonourScheme, *, by, start: datetime.date) -> HonourScheme:
    with transaction.atomic():
        locked = _lock_scheme(scheme)
        if locked.state != SchemeState.OPEN:
            raise CompetitionError(_("The names of this scheme have been posted already."))
        if locked.nominations.filter(state__in=[State.SUBMITTED, State.RETURNED]).exists():
            raise CompetitionError(_("Vet every nomination first: some are still submitted or returned."))
        if not locked.nominations.filter(state=State.ACCEPTED).exists():
            raise CompetitionError(_("No nomination has been accepted: there is no name to post."))
        if timezone.localdate() <= locked.nominations_close:
            # Posting closes nominating to every unit: not before the units have had their window.
            raise CompetitionError(_("Nominations are open until %(close)s: post the names after they close.")
                                   % {"close": locked.nominations_close.isoformat()})
        earliest = earliest_notice_start(locked)
        if start < earliest or start > timezone.localdate():
            # A notice dated before the names were accepted would shorten (or empty) the days
            # people have to object.
            raise CompetitionError(
                _("The notice is dated between %(earliest)s (nominations closed and every name accepted) "
                  "and today.") % {"earliest": earliest.isoformat()})
        locked.state = SchemeState.PUBLICITY
        locked.publicity_start = start
        locked.publicity_end = HonourScheme.publicity_end_for(start, locked.publicity_days)
        locked._change_reason = "publicised"
        locked.save()
    return locked


def earliest_notice_start(scheme: HonourScheme) -> datetime.date:
    """The first day the names can be posted on: the day after nominations close, or the day
    the last accepted name was accepted when that is later."""
    last_vetted = (scheme.nominations.filter(state=State.ACCEPTED).order_by("-vetted_at")
                   .values_list("vetted_at", flat=True).first())
    earliest = scheme.nominations_close + datetime.timedelta(days=1)
    if last_vetted is not None:
        earliest = max(earliest, timezone.localdate(last_vetted))
    return earliest


def objection_record(nomination: Nomination, *, by, raised_by: str, channel: str, received_on: datetime.date,
                     content: str) -> HonourObjection:
    with transaction.atomic():
        scheme = _lock_scheme(nomination.scheme)
        locked = _lock_nomination(nomination)
        if scheme.state != SchemeState.PUBLICITY or locked.state != State.ACCEPTED:
            raise CompetitionError(_("Objections are recorded against a posted name during the public notice."))
        if received_on < scheme.publicity_start or received_on > timezone.localdate():
            raise CompetitionError(_("An objection is received between the posting of the notice and today."))
        if received_on > scheme.publicity_end:
            # The notice said until when objections are taken; a later letter is handled as any
            # other letter to the union, and does not hold up conferral.
            raise CompetitionError(_("The public notice ended on %(end)s: an objection received after it is "
                                     "not recorded against the nomination.") % {"end": scheme.publicity_end.isoformat()})
        if not (content or "").strip() or not (raised_by or "").strip():
            raise CompetitionError(_("Write who raised the objection and what it says."))
        return HonourObjection.objects.create(nomination=locked, raised_by=raised_by.strip(), channel=channel,
                                              received_on=received_on, content=content.strip(), recorded_by=by)


def objection_answer(objection: HonourObjection, *, by, upheld: bool, answer: str) -> HonourObjection:
    answer = (answer or "").strip()
    with transaction.atomic():
        _lock_scheme(objection.nomination.scheme)
        locked = HonourObjection.objects.select_for_update(of=("self",)).get(pk=objection.pk)
        if locked.state != HonourObjection.State.OPEN:
            raise CompetitionError(_("This objection has been answered already."))
        if not answer:
            raise CompetitionError(_("Write the answer given to the objection."))
        locked.state = HonourObjection.State.UPHELD if upheld else HonourObjection.State.DISMISSED
        locked.answer = answer
        locked.answered_on = timezone.localdate()
        locked.answered_by = by
        locked._change_reason = "upheld" if upheld else "dismissed"
        locked.save()
        if upheld:  # the name comes off the list
            nomination = _lock_nomination(locked.nomination)
            if nomination.state == State.ACCEPTED:
                nomination.state = State.REMOVED
                nomination._change_reason = "objection upheld"
                nomination.save()
    return locked


# --- conferral -------------------------------------------------------------------------------

def scheme_confer(scheme: HonourScheme, *, by, on: datetime.date | None = None) -> HonourScheme:
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = _lock_scheme(scheme)
        if locked.state != SchemeState.PUBLICITY:
            raise CompetitionError(_("Only a scheme whose names have been posted can be conferred."))
        if on <= locked.publicity_end:
            raise CompetitionError(_("The public notice runs until %(end)s; confer after it ends.")
                                   % {"end": locked.publicity_end.isoformat()})
        if HonourObjection.objects.filter(nomination__scheme=locked, state=HonourObjection.State.OPEN).exists():
            raise CompetitionError(_("An objection is still open: answer it before conferring."))
        nominations = list(locked.nominations.select_for_update(of=("self",)).filter(state=State.ACCEPTED)
                           .select_related("member", "collective", "unit").order_by("unit__path", "pk"))
        if not nominations:
            raise CompetitionError(_("No accepted nomination is left to confer."))
        for number, nomination in enumerate(nominations, start=1):
            nomination.state = State.CONFERRED
            nomination.certificate_number = f"{locked.year}-{locked.pk:03d}-{number:03d}"
            if nomination.member_id:
                nomination.honour = _person_honour(locked, nomination.member)
            elif locked.kind == HonourScheme.Kind.MODEL_HOME and not nomination.collective_name:
                # A named team's honour is the team's; the union's own home rating is the
                # union's (the form asks no team name for this kind).
                _rate_model_home(nomination.collective, locked.year)
            nomination._change_reason = "conferred"
            nomination.save()
        locked.state = SchemeState.CONFERRED
        locked.conferred_on = on
        locked._change_reason = "conferred"
        locked.save()
    return locked


def _person_honour(scheme: HonourScheme, member) -> Honour:
    """The honour on the member's record; one already entered by hand (same title and year) is
    linked rather than doubled (members.Honour is unique per member, title and year)."""
    kind = HONOUR_KIND.get(scheme.kind, Honour.Kind.OTHER)
    honour, created = Honour.objects.get_or_create(
        member=member, title=scheme.honour_title, year=scheme.year,
        defaults={"kind": kind, "level": scheme.level, "awarded_by": scheme.union.name})
    if not created and honour.kind != kind:
        # A hand-entered row defaults to "model worker"; the conferred scheme says which kind it
        # is (an 优秀工会干部 does not make a model worker, a 劳动模范 does).
        honour.kind = kind
        honour.save()
    return honour


def _rate_model_home(organisation: Organisation, year: int) -> None:
    """A 模范职工之家 conferred on a union is its Workers' Home rating (kept on the organisation);
    a rating already at "model" from a later year is left alone."""
    if organisation.home_rating == Organisation.HomeRating.MODEL and (organisation.home_rating_year or 0) >= year:
        return
    Organisation.objects.filter(pk=organisation.pk).update(home_rating=Organisation.HomeRating.MODEL,
                                                           home_rating_year=year)


# --- the nominee's record --------------------------------------------------------------------

# What separates the names in a proposal's "proposers" (李建华、王强 / 李建华, 王强 / 李建华 王强).
NAME_SEPARATORS = r"[、，,;；/\s]"


def nominee_record(nomination: Nomination, user) -> dict:
    """Read-only: what the members and competitions records say about the nominee; the
    proposals only as far as ``user`` may see them in the proposals pages."""
    proposals = ImprovementProposal.objects.visible_to(user)
    if nomination.member_id:
        member = nomination.member
        return {
            "honours": list(member.honours.all()),
            "cadre_posts": list(member.cadre_posts.select_related("organisation")),
            "archive": list(member.archive.all()[:10]),
            "entries": list(member.competition_entries.select_related("competition", "award")
                            .order_by("-competition__year")),
            # Proposals name their proposers in words, not by record: the member's own union's,
            # with the member's name as one whole name among the proposers (王芳 is not 王芳芳).
            "proposals": list(proposals.filter(
                union=member.union_id,
                proposer_name__regex=rf"(^|{NAME_SEPARATORS}){re.escape(member.name)}($|{NAME_SEPARATORS})")),
        }
    collective = nomination.collective
    return {
        "entries": list(Entry.objects.filter(organisation__path__startswith=collective.path)
                        .select_related("competition", "award").order_by("-competition__year")),
        "proposals": list(proposals.filter(union__path__startswith=collective.path)
                          .filter(Q(state=ImprovementProposal.State.IMPLEMENTED)
                                  | Q(state=ImprovementProposal.State.ADOPTED))),
        "past_honours": list(Nomination.objects.filter(collective=collective, state=State.CONFERRED)
                             .exclude(pk=nomination.pk).select_related("scheme")),
        "home_rating": collective,
    }
