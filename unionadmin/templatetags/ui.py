"""Small display helpers shared by every app's templates."""
from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag
def state_badge(obj, field: str = "state", extra_class: str = ""):
    """A record's state as a badge, coloured by the model's ``state_tones`` ({state: Bootstrap
    colour}), so no template compares state strings:
    ``{% state_badge plan %}``, ``{% state_badge entry "status" %}``."""
    value = getattr(obj, field)
    tone = getattr(type(obj), f"{field}_tones", {}).get(value, "secondary")
    label = getattr(obj, f"get_{field}_display")()
    classes = f"badge text-bg-{tone} {extra_class}".strip()
    return format_html('<span class="{}">{}</span>', classes, label)


@register.filter
def allowed_actions(obj, user):
    """The steps ``user`` may take on ``obj`` now (unionadmin/actions.py):
    ``{% with allowed=object|allowed_actions:request.user %}{% if "approve" in allowed %}…``."""
    return obj.allowed_actions(user)


@register.filter
def page_window(paginator, current, width=2):
    """Page numbers around the current one, with None for a gap: 1 … 4 5 [6] 7 8 … 20."""
    last = paginator.num_pages
    shown = sorted({1, last, *range(max(1, current - width), min(last, current + width) + 1)})
    window, previous = [], 0
    for number in shown:
        if number - previous > 1:
            window.append(None)
        window.append(number)
        previous = number
    return window


ACTIONS = {"+": gettext_noop("Created"), "~": gettext_noop("Changed"), "-": gettext_noop("Deleted")}


@register.inclusion_tag("includes/history.html")
def history_table(obj, limit=50):
    """The object's change history, newest first, each change with its old and new value."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(obj)
    entries = []
    for record, older in zip(records, records[1:] + [None]):
        changes = []
        if older is not None and record.history_type == "~":
            for change in record.diff_against(older).changes:
                field = model._meta.get_field(change.field)
                changes.append({
                    "field": field.verbose_name,
                    "old": _display(field, change.old),
                    "new": _display(field, change.new),
                })
        entries.append({
            "date": record.history_date,
            "user": record.history_user,
            "action": _(ACTIONS.get(record.history_type, "Changed")),
            "changes": changes,
            "reason": record.history_change_reason,
        })
    return {"entries": entries[:limit]}


def _display(field, value):
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field.is_relation and field.many_to_one and value not in (None, ""):
        # A foreign key is shown by what it names (e.g. a member's union after a transfer).
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else value
    return value


@register.inclusion_tag("includes/personal.html", takes_context=True)
def personal(context, obj, field, reveal_url_name=None):
    """A personal field shown masked, with a reveal button for those allowed (logged on use).

    The reveal URL is ``reveal_url_name`` (default "<app_label>:<model_name>_reveal") with
    the object's pk and the field name.
    """
    from django.urls import reverse

    from ..personal_data import masked_value, may_reveal

    user = context["request"].user
    meta = type(obj)._meta
    url_name = reveal_url_name or f"{meta.app_label}:{meta.model_name}_reveal"
    allowed = may_reveal(user, obj)
    return {
        "masked": masked_value(obj, field),
        "reveal_url": reverse(url_name, kwargs={"pk": obj.pk, "field": field}) if allowed else None,
        "field_label": meta.get_field(field).verbose_name,
    }


@register.filter
def figure(value, unit):
    """An indicator's figure as the dashboard shows it: 42.5%, 29,600 元, 2.5 天 or 12; — for no data.
    A filter rather than an include: the drill-down shows it a thousand times."""
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value}%"
    number = floatformat(value, "0g")
    if unit == "yuan":
        return format_html('{} <span class="small">{}</span>', number, _("yuan"))
    if unit == "days":  # a mean, to a tenth of a day
        return format_html('{} <span class="small">{}</span>', floatformat(value, "-1"), _("days"))
    return number
