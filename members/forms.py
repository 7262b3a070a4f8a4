import hashlib
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.forms import ScopedFormMixin
from unionadmin.models import Organisation
from unionadmin.personal_data import MaskedPersonalFieldsMixin
from unionadmin.pickers import organisation_widget, search_widget
from unionadmin.scoping import organisations_where
from unionadmin.uploads import MEMBER_ROSTER

from .imports.columns import FIELDS
from .imports.files import MAX_UPLOAD_BYTES, size_text
from .models import (
    ArchiveEntry,
    CadrePost,
    CardBatch,
    DuesPayment,
    DuesRule,
    FundReceipt,
    Honour,
    Member,
    TrainingRecord,
)
from .services import dues_amount, dues_rule_for, grassroots_of, month_start
from .validators import birth_date_from_id, division_is_known, normalise_id_number

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d", "%Y/%m", "%Y.%m"]
# A grassroots union and its units: where members, their dues and imports belong.
UNION_LEVELS = [Organisation.Level.GRASSROOTS, Organisation.Level.BRANCH, Organisation.Level.GROUP]


def _preselect_single(field):
    """When there is only one union to choose, it is chosen."""
    options = list(field.queryset[:2])
    if len(options) == 1 and not field.initial:
        field.initial = options[0].pk


class MonthField(forms.DateField):
    widget = MONTH

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", MONTH_FORMATS)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return month_start(value) if value else value


