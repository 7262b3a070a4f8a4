"""Member cards: issue numbers in batches, list a batch, print its card sheet (PDF pipeline)."""
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView

from unionadmin.models import Organisation
from unionadmin.scoping import organisations_where
from unionadmin.views.mixins import ScopedObjectMixin

from ..documents import card_sheet_available
from ..forms import CardBatchForm
from ..models import CardBatch, Member
from ..services import MembersError, cards_issue


class CardBatchListView(ScopedObjectMixin, FormView):
    """The batches issued in the user's scope, and the form that issues the next one."""

    model = CardBatch
    form_class = CardBatchForm
    template_name = "members/card_batch_list.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        user = self.request.user
        batches = self.get_queryset().select_related("union", "issued_by")[:100]
        unions = list(organisations_where(user, CardBatch, "change").filter(level=Organisation.Level.GRASSROOTS)
                      .order_by("path").only("pk", "name", "path")[:500])
        waiting = dict(
            Member.objects.visible_to(user).active().filter(card_number="")
            .values_list("union__path").annotate(n=Count("pk")).values_list("union__path", "n"))
        without_card = [(u, sum(n for path, n in waiting.items() if path.startswith(u.path))) for u in unions]
        return super().get_context_data(batches=batches, without_card=[w for w in without_card if w[1]], **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            batch = cards_issue(union=data["union"], user=self.request.user,
                                members=Member.objects.visible_to(self.request.user, "change"),
                                prefix=data["prefix"], digits=data["digits"], issued_on=data["issued_on"])
        except MembersError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("%(count)d cards were numbered: %(batch)s.") % {
            "count": batch.count, "batch": batch})
        return redirect("members:card_batch_detail", pk=batch.pk)


class CardBatchDetailView(ScopedObjectMixin, DetailView):
    model = CardBatch
    template_name = "members/card_batch_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("union", "issued_by")

    def get_context_data(self, **kwargs):
        members = (Member.objects.visible_to(self.request.user).filter(card_batch=self.object)
                   .select_related("union").order_by("card_number"))
        return super().get_context_data(members=members, pdf_available=card_sheet_available(),
                                        still_without=Member.objects.visible_to(self.request.user).active()
                                        .filter(Q(union__path__startswith=self.object.union.path), card_number="")
                                        .count(), **kwargs)
