"""Error pages in the user's language, inside the site's frame, revealing nothing."""
from django.shortcuts import render


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def server_error(request):
    # No context processors that might query the database again: keep it static.
    from django.template import loader
    from django.http import HttpResponseServerError

    return HttpResponseServerError(loader.get_template("errors/500.html").render())
