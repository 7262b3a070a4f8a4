"""A join application sent twice at once (a double tap on a phone): one application, and the
other answer says so. For tests/unionadmin/test_unique_constraints.py (RACED:
join_application_one_waiting)."""
import pytest
from captcha.models import CaptchaStore
from django.urls import reverse

from members.joining import join_link_for
from members.models import JoinApplication
from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet
from tests.factories import UserFactory

from .factories import unique_id_number
from .test_joining import application

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_join_application_sent_twice_at_once_is_one_application(client, county):
    link = join_link_for(county.a)
    url = reverse("join:apply", kwargs={"join_code": link.code})
    data = application(id_number=unique_id_number())
    posts = []
    for _ in range(2):  # each tap carries the challenge its page showed
        key = CaptchaStore.generate_key()
        posts.append((url, {**data, "captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}))
    with writes_meet(JoinApplication):
        # The page is public; the client just needs someone to log in as.
        responses = post_at_once(UserFactory(), posts=posts, referer=url)
    assert_no_server_error_and_told(
        responses, "An application with this ID number is already waiting for the union; you need not apply again.")
    assert JoinApplication.objects.count() == 1
