"""The rubric: creating it, its settings, writing a draft version (areas and items),
publishing, correcting with a new version, and comparing two versions."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView

from unionadmin.querystring import query_object
from unionadmin.scoping import organisations_where, user_can
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin
from unionadmin.views.objects import ObjectActionView, ObjectFormView

from .. import diff
from ..forms import (
    AreaForm,
    ItemForm,
    NewItemQuery,
    PublishForm,
    RubricCreateForm,
    RubricSettingsForm,
    StartForm,
    VersionSettingsForm,
)
from ..models import Rubric, RubricArea, RubricItem, RubricVersion, UnitAssessment
from ..outline import version_outline
from ..services import AssessmentError
from ..services import rubrics as services
from ..services.sheets import assessment_open, units_to_score


def version_url(version, anchor=""):
    return reverse("assessment:version_detail", args=[version.pk]) + (f"#{anchor}" if anchor else "")


# --- the rubric ---------------------------------------------------------------------------------
class RubricCreateView(ScopedObjectMixin, UserFormKwargsMixin, CreateView):
    model = Rubric
    form_class = RubricCreateForm
    scope_action = "change"
    template_name = "assessment/rubric_create.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not organisations_where(request.user, Rubric, "change").exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        title = data.get("title") or _("%(federation)s %(year)s target-management assessment rubric") % {
            "federation": data["federation"].name, "year": data["year"]}
        try:
            rubric = services.rubric_create(federation=data["federation"], year=data["year"], title=title,
                                            deadline=data["deadline"], appeal_days=data["appeal_days"],
                                            user=self.request.user)
        except AssessmentError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The rubric was created. Write its areas and items, then publish it."))
        return redirect(version_url(rubric.versions.get()))


class RubricDetailView(ScopedObjectMixin, DetailView):
    model = Rubric
    template_name = "assessment/rubric_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("federation", "current_version", "created_by", "results_published_by")

    def get_context_data(self, **kwargs):
        rubric, user = self.object, self.request.user
        can_review = user_can(user, "review", rubric)
        versions = list(rubric.versions.all() if can_review
                        else rubric.versions.exclude(state=RubricVersion.State.DRAFT))
        shown = rubric.current_version or (versions[-1] if versions and can_review else None)
        layout = version_outline(shown) if shown else None
        context = {
            "can_change": user_can(user, "change", rubric),
            "can_review": can_review,
            "versions": versions,
            "draft": next((v for v in versions if v.is_draft), None),
            "shown_version": shown,
            "layout": layout,
        }
        if can_review:
            context["state_counts"] = dict(rubric.sheets.values_list("state").annotate(n=Count("pk"))
                                           .values_list("state", "n"))
            context["states"] = UnitAssessment.State.choices
        if rubric.is_published:
            units = units_to_score(user, rubric)
            mine = list(UnitAssessment.objects.visible_to(user).filter(rubric=rubric, unit__in=units)
                        .select_related("unit"))
            context["my_sheets"] = mine
            to_start = units.exclude(pk__in=[s.unit_id for s in mine])
            if to_start.exists():
                context["start_form"] = StartForm(units=to_start)
        return super().get_context_data(**context, **kwargs)


class RubricSettingsView(ObjectFormView):
    model = Rubric
    form_class = RubricSettingsForm
    scope_action = "change"
    step = "settings"
    template_name = "assessment/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        data = form.cleaned_data
        services.rubric_settings_save(self.object, self.request.user, title=data["title"],
                                      deadline=data["deadline"], appeal_days=data["appeal_days"])
        return _("Changes saved.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Settings"), rubric=self.object, **kwargs)


class VersionCorrectView(ObjectActionView):
    """Start a correction: a new draft version copied from the one in force."""

    model = Rubric
    scope_action = "change"
    step = "correct"
    version = None

    def act(self, rubric):
        self.version = services.version_correct(rubric, self.request.user)
        messages.info(self.request, _("Version %(number)s is a draft copy of the rubric in force. Correct it, then "
                                      "publish it with a note of what it corrects.") % {"number": self.version.number})

    def get_success_url(self):
        return version_url(self.version) if self.version else self.object.get_absolute_url()


class AssessmentStartView(ObjectActionView):
    """A unit officer opens the unit's sheet (made on first opening)."""

    model = Rubric
    sheet = None

    def act(self, rubric):
        form = StartForm(self.request.POST, units=units_to_score(self.request.user, rubric))
        if not form.is_valid():
            raise AssessmentError(_("Choose the unit whose sheet you fill in."))
        self.sheet = assessment_open(rubric, form.cleaned_data["unit"], self.request.user)

    def get_success_url(self):
        return (self.sheet or self.object).get_absolute_url()


