"""What every welfare form shares: choices limited to what the person may act on."""
from django import forms

from members.models import Member
from unionadmin.forms import ScopedFormMixin
from unionadmin.models import Organisation
from unionadmin.personal_data import mask_id_number
from unionadmin.pickers import organisation_widget
from unionadmin.scoping import organisations_where, subtree_q

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Welfare is run by unions and branches (and the federations above them), never by a group.
WELFARE_LEVELS = [level for level in Organisation.Level.values if level != Organisation.Level.GROUP]


class MemberChoiceField(forms.ModelChoiceField):
    """A member shown with their union and a masked ID number (names repeat)."""

    def label_from_instance(self, member):
        return f"{member.name} · {member.union.short_name or member.union.name} · {mask_id_number(member.id_number)}"


def members_for(user, model, action="change"):
    """Active members of the unions where ``user`` may ``action`` welfare rows of ``model``."""
    qs = Member.objects.active().select_related("union").order_by("union__path", "name")
    if user.is_superuser:
        return qs
    q = subtree_q(model.scope.organisation_paths(user, action), "union__path")
    return qs.none() if q is None else qs.filter(q)


class WelfareFormMixin(ScopedFormMixin):
    """Welfare choices need the welfare right (default "change") where they point: organisations
    come from ``organisations_where``, members from ``members_for``, welfare rows from their
    own ``visible_to``."""

    welfare_model = None  # the model whose scope decides organisations and members (default: Meta.model)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        model = self.welfare_model or getattr(getattr(self, "_meta", None), "model", None)
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or field.disabled:
                continue
            action = self.scoped_actions.get(name, "change")
            if queryset.model is Organisation:
                field.queryset = organisations_where(user, model, action).exclude(level=Organisation.Level.GROUP)
                # A county federation's officer would get every union of the county: searched.
                organisation_widget(field, model, action, WELFARE_LEVELS)
            elif queryset.model is Member:
                field.queryset = members_for(user, model, action)
            elif hasattr(queryset, "visible_to"):  # a welfare row: the action, not only "view"
                field.queryset = queryset.model._default_manager.visible_to(user, action) & queryset
