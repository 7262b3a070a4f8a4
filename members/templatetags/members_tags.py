"""Display helpers for the members app's templates (masking calls unionadmin.personal_data)."""
from django import template

from unionadmin.personal_data import mask_id_number, mask_phone

register = template.Library()


@register.filter
def masked_id(value):
    """For lists, where revealing one by one is done from the member's page."""
    return mask_id_number(value)


@register.filter
def masked_phone(value):
    return mask_phone(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def unit_label(organisation):
    """A branch or group named with the union above it: "县一中工会 › 高一年级组分会"."""
    if organisation is None:
        return ""
    parent = organisation.parent if organisation.level in ("branch", "group") and organisation.parent_id else None
    if parent is None:
        return organisation.short_name or organisation.name
    return f"{parent.short_name or parent.name} › {organisation.short_name or organisation.name}"
