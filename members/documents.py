"""The printable card sheet (会员证) and the roster (会员花名册), made by the PDF pipeline.

A card sheet shows what the card itself shows: name, gender, union, number and date of issue —
no ID or mobile numbers, so it needs no masking and depends on nobody's permissions.

The roster is the filtered member list as an office files it. Which members it holds and
whether ID and mobile numbers are masked depend on the person who asked, so its options carry
the requester (set by the roster page's view, never by the request form) besides the filter:
the worker reads the members through ``visible_to(requester)`` and the same FilterSet as the
page, and masks as the export does. The options are part of the content hash, so one
person's roster is never handed to another.

The roster's XLSX and CSV exports above ``MEMBERS_EXPORT_INLINE_ROWS`` rows are two more kinds
with the same options, written by the worker with the inline export's own writers
(members/exports.py). Their fingerprint is what the file is made from without reading the
rows: the database's change stamps of the member and organisation tables (every write moves
them, whatever wrote it), and the requester's subtrees for seeing and revealing members (so a
file made while someone could see full ID numbers is never handed to them after they lost
that right). Unchanged data, the same filter, the same person: the stored file is reused.
"""
from django.utils import timezone
from django.utils.translation import gettext as _

KIND = "members.card_sheet"
ROSTER_KIND = "members.roster"
ROSTER_XLSX_KIND = "members.roster_xlsx"
ROSTER_CSV_KIND = "members.roster_csv"
CARDS_PER_PAGE = 10
# ~50 landscape pages. WeasyPrint laid out 1,000 rows in 93 s and 2,000 in 140 s on the
# loaded 2-core test box, against the task's 120-s soft limit: a larger roster is for the
# XLSX export, or a PDF per unit.
ROSTER_MAX_ROWS = 1000


def _context(batch, options):
    members = list(batch.members.select_related("union").order_by("card_number"))
    pages = [members[i:i + CARDS_PER_PAGE] for i in range(0, len(members), CARDS_PER_PAGE)]
    return {"batch": batch, "pages": pages, "union": batch.union}


def _filename(batch, options):
    return _("Member cards %(first)s-%(last)s.pdf") % {"first": batch.number(batch.first_number),
                                                       "last": batch.number(batch.last_number)}


def _organisation(batch):
    return batch.union


def roster_members(user, data):
    """The members ``user`` may see through the roster's FilterSet bound to ``data`` (the
    page's, the export's and the PDF's rows alike); the FilterSet comes back too."""
    from .filters import MemberFilter
    from .models import Member

    filterset = MemberFilter(data or None, queryset=Member.objects.visible_to(user, "view"), user=user)
    if filterset.is_bound and filterset.is_valid():
        return filterset.qs, filterset
    return filterset.queryset.order_by("union__path", "name", "pk"), filterset


def roster_filter_data(filterset) -> dict:
    """The filter as applied, as strings for the job's options (an invalid FilterSet: none)."""
    if not (filterset.is_bound and filterset.is_valid()):
        return {}
    return {name: str(value) for name, value in filterset.form.data.items()
            if name in filterset.filters and value}


def _applied_filters(filterset):
    """[(label, shown value)] for the roster's heading."""
    applied = []
    if not (filterset.is_bound and filterset.is_valid()):
        return applied
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "") or name == "sort":
            continue
        field = filterset.form.fields[name]
        if isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            shown = dict(field.choices).get(value, value)
        else:
            shown = getattr(value, "name", value)
        applied.append((field.label, shown))
    return applied


def _roster_context(organisation, options):
    from django.contrib.auth import get_user_model

    from .exports import RevealCheck
    from .models import Member

    user = get_user_model().objects.filter(pk=options.get("requester")).first()
    if user is None:  # the person was deleted meanwhile: an empty roster, never someone else's
        members, filterset = Member.objects.none(), None
    else:
        members, filterset = roster_members(user, options.get("filters"))
    may_reveal = RevealCheck(user) if user is not None else (lambda union: False)
    members = members.select_related("union").only(
        "name", "gender", "ethnicity", "id_number", "birth_date", "phone", "employer", "education",
        "employment_type", "political_status", "joined_on", "card_number", "status", "is_model_worker", "is_cadre",
        "union__name", "union__short_name", "union__path",
    )[:ROSTER_MAX_ROWS]
    rows, masked = [], False
    for member in members:
        allowed = may_reveal(member.union)
        masked = masked or not allowed
        rows.append({
            "member": member,
            "id_number": member.id_number if allowed else Member.personal_fields["id_number"](member.id_number),
            "phone": member.phone if allowed else Member.personal_fields["phone"](member.phone),
        })
    return {
        "organisation": organisation,
        "rows": rows,
        "masked": masked,
        "filters": _applied_filters(filterset) if filterset is not None else [],
        "today": timezone.localdate(),
    }


