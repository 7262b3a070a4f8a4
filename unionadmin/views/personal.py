from decimal import Decimal

from django.http import HttpResponse
from django.utils.html import format_html
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from ..personal_data import reveal
from .mixins import ScopedObjectMixin


class RevealFieldView(ScopedObjectMixin, SingleObjectMixin, View):
    """POST: reveal one personal field of one object (an htmx fragment). Subclass per model."""

    scope_action = "reveal"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        value = reveal(request.user, obj, kwargs["field"])
        if request.POST.get("into") == "input":
            # From an edit form (MaskedPersonalFieldsMixin): the input, now holding the full value.
            name = request.POST.get("name") or kwargs["field"]
            if not name.replace("-", "").replace("_", "").isalnum():
                name = kwargs["field"]
            return HttpResponse(format_html(
                '<input type="text" name="{}" id="id_{}" value="{}" class="textinput form-control" '
                'autocomplete="off" spellcheck="false">', name, name, "" if value is None else value))
        if isinstance(value, Decimal):
            value = f"{value:,.2f}"
        return HttpResponse(format_html('<span class="personal-revealed font-monospace">{}</span>', value or "—"))
