"""The welfare officer's side of members' applications for hardship aid (issue 19): the
submitted applications of their unions (never a member's draft), one application's page with
its documents, and the two answers — open a hardship file from it, or decline it with a reason."""
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionadmin.querystring import query_choice
from unionadmin.views.files import UploadedFileView
from unionadmin.views.personal import RevealFieldView

from ..access import may
from ..forms.applications import DeclineForm, OpenFileForm
from ..models import ApplicationDocument, HardshipApplication
from ..services.applications import application_decline, application_open_file, prefill_for_file
from .base import WelfareDetailView, WelfareFormView, WelfareListView, WelfareMixin

State = HardshipApplication.State
OFFICER_STATES = [c for c in State.choices if c[0] != State.DRAFT]


class ApplicationListView(WelfareListView):
    model = HardshipApplication
    template_name = "welfare/member_applications/list.html"
    section = "applications"
    page_title = gettext_lazy("Members' applications")

    def optimise(self, queryset):
        return queryset.select_related("member", "union", "file")

    def get_queryset(self):
        queryset = super().get_queryset().order_by("-submitted_at", "-pk")
        self.state = query_choice(self.request.GET, "state", [value for value, _label in OFFICER_STATES])
        if self.state:
            queryset = queryset.filter(state=self.state)
        return queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(states=OFFICER_STATES, state=self.state, **kwargs)


class ApplicationDetailView(WelfareDetailView):
    model = HardshipApplication
    template_name = "welfare/member_applications/detail.html"
    section = "applications"

    def optimise(self, queryset):
        return queryset.select_related("member", "union", "file", "decided_by")

    def get_context_data(self, **kwargs):
        application = self.object
        return super().get_context_data(
            page_title=str(application), allowed=application.allowed_actions(self.request.user),
            documents=application.documents.all(), **kwargs)


class ApplicationOpenFileView(WelfareFormView):
    model = HardshipApplication
    form_class = OpenFileForm
    step = "open_file"
    section = "applications"
    page_title = gettext_lazy("Open a hardship file from the application")
    submit_label = gettext_lazy("Open the hardship file")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {**super().get_initial(), **prefill_for_file(self.object)}

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "head_income"}
        self.file = application_open_file(self.object, by=self.request.user,
                                          head_income=form.cleaned_data["head_income"], **data)
        return _("The hardship file was opened from the application. Add the other people in the household.")

    def get_success_url(self):
        file = getattr(self, "file", None)
        return file.get_absolute_url() if file else super().get_success_url()


class ApplicationDeclineView(WelfareFormView):
    model = HardshipApplication
    form_class = DeclineForm
    step = "decline"
    section = "applications"
    page_title = gettext_lazy("Decline the application")
    submit_label = gettext_lazy("Decline")

    def perform(self, form):
        application_decline(self.object, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("The application was declined; the member sees the reason on their record.")


class ApplicationRevealView(RevealFieldView):
    model = HardshipApplication

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, "view"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ApplicationDocumentView(WelfareMixin, UploadedFileView):
    """A document of a submitted application, for those who may see the application."""

    model = ApplicationDocument

    def download_name(self, obj) -> str:
        return obj.name

    def kind(self, obj):
        return obj.kind or None


def home_panel_context(request):
    """The welfare officer's home page: members' applications waiting for an answer (the panel
    shows only when there are some)."""
    user = request.user
    if not may(user, "change"):
        return {"show": False}
    waiting = (HardshipApplication.objects.visible_to(user, "change").filter(state=State.SUBMITTED)
               .select_related("member", "union").order_by("submitted_at", "pk"))
    count = waiting.count()
    return {"show": count > 0, "count": count, "waiting": waiting[:5] if count else []}
