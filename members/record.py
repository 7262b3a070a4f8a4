"""The members app's parts of "my record" (/me/record/) and of "my data" (issue 19).

Record sections (``unionadmin.portal.RecordSection``): the membership history (joined,
transfers, left and rejoined — every membership row of the login), dues paid and owed, and
honours with cadre posts. Personal-data sources (``PersonalDataSource``): everything the
members app holds about the person, the ID number in full (it is theirs), and who has viewed
their full ID number or mobile (the reveal log).

Everything here starts from the member's own rows (``memberships_of``): never a pk from a URL.
"""
from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionadmin.models import AuditEvent, RoleAssignment

from .arrears import months_behind, with_arrears
from .models import CadrePost, DuesPayment, Honour, JoinApplication, Member, TrainingRecord, Transfer
from .models.portal import CorrectionRequest, DataRightsRequest, ElectronicCard
from .portal_requests import field_display, field_label, memberships_of

# --- record sections -------------------------------------------------------------------------


def history_context(request, member):
    rows = list(memberships_of(member).select_related("union").order_by("joined_on", "pk"))
    transfers = list(Transfer.objects.filter(member__in=rows, state=Transfer.State.ACCEPTED)
                     .select_related("from_union", "to_union", "placed_in").order_by("decided_at", "pk"))
    events = []
    for row in rows:
        events.append({"date": row.joined_on, "kind": "joined", "union": _first_union(row, transfers),
                       "label": _("Joined the union")})
        if row.left_on or row.status != Member.Status.ACTIVE:
            events.append({"date": row.left_on, "kind": "left", "union": row.union,
                           "label": row.get_status_display()})
    for transfer in transfers:
        events.append({"date": timezone.localdate(transfer.decided_at) if transfer.decided_at else None,
                       "kind": "transfer", "union": transfer.placed_in or transfer.to_union,
                       "from_union": transfer.from_union, "label": _("Transferred")})
    events.sort(key=lambda e: (e["date"] or datetime.date.max, {"joined": 0, "transfer": 1, "left": 2}[e["kind"]]))
    return {"events": events, "memberships": rows}


def _first_union(row, transfers):
    """The union a membership began at: before its first accepted transfer, the sending one."""
    own = [t for t in transfers if t.member_id == row.pk]
    return own[0].from_union if own else row.union


def dues_context(request, member):
    rows = memberships_of(member)
    payments = list(DuesPayment.objects.filter(member__in=rows).select_related("union").order_by("-period")[:36])
    today = timezone.localdate()
    owed = []
    if member.status == Member.Status.ACTIVE:
        annotated = with_arrears(Member.objects.filter(pk=member.pk), today).values("first_unpaid").first()
        first_unpaid = annotated and annotated["first_unpaid"]
        behind = months_behind(first_unpaid, today)
        owed = [_add_months(first_unpaid, i) for i in range(behind)] if behind else []
    total_year = (DuesPayment.objects.filter(member__in=rows, period__year=today.year)
                  .aggregate(total=Sum("amount"))["total"])
    if not payments and not owed:
        return {"payments": [], "owed": [], "total_year": None, "year": today.year}
    return {"payments": payments, "owed": owed, "total_year": total_year, "year": today.year}


def _add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def honours_context(request, member):
    rows = memberships_of(member)
    honours = list(Honour.objects.filter(member__in=rows).order_by("-year", "title"))
    posts = list(CadrePost.objects.filter(member__in=rows).select_related("organisation").order_by("-term_start"))
    if not honours and not posts:
        return None
    return {"honours": honours, "posts": posts, "today": timezone.localdate()}


# --- the reveal log ------------------------------------------------------------------------


def reveals_of(member, *, limit: int | None = None) -> list[dict]:
    """Who viewed the person's full ID number or mobile, when, and which: the REVEAL audit
    events whose target is one of their membership rows or online applications. The viewer's
    organisation is where they hold the role that let them (the deepest one above the union)."""
    rows = list(memberships_of(member).values_list("pk", flat=True))
    applications = list(JoinApplication.objects.filter(Q(member_id__in=rows) | Q(member_elsewhere_id__in=rows))
                        .values_list("pk", flat=True))
    member_type = ContentType.objects.get_for_model(Member)
    application_type = ContentType.objects.get_for_model(JoinApplication)
    events = (AuditEvent.objects.filter(verb=AuditEvent.Verb.REVEAL)
              .filter(Q(target_type=member_type, target_id__in=[str(pk) for pk in rows])
                      | Q(target_type=application_type, target_id__in=[str(pk) for pk in applications]))
              .select_related("actor", "organisation").order_by("-at"))
    if limit:
        events = events[:limit]
    events = list(events)
    actors = {e.actor_id for e in events if e.actor_id}
    roles = list(RoleAssignment.objects.filter(user_id__in=actors).select_related("organisation"))
    labels = {"id_number": field_label("id_number"), "phone": field_label("phone")}
    result = []
    for event in events:
        field = (event.data or {}).get("field", "")
        result.append({
            "at": event.at,
            "viewer": event.actor.display_name if event.actor else _("(a deleted login)"),
            "organisation": _viewer_organisation(event, roles),
            "field": labels.get(field, field),
            "reason": (event.data or {}).get("reason", ""),
        })
    return result


def _viewer_organisation(event, roles):
    held = [r.organisation for r in roles if r.user_id == event.actor_id]
    if event.organisation is not None:
        above = [o for o in held if event.organisation.path.startswith(o.path)]
        if above:
            return max(above, key=lambda o: len(o.path))
    return held[0] if held else event.organisation


