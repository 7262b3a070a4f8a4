"""Donation drives: donors, amounts, and the grants the money went to."""
from django.contrib import messages
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms import DonationDriveForm, DonationForm
from ..models import Donation, DonationDrive, Grant
from ..services import WelfareError
from .base import (
    WelfareActionView,
    WelfareCreateView,
    WelfareDetailView,
    WelfareFormView,
    WelfareListView,
    WelfareUpdateView,
)


class DriveListView(WelfareListView):
    model = DonationDrive
    template_name = "welfare/drive_list.html"
    section = "donations"
    page_title = gettext_lazy("Donation drives")

    def optimise(self, queryset):
        return queryset.select_related("organisation").annotate(
            donors=Count("donations", distinct=True),
            collected_total=Sum("donations__amount"),
        ).order_by("-year", "-starts_on", "pk")


class DriveCreateView(WelfareCreateView):
    model = DonationDrive
    form_class = DonationDriveForm
    section = "donations"
    page_title = gettext_lazy("New donation drive")


class DriveUpdateView(WelfareUpdateView):
    model = DonationDrive
    form_class = DonationDriveForm
    section = "donations"
    page_title = gettext_lazy("Edit donation drive")


class DriveDetailView(WelfareDetailView):
    model = DonationDrive
    template_name = "welfare/drive_detail.html"
    section = "donations"

    def optimise(self, queryset):
        return queryset.select_related("organisation")

    def get_context_data(self, **kwargs):
        drive = self.object
        by_type = (drive.donations.values("donor_type").annotate(count=Count("pk"), total=Sum("amount"))
                   .order_by("donor_type"))
        labels = dict(Donation.DonorType.choices)
        collected, allocated = drive.collected, drive.allocated
        return super().get_context_data(
            donations=drive.donations.all()[:200],
            by_type=[{**row, "label": labels.get(row["donor_type"])} for row in by_type],
            collected=collected,
            allocated=allocated,
            left=collected - allocated,
            grants=Grant.objects.visible_to(self.request.user).filter(donation_drive=drive)
            .select_related("programme", "member"),
            can_change=self.can("change", drive),
            **kwargs,
        )


class DonationCreateView(WelfareFormView):
    model = DonationDrive
    form_class = DonationForm
    section = "donations"

    def get_page_title(self):
        return _("Record a donation to %(drive)s") % {"drive": self.object}

    def perform(self, form):
        form.instance.drive = self.object
        form.save()
        return _("The donation of %(amount)s yuan from %(donor)s was recorded.") % {
            "amount": form.instance.amount, "donor": form.instance.donor_name}

    def get_success_url(self):
        if "another" in self.request.POST:
            return self.request.path
        return self.get_back_url()


class DonationUpdateView(WelfareUpdateView):
    model = Donation
    form_class = DonationForm
    section = "donations"
    page_title = gettext_lazy("Edit donation")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def form_valid(self, form):
        messages.success(self.request, _("Changes saved."))
        return super().form_valid(form)


class DonationDeleteView(WelfareActionView):
    model = Donation

    def act(self, donation):
        drive = donation.drive
        if drive.collected - donation.amount < drive.allocated:
            raise WelfareError(_("This money has already been given out in grants; the donation cannot be removed."))
        donation.delete()
        return _("The donation was removed.")
