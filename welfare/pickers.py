"""The welfare app's picker kinds (unionadmin/pickers.py): the member a file, grant or visit is
for, and a filed household."""
import re

from django.utils.translation import gettext_lazy as _

from members.pickers import PERSON_PLACEHOLDER, member_label
from unionadmin.pickers import PickerKind, register, search_people

from .forms.base import members_for
from .models import Grant, HardshipFile, Pairing, Visit

# The context names the welfare model whose "change" right decides the members offered, as
# WelfareFormMixin decides the field's own queryset.
MODELS = {"hardshipfile": HardshipFile, "grant": Grant, "visit": Visit, "pairing": Pairing}


def welfare_members(user, context):
    model = MODELS.get(context)
    return members_for(user, model, "change") if model else members_for(user, HardshipFile, "change").none()


def filed_households(user, context):
    """Files on record (a grant or a pairing goes to one) the user may change."""
    return HardshipFile.objects.visible_to(user, "change").on_file().select_related("worker")


def file_label(file: HardshipFile) -> str:
    return f"{file.number} · {file.worker.name} · {file.get_category_display()}"


def search_files(queryset, text):
    """A file number as printed (KN000123, its id), or the worker as a person is found."""
    number = re.fullmatch(r"KN0*([0-9]{1,9})", text, flags=re.IGNORECASE)
    if number:
        return queryset.filter(pk=int(number.group(1)))
    return search_people(queryset, text, name="worker__name", id_number="worker__id_number",
                         card="worker__card_number", phone="worker__phone")


def register_kinds():
    register(PickerKind("welfare-member", welfare_members, search_people, member_label, PERSON_PLACEHOLDER))
    register(PickerKind("hardship-file", filed_households, search_files, file_label,
                        _("File number, or the worker's name, ID digits, card or mobile")))
