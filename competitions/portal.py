"""What competitions offers the member portal (issue 19), registered from CompetitionsConfig.ready():

* record sections: "competitions and honours" (labour-competition entries that name the member,
  and honours conferred on them through a nomination), "events" (their sign-ups), and
  "rationalisation proposals" (those they submitted online);
* portal actions: "Sign up for an event" (while an event is open to them) and "Submit a
  rationalisation proposal" (a current member);
* the personal-data source "competitions": the same rows, for "my data".

Everything is read from the member's own rows: ``Entry.members``, ``Nomination.member``,
``EventParticipant.member`` and ``ImprovementProposal.member``.
"""
from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionadmin.portal import PersonalDataSource, PortalAction, RecordSection

from .models import Entry, EventParticipant, ImprovementProposal, Nomination, SportsEvent


def member_entries(member):
    return (Entry.objects.filter(members=member).select_related("competition", "organisation", "award")
            .order_by("-competition__year", "-competition__pk", "number"))


def member_honours(member):
    """Honours conferred on the member through a nomination (a collective's are not theirs) that
    have no row on the member's own record: conferring writes a members.Honour, which the
    members app's "Honours" section already lists."""
    return (Nomination.objects.filter(member=member, state=Nomination.State.CONFERRED, honour__isnull=True)
            .select_related("scheme", "scheme__union").order_by("-scheme__year", "-pk"))


def member_signups(member):
    return (EventParticipant.objects.filter(member=member).select_related("event", "event__organiser")
            .order_by("-event__starts_on", "-pk"))


def member_proposals(member):
    return ImprovementProposal.objects.filter(member=member).select_related("union").order_by("-submitted_on", "-pk")


def competitions_section(request, member):
    entries, honours = list(member_entries(member)), list(member_honours(member))
    if not entries and not honours:
        return None
    return {"entries": entries, "honours": honours}


def events_section(request, member):
    signups = list(member_signups(member))
    return {"signups": signups} if signups else None


def proposals_section(request, member):
    proposals = list(member_proposals(member))
    return {"proposals": proposals} if proposals else None


def has_open_event(member) -> bool:
    today = timezone.localdate()
    return (SportsEvent.objects.open_to(member).upcoming(today)
            .filter(signup_closes__gte=today).exists())


def is_current_member(member) -> bool:
    return member.status == member.Status.ACTIVE


def collect(member) -> list[dict]:
    """Every competitions row about the member, readable, for "my data"."""
    what, title = pgettext_lazy("portal record", "Kind of record"), pgettext_lazy("portal record", "Title")
    date, detail = _("Date"), pgettext_lazy("portal record", "Details")
    rows = []
    for entry in member_entries(member):
        rows.append({
            what: str(_("Competition entry")), title: entry.competition.title, date: entry.competition.year,
            detail: ", ".join(str(x) for x in (entry.name, entry.organisation, entry.get_status_display(),
                                               entry.award if entry.competition.is_published else "") if x),
        })
    for nomination in member_honours(member):
        rows.append({
            what: str(_("Honour")), title: nomination.scheme.honour_title, date: nomination.scheme.conferred_on,
            detail: ", ".join(x for x in (str(nomination.scheme.union), nomination.certificate_number) if x),
        })
    for signup in member_signups(member):
        rows.append({
            what: str(_("Event sign-up")), title: signup.event.title, date: signup.event.starts_on,
            detail: ", ".join(x for x in (timezone.localtime(signup.signed_up_at).strftime("%Y-%m-%d %H:%M"),
                                          str(signup.place or ""), signup.result) if x),
        })
    for proposal in member_proposals(member):
        rows.append({
            what: str(_("Rationalisation proposal")), title: proposal.title, date: proposal.submitted_on,
            detail: ", ".join(x for x in (str(proposal.union), str(proposal.get_state_display()),
                                          proposal.problem, proposal.suggestion, proposal.expected_benefit) if x),
        })
    return rows


def register():
    from unionadmin.portal import add_personal_data_source, add_portal_action, add_record_section

    add_record_section(RecordSection("competitions", _("Competitions and honours"),
                                     "competitions/portal/_record_competitions.html", competitions_section, order=50))
    add_record_section(RecordSection("competition_events", _("Sports and culture events"),
                                     "competitions/portal/_record_events.html", events_section, order=55))
    add_record_section(RecordSection("improvement_proposals", _("Rationalisation proposals"),
                                     "competitions/portal/_record_proposals.html", proposals_section, order=60))
    add_portal_action(PortalAction("event_sign_up", _("Sign up for an event"), "competitions_portal:event_list",
                                   icon="trophy", description=_("Sports and culture events open to your union."),
                                   order=40, available=has_open_event))
    add_portal_action(PortalAction("improvement_proposal_submit", _("Submit a rationalisation proposal"),
                                   "competitions_portal:proposal_create", icon="lightbulb",
                                   description=_("Your idea goes to the union under your name."), order=45,
                                   available=is_current_member))
    add_personal_data_source(PersonalDataSource("competitions", _("Competitions, honours, events and proposals"),
                                                collect, order=50))
