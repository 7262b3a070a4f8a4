"""Entries: entering a team or person, the entry's page, changing it, withdrawing,
disqualifying and reinstating it, and its supporting material."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from unionadmin.scoping import user_can
from unionadmin.views.mixins import ScopedObjectMixin

from ..forms import EntryForm, MaterialForm, ReasonForm, enterable_units
from ..models import Competition, Entry, EntryMaterial, JudgeAssignment
from ..services import CompetitionError
from ..services import entries as services
from ..services.results import judges_by_entry
from .base import FileDownloadView, ObjectActionView, ObjectFormView, SectionMixin


def no_longer_changeable(entry) -> str:
    return _("This entry can no longer be changed: the competition is at the stage “%(state)s”.") % {
        "state": entry.competition.get_state_display()}


def status_refusal(entry, message) -> str:
    """Why disqualifying or reinstating is refused: the competition's stage, else ``message``."""
    if entry.competition.state not in (Competition.State.OPEN, Competition.State.SCORING):
        return _("Entries cannot change any more: the competition is at the stage “%(state)s”.") % {
            "state": entry.competition.get_state_display()}
    return message


class EntryCreateView(ObjectFormView):
    """Enter a team, unit or person (the URL names the competition)."""

    model = Competition
    form_class = EntryForm
    template_name = "competitions/entry_form.html"

    def get_page_title(self):
        return _("Enter “%(competition)s”") % {"competition": self.object}

    step = "enter"

    def step_refused_message(self):
        return _("The competition is not open for entries (it is at the stage “%(state)s”).") % {
            "state": self.object.get_state_display()}

    def refusal(self):
        if not enterable_units(self.request.user, self.object).exists():
            return _("You cannot enter this competition for any unit.")
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "competition": self.object}

    def perform(self, form):
        data = form.cleaned_data
        self.entry = services.entry_create(
            self.object, by=self.request.user, organisation=data["organisation"], members=data.get("members") or (),
            kind=data["kind"], name=data["name"], leader=data.get("leader", ""),
            description=data.get("description", ""))
        return _("“%(entry)s” has entered with number %(number)s.") % {"entry": self.entry.name,
                                                                      "number": self.entry.number}

    def get_success_url(self):
        return self.entry.get_absolute_url()


class EntryDetailView(SectionMixin, ScopedObjectMixin, DetailView):
    model = Entry
    template_name = "competitions/entry_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("competition__organiser", "organisation", "award", "created_by")

    def get_context_data(self, **kwargs):
        entry, user = self.object, self.request.user
        competition = entry.competition
        organiser_staff = user_can(user, "scores", entry)
        context = {
            "organiser_staff": organiser_staff, "allowed": entry.allowed_actions(user),
            "materials": list(entry.materials.all()),
            "members": list(entry.members.select_related("union")),
            "material_form": MaterialForm(),
            "results_shown": entry.rank is not None and (organiser_staff or competition.results_public),
        }
        if organiser_staff:
            context["judges"] = [a for a in JudgeAssignment.objects.filter(competition=competition)
                                 .select_related("judge") if a.entry_id in (None, entry.pk)]
            context["counted_judges"] = judges_by_entry(competition, [entry])[entry.pk]
            context["recusals"] = list(entry.recusals.select_related("judge"))
        return super().get_context_data(**context, **kwargs)


class EntryUpdateView(ObjectFormView):
    model = Entry
    scope_action = "change"
    form_class = EntryForm
    template_name = "competitions/entry_form.html"
    step = "edit"

    def get_page_title(self):
        return _("Change “%(entry)s”") % {"entry": self.object}

    def step_refused_message(self):
        return no_longer_changeable(self.object)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "competition": self.object.competition,
                "instance": self.object}

    def perform(self, form):
        form.save()
        return _("Changes saved.")


class _StatusView(ObjectFormView):
    model = Entry
    form_class = ReasonForm
    service = None
    done = ""

    def perform(self, form):
        type(self).service(self.object, by=self.request.user, reason=form.cleaned_data["reason"])
        return self.done


class EntryWithdrawView(_StatusView):
    scope_action = "change"
    step = "withdraw"
    service = services.entry_withdraw
    submit_label = gettext_lazy("Withdraw the entry")

    def step_refused_message(self):
        if not self.object.is_competing:
            return _("Only a competing entry can be withdrawn.")
        return no_longer_changeable(self.object)

    def get_page_title(self):
        return _("Withdraw “%(entry)s”") % {"entry": self.object}

    @property
    def done(self):
        return _("The entry was withdrawn.")


class EntryDisqualifyView(_StatusView):
    scope_action = "manage"
    step = "disqualify"
    service = services.entry_disqualify

    def step_refused_message(self):
        return status_refusal(self.object, _("Only a competing entry can be disqualified."))

    def get_page_title(self):
        return _("Disqualify “%(entry)s”") % {"entry": self.object}

    @property
    def done(self):
        return _("The entry was disqualified.")


class EntryReinstateView(ObjectActionView):
    model = Entry
    scope_action = "manage"
    step = "reinstate"

    def step_refused_message(self):
        return status_refusal(self.object, _("This entry is competing already."))

    def act(self, entry):
        services.entry_reinstate(entry, by=self.request.user)
        return _("The entry is competing again.")


class MaterialAddView(ObjectFormView):
    model = Entry
    scope_action = "change"
    form_class = MaterialForm
    step = "edit"

    def get_page_title(self):
        return _("Add supporting material to “%(entry)s”") % {"entry": self.object}

    def get_back_url(self):
        return self.object.get_absolute_url() + "#material"

    def perform(self, form):
        material = services.material_add(self.object, by=self.request.user, title=form.cleaned_data["title"],
                                         upload=form.cleaned_data["file"])
        return _("“%(title)s” was added.") % {"title": material.title}


class MaterialDownloadView(FileDownloadView):
    model = EntryMaterial
    parent_field = "entry"

    def download_name(self, material):
        return material.file_name


class MaterialDeleteView(ObjectActionView):
    model = EntryMaterial
    scope_action = "change"

    def act(self, material):
        if "edit" not in material.entry.allowed_actions(self.request.user):
            raise CompetitionError(_("This entry can no longer be changed."))
        material.delete()
        return _("“%(title)s” was removed.") % {"title": material.title}

    def get_success_url(self):
        return reverse("competitions:entry_detail", args=[self.object.entry_id]) + "#material"