# --- personal-data sources -----------------------------------------------------------------


def _value(obj, field):
    """A field's value as a person reads it: a choice's label, a date as ISO text."""
    display = getattr(obj, f"get_{field}_display", None)
    value = display() if display else getattr(obj, field)
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        return ""
    return value if isinstance(value, (bool, int, float, str)) else str(value)


def _rows(queryset, fields) -> list[dict]:
    model = queryset.model
    labels = [(f, str(model._meta.get_field(f).verbose_name)) for f in fields]
    return [{label: _value(obj, f) for f, label in labels} for obj in queryset]


MEMBER_FIELDS = ("union", "name", "gender", "ethnicity", "id_number", "birth_date", "phone", "employer", "post",
                 "education", "employment_type", "political_status", "joined_on", "card_number", "card_issued_on",
                 "status", "left_on", "is_model_worker", "is_cadre")


def collect_memberships(member):
    return _rows(memberships_of(member).select_related("union").order_by("joined_on", "pk"), MEMBER_FIELDS)


def collect_transfers(member):
    return _rows(Transfer.objects.filter(member__in=memberships_of(member)).select_related("from_union", "to_union")
                 .order_by("sent_at"), ("from_union", "to_union", "reason", "state", "sent_at", "decided_at",
                                        "refusal_reason"))


def collect_dues(member):
    return _rows(DuesPayment.objects.filter(member__in=memberships_of(member)).select_related("union")
                 .order_by("period"), ("union", "period", "wage", "amount", "paid_on"))


def collect_honours(member):
    return _rows(Honour.objects.filter(member__in=memberships_of(member)).order_by("year"),
                 ("kind", "title", "level", "year", "awarded_by"))


def collect_posts(member):
    return _rows(CadrePost.objects.filter(member__in=memberships_of(member)).select_related("organisation")
                 .order_by("term_start"), ("organisation", "position", "term_start", "term_end", "note"))


def collect_training(member):
    return _rows(TrainingRecord.objects.filter(member__in=memberships_of(member)).order_by("started_on"),
                 ("course", "organiser", "level", "started_on", "hours"))


def collect_applications(member):
    rows = memberships_of(member)
    return _rows(JoinApplication.objects.filter(Q(member__in=rows) | Q(member_elsewhere__in=rows))
                 .select_related("union").order_by("submitted_at"),
                 ("union", "name", "id_number", "phone", "employer", "post", "employment_type", "education",
                  "political_status", "consented_at", "sensitive_consented_at", "notice_version", "state",
                  "submitted_at", "decided_at", "refusal_reason"))


def collect_cards(member):
    return _rows(ElectronicCard.objects.filter(member__in=memberships_of(member)).select_related("union")
                 .order_by("issued_at"), ("union", "card_number", "issued_at", "revoked_at", "revoke_reason"))


def collect_requests(member):
    rows = memberships_of(member)
    corrections = [{
        str(_("request")): str(_("Correction")),
        field_label_text(): field_label(r.field),
        str(CorrectionRequest._meta.get_field("proposed_value").verbose_name): field_display(r.field, r.proposed_value),
        str(_("reason")): r.reason,
        str(_("state")): r.get_state_display(),
        str(_("submitted at")): _value(r, "submitted_at"),
        str(_("answer")): r.answer,
    } for r in CorrectionRequest.objects.filter(member__in=rows).order_by("submitted_at")]
    data_requests = [{
        str(_("request")): r.get_kind_display(),
        str(_("reason")): r.reason,
        str(_("state")): r.get_state_display(),
        str(_("submitted at")): _value(r, "submitted_at"),
        str(_("outcome")): r.outcome,
    } for r in DataRightsRequest.objects.filter(member__in=rows).order_by("submitted_at")]
    return corrections + data_requests


def field_label_text():
    return str(CorrectionRequest._meta.get_field("field").verbose_name)


def collect_reveals(member):
    return [{str(_("time")): timezone.localtime(r["at"]).strftime("%Y-%m-%d %H:%M"), str(_("who")): str(r["viewer"]),
             str(_("organisation")): str(r["organisation"] or ""), str(_("field")): str(r["field"])}
            for r in reveals_of(member)]


def register():
    from unionadmin.portal import PersonalDataSource, RecordSection, add_personal_data_source, add_record_section

    add_record_section(RecordSection("member_history", _("Membership history"), "members/portal/_record_history.html",
                                     history_context, order=10))
    add_record_section(RecordSection("member_dues", _("Dues"), "members/portal/_record_dues.html", dues_context, order=20))
    add_record_section(RecordSection("member_honours", _("Honours and union posts"), "members/portal/_record_honours.html",
                                     honours_context, order=30))
    for order, (key, label, collect) in enumerate((
        ("membership_record", _("Membership record"), collect_memberships),
        ("join_applications", _("Online applications to join"), collect_applications),
        ("membership_transfers", _("Transfers"), collect_transfers),
        ("dues_paid", _("Dues paid"), collect_dues),
        ("member_honours", _("Honours"), collect_honours),
        ("cadre_posts", _("Union posts"), collect_posts),
        ("cadre_training", _("Training"), collect_training),
        ("electronic_cards", _("Electronic membership cards"), collect_cards),
        ("member_requests", pgettext_lazy("my data", "Requests to the union"), collect_requests),
        ("personal_data_views", _("Views of my full ID number or mobile"), collect_reveals),
    )):
        add_personal_data_source(PersonalDataSource(key, label, collect, order=order + 1))
