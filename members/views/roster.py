"""The roster (会员名册) and its exports."""
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Window
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from unionadmin.models import AuditEvent, Organisation
from unionadmin.pagination import Paginator
from unionadmin.views.mixins import ScopedObjectMixin

from .. import documents, exports
from ..filters import MemberFilter
from ..models import Member

ROSTER_FIELDS = ("name", "gender", "id_number", "employment_type", "joined_on", "card_number", "status",
                 "is_model_worker", "is_cadre", "union__name", "union__short_name", "union__path")


class FilteredMembersMixin(ScopedObjectMixin):
    """The members the user may see, through the roster's filters (pages and exports alike)."""

    model = Member

    def get_queryset(self):
        self.filterset = MemberFilter(self.request.GET or None, queryset=super().get_queryset(),
                                      user=self.request.user)
        if self.filterset.is_bound and self.filterset.is_valid():
            return self.filterset.qs
        return self.filterset.queryset.order_by("union__path", "name", "pk")

    def roster_organisation(self):
        """The organisation a roster document is made for (404: the person sees no members)."""
        organisation = documents.roster_scope_organisation(self.request.user, self.filterset)
        if organisation is None:
            raise Http404("no members in the user's scope")
        return organisation

    def request_roster_document(self, kind, organisation):
        """Ask the document pipeline for the filtered roster as ``kind``, made for this person
        (their scope, their right to see ID numbers); the job, or None and a message saying why."""
        from unionadmin.documents.services import DocumentError, document_request

        options = {"filters": documents.roster_filter_data(self.filterset), "requester": self.request.user.pk}
        try:
            return document_request(user=self.request.user, kind=kind, obj=organisation, options=options)
        except DocumentError as exc:
            messages.error(self.request, exc.message)
            return None

    def back_to_roster(self):
        return redirect(f"{reverse('members:member_list')}?{self.request.GET.urlencode()}")


