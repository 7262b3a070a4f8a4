"""A member's request sent twice at once (a double tap on a phone): one request, and the other
answer says so (tests/unionadmin/test_unique_constraints.py lists these races)."""
import pytest

from members.models.portal import CorrectionRequest, DataRightsRequest
from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_correction_requested_twice_at_once_is_one_request(county, member_login):
    user, member = member_login(union=county.a, post="技术员")
    url = "/me/record/correct/?field=post"
    with writes_meet(CorrectionRequest):
        responses = post_at_once(user, url, {"field": "post", "proposed_value": "工程师"}, referer=url)
    assert_no_server_error_and_told(responses, "A correction of this field is already waiting for the union.")
    assert CorrectionRequest.objects.filter(member=member).count() == 1


def test_a_personal_information_request_sent_twice_at_once_is_one_request(county, member_login):
    user, member = member_login(union=county.a)
    with writes_meet(DataRightsRequest):
        responses = post_at_once(user, "/me/data/requests/", {"kind": "delete"}, referer="/me/data/")
    assert_no_server_error_and_told(responses, "A request of this kind is already waiting for the union.")
    assert DataRightsRequest.objects.filter(member=member).count() == 1
