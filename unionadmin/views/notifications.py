"""The person's own notifications: the list behind the navbar's bell, opening one, all read."""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import ListView

from ..models import Notification
from ..notifications import notification_open, notifications_mark_all_read, prefetch_targets
from .mixins import ScopedObjectMixin
from .objects import ObjectActionView


class OwnNotificationsMixin(ScopedObjectMixin):
    """visible_to gives a superuser every row; these pages are the person's own, superusers
    included (a superuser opening another's notification by id gets 404, not a read mark)."""

    model = Notification

    def get_queryset(self):
        return super().get_queryset().filter(recipient_id=self.request.user.pk)


class NotificationListView(OwnNotificationsMixin, ListView):
    template_name = "notifications/notification_list.html"
    paginate_by = 30

    def optimise(self, queryset):
        return queryset.select_related("target_type")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = rows = prefetch_targets(list(rows), self.request.user)
        return paginator, page, rows, is_paginated


class NotificationOpenView(OwnNotificationsMixin, ObjectActionView):
    """POST: mark it read and go to what it is about."""

    def act(self, notification):
        self.target_url = notification_open(notification)

    def get_success_url(self):
        url = getattr(self, "target_url", None)
        if url and url_has_allowed_host_and_scheme(url, allowed_hosts={self.request.get_host()}):
            return url
        return reverse("notification_list")


class NotificationsReadAllView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        notifications_mark_all_read(request.user)
        return HttpResponseRedirect(reverse("notification_list"))
