"""Language: Simplified Chinese unless the person chose English.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC with
an English browser would get English. The product speaks Chinese by default and English on
request: the choice is the language cookie (set by the switch) or the user's saved
preference, nothing else.
"""
from django.conf import settings
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


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