class MemberForm(MaskedPersonalFieldsMixin, ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"union": "change"}
    birth_date_typed = forms.DateField(
        label=_("Birth date"), required=False, widget=DATE,
        help_text=_("Optional: typed here, it is checked against the ID number."),
    )

    class Meta:
        model = Member
        fields = ["union", "name", "gender", "ethnicity", "id_number", "phone", "employer", "post", "education",
                  "employment_type", "political_status", "joined_on", "card_number", "status", "left_on"]
        widgets = {"joined_on": DATE, "left_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].label = _("Union or branch")
        self.fields["id_number"].widget.attrs.update(maxlength=22, autocomplete="off", spellcheck="false")
        self.fields["phone"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        if self.instance.pk:
            self.fields["birth_date_typed"].initial = self.instance.birth_date
            # Moving a member to another union is a transfer, not an edit: only units of the
            # same grassroots union are offered.
            own = grassroots_of(self.instance.union)
            self.fields["union"].queryset = self.fields["union"].queryset.filter(path__startswith=own.path)
        else:  # a new member: any unit where the user may add one (a county's, for its federation)
            organisation_widget(self.fields["union"], Organisation, "change")

    def clean_id_number(self):
        return normalise_id_number(self.cleaned_data.get("id_number", ""))

    def warnings(self) -> list[str]:
        """What was saved but deserves a second look (shown after saving, never refused)."""
        id_number = self.cleaned_data.get("id_number") or ""
        if "id_number" in self.changed_data and len(id_number) == 18 and not division_is_known(id_number):
            return [_("Saved, but the first six digits of the ID number (%(code)s) are not an administrative "
                      "division code we know. The national list is not complete, so please check the number "
                      "against the ID card.") % {"code": id_number[:6]}]
        return []

    def clean(self):
        cleaned = super().clean()
        id_number, typed = cleaned.get("id_number"), cleaned.get("birth_date_typed")
        if id_number and typed and len(id_number) == 18:
            born = birth_date_from_id(id_number)
            if born and born != typed:
                self.add_error("birth_date_typed", _(
                    "The birth date does not match the one in the ID number (%(expected)s).") % {
                    "expected": born.isoformat()})
        if id_number and cleaned.get("status") == Member.Status.ACTIVE:
            others = Member.objects.filter(id_number=id_number, status=Member.Status.ACTIVE)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            other = others.select_related("union").first()
            if other is not None:
                if Member.objects.visible_to(self.user).filter(pk=other.pk).exists():
                    self.add_error("id_number", _("This person is a current member of another union (%(union)s). "
                                                  "That union must transfer them here.") % {"union": other.union})
                else:
                    self.add_error("id_number", _("This person is a current member of another union. That union "
                                                  "must transfer them here."))
        card, union = cleaned.get("card_number"), cleaned.get("union")
        if card and union:
            clash = Member.objects.filter(union__path__startswith=grassroots_of(union).path, card_number=card)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("card_number", _("Card number %(value)s already belongs to another member of this "
                                                "union.") % {"value": card})
        return cleaned


class TransferForm(forms.Form):
    to_union = forms.ModelChoiceField(label=_("To union"), queryset=Organisation.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False,
                             help_text=_("E.g. the member changed employer."))

    def __init__(self, *args, destinations, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Not scoped by the user: the receiving union is usually outside the sender's scope.
        self.fields["to_union"].queryset = destinations
        if member is not None:  # every grassroots union of the county: searched, not listed
            search_widget(self.fields["to_union"], "transfer-union", context=member.pk)


class AcceptTransferForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Place the member in"), queryset=Organisation.objects.none(),
                                  required=False, empty_label=_("The union itself"))

    def __init__(self, *args, transfer, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = organisations_where(user, Member, "change").filter(
            path__startswith=transfer.to_union.path)


class RefuseTransferForm(forms.Form):
    reason = forms.CharField(label=_("Reason for refusing"), max_length=200)


class ImportUploadForm(forms.Form):
    union = forms.ModelChoiceField(label=_("Import into"), queryset=Organisation.objects.none(),
                                   help_text=_("New members join this union; its branches can be named in a column."))
    file = forms.FileField(label=_("Roster file"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = organisations_where(user, Member, "change").exclude(
            level=Organisation.Level.FEDERATION).exclude(level=Organisation.Level.INDUSTRY)
        _preselect_single(self.fields["union"])
        organisation_widget(self.fields["union"], Member, "change", UNION_LEVELS)
        self.fields["file"].help_text = _("XLSX, XLS, ODS or CSV (UTF-8 or GBK), at most %(limit)s.") % {
            "limit": size_text(MAX_UPLOAD_BYTES)}
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xls,.ods,.csv,.txt"

    def clean_file(self):
        """Every upload goes through the project's one policy first (unionadmin/uploads.py);
        the import then reads the spreadsheet itself."""
        upload = self.cleaned_data.get("file")
        MEMBER_ROSTER.validator(upload)
        return upload


class ImportMappingForm(forms.Form):
    """One choice per column of the file: which member field it fills, or none."""

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        choices = [("", _("— not imported —"))] + [(f.name, f.label) for f in FIELDS]
        for index, header in enumerate(job.columns):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or _("Column %(n)d") % {"n": index + 1}, choices=choices, required=False,
                initial=job.mapping.get(str(index), ""),
            )

    def mapping(self):
        return {name.removeprefix("col_"): value for name, value in self.cleaned_data.items() if value}

    def clean(self):
        from .imports.service import mapping_problems

        cleaned = super().clean()
        for problem in mapping_problems(self.mapping()):
            self.add_error(None, str(problem))
        return cleaned


class CardBatchForm(forms.Form):
    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none())
    prefix = forms.CharField(label=_("Number prefix"), max_length=12, required=False,
                             help_text=_("Letters or digits put before each number, e.g. HD2026-."))
    digits = forms.IntegerField(label=_("Digits"), min_value=1, max_value=12, initial=5)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = organisations_where(user, CardBatch, "change").filter(
            level=Organisation.Level.GRASSROOTS)
        _preselect_single(self.fields["union"])
        organisation_widget(self.fields["union"], CardBatch, "change", [Organisation.Level.GRASSROOTS])

    def clean_prefix(self):
        prefix = "".join(self.cleaned_data.get("prefix", "").split())
        if any(c.isdigit() for c in prefix[-1:]):
            raise ValidationError(_("End the prefix with a letter or a dash, so the numbers stay readable."))
        return prefix


class DuesPaymentForm(forms.ModelForm):
    period = MonthField(label=_("Month"))

    class Meta:
        model = DuesPayment
        fields = ["period", "wage", "amount", "paid_on"]
        widgets = {"paid_on": DATE}

    def __init__(self, *args, member, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.rule = dues_rule_for(member.union)
        self.fields["amount"].required = False
        self.fields["amount"].help_text = _("Leave empty to charge %(rate)s%% of the wage.") % {
            "rate": f"{self.rule.rate * 100:g}"}
        if not self.instance.pk:
            self.fields["paid_on"].initial = timezone.localdate()
            self.fields["period"].initial = month_start(timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("amount"):
            if cleaned.get("wage"):
                cleaned["amount"] = dues_amount(cleaned["wage"], self.rule.rate)
                self.instance.amount = cleaned["amount"]
            elif "amount" not in self.errors:
                self.add_error("amount", _("Give the amount or the wage it is charged on."))
        period = cleaned.get("period")
        if period:
            if period > month_start(timezone.localdate()):
                self.add_error("period", _("Dues cannot be recorded for a month that has not begun."))
            clash = DuesPayment.objects.filter(member=self.member, period=period).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("period", _("Dues for this month are already recorded."))
        return cleaned


class DuesCollectForm(forms.Form):
    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none())
    period = MonthField(label=_("Month"), initial=lambda: month_start(timezone.localdate()))
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = organisations_where(user, DuesPayment, "change").exclude(
            level=Organisation.Level.FEDERATION).exclude(level=Organisation.Level.INDUSTRY)
        organisation_widget(self.fields["union"], DuesPayment, "change", UNION_LEVELS)

    def clean_period(self):
        period = self.cleaned_data["period"]
        if period > month_start(timezone.localdate()):
            raise ValidationError(_("Dues cannot be recorded for a month that has not begun."))
        return period


class DuesRuleForm(forms.ModelForm):
    class Meta:
        model = DuesRule
        fields = ["rate", "arrears_months", "tracked_from"]
        widgets = {"tracked_from": MONTH}

    tracked_from = MonthField(label=_("Dues recorded from"), required=False,
                              help_text=_("Months before this are not counted as arrears."))


class FundReceiptForm(ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"union": "change"}
    period = MonthField(label=_("Month"))

    class Meta:
        model = FundReceipt
        fields = ["union", "period", "payroll", "amount", "received_on", "note"]
        widgets = {"received_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = self.fields["union"].queryset.filter(level=Organisation.Level.GRASSROOTS)
        organisation_widget(self.fields["union"], Organisation, "change", [Organisation.Level.GRASSROOTS])
        # xgettext:no-python-format
        self.fields["amount"].help_text = _("The employer owes 2% of the payroll.")

    def clean(self):
        cleaned = super().clean()
        union, period = cleaned.get("union"), cleaned.get("period")
        if union and period and FundReceipt.objects.filter(union=union, period=period).exclude(
                pk=self.instance.pk).exists():
            self.add_error("period", _("Union funds for this month are already recorded."))
        return cleaned


class CadrePostForm(forms.ModelForm):
    class Meta:
        model = CadrePost
        fields = ["position", "organisation", "term_start", "term_end", "note"]
        widgets = {"term_start": DATE, "term_end": DATE}

    def __init__(self, *args, member, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A post is held at the member's union or one of its units (a branch's committee).
        own = grassroots_of(member.union)
        self.fields["organisation"].queryset = Organisation.objects.filter(path__startswith=own.path)
        self.fields["organisation"].initial = member.union_id


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["course", "organiser", "level", "started_on", "hours"]
        widgets = {"started_on": DATE}

    def __init__(self, *args, member=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].initial = Decimal("8")


class HonourForm(forms.ModelForm):
    class Meta:
        model = Honour
        fields = ["kind", "title", "level", "year", "awarded_by"]

    def __init__(self, *args, member=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean(self):
        cleaned = super().clean()
        member = self.member
        if member and cleaned.get("title") and cleaned.get("year") and Honour.objects.filter(
                member=member, title=cleaned["title"], year=cleaned["year"]).exclude(pk=self.instance.pk).exists():
            self.add_error("title", _("This honour is already recorded for that year."))
        return cleaned


class ArchiveEntryForm(forms.ModelForm):
    class Meta:
        model = ArchiveEntry
        fields = ["kind", "date", "summary", "help_given", "amount"]
        widgets = {"date": DATE}

    def __init__(self, *args, member=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ImportValuesForm(forms.Form):
    """How to read each value of a choice column that no table knows ("事业编制" for 用工性质),
    and the readings already chosen for this job (or remembered from the union's earlier
    imports), one select each, on one screen."""

    NOT_READ = ""  # no reading: the rows with the value stay refused
    EMPTY = "-"  # read as "leave the field empty" (only where EMPTY_ALLOWED)

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        self.rows = self._rows(job)
        for row in self.rows:
            row["name"] = self.field_name(row["field"], row["key"])
            self.fields[row["name"]] = forms.ChoiceField(
                label=row["value"], choices=self._choices(row["field"]), required=False,
                initial=self.NOT_READ if row["current"] is None else (row["current"] or self.EMPTY),
                error_messages={"invalid_choice": _("“%(value)s” is not a reading this column offers; choose one "
                                                    "from the list.")},
            )
            row["bound"] = self[row["name"]]

    @staticmethod
    def field_name(field_name: str, key: str) -> str:
        """Named by the value itself, not its place: the list is ordered anew after each check,
        so a page posted late (the back button, a second tab) still means the values it showed."""
        return f"v_{field_name}_{hashlib.sha1(key.encode()).hexdigest()[:12]}"

    @staticmethod
    def _rows(job):
        from .imports.checking import choice_parsers
        from .imports.columns import FIELD_BY_NAME
        from .models import ImportValueMapping

        order = list(choice_parsers())
        rows = [{**u, "current": None, "remembered": False} for u in job.unknown_values if u["field"] in order]
        listed = {(r["field"], r["key"]) for r in rows}
        remembered = {(m.field, m.value) for m in ImportValueMapping.objects.filter(
            union=job.union_id, updated_at__lt=job.created_at)}
        columns = set(job.mapping.values())  # readings of columns this file does not fill would only distract
        for name, readings in job.value_mapping.items():
            for key, choice in readings.items():
                if name in columns and (name, key) not in listed:
                    rows.append({"field": name, "key": key, "value": key, "count": None, "current": choice,
                                 "remembered": (name, key) in remembered})
        rows.sort(key=lambda r: (order.index(r["field"]), r["current"] is not None, -(r["count"] or 0), r["key"]))
        headers = {name: job.columns[int(index)] for index, name in job.mapping.items()
                   if int(index) < len(job.columns) and job.columns[int(index)]}
        for row in rows:  # the column as the officer's file heads it
            row["label"] = headers.get(row["field"]) or FIELD_BY_NAME[row["field"]].label
        return rows

    def _choices(self, field_name):
        from .imports.checking import EMPTY_ALLOWED

        choices = [(self.NOT_READ, _("— not read: the rows stay refused —"))]
        if field_name == "gender":
            choices.append((self.EMPTY, _("Leave empty: taken from the ID number")))
        elif field_name in EMPTY_ALLOWED:
            choices.append((self.EMPTY, _("Leave empty")))
        return choices + [(value, label) for value, label in Member._meta.get_field(field_name).choices if value]

    @property
    def unknown_count(self):
        return sum(1 for row in self.rows if row["current"] is None)

    def readings(self) -> dict[str, dict[str, str | None]]:
        """{field: {value key: choice, "" = empty, None = not read}} for the service."""
        readings: dict[str, dict[str, str | None]] = {}
        for row in self.rows:
            if row["name"] not in self.data:  # a value the posted page did not show: left as it is
                continue
            chosen = self.cleaned_data.get(row["name"], self.NOT_READ)
            reading = None if chosen == self.NOT_READ else ("" if chosen == self.EMPTY else chosen)
            if reading is not None or row["current"] is not None:  # a change, or a reading withdrawn
                readings.setdefault(row["field"], {})[row["key"]] = reading
        return readings
