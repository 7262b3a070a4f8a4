"""Display helpers for the competitions templates."""
from django import forms, template

register = template.Library()


@register.filter
def cell(field):
    """A form field's widget alone, styled for a table cell (formsets laid out as tables)."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select form-select-sm"
    else:
        css = "form-control form-control-sm"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css, "aria-label": str(field.label or field.name)}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def score(value):
    """A score or result as published: two decimals, or a dash."""
    if value is None or value == "":
        return "—"
    return f"{value:.2f}" if not isinstance(value, str) else value


@register.simple_tag
def lookup(mapping, *keys):
    """mapping[(k1, k2, …)] or mapping[k1] for one key; None when absent."""
    key = keys[0] if len(keys) == 1 else tuple(keys)
    return mapping.get(key) if mapping else None
