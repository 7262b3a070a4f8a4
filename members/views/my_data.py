"""My data (/me/data/, issue 19): download everything the system holds about me (a ZIP of a
readable PDF and a JSON), see who viewed my full ID number or mobile, and ask the union to
stop (withdraw consent) or to delete my personal information."""
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from unionadmin.documents.services import DocumentError, document_download, document_request
from unionadmin.integrity import DuplicateWrite, saved_once
from unionadmin.models import DocumentJob

from ..models.portal import DataRightsRequest, MemberOwnData
from ..personal_data_export import KIND, build_zip, zip_name
from ..portal import MemberPortalMixin
from ..portal_requests import MembersError, data_request_submit, memberships_of
from ..record import reveals_of


def latest_export(user):
    """The member's latest "my data" document job (their own: requested by them)."""
    return DocumentJob.objects.filter(requested_by=user, kind=KIND).order_by("-created_at", "-pk").first()


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("I ask the union to"), choices=DataRightsRequest.Kind.choices,
                             widget=forms.RadioSelect)
    reason = forms.CharField(label=gettext_lazy("Why (optional)"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class MyDataView(MemberPortalMixin, TemplateView):
    template_name = "members/portal/my_data.html"

    def get_context_data(self, **kwargs):
        requests = (DataRightsRequest.objects.filter(member__in=memberships_of(self.member))
                    .order_by("-submitted_at", "-pk")[:20])
        return super().get_context_data(
            job=latest_export(self.request.user), reveals=reveals_of(self.member, limit=200),
            data_requests=requests, request_form=kwargs.pop("request_form", None) or DataRequestForm(), **kwargs)


class ExportStatusView(MemberPortalMixin, TemplateView):
    """The htmx fragment the page polls while the PDF is made."""

    template_name = "members/portal/_my_data_export.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=latest_export(self.request.user), **kwargs)


class ExportRequestView(MemberPortalMixin, View):
    """POST: make the PDF of my data (the worker renders it); the page shows its progress."""

    http_method_names = ["post"]

    def post(self, request):
        own = MemberOwnData.objects.visible_to(request.user).filter(pk=self.member.pk).first()
        if own is None:  # pragma: no cover - current_member is the login's own row
            messages.error(request, _("Your data could not be prepared."))
            return redirect("portal:my_data")
        try:
            document_request(user=request.user, kind=KIND, obj=own)
        except DocumentError as error:
            messages.error(request, error.message)
        else:
            messages.info(request, _("Your data is being prepared; the download appears here when it is ready."))
        return redirect("portal:my_data")


class ExportDownloadView(MemberPortalMixin, View):
    """GET: the ZIP of my latest finished PDF and the JSON made now."""

    http_method_names = ["get"]

    def get(self, request):
        job = latest_export(request.user)
        if job is None:
            messages.warning(request, _("Prepare your data first."))
            return redirect("portal:my_data")
        try:
            document_download(user=request.user, job=job)  # checks it is theirs, records the download
        except DocumentError as error:
            messages.warning(request, error.message)
            return redirect("portal:my_data")
        response = HttpResponse(build_zip(self.member, job), content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(True, zip_name(self.member))
        response["Cache-Control"] = "private, no-store"
        return response


class DataRequestView(MemberPortalMixin, FormView):
    """POST: withdraw my consent, or ask for my personal information to be deleted."""

    form_class = DataRequestForm
    template_name = "members/portal/my_data.html"
    http_method_names = ["post"]

    def form_invalid(self, form):
        return self._page(form)

    def _page(self, form):
        view = MyDataView()
        view.setup(self.request)
        view.member = self.member
        return view.render_to_response(view.get_context_data(request_form=form))

    def form_valid(self, form):
        try:
            with saved_once():
                data_request_submit(member=self.member, kind=form.cleaned_data["kind"],
                                    reason=form.cleaned_data["reason"])
        except (DuplicateWrite, MembersError) as error:
            form.add_error("kind", error.message)
            return self._page(form)
        messages.success(self.request, _("Your request was sent to your union; its answer will be shown here."))
        return redirect("portal:my_data")