# --- versions ---------------------------------------------------------------------------------
class VersionDetailView(ScopedObjectMixin, DetailView):
    """The rubric text of one version; for a draft, the editor."""

    model = RubricVersion
    template_name = "assessment/version_detail.html"
    context_object_name = "version"

    def optimise(self, queryset):
        return queryset.select_related("rubric__federation", "published_by", "created_by")

    def get_context_data(self, **kwargs):
        version, user = self.object, self.request.user
        allowed = version.allowed_actions(user)
        can_change = "edit" in allowed
        previous = (RubricVersion.objects.visible_to(user).filter(rubric=version.rubric, number__lt=version.number)
                    .order_by("-number").first())
        context = {"layout": version_outline(version), "can_change": can_change, "can_delete": "delete" in allowed,
                   "previous": previous,
                   "rubric": version.rubric}
        if can_change:
            context["problems"] = services.version_problems(version)
            context["publish_form"] = PublishForm(initial={"change_note": version.change_note})
        return super().get_context_data(**context, **kwargs)


class _DraftFormView(ObjectFormView):
    """A form writing a draft version (its settings, areas, items): a published version is
    refused with a message. ``object`` is the version or one of its areas or items."""

    scope_action = "change"
    template_name = "assessment/form.html"
    page_title = ""

    @property
    def version(self) -> RubricVersion:
        return self.object if isinstance(self.object, RubricVersion) else self.object.version

    def refusal(self):
        if "edit" not in self.version.allowed_actions(self.request.user):
            return _("Version %(number)s of this rubric has been published and is frozen. "
                     "To correct it, start a new version.") % {"number": self.version.number}
        return None

    def get_back_url(self):
        return version_url(self.version)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.page_title, rubric=self.version.rubric, version=self.version,
                                        **kwargs)


class VersionSettingsView(_DraftFormView):
    model = RubricVersion
    form_class = VersionSettingsForm
    page_title = gettext_lazy("Grades and categories")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        data = form.cleaned_data
        services.version_settings_save(
            self.object, self.request.user, standard_threshold=data["standard_threshold"],
            exemplary_threshold=data["exemplary_threshold"], bonus_cap=data.get("bonus_cap"),
            categories=data["categories"], change_note=data.get("change_note", ""))
        return _("Changes saved.")


class VersionPublishView(ObjectActionView):
    model = RubricVersion
    scope_action = "change"
    step = "publish"
    published = None

    def act(self, version):
        form = PublishForm(self.request.POST)
        form.is_valid()
        self.published = services.version_publish(version, self.request.user,
                                                   change_note=form.cleaned_data.get("change_note", ""))
        if self.published.number == 1:
            return _("The rubric is published. Units can now read it and fill in their sheets.")
        return _("Version %(number)s is in force; the units' sheets were carried over to it.") \
            % {"number": self.published.number}

    def get_success_url(self):
        return self.object.rubric.get_absolute_url() if self.published else version_url(self.object)


class VersionDeleteView(ObjectActionView):
    model = RubricVersion
    scope_action = "change"
    step = "delete"
    deleted = False

    def act(self, version):
        services.version_delete(version, self.request.user)
        self.deleted = True
        return _("The draft correction was deleted.")

    def get_success_url(self):
        return reverse("assessment:rubric_detail", args=[self.object.rubric_id]) if self.deleted \
            else version_url(self.object)


