"""A URLconf with one view that parses a query parameter carelessly (the fuzz test's control)."""
from django.http import HttpResponse
from django.urls import path


def careless(request):
    return HttpResponse(str(int(request.GET.get("n", "0"))))


urlpatterns = [path("boom/", careless)]
