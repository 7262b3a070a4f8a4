"""/healthz, and the language: Chinese unless the person chose English."""
import pytest

from ..conftest import PASSWORD
from ..factories import UserFactory

LOGIN = "/accounts/login/"


# --- /healthz --------------------------------------------------------------------------------

def test_healthz_reports_database_and_broker_up(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["database"] == "up" and body["broker"] == "up"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_broker_is_down(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["broker"] == "down" and body["database"] == "up"


def test_healthz_needs_no_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200


# --- language --------------------------------------------------------------------------------

def test_login_page_is_chinese_even_for_an_english_browser(client, db):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    content = response.content.decode()
    assert '<html lang="zh-CN">' in content
    assert "用户名或手机号" in content
    assert "Username or mobile number" not in content
    assert response["Content-Language"] == "zh-hans"


def test_language_switch_to_english_applies_to_the_next_page(client, db):
    response = client.post("/language/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302 and response.url == LOGIN
    content = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in content
    assert "Username or mobile number" in content
    assert "用户名或手机号" not in content


def test_language_switch_back_to_chinese(client, db):
    client.post("/language/", {"language": "en"})
    client.post("/language/", {"language": "zh-hans"})
    assert "用户名或手机号" in client.get(LOGIN).content.decode()


def test_language_switch_ignores_unknown_languages_and_offsite_next(client, db):
    response = client.post("/language/", {"language": "fr", "next": "https://evil.example/"})
    assert response.url == "/"
    assert "django_language" not in response.cookies
    assert '<html lang="zh-CN">' in client.get(LOGIN).content.decode()


def test_logged_in_users_choice_is_saved_and_applied_at_next_login(client, db):
    user = UserFactory(username="wangfang")
    assert user.language == "zh-hans"
    client.force_login(user)
    client.post("/language/", {"language": "en"})
    user.refresh_from_db()
    assert user.language == "en"

    # Another computer: no cookie, a Chinese page until the person logs in.
    from django.test import Client

    other = Client()
    assert "用户名或手机号" in other.get(LOGIN).content.decode()
    response = other.post(LOGIN, {"username": "wangfang", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    home = other.get("/").content.decode()
    assert '<html lang="en">' in home


def test_profile_language_change_sets_the_cookie(client, db):
    user = UserFactory(username="lilei")
    client.force_login(user)
    response = client.post("/accounts/profile/", {"full_name": "李雷", "mobile": "", "email": "", "language": "en"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    user.refresh_from_db()
    assert user.language == "en" and user.mobile is None


@pytest.mark.parametrize("code,lang_attr", [("zh-hans", "zh-CN"), ("en", "en")])
def test_html_lang_attribute_matches_the_language(client, db, code, lang_attr):
    client.cookies["django_language"] = code
    assert f'<html lang="{lang_attr}">' in client.get(LOGIN).content.decode()
