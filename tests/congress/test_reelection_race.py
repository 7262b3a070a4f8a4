"""A committee term recorded twice at once (a double click, or two officers of the union): one
term, and the second request reads why — never a server error (two threads, own connections,
real PostgreSQL; tests/concurrency.py). The union's row lock makes the second wait and then
see the first's term."""
import pytest
from django.urls import reverse

from congress.models import CommitteeTerm
from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_committee_term_recorded_twice_at_once(county, officer_a):
    url = reverse("congress:committee_term_create", args=[county.a.pk])
    with writes_meet(CommitteeTerm):
        responses = post_at_once(officer_a, url, {"number": "4", "length_years": "5", "starts_on": "2022-03-15",
                                                  "note": ""}, referer=url)
    assert_no_server_error_and_told(responses, "Term 4 is already recorded for this union.")
    assert CommitteeTerm.objects.filter(union=county.a).count() == 1
