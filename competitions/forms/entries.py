"""Forms of entries: entering (the unit and the team or person), status changes, material."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Member
from unionadmin import uploads
from unionadmin.models import Organisation
from unionadmin.roles import MANAGING_ROLES
from unionadmin.scoping import covering_paths, subtree_q

from ..models import Entry

MAX_MEMBER_CHOICES = 600


def enterable_units(user, competition):
    """Units the user may enter for: in the organiser's subtree, where they hold a managing
    role (the organiser's own officers may enter for any unit below it)."""
    units = Organisation.objects.filter(path__startswith=competition.organiser.path, is_active=True)
    if user.is_superuser:
        return units
    q = subtree_q(covering_paths(user, MANAGING_ROLES), "path")
    return units.none() if q is None else units.filter(q)


class EntryForm(forms.ModelForm):
    class Meta:
        model = Entry
        fields = ["organisation", "kind", "name", "leader", "members", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}),
                   "members": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.competition = competition
        units = enterable_units(user, competition)
        self.fields["organisation"].queryset = units
        if self.instance.pk:
            self.fields["organisation"].disabled = True
            self.fields["organisation"].queryset = Organisation.objects.filter(pk=self.instance.organisation_id)
            member_units = Organisation.objects.filter(path__startswith=self.instance.organisation.path)
        else:
            member_units = units
            if units.count() == 1:
                self.fields["organisation"].initial = units.first()
        members = (Member.objects.visible_to(user).active().filter(union__in=member_units)
                   .select_related("union").order_by("union__path", "name"))
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = lambda m: f"{m.name} · {m.union.short_name or m.union.name}"
        self.fields["members"].help_text = _("Hold Ctrl (or ⌘) to choose several. Members of the entering unit only.")
        if members[:MAX_MEMBER_CHOICES + 1].count() > MAX_MEMBER_CHOICES:
            # Too many to choose from in a list: choose the unit first, then add them when editing.
            self.fields["members"].queryset = self.instance.members.all() if self.instance.pk else Member.objects.none()

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("organisation") or (self.instance.organisation if self.instance.pk else None)
        for member in cleaned.get("members") or []:
            if unit is not None and not member.union.path.startswith(unit.path):
                self.add_error("members", _("%(name)s is not a member of %(unit)s.") % {"name": member.name,
                                                                                       "unit": unit})
                break
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("What it is"), max_length=150, required=False,
                            help_text=_("E.g. 安全培训台账; leave blank to use the file's name."))
    file = forms.FileField(label=_("File"), help_text=uploads.ENTRY_MATERIAL.help_text_lazy,
                           validators=[uploads.ENTRY_MATERIAL.validator])
