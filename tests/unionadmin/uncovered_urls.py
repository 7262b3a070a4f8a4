"""A URLconf with every way an object URL can escape the cross-tenant matrix (see its tests)."""
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import DetailView, TemplateView

from unionadmin.models import Organisation, User


def function_view(request, pk):
    return HttpResponse()


class NoModelView(TemplateView):
    template_name = "base.html"


class UnregisteredModelView(DetailView):
    model = User


class SlugView(DetailView):
    model = Organisation


inner = [path("<int:pk>/", NoModelView.as_view(), name="inner_no_model")]

urlpatterns = [
    path("f/<int:pk>/", function_view, name="function_with_kwarg"),
    path("m/<int:pk>/", NoModelView.as_view(), name="no_model"),
    path("u/<int:pk>/", UnregisteredModelView.as_view(), name="unregistered_model"),
    path("s/<slug:handle>/", SlugView.as_view(), name="unknown_kwarg"),
    path("ns/", include((inner, "ns"))),
    path("no-kwarg/", NoModelView.as_view(), name="no_kwarg"),
    path("admin/", admin.site.urls),
]
