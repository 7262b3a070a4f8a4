"""The members app's picker kinds (unionadmin/pickers.py): members, and a transfer's target union."""
import re

from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation
from unionadmin.personal_data import mask_id_number
from unionadmin.pickers import PickerKind, register, search_names, search_people

from .models import Member
from .services import transfer_destinations

PERSON_PLACEHOLDER = _("Name, last 4 digits of the ID number, card or mobile number")


def member_label(member: Member) -> str:
    """Names repeat: the union and the masked ID number tell two 王芳 apart."""
    union = member.union.short_name or member.union.name
    return f"{member.name} · {union} · {mask_id_number(member.id_number)}"


def current_members(queryset):
    return queryset.filter(status=Member.Status.ACTIVE).select_related("union")


def members(user, context):
    """Current members the user may ``context`` ("view", the default, or "change")."""
    action = context or "view"
    if action not in {"view", "change"}:
        return Member.objects.none()
    return current_members(Member.objects.visible_to(user, action))


def transfer_unions(user, context):
    """Where the member ``context`` (an id) may be transferred, for a user who may change them."""
    if not re.fullmatch(r"[0-9]{1,9}", context):  # an id the database's integer can hold ("²" is no digit)
        return Organisation.objects.none()
    member = Member.objects.visible_to(user, "change").select_related("union").filter(pk=int(context)).first()
    return Organisation.objects.none() if member is None else transfer_destinations(member)


def union_label(union: Organisation) -> str:
    return union.name


def register_kinds():
    register(PickerKind("member", members, search_people, member_label, PERSON_PLACEHOLDER))
    register(PickerKind("transfer-union", transfer_unions,
                        lambda queryset, text: search_names(queryset, text, "name", "short_name"),
                        union_label, _("Part of the union's name")))
