"""Pages of the document pipeline: ask for a document, watch it being made, download it, list them.

Every job page goes through ScopedObjectMixin with ``model = DocumentJob``, whose
``visible_to`` is "the person's own jobs": someone else's job is a 404.
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.encoding import escape_uri_path
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView
from django.views.generic.detail import SingleObjectMixin

from ..models import DocumentJob
from ..views.mixins import ScopedObjectMixin
from .kinds import registry
from .services import DocumentError, document_download, document_request, document_retry


def _back(request):
    """Where to send someone whose request could not be served: the page they came from."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(referer)
    return redirect("documents:list")


class DocumentRequestView(LoginRequiredMixin, View):
    """POST kind + pk (+ the kind's allowed options): queue the document, go to its page."""

    http_method_names = ["post"]

    def post(self, request):
        kind = registry.get_or_none(request.POST.get("kind", ""))
        if kind is None:
            messages.error(request, _("There is no such kind of document."))
            return _back(request)
        try:
            pk = int(request.POST.get("pk", ""))
            if not 0 < pk < 2**63:
                raise ValueError
        except ValueError:
            messages.error(request, _("Choose the record to make the document from."))
            return _back(request)
        obj = kind.model._default_manager.visible_to(request.user).filter(pk=pk).first()
        if obj is None:
            raise Http404
        options = {name: request.POST[f"option_{name}"] for name in kind.allowed_options
                   if f"option_{name}" in request.POST}
        try:
            job = document_request(user=request.user, kind=kind.code, obj=obj, options=options)
        except DocumentError as exc:
            messages.error(request, exc.message)
            return _back(request)
        return redirect("documents:detail", pk=job.pk)


class DocumentJobListView(ScopedObjectMixin, ListView):
    model = DocumentJob
    paginate_by = 25
    template_name = "documents/job_list.html"
    context_object_name = "jobs"

    def optimise(self, queryset):
        return queryset.select_related("organisation").order_by("-created_at", "-pk")


class DocumentJobDetailView(ScopedObjectMixin, DetailView):
    model = DocumentJob
    template_name = "documents/job_detail.html"
    context_object_name = "job"

    def optimise(self, queryset):
        return queryset.select_related("organisation")

    def get_context_data(self, **kwargs):
        kind = registry.get_or_none(self.object.kind)
        icon = "bi-file-earmark-pdf" if kind is None or kind.is_pdf else "bi-file-earmark-spreadsheet"
        return super().get_context_data(file_icon=icon, **kwargs)


class DocumentJobProgressView(DocumentJobDetailView):
    """The htmx fragment the job page polls; it stops polling once the job is final."""

    template_name = "documents/_progress.html"


class DocumentJobRetryView(ScopedObjectMixin, SingleObjectMixin, View):
    """POST: the person who asked tries a failed document again (someone else's job is 404,
    superusers included: it is a personal download)."""

    model = DocumentJob
    http_method_names = ["post"]

    def get_queryset(self):
        return super().get_queryset().filter(requested_by=self.request.user)

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        try:
            document_retry(user=request.user, job=job)
        except DocumentError as exc:
            messages.warning(request, exc.message)
        return redirect("documents:detail", pk=job.pk)


class DocumentJobDownloadView(ScopedObjectMixin, DetailView):
    model = DocumentJob
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        try:
            kind = document_download(user=request.user, job=job)
        except DocumentError as exc:
            messages.warning(request, exc.message)
            return redirect("documents:detail", pk=job.pk)
        prefix = getattr(settings, "MEDIA_X_ACCEL_PREFIX", "")
        if prefix and isinstance(default_storage, FileSystemStorage):
            # nginx sends the file (deploy/nginx-unionadmin.conf, location /_protected/).
            response = HttpResponse(content_type=kind.content_type)
            response["X-Accel-Redirect"] = escape_uri_path(prefix.rstrip("/") + "/" + job.file.name)
            response["Content-Disposition"] = content_disposition_header(True, job.filename)
        else:
            response = FileResponse(
                default_storage.open(job.file.name, "rb"), as_attachment=True, filename=job.filename,
                content_type=kind.content_type,
            )
        response["Cache-Control"] = "private, no-store"
        return response
