"""Query-string parameters read through a form, like any other input.

A page that takes a parameter outside its FilterSet (a pre-selected parent on a "new" page, the
year of a report, which box of a list) declares it on a ``QueryForm``. A value that does not
validate (letters for an id, a year past 9999, a NUL byte, 3,000 characters) is dropped: the
page shows as if the parameter were not given, never a server error. The URL fuzz test
(tests/unionadmin/test_url_fuzz.py) tries every parameter name the project reads.
"""
from django import forms


class QueryForm(forms.Form):
    """``QueryForm(request.GET).values`` → each field's valid value, or its empty value."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else {}, *args, **kwargs)

    @property
    def values(self) -> dict:
        self.is_valid()
        values = {}
        for name, field in self.fields.items():
            if name in self.cleaned_data:
                values[name] = self.cleaned_data[name]
            else:  # invalid: as if not given
                values[name] = field.initial if field.initial is not None else field.to_python(None)
        return values

    @classmethod
    def read(cls, data, **kwargs) -> dict:
        return cls(data, **kwargs).values


class ObjectQuery(QueryForm):
    """Id parameters naming one object each: ``ObjectQuery.read(request.GET, parent=queryset)``
    gives ``{"parent": <object or None>}``; an id outside the queryset (another union's, or
    letters) reads as None."""

    def __init__(self, data=None, **querysets):
        super().__init__(data)
        for name, queryset in querysets.items():
            self.fields[name] = forms.ModelChoiceField(queryset=queryset, required=False)


def query_object(data, name, queryset):
    """The object of ``queryset`` the parameter ``name`` names, or None."""
    return ObjectQuery.read(data, **{name: queryset})[name]


def query_choice(data, name, choices, default=""):
    """One parameter that must be one of ``choices`` (values); ``default`` when absent or not one."""
    form = QueryForm(data)
    form.fields[name] = forms.ChoiceField(choices=[(value, value) for value in choices], required=False)
    return form.values[name] or default