class MemberListView(FilteredMembersMixin, ListView):
    paginate_by = 50
    paginator_class = Paginator
    template_name = "members/member_list.html"

    def optimise(self, queryset):
        return queryset.select_related("union").only(*ROSTER_FIELDS)

    def get_paginator(self, queryset, per_page, **kwargs):
        # The roster as first opened lists every member in scope: 2 million at a province,
        # whose COUNT(*) alone took 0.3 s. The tally holds the same number.
        known = self.filterset.tallied_count()
        if known is not None:
            return super().get_paginator(queryset, per_page, known_count=known, **kwargs)
        page = self.request.GET.get(self.page_kwarg) or "1"
        if kwargs.get("orphans") or not (self._searching() and page.isascii() and page.isdigit() and int(page) >= 1):
            return super().get_paginator(queryset, per_page, **kwargs)
        # A search reads every member it finds to sort them (unit, then name): the page's rows
        # carry the total (COUNT(*) OVER ()), one pass over them instead of a second one to count
        # (张伟 across the province: 4,715 found, 47 ms instead of twice that). Not for a single
        # character: a surname finds one member in twenty, the planner (misjudging how many)
        # reads the whole province union by union to number them (2.4 s); the page alone stops
        # after its 50 rows and the count reads only those found.
        number = int(page)
        start = (number - 1) * per_page
        rows = list(queryset.annotate(roster_found=Window(Count("pk")))[start:start + per_page])
        if not rows and number > 1:  # past the end: counted, and the paginator says so
            return super().get_paginator(queryset, per_page, **kwargs)
        return super().get_paginator(queryset, per_page, known_count=rows[0].roster_found if rows else 0,
                                     page_rows=(number, rows), **kwargs)

    def _searching(self) -> bool:
        """Whether a search of more than one character is asked for."""
        if not (self.filterset.is_bound and self.filterset.is_valid()):
            return False
        return len("".join((self.filterset.form.cleaned_data.get("q") or "").split())) > 1

    def get_context_data(self, **kwargs):
        user = self.request.user
        may_change = user.is_superuser or bool(Member.scope.organisation_paths(user, "change"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(filterset=self.filterset, may_change=may_change,
                                        export_query=query.urlencode(), roster_pdf=documents.roster_pdf_available(), **kwargs)


class MemberRosterPdfView(FilteredMembersMixin, View):
    """POST (the roster's query string): the filtered roster as a 会员花名册 PDF, made by the
    document pipeline for this person (their scope, their right to see ID numbers)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        organisation = self.roster_organisation()
        count = queryset.count()
        if count > documents.ROSTER_MAX_ROWS:
            messages.error(request, _(
                "The roster as a PDF holds at most %(max)s members and this filter matches %(count)s. Narrow the "
                "filters, or use the Excel export.") % {"max": number_format(documents.ROSTER_MAX_ROWS, force_grouping=True),
                                                        "count": number_format(count, force_grouping=True)})
            return self.back_to_roster()
        job = self.request_roster_document(documents.ROSTER_KIND, organisation)
        return redirect("documents:detail", pk=job.pk) if job else self.back_to_roster()


class MemberExportView(FilteredMembersMixin, ListView):
    """The filtered roster as XLSX or CSV; each export is an AuditEvent (EXPORT).

    Up to ``MEMBERS_EXPORT_INLINE_ROWS`` rows the file is the response itself. A larger one
    would outlast the web worker's timeout (a province's 2 million members take minutes): the
    document pipeline's worker writes it with the same writer, and the person is sent to the
    job's page to download it there."""

    fmt = "xlsx"
    kinds = {"xlsx": documents.ROSTER_XLSX_KIND, "csv": documents.ROSTER_CSV_KIND}

    def get(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        count = queryset.count()
        masked = not all(exports.RevealCheck(request.user)(org) for org in self._scope_roots())
        if count > settings.MEMBERS_EXPORT_INLINE_ROWS and documents.roster_export_available():
            return self._in_background(count, masked)
        self._record(count, masked)
        filename = documents.export_filename(self.fmt)
        if self.fmt == "csv":
            response = StreamingHttpResponse(exports.csv_chunks(request.user, queryset),
                                             content_type=exports.CSV_CONTENT_TYPE)
            response["Content-Disposition"] = _attachment(filename)
            return response
        out, _count = exports.write_xlsx(request.user, queryset)
        return FileResponse(out, as_attachment=True, filename=filename, content_type=exports.XLSX_CONTENT_TYPE)

    def _in_background(self, count, masked):
        """Queue the export as a document job for this person and send them to its page."""
        job = self.request_roster_document(self.kinds[self.fmt], self.roster_organisation())
        if job is None:
            return self.back_to_roster()
        self._record(count, masked)
        messages.info(self.request, _(
            "The export holds %(count)s members, too many to download at once. It is being prepared; download it "
            "from this page when it is ready (you may leave the page and find it later under My documents).") % {
            "count": number_format(count, force_grouping=True)})
        return redirect("documents:detail", pk=job.pk)

    def _scope_roots(self):
        user = self.request.user
        if user.is_superuser:
            return []
        return list(Organisation.objects.filter(path__in=Member.scope.organisation_paths(user, "view")))

    def _record(self, count, masked):
        applied = self.filterset.is_bound and self.filterset.is_valid()
        organisation = documents.roster_scope_organisation(self.request.user, self.filterset)
        # The filters as applied: a bad value (NUL, 3,000 characters) made the FilterSet invalid.
        filters = {k: v for k, v in self.filterset.form.data.items() if v and k in self.filterset.filters} \
            if applied else {}
        AuditEvent.record(
            actor=self.request.user, verb=AuditEvent.Verb.EXPORT, organisation=organisation,
            detail=_("Member roster, %(count)d rows, %(format)s%(masked)s") % {
                "count": count, "format": self.fmt.upper(),
                "masked": _(", ID and mobile numbers masked") if masked else ""},
            format=self.fmt, rows=count, filters=filters, masked=masked,
            model=ContentType.objects.get_for_model(Member).model,
        )


def _attachment(filename):
    from django.utils.http import content_disposition_header

    return content_disposition_header(True, filename)