class VersionDiffView(ScopedObjectMixin, DetailView):
    """What changed from another version (by default the one before) to this one."""

    model = RubricVersion
    template_name = "assessment/version_diff.html"
    context_object_name = "version"

    def optimise(self, queryset):
        return queryset.select_related("rubric__federation")

    def get_context_data(self, **kwargs):
        version = self.object
        others = RubricVersion.objects.visible_to(self.request.user).filter(rubric=version.rubric) \
            .exclude(pk=version.pk).order_by("number")
        against = query_object(self.request.GET, "against", others) \
            or others.filter(number__lt=version.number).order_by("-number").first()
        context = {"rubric": version.rubric, "others": others, "against": against, "field_labels": FIELD_LABELS}
        if against is not None:
            old, new = (against, version) if against.number < version.number else (version, against)
            context.update(old=old, new=new,
                           diff=diff.diff_versions(services.version_snapshot(old), services.version_snapshot(new)))
        return super().get_context_data(**context, **kwargs)


FIELD_LABELS = {
    "area": gettext_lazy("Area"), "kind": gettext_lazy("Kind"), "title": gettext_lazy("What is assessed"),
    "guidance": gettext_lazy("Scoring guidance"), "deduction_rules": gettext_lazy("Deductions"), "maximum": gettext_lazy("Maximum points"),
    "evidence_required": gettext_lazy("Evidence required"), "indicator_code": gettext_lazy("Measured by"),
    "rule": gettext_lazy("Rule from the measured value to points"),
    "standard_threshold": gettext_lazy("Points for “up to standard”"), "exemplary_threshold": gettext_lazy("Points for “exemplary”"),
    "bonus_cap": gettext_lazy("Most bonus points counted"), "categories": gettext_lazy("Unit categories assessed"),
}


# --- areas and items of a draft ---------------------------------------------------------------
class AreaCreateView(_DraftFormView):
    model = RubricVersion
    form_class = AreaForm
    page_title = gettext_lazy("New area")
    area = None

    def get_initial(self):
        return {"position": self.object.areas.count()}

    def perform(self, form):
        self.area = services.area_save(self.object, self.request.user, name=form.cleaned_data["name"],
                                       position=form.cleaned_data["position"])

    def get_success_url(self):
        return version_url(self.object, f"area-{self.area.pk}")


class AreaUpdateView(_DraftFormView):
    model = RubricArea
    form_class = AreaForm
    page_title = gettext_lazy("Area")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        services.area_save(self.object.version, self.request.user, area=self.object,
                           name=form.cleaned_data["name"], position=form.cleaned_data["position"])

    def get_success_url(self):
        return version_url(self.object.version, f"area-{self.object.pk}")


class AreaDeleteView(ObjectActionView):
    model = RubricArea
    scope_action = "change"
    step = "edit"

    def act(self, area):
        services.area_delete(area, self.request.user)
        return _("The area “%(name)s” was deleted with its items.") % {"name": area.name}

    def get_success_url(self):
        return version_url(self.object.version)


class ItemCreateView(_DraftFormView):
    model = RubricVersion
    form_class = ItemForm
    template_name = "assessment/item_form.html"
    page_title = gettext_lazy("New item")
    item = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "version": self.object, "instance": RubricItem(version=self.object)}

    def get_initial(self):
        query = NewItemQuery.read(self.request.GET, areas=RubricArea.objects.filter(version=self.object))
        kind, area = query["kind"] or RubricItem.Kind.STANDARD, query["area"]
        position = self.object.items.filter(Q(area=area) if area else Q(kind=kind)).count()
        return {"kind": kind, "area": area, "position": position}

    def perform(self, form):
        self.item = services.item_save(self.object, self.request.user, **form.service_fields())
        return _("The item was added.")

    def get_success_url(self):
        return version_url(self.object, f"item-{self.item.pk}")


class ItemUpdateView(_DraftFormView):
    model = RubricItem
    form_class = ItemForm
    template_name = "assessment/item_form.html"
    page_title = gettext_lazy("Item")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "version": self.object.version, "instance": self.object}

    def perform(self, form):
        services.item_save(self.object.version, self.request.user, item=RubricItem.objects.get(pk=self.object.pk),
                           **form.service_fields())
        return _("Changes saved.")

    def get_success_url(self):
        return version_url(self.object.version, f"item-{self.object.pk}")


class ItemDeleteView(ObjectActionView):
    model = RubricItem
    scope_action = "change"
    step = "edit"

    def act(self, item):
        services.item_delete(item, self.request.user)
        return _("The item was deleted.")

    def get_success_url(self):
        return version_url(self.object.version)
