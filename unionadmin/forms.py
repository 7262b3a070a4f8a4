from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Organisation, RoleAssignment
from .roles import Role
from .scoping import covering_paths
from .validators import normalise_credit_code, validate_mobile


class ScopedFormMixin:
    """Limits every choice of a scoped model to what the user may see (or change).

    ``scoped_actions`` names, per field, the action required on the chosen object
    (default "view"); the user arrives as the ``user`` keyword.
    """

    scoped_actions: dict[str, str] = {}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "visible_to"):
                field.queryset = queryset.visible_to(user, self.scoped_actions.get(name, "view"))


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or mobile number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("The username or mobile number and password do not match. Both are case-sensitive."),
        "inactive": _("This account is disabled."),
    }


class OrganisationForm(ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"parent": "change"}

    class Meta:
        model = Organisation
        fields = [
            "name", "short_name", "level", "parent", "category", "sector", "credit_code", "employee_count",
            "founded_on", "chair_name", "phone", "address", "has_own_account", "bank_name", "bank_account",
            "home_rating", "home_rating_year", "document_code", "is_active",
        ]
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].required = True
        # Only a federation administrator shapes the upper tree; a union officer adds and
        # edits branches and groups below their union.
        if not (self.user.is_superuser or covering_paths(self.user, {Role.FEDERATION_ADMIN})):
            lower = [Organisation.Level.BRANCH, Organisation.Level.GROUP]
            if self.instance.pk and self.instance.level not in lower:
                self.fields["level"].disabled = True
            else:
                self.fields["level"].choices = [(l.value, l.label) for l in lower]
        self.fields["credit_code"].widget.attrs["maxlength"] = 24  # spaces are stripped
        if self.instance.pk:
            # Moving a unit needs the right to change where it is now; a unit's own officer
            # cannot lift it out of the tree.
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                path__startswith=self.instance.path
            )
            if self.instance.parent_id and not self.fields["parent"].queryset.filter(
                pk=self.instance.parent_id
            ).exists():
                self.fields["parent"].disabled = True
                self.fields["parent"].queryset = Organisation.objects.filter(pk=self.instance.parent_id)
            if self.instance.parent_id is None:
                self.fields["parent"].required = False
                self.fields["parent"].disabled = True
                self.fields["parent"].queryset = Organisation.objects.none()

    def clean_credit_code(self):
        return normalise_credit_code(self.cleaned_data.get("credit_code", ""))


FEDERATION_ROLES = {Role.FEDERATION_ADMIN, Role.FEDERATION_REVIEWER}


def grantable_roles(granter, organisation) -> list:
    """Federation roles exist only at federations and industry unions, and only a federation
    administrator above the organisation may hand them out; managers grant the others."""
    is_federation_admin = granter.is_superuser or any(
        organisation.path.startswith(path) for path in covering_paths(granter, {Role.FEDERATION_ADMIN})
    )
    federation_level = organisation.level in {Organisation.Level.FEDERATION, Organisation.Level.INDUSTRY}
    return [
        role for role in Role
        if role != Role.AUDIT_COMMITTEE  # comes only with a seat on the 经审会 (finance/audit.py)
        and (role not in FEDERATION_ROLES or (is_federation_admin and federation_level))
    ]


class GrantRoleForm(forms.Form):
    """Give a role at an organisation to an existing user or to a new one."""

    login = forms.CharField(
        label=_("Username or mobile number"), max_length=150,
        help_text=_("An existing account, or the username for a new one."),
    )
    full_name = forms.CharField(label=_("Name"), max_length=50, required=False,
                                help_text=_("Needed only for a new account."))
    mobile = forms.CharField(label=_("Mobile number"), max_length=11, required=False, validators=[validate_mobile])
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    title = forms.CharField(label=_("Title"), max_length=50, required=False)
    password = forms.CharField(
        label=_("Initial password"), required=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Needed only for a new account; the person changes it after logging in."),
    )

    def __init__(self, *args, organisation, granted_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.granted_by = granted_by
        self.existing_user = None
        self.fields["role"].choices = [
            (role.value, role.label) for role in grantable_roles(granted_by, organisation)
        ]

    def clean(self):
        from .auth import find_user

        cleaned = super().clean()
        login = (cleaned.get("login") or "").strip()
        self.existing_user = find_user(login)
        if self.existing_user is None:
            if not cleaned.get("full_name"):
                self.add_error("full_name", _("Give the name of the new account's holder."))
            if not cleaned.get("password"):
                self.add_error("password", _("Give an initial password for the new account."))
            else:
                from django.contrib.auth.password_validation import validate_password

                try:
                    validate_password(cleaned["password"])
                except forms.ValidationError as error:
                    self.add_error("password", error)
            mobile = cleaned.get("mobile")
            if mobile and get_user_model().objects.filter(mobile=mobile).exists():
                self.add_error("mobile", _("Another account already uses this mobile number."))
            if login.isdigit():
                self.add_error("login", _("A new username cannot be all digits; use the mobile field for the number."))
        elif self.existing_user == self.granted_by:
            self.add_error("login", _("You cannot give yourself a role; ask another administrator."))
        elif cleaned.get("role") and RoleAssignment.objects.filter(
            user=self.existing_user, organisation=self.organisation, role=cleaned["role"]
        ).exists():
            self.add_error("role", _("This person already holds this role here."))
        return cleaned

    @transaction.atomic
    def save(self):
        user = self.existing_user
        if user is None:
            user = get_user_model().objects.create_user(
                username=self.cleaned_data["login"].strip(),
                password=self.cleaned_data["password"],
                full_name=self.cleaned_data["full_name"],
                mobile=self.cleaned_data.get("mobile") or None,
            )
        return RoleAssignment.objects.create(
            user=user, organisation=self.organisation, role=self.cleaned_data["role"],
            title=self.cleaned_data.get("title", ""), granted_by=self.granted_by,
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["full_name", "mobile", "email", "language"]

