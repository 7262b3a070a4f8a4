"""Sessions: marking one as held, and the departments that answer its proposals."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionadmin.models import RoleAssignment
from unionadmin.roles import Role

from ..models import HandlingDepartment, Session
from . import CongressError


class SessionError(CongressError):
    pass


def session_mark_held(session: Session, *, user, today=None) -> Session:
    """The session took place (it counts for the "congress held" indicator of its year)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.state == Session.State.HELD:
            raise SessionError(_("This session is already recorded as held."))
        if locked.held_on > today:
            raise SessionError(_("A session cannot be recorded as held before its date."))
        locked.state = Session.State.HELD
        locked._change_reason = "held"
        locked.save()
    return locked


def department_save(department: HandlingDepartment, *, old_name: str | None = None) -> HandlingDepartment:
    """Saves a department; a renamed department keeps its people: the titles of their
    department roles at the union are renamed with it, in the same transaction."""
    with transaction.atomic():
        department.full_clean()
        department.save()
        if old_name and old_name != department.name:
            RoleAssignment.objects.filter(
                organisation_id=department.union_id, role=Role.DEPARTMENT, title=old_name,
            ).update(title=department.name)
    return department
