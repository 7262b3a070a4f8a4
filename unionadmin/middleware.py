"""Our middleware: the language, and sessions whose saving never hides a view's answer.

Language: Simplified Chinese unless the person chose English.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC with
an English browser would get English. The product speaks Chinese by default and English on
request: the choice is the language cookie (set by the switch) or the user's saved
preference, nothing else.
"""
import logging

from django.conf import settings
from django.contrib.sessions import middleware as sessions
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import DatabaseError
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}
logger = logging.getLogger("unionadmin.sessions")


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in SUPPORTED:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's session middleware, except that a failure to save the session after the view
    has answered never replaces that answer.

    With ``SESSION_SAVE_EVERY_REQUEST`` the session row is written after the view, outside its
    transaction. When that write fails — the session was deleted meanwhile (logged out in
    another tab, cleared as expired), Django's ``SessionInterrupted``, "400 Bad Request"; or
    the database went away just after the view committed — the view's own work is already
    committed, and the person must see its answer (the redirect to what they saved), not an
    error that makes them type it again. The session simply is not refreshed; the next request
    finds it gone (login page) or the database down (the 503 page).
    """

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except (SessionInterrupted, DatabaseError) as error:
            logger.warning("Session not saved after %s %s (%s); the view's response is sent",
                           request.method, request.path, error.__class__.__name__)
            patch_vary_headers(response, ("Cookie",))
            return response
