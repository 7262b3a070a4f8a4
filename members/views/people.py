"""Union cadres with their posts and training; model workers with honours and their archive."""
from django.db.models import Case, Max, Prefetch, Q, Sum, Value, When
from django.utils import timezone
from django.views.generic import ListView

from unionadmin.navigation import attach_row_badges
from unionadmin.views.mixins import ScopedObjectMixin

from ..forms import ArchiveEntryForm, CadrePostForm, HonourForm, TrainingRecordForm
from ..models import ArchiveEntry, CadrePost, Honour, Member, TrainingRecord
from .base import MemberChildCreateView, MemberChildDeleteView, MemberChildUpdateView


class CadreListView(ScopedObjectMixin, ListView):
    """Current posts in the user's scope, with each cadre's training hours this year."""

    model = CadrePost
    paginate_by = 100
    template_name = "members/cadre_list.html"

    def get_queryset(self):
        year = timezone.localdate().year
        rank = Case(*[When(position=value, then=Value(i)) for i, value in enumerate(CadrePost.Position.values)])
        return (super().get_queryset().current().select_related("member", "organisation")
                .annotate(hours=Sum("member__training__hours", filter=Q(member__training__started_on__year=year)),
                          rank=rank)
                .order_by("organisation__path", "rank", "member__name"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=timezone.localdate().year, **kwargs)


class ModelWorkerListView(ScopedObjectMixin, ListView):
    model = Member
    paginate_by = 100
    template_name = "members/model_worker_list.html"

    def get_queryset(self):
        return (super().get_queryset().filter(is_model_worker=True).select_related("union")
                .prefetch_related(Prefetch("honours", queryset=Honour.objects.order_by("-year")))
                .annotate(last_entry=Max("archive__date")).order_by("union__path", "name"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_row_badges("model_worker", self.request, context["object_list"])  # e.g. welfare's "in hardship"
        return context


class CadrePostCreateView(MemberChildCreateView):
    child_model = CadrePost
    form_class = CadrePostForm
    tab = "cadre"


class CadrePostUpdateView(MemberChildUpdateView):
    model = CadrePost
    form_class = CadrePostForm
    tab = "cadre"
    delete_url_name = "members:post_delete"


class CadrePostDeleteView(MemberChildDeleteView):
    model = CadrePost
    tab = "cadre"


class TrainingCreateView(MemberChildCreateView):
    child_model = TrainingRecord
    form_class = TrainingRecordForm
    tab = "cadre"


class TrainingUpdateView(MemberChildUpdateView):
    model = TrainingRecord
    form_class = TrainingRecordForm
    tab = "cadre"
    delete_url_name = "members:training_delete"


class TrainingDeleteView(MemberChildDeleteView):
    model = TrainingRecord
    tab = "cadre"


class HonourCreateView(MemberChildCreateView):
    child_model = Honour
    form_class = HonourForm
    tab = "honours"


class HonourUpdateView(MemberChildUpdateView):
    model = Honour
    form_class = HonourForm
    tab = "honours"
    delete_url_name = "members:honour_delete"


class HonourDeleteView(MemberChildDeleteView):
    model = Honour
    tab = "honours"


class ArchiveEntryCreateView(MemberChildCreateView):
    child_model = ArchiveEntry
    form_class = ArchiveEntryForm
    tab = "honours"

    def fill(self, obj):
        obj.recorded_by = self.request.user


class ArchiveEntryUpdateView(MemberChildUpdateView):
    model = ArchiveEntry
    form_class = ArchiveEntryForm
    tab = "honours"
    delete_url_name = "members:archive_delete"


class ArchiveEntryDeleteView(MemberChildDeleteView):
    model = ArchiveEntry
    tab = "honours"
