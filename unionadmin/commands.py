"""What the import commands (manage.py import_members, import_work_plan) share: the file, the
organisation and the acting user read from the options and refused in the site's language."""
from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .models import Organisation
from .scoping import organisations_where


def file_organisation_user(options, model, refusal: str) -> tuple[Path, Organisation, object | None]:
    """The FILE, ``--organisation`` and ``--user`` of an import command. The user, when given,
    must be allowed to change ``model`` at the organisation: the history names them as the
    writer. ``refusal`` says so with %(name)s and %(union)s."""
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(_("There is no file %(path)s.") % {"path": path})
    organisation = Organisation.objects.filter(pk=options["organisation"]).first()
    if organisation is None:
        raise CommandError(_("There is no organisation with id %(id)s.") % {"id": options["organisation"]})
    user = None
    if options.get("user"):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("There is no user %(name)s.") % {"name": options["user"]})
        if not organisations_where(user, model, "change").filter(pk=organisation.pk).exists():
            raise CommandError(refusal % {"name": options["user"], "union": organisation.name})
    return path, organisation, user
