"""My record (/me/record/, issue 19): the member's own membership history, dues, honours and
every section the other apps register; and a request to correct a field of the record."""
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from unionadmin.integrity import DuplicateWrite, saved_once
from unionadmin.portal import sections_in_order
from unionadmin.querystring import QueryForm

from ..models import Member
from ..portal import MemberPortalMixin
from ..portal_requests import (
    CORRECTABLE_FIELDS,
    MembersError,
    correction_request_submit,
    field_display,
    field_label,
    memberships_of,
)


def rendered_sections(request, member) -> list[dict]:
    """Each registered section rendered with the context it returns (the section's template gets
    that context, the member and the section); a section returning None is left out."""
    shown = []
    for section in sections_in_order():
        context = section.context(request, member)
        if context is None:
            continue
        html = render_to_string(section.template, {**context, "member": member, "section": section}, request=request)
        shown.append({"key": section.key, "label": section.label, "html": html})
    return shown


def correctable_values(member) -> list[dict]:
    return [{"field": f, "label": field_label(f), "value": field_display(f, getattr(member, f) or "")}
            for f in CORRECTABLE_FIELDS]


class RecordView(MemberPortalMixin, TemplateView):
    template_name = "members/portal/record.html"

    def get_context_data(self, **kwargs):
        member = self.member
        corrections = (member.correction_requests.model.objects
                       .filter(member__in=memberships_of(member)).order_by("-submitted_at", "-pk")[:20])
        return super().get_context_data(
            sections=rendered_sections(self.request, member), fields=correctable_values(member),
            corrections=[(c, field_label(c.field), field_display(c.field, c.proposed_value)) for c in corrections],
            **kwargs)


class FieldQuery(QueryForm):
    field = forms.ChoiceField(choices=[(f, f) for f in CORRECTABLE_FIELDS], required=False)


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=gettext_lazy("Field"))
    proposed_value = forms.CharField(label=gettext_lazy("Correct value"), max_length=200)
    reason = forms.CharField(label=gettext_lazy("Why (optional)"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, member, chosen="", **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.chosen_label = ""
        self.fields["field"].choices = [(f, field_label(f)) for f in CORRECTABLE_FIELDS]
        name = (self.data.get("field") if self.is_bound else chosen) or chosen
        if name in CORRECTABLE_FIELDS:
            model_field = Member._meta.get_field(name)
            if model_field.choices:
                self.fields["proposed_value"] = forms.ChoiceField(
                    label=self.fields["proposed_value"].label, choices=[("", "---------"), *model_field.choices])
            else:
                self.fields["proposed_value"].max_length = model_field.max_length
                self.fields["proposed_value"].validators = [*model_field.validators]
        if chosen in CORRECTABLE_FIELDS:
            self.fields["field"].widget = forms.HiddenInput()
            self.chosen_label = field_label(chosen)
        if name == "id_number":
            self.fields["proposed_value"].help_text = _(
                "The union checks a new ID number against your ID card before it changes your record.")

    def clean_proposed_value(self):
        value = self.cleaned_data["proposed_value"].strip()
        if self.data.get("field") == "id_number":
            from ..validators import normalise_id_number

            value = normalise_id_number(value)
        return value


class CorrectionRequestView(MemberPortalMixin, FormView):
    template_name = "members/portal/correction_form.html"
    form_class = CorrectionForm

    def get_form_kwargs(self):
        chosen = FieldQuery.read(self.request.GET)["field"]
        kwargs = {**super().get_form_kwargs(), "member": self.member, "chosen": chosen}
        if chosen and not self.request.method == "POST":
            kwargs["initial"] = {"field": chosen}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(fields=correctable_values(self.member), **kwargs)

    def form_valid(self, form):
        try:
            with saved_once():
                correction_request_submit(member=self.member, field=form.cleaned_data["field"],
                                          proposed_value=form.cleaned_data["proposed_value"],
                                          reason=form.cleaned_data["reason"])
        except (DuplicateWrite, MembersError) as error:
            field = getattr(error, "field", None)
            # The field's name is a hidden input when it was chosen on the record page: a message for the form.
            form.add_error(field if field == "proposed_value" else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Your request was sent to your union; you will see the answer on this page."))
        return redirect("portal:record")
