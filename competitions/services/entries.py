"""Entries: entering a team or a person, withdrawing, disqualifying, and supporting material."""
from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from unionadmin import uploads

from ..models import Competition, Entry, EntryMaterial
from .errors import CompetitionError

State = Competition.State
MAX_MATERIAL_BYTES = uploads.ENTRY_MATERIAL.max_bytes


def _lock(competition_id) -> Competition:
    return Competition.objects.select_for_update(of=("self",)).get(pk=competition_id)


def entry_create(competition: Competition, *, by, organisation, members=(), **fields) -> Entry:
    """Enter a team, unit or person from ``organisation`` (in the organiser's subtree) while the
    competition is open for entries; the entry gets the next number."""
    with transaction.atomic():
        locked = _lock(competition.pk)
        if locked.state != State.OPEN:
            raise CompetitionError(_("The competition is not open for entries (it is at the stage “%(state)s”).")
                                   % {"state": locked.get_state_display()})
        if not organisation.path.startswith(locked.organiser.path):
            raise CompetitionError(_("%(unit)s is not below the organiser, %(organiser)s.")
                                   % {"unit": organisation, "organiser": locked.organiser})
        number = (locked.entries.aggregate(n=Max("number"))["n"] or 0) + 1
        entry = Entry.objects.create(competition=locked, number=number, organisation=organisation, created_by=by,
                                     **fields)
        if members:
            entry.members.set(members)
    return entry


def _set_status(entry: Entry, status: str, reason: str, *, allowed_from, message):
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _lock(entry.competition_id)
        if locked.state not in (State.OPEN, State.SCORING):
            raise CompetitionError(_("Entries cannot change any more: the competition is at the stage "
                                     "“%(state)s”.") % {"state": locked.get_state_display()})
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.status not in allowed_from:
            raise CompetitionError(message)
        if status != Entry.Status.ENTERED and not reason:
            raise CompetitionError(_("Say why (the reason is recorded)."))
        entry.status = status
        entry.status_reason = reason[:200] if status != Entry.Status.ENTERED else ""
        entry._change_reason = reason[:100]
        entry.save(update_fields=["status", "status_reason"])
    return entry


def entry_withdraw(entry: Entry, *, by, reason: str) -> Entry:
    return _set_status(entry, Entry.Status.WITHDRAWN, reason, allowed_from=(Entry.Status.ENTERED,),
                       message=_("Only a competing entry can be withdrawn."))


def entry_disqualify(entry: Entry, *, by, reason: str) -> Entry:
    return _set_status(entry, Entry.Status.DISQUALIFIED, reason, allowed_from=(Entry.Status.ENTERED,),
                       message=_("Only a competing entry can be disqualified."))


def entry_reinstate(entry: Entry, *, by) -> Entry:
    return _set_status(entry, Entry.Status.ENTERED, "", allowed_from=(Entry.Status.WITHDRAWN,
                                                                       Entry.Status.DISQUALIFIED),
                       message=_("This entry is competing already."))


def material_add(entry: Entry, *, by, title: str, upload) -> EntryMaterial:
    if entry.competition.state not in (State.OPEN, State.SCORING):
        raise CompetitionError(_("Material can be added only while entries are open or being scored."))
    try:
        name = uploads.ENTRY_MATERIAL.check(upload).original_name[:200]
    except uploads.UploadRefused as refusal:
        raise CompetitionError(refusal.message) from None
    return EntryMaterial.objects.create(entry=entry, title=title or name, file=upload, file_name=name,
                                        file_size=upload.size, uploaded_by=by)
