"""Importing a roster: upload, choose the columns, read the errors, import, watch the progress."""
import io

import xlsxwriter
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django.views.generic.detail import SingleObjectMixin

from unionadmin.models import AuditEvent
from unionadmin.personal_data import mask_id_number
from unionadmin.views.mixins import ScopedObjectMixin
from unionadmin.views.objects import ObjectActionView

from ..forms import ImportMappingForm, ImportUploadForm, ImportValuesForm
from ..imports.columns import FIELDS
from ..imports.files import MAX_ROWS, MAX_UPLOAD_BYTES, ImportRefused, size_text
from ..imports.messages import MESSAGES, describe
from ..imports.problems import problems_filename
from ..imports.service import (
    import_request_apply,
    import_retry,
    import_set_mapping,
    import_set_values,
    import_upload,
    mapping_problems,
)
from ..models import ImportJob, Member

ERRORS_PER_PAGE = 100
WARNINGS_SHOWN = 200  # rows to look at, not to fix: the first ones are enough to see the pattern


class ImportStartView(ScopedObjectMixin, FormView):
    model = ImportJob
    scope_action = "change"
    form_class = ImportUploadForm
    template_name = "members/import_start.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        recent = self.get_queryset().select_related("union", "requested_by")[:10]
        return super().get_context_data(recent=recent, limit=size_text(MAX_UPLOAD_BYTES), max_rows=MAX_ROWS,
                                        fields=FIELDS, **kwargs)

    def form_valid(self, form):
        try:
            job = import_upload(user=self.request.user, union=form.cleaned_data["union"],
                                uploaded=form.cleaned_data["file"])
        except ImportRefused as refusal:
            form.add_error("file", str(refusal))
            return self.form_invalid(form)
        # Every column needed was found: check now (columns stay changeable). A big file is read
        # by the worker first, which checks it in the same go when it finds them.
        if job.is_uploaded and not mapping_problems(job.mapping):
            import_set_mapping(job, job.mapping)
        return redirect("members:import_detail", pk=job.pk)


class ImportJobView(ScopedObjectMixin, DetailView):
    """The job's page: the column choice, the progress, the errors or the result."""

    model = ImportJob
    template_name = "members/import_job.html"
    form = None
    values_form = None

    def optimise(self, queryset):
        return queryset.select_related("union", "requested_by")

    def get_context_data(self, **kwargs):
        job = self.object
        context = {"job": job}
        if job.is_busy:  # the page shows the progress bar only (errors, warnings and columns come after)
            return super().get_context_data(**context, **kwargs)
        if job.is_uploaded or job.is_checked:
            form = context["mapping_form"] = self.form or ImportMappingForm(job=job)
            context["mapping_rows"] = [
                (form[f"col_{index}"], [row[index] for row in job.samples if index < len(row) and row[index]])
                for index in range(len(job.columns))
            ]
        if job.is_checked and "map_values" in job.allowed_actions(self.request.user):
            context["values_form"] = self.values_form or ImportValuesForm(job=job)
        if job.errors:
            page = Paginator(job.errors, ERRORS_PER_PAGE).get_page(self.request.GET.get("page"))
            for error in page.object_list:
                error["reason"] = describe(error["code"], error.get("params"))
            context.update(page_obj=page, errors_page=page.object_list)
        if job.warnings:
            warnings = job.warnings[:WARNINGS_SHOWN]
            for warning in warnings:
                short = f"{warning['code']}_short"  # the full explanation stands once above the list
                warning["reason"] = describe(short if short in MESSAGES else warning["code"], warning.get("params"))
                if warning.get("field") == "id_number":  # only the division code is in question
                    warning["value"] = mask_id_number(warning["value"])
            context["warnings_shown"] = warnings
        if job.failure:
            context["failure"] = describe(job.failure.get("code", "crashed"), job.failure.get("params"))
        return super().get_context_data(**context, **kwargs)


class ImportMappingView(ImportJobView):
    """POST the column choice; a worker then checks the file (the page polls)."""

    scope_action = "change"
    http_method_names = ["post"]
    step, form_class, form_attribute = "map", ImportMappingForm, "form"

    def post(self, request, *args, **kwargs):
        self.object = job = self.get_object()
        if self.step not in job.allowed_actions(request.user):  # a worker has it, or it is written
            return redirect("members:import_detail", pk=job.pk)
        form = self.form_class(request.POST, job=job)
        if not form.is_valid():
            setattr(self, self.form_attribute, form)  # shown again on the job's page, with its errors
            return self.render_to_response(self.get_context_data())
        self.save(job, form)
        return redirect("members:import_detail", pk=job.pk)

    def save(self, job, form):
        import_set_mapping(job, form.mapping())


