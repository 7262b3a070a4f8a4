"""Error pages in the user's language, inside the site's frame, revealing nothing."""
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation

# PostgreSQL error codes that mean "no database to talk to": connection exceptions (class 08),
# and the server shutting down, crashed or starting (57P01–57P03). A client-side failure to
# connect (refused, unreachable, the server closed the connection) has no code at all.
UNAVAILABLE_CODES = ("08", "57P01", "57P02", "57P03")


def database_unavailable(error) -> bool:
    """Is ``error`` the database being unreachable (not a bad query, a deadlock or a timeout)?"""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    code = getattr(error.__cause__, "pgcode", None)
    return code is None or code.startswith(UNAVAILABLE_CODES)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def server_error(request):
    # No context processors that might query the database again: keep it static.
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def service_unavailable(request):
    """503 "the database cannot be reached", in the language of the cookie (the session and
    the user's saved choice are in the database). Rendered without a request context, so
    nothing on it touches the database."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        content = loader.get_template("errors/503.html").render({
            "LANGUAGE_CODE": language, "path": request.get_full_path()})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = "60"
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response
