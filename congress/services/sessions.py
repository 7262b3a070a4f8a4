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


def department_save(department: HandlingDepartment, *, officers=None) -> HandlingDepartment:
    """Saves a department and, when given, who answers for it. An officer must hold the
    "handling department" role at the department's union (the role is what lets them in)."""
    with transaction.atomic():
        department.full_clean()
        if officers is not None:
            officers = list(officers)
            holders = set(RoleAssignment.objects.filter(
                organisation_id=department.union_id, role=Role.DEPARTMENT, user__in=officers,
            ).values_list("user_id", flat=True))
            missing = [str(person) for person in officers if person.pk not in holders]
            if missing:
                raise SessionError(
                    _("%(people)s do not hold the “handling department” role at this union; grant it first.")
                    % {"people": "、".join(missing)}, field="officers",
                )
        department.save()
        if officers is not None:
            department.officers.set(officers)
    return department