class ImportValuesView(ImportMappingView):
    """POST how to read the values no table knows; remembered for the union, and the file is
    checked again with them (the page polls)."""

    step, form_class, form_attribute = "map_values", ImportValuesForm, "values_form"

    def save(self, job, form):
        import_set_values(job, self.request.user, form.readings())


class ImportApplyView(ObjectActionView):
    model = ImportJob
    scope_action = "change"
    step = "apply"

    def act(self, job):
        job = import_request_apply(job)
        if job.is_done:
            return _("%(created)d members added and %(updated)d updated.") % {
                "created": job.created, "updated": job.updated}
        return None

    def get_success_url(self):
        return reverse("members:import_detail", args=[self.object.pk])


class ImportApplyValidView(ImportApplyView):
    """POST: write the rows without problems, in one transaction; the others are handed back
    as the problems sheet."""

    step = "apply_valid"

    def act(self, job):
        import_request_apply(job, valid_only=True)
        return None


class ImportProblemsView(ScopedObjectMixin, SingleObjectMixin, View):
    """The refused rows as an XLSX, to fix and upload again (seen by whoever sees the job)."""

    model = ImportJob

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        if not job.problems_file:
            raise Http404
        try:
            fileobj = job.problems_file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        # The sheet holds the refused rows' full ID and mobile numbers: logged like an export.
        AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=job.union, target=job,
                          detail=_("Rows with problems of an import, %(count)d rows") % {"count": job.error_count},
                          rows=job.error_count)
        return FileResponse(fileobj, as_attachment=True, filename=problems_filename(job.original_name),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class ImportRetryView(ImportApplyView):
    """POST: the person who asked tries an interrupted or crashed import again; anyone else
    (even another officer of the union) gets a 404."""

    step = "retry"

    def get_queryset(self):
        return super().get_queryset().filter(requested_by=self.request.user)

    def step_refusal(self):
        if super().step_refusal():
            return _("This import cannot be tried again; upload the file again.")
        return None

    def act(self, job):
        import_retry(user=self.request.user, job=job)
        return None


class ImportProgressView(ImportJobView):
    """The progress bar (an htmx fragment, polled); when the job stops, the answer is the
    job's page content instead, swapped in place of the old (a whole new page cost the
    person 0.6–0.75 s at every step)."""

    # Polled four times a second while a worker runs the job: the row's big JSON (up to 10,000
    # errors and as many warnings: megabytes at 50,000 rows) is read only once the job stops.
    BIG_FIELDS = ("errors", "warnings", "samples", "unknown_values", "value_mapping", "timings")

    def optimise(self, queryset):
        return super().optimise(queryset).defer(*self.BIG_FIELDS)

    def get_object(self, queryset=None):
        job = super().get_object(queryset)
        if not job.is_busy:  # the last poll answers with the job's whole page: one query for the rest
            job.refresh_from_db(fields=self.BIG_FIELDS)
        return job

    def get_template_names(self):
        return ["members/_import_progress.html" if self.object.is_busy else "members/_import_job.html"]

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_busy:
            response["HX-Retarget"] = "#import-job"
            response["HX-Reswap"] = "outerHTML"
        return response


class ImportTemplateView(ScopedObjectMixin, View):
    """An empty roster with the headers the import recognises, and one example row."""

    model = Member

    def get(self, request):
        out = io.BytesIO()
        workbook = xlsxwriter.Workbook(out, {"in_memory": True})
        sheet = workbook.add_worksheet(_("Members")[:31])
        bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        text = workbook.add_format({"num_format": "@"})
        labels = [str(f.label) for f in FIELDS if f.name not in ("status", "left_on", "birth_date")]
        example = {
            str(_("Name")): "张三", str(_("ID number")): "11010519491231002X", str(_("Gender")): "女",
            str(_("Ethnicity")): "汉族", str(_("Mobile number")): "13800138000", str(_("Employer")): "",
            str(_("Post")): "", str(_("Education")): "本科", str(_("Employment type")): "事业编制",
            str(_("Political status")): "中共党员",
            str(_("Joined on")): "2020-05-01", str(_("Member card number")): "", str(_("Branch or group")): "",
        }
        for col, label in enumerate(labels):
            sheet.set_column(col, col, 16, text)
            sheet.write_string(0, col, label, bold)
            sheet.write_string(1, col, example.get(label, ""))
        workbook.close()
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=_("member-roster-template") + ".xlsx")