def _roster_filename(organisation, options):
    return _("Member roster %(organisation)s %(date)s.pdf") % {
        "organisation": organisation.name, "date": timezone.localdate().strftime("%Y%m%d")}


def _requester(options):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=options.get("requester")).first()


def _export_fingerprint(organisation, options):
    from unionadmin import stamps
    from unionadmin.models import Organisation

    from .models import Member

    user = _requester(options)
    if user is None:
        return None
    return {
        "data": stamps.token([Member._meta.db_table, Organisation._meta.db_table]),
        "superuser": user.is_superuser,
        "view": Member.scope.organisation_paths(user, "view"),
        "reveal": Member.scope.organisation_paths(user, "reveal"),
    }


def _write_export(write, options, out, progress):
    """The requester's filtered roster into ``out``, by the inline export's ``write``; the job's
    bar follows the rows written (one count first: the total)."""
    user = _requester(options)
    if user is None:  # the person was deleted meanwhile (their job goes with them)
        raise LookupError("the roster's requester no longer exists")
    members, _filterset = roster_members(user, options.get("filters"))
    total = members.count()
    write(out, user, members, on_rows=lambda done: progress(done, total))


def _write_xlsx(organisation, options, out, progress):
    from .exports import xlsx_into

    _write_export(xlsx_into, options, out, progress)


def _write_csv(organisation, options, out, progress):
    from .exports import csv_into

    _write_export(csv_into, options, out, progress)


def export_filename(extension: str) -> str:
    """The export's file name, the same inline and from the worker."""
    return _("members-%(stamp)s") % {"stamp": timezone.localtime().strftime("%Y%m%d-%H%M")} + f".{extension}"


def _xlsx_filename(organisation, options):
    return export_filename("xlsx")


def _csv_filename(organisation, options):
    return export_filename("csv")


def _itself(organisation):
    return organisation


def roster_scope_organisation(user, filterset):
    """The organisation a roster is made for: the unit filtered to, else the highest one
    where the person may see members (None: they may see none)."""
    from unionadmin.scoping import organisations_where

    from .models import Member

    within = filterset.form.cleaned_data.get("within") if filterset.is_bound and filterset.is_valid() else None
    return within or organisations_where(user, Member, "view").order_by("depth", "path").first()


def register():
    try:
        from unionadmin.documents.kinds import DocumentKind, registry
    except ImportError:  # the pipeline is not installed
        return
    from django.utils.translation import gettext_lazy

    from unionadmin.models import Organisation

    from .models import CardBatch

    registry.register(DocumentKind(
        code=KIND, label=gettext_lazy("Member card sheet"), model=CardBatch, template="members/pdf/card_sheet.html",
        context=_context, filename=_filename, organisation=_organisation,
    ))
    # No allowed_options: the requester and the filter are set by the roster page's view.
    registry.register(DocumentKind(
        code=ROSTER_KIND, label=gettext_lazy("Member roster"), model=Organisation,
        template="members/pdf/roster.html", context=_roster_context, filename=_roster_filename,
        organisation=_itself,
    ))
    from .exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

    for code, label, write, filename, extension, content_type in (
        (ROSTER_XLSX_KIND, gettext_lazy("Member roster (Excel)"), _write_xlsx, _xlsx_filename, "xlsx",
         XLSX_CONTENT_TYPE),
        (ROSTER_CSV_KIND, gettext_lazy("Member roster (CSV)"), _write_csv, _csv_filename, "csv", CSV_CONTENT_TYPE),
    ):
        registry.register(DocumentKind(
            code=code, label=label, model=Organisation, filename=filename, organisation=_itself, write=write,
            fingerprint=_export_fingerprint, extension=extension, content_type=content_type,
        ))


def card_sheet_available() -> bool:
    try:
        from unionadmin.documents.kinds import registry
    except ImportError:
        return False
    return KIND in registry


def roster_pdf_available() -> bool:
    try:
        from unionadmin.documents.kinds import registry
    except ImportError:
        return False
    return ROSTER_KIND in registry


def roster_export_available() -> bool:
    try:
        from unionadmin.documents.kinds import registry
    except ImportError:
        return False
    return ROSTER_XLSX_KIND in registry and ROSTER_CSV_KIND in registry
