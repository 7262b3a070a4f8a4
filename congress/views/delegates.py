"""Delegates of a term: adding, editing, importing from XLSX, delegations."""
from __future__ import annotations

import io

import xlsxwriter
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import UpdateView
from django.views.generic.base import View

from unionadmin.views.mixins import ScopedObjectMixin

from ..forms import DelegateAddForm, DelegateForm, DelegateImportForm, DelegationForm
from ..models import Delegate, Delegation, Term
from ..services.delegates import DelegateError, delegate_add, delegates_import
from .base import ObjectFormView


class DelegateCreateView(ObjectFormView):
    model = Term
    scope_action = "change"
    form_class = DelegateAddForm
    page_title = gettext_lazy("New delegate")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "term": self.object}

    def perform(self, form):
        delegate = delegate_add(term=self.object, by=self.request.user, **form.cleaned_data)
        return _("%(name)s is now a delegate; they log in with the mobile number %(mobile)s.") % {
            "name": delegate.name, "mobile": delegate.user.mobile}


class DelegateUpdateView(ScopedObjectMixin, UpdateView):
    model = Delegate
    form_class = DelegateForm
    scope_action = "change"
    template_name = "congress/form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Edit the delegate"),
                                        cancel_url=self.object.term.get_absolute_url(), **kwargs)

    def get_success_url(self):
        return self.object.term.get_absolute_url()


class DelegationCreateView(ObjectFormView):
    model = Term
    scope_action = "change"
    form_class = DelegationForm
    page_title = gettext_lazy("New delegation")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Delegation(term=self.object)}

    def perform(self, form):
        form.save()
        return _("The delegation was added.")


class DelegateImportView(ObjectFormView):
    """All rows or none: a file with a wrong row changes nothing and lists what to fix."""

    model = Term
    scope_action = "change"
    form_class = DelegateImportForm
    template_name = "congress/delegate_import.html"
    page_title = gettext_lazy("Import delegates from Excel")

    def perform(self, form):
        result = delegates_import(term=self.object, file=form.cleaned_data["file"],
                                  initial_password=form.cleaned_data["initial_password"], by=self.request.user)
        if not result.ok:
            self.import_errors = result.errors
            raise DelegateError(_("Nothing was imported; correct the rows listed below and try again."))
        return _("%(count)s delegates were imported.") % {"count": len(result.created)}

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form,
                                                             import_errors=getattr(self, "import_errors", [])))


class DelegateTemplateView(LoginRequiredMixin, View):
    """An empty import file with the column headings filled in."""

    def get(self, request, *args, **kwargs):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet()
        bold = workbook.add_format({"bold": True})
        sheet.write_row(0, 0, ["姓名", "手机号", "性别", "代表团", "类别", "岗位"], bold)
        sheet.write_row(1, 0, ["张三", "13800000000", "男", "第一代表团", "一线职工", "车工"])
        sheet.set_column(0, 5, 14)
        workbook.close()
        response = HttpResponse(buffer.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="delegates.xlsx"'
        return response
