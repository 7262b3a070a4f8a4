"""A member's own applications for hardship aid, under /me/welfare/ (issue 19).

Every view finds the member from the login (``MemberPortalMixin``) and takes an application
or a document only from that member's own rows: a pk of anyone else's answers 404. A draft
can be changed and submitted; after that the member only reads it.
"""
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from members.portal import MemberPortalMixin
from unionadmin import uploads
from unionadmin.integrity import DuplicateWrite, saved_once

from ..forms.applications import ApplicationForm
from ..models import ApplicationDocument, HardshipApplication
from ..services.applications import application_save, application_submit
from ..services.errors import WelfareError

State = HardshipApplication.State


class OwnApplicationsMixin(MemberPortalMixin):
    """The member's own applications; an object URL finds its row among them only."""

    model = HardshipApplication

    def own_applications(self):
        return HardshipApplication.objects.filter(member=self.member)

    def get_queryset(self):
        return self.own_applications().select_related("file")

    def in_progress(self):
        return self.own_applications().filter(state__in=(State.DRAFT, State.SUBMITTED)).first()


class ApplicationListView(OwnApplicationsMixin, TemplateView):
    template_name = "welfare/portal/application_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            applications=self.own_applications().order_by("-created_at", "-pk"),
            in_progress=self.in_progress(), may_apply=self.member.is_active_member, **kwargs)


class ApplicationFormMixin(OwnApplicationsMixin):
    form_class = ApplicationForm
    template_name = "welfare/portal/application_form.html"

    def form_valid(self, form):
        application = getattr(self, "object", None)
        try:
            application = application_save(
                self.member, application=application, data=form.data_for_service(),
                documents=form.cleaned_data.get("documents") or [],
                remove_documents=form.cleaned_data.get("remove_documents") or [])
        except WelfareError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return self.form_invalid(form)
        if self.request.POST.get("then") == "submit":
            return _submit(self.request, application, self.member)
        messages.success(self.request, _("Your application was saved as a draft. Submit it when it is complete."))
        return HttpResponseRedirect(application.get_portal_url())


class ApplicationCreateView(ApplicationFormMixin, FormView):
    def get(self, request, *args, **kwargs):
        return self._elsewhere() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._elsewhere() or super().post(request, *args, **kwargs)

    def _elsewhere(self):
        """A member with an application in progress continues that one; one who left cannot apply."""
        current = self.in_progress()
        if current is not None:
            messages.info(self.request, _("You already have an application in progress; here it is."))
            return HttpResponseRedirect(current.get_portal_url())
        if not self.member.is_active_member:
            messages.error(self.request, _("Only a current member of a union can apply for hardship aid."))
            return HttpResponseRedirect(reverse("welfare_portal:application_list"))
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=None, **kwargs)


class ApplicationEditView(ApplicationFormMixin, SingleObjectMixin, FormView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.object = obj
        return obj

    def _refusal(self):
        self.get_object()
        if not self.object.is_draft:
            messages.error(self.request, _("This application has been submitted and can no longer be changed."))
            return HttpResponseRedirect(self.object.get_portal_url())
        return None

    def get(self, request, *args, **kwargs):
        return self._refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refusal() or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.object, **kwargs)


class ApplicationDetailView(OwnApplicationsMixin, DetailView):
    template_name = "welfare/portal/application_detail.html"
    context_object_name = "application"

    def get_context_data(self, **kwargs):
        return super().get_context_data(documents=self.object.documents.all(),
                                        missing=self.object.missing_for_submit() if self.object.is_draft else [],
                                        **kwargs)


class ApplicationSubmitView(OwnApplicationsMixin, SingleObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return _submit(request, self.get_object(), self.member)


def _submit(request, application, member):
    try:
        with saved_once(WelfareError):
            application_submit(application, member=member)
    except (WelfareError, DuplicateWrite) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application was sent to the union's welfare officer. You will see their "
                                    "answer here and on your record."))
    return HttpResponseRedirect(application.get_portal_url())


class DocumentView(MemberPortalMixin, SingleObjectMixin, View):
    """One of the member's own documents, served back through the upload policy's response."""

    model = ApplicationDocument
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return ApplicationDocument.objects.filter(application__member=self.member)

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        try:
            return uploads.file_response(document.file, filename=document.name, kind=document.kind or None)
        except (FileNotFoundError, OSError, ValueError):
            raise Http404 from None
