"""The person's own notifications."""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import ListView

from unionadmin.views.mixins import ScopedObjectMixin

from ..models import Notification
from ..services.notifications import notification_open, notifications_mark_all_read
from .base import ObjectActionView


class NotificationListView(ScopedObjectMixin, ListView):
    model = Notification
    template_name = "congress/notification_list.html"
    paginate_by = 30

    def optimise(self, queryset):
        return queryset.select_related("target_type").prefetch_related("target")


class NotificationOpenView(ObjectActionView):
    """POST: mark it read and go to what it is about."""

    model = Notification

    def act(self, notification):
        self.target_url = notification_open(notification)

    def get_success_url(self):
        url = getattr(self, "target_url", None)
        if url and url_has_allowed_host_and_scheme(url, allowed_hosts={self.request.get_host()}):
            return url
        return reverse("congress:notification_list")


class NotificationsReadAllView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        notifications_mark_all_read(request.user)
        return HttpResponseRedirect(reverse("congress:notification_list"))
