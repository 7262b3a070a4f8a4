"""Members' requests about their personal information (issue 19): withdraw consent or delete,
handled by the union's officers under the rules for membership records, the outcome shown to
the member (or texted, when their login is closed); the officers' lists filter by state and union."""
import datetime

import pytest

from members.models import Member
from members.models.portal import CorrectionRequest, DataRightsRequest
from members.portal_requests import ERASED_NAME
from tests.conftest import PASSWORD
from unionadmin.models import Notification
from unionadmin.texting import sent_texts

from .factories import DuesPaymentFactory
from .factories_record import CorrectionRequestFactory, DataRightsRequestFactory

pytestmark = pytest.mark.django_db


def ask(client, user, kind, reason=""):
    client.force_login(user)
    return client.post("/me/data/requests/", {"kind": kind, "reason": reason})


def test_a_member_asks_and_a_second_waiting_request_of_the_kind_is_a_message(client, county, member_login,
                                                                             officer_a, english):
    user, member = member_login(union=county.a)
    assert ask(english, user, "withdraw_consent", "不再使用").status_code == 302
    assert Notification.objects.filter(recipient=officer_a, verb="data_request_waiting").count() == 1
    again = ask(english, user, "withdraw_consent")
    assert again.status_code == 200 and "already waiting" in again.content.decode()
    assert DataRightsRequest.objects.filter(member=member).count() == 1
    assert "Waiting for the union" in english.get("/me/data/").content.decode()


def test_withdrawing_consent_closes_the_login_keeps_the_record_and_texts_the_outcome(client, county, member_login,
                                                                                    officer_a, django_capture_on_commit_callbacks):
    user, member = member_login(union=county.a, phone="13812345678")
    user.mobile = "13812345678"
    user.save()
    request = DataRightsRequestFactory(member=member, kind=DataRightsRequest.Kind.WITHDRAW_CONSENT)
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/members/data-requests/{request.pk}/carry-out/", {"outcome": "线下可继续办理"})
    assert response.status_code == 302
    request.refresh_from_db()
    user.refresh_from_db()
    member.refresh_from_db()
    assert request.state == DataRightsRequest.State.DONE and "线下可继续办理" in request.outcome
    assert not user.is_active and member.status == Member.Status.ACTIVE and member.name  # the record stays
    assert sent_texts("13812345678")[-1]["purpose"] == "data_request"
    assert not user.has_usable_password()
    client.logout()
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert client.get("/me/data/").status_code == 302  # not logged in: sent to the login page


def test_deleting_a_current_members_data_is_refused_with_the_reason(client, county, member_login, officer_a, english):
    user, member = member_login(union=county.a)
    request = DataRightsRequestFactory(member=member, kind=DataRightsRequest.Kind.DELETE)
    english.force_login(officer_a)
    page = english.get(f"/members/data-requests/{request.pk}/").content.decode()
    assert "current member" in page
    english.post(f"/members/data-requests/{request.pk}/carry-out/")
    request.refresh_from_db()
    assert request.state == DataRightsRequest.State.SUBMITTED  # refused by the rule: nothing erased
    english.post(f"/members/data-requests/{request.pk}/refuse/", {"outcome": ""})
    request.refresh_from_db()
    assert request.state == DataRightsRequest.State.SUBMITTED  # reasons are required
    english.post(f"/members/data-requests/{request.pk}/refuse/", {"outcome": "在会期间会籍档案须保留"})
    request.refresh_from_db()
    assert request.state == DataRightsRequest.State.REFUSED
    english.force_login(user)
    assert "在会期间会籍档案须保留" in english.get("/me/data/").content.decode()


def test_deleting_a_former_members_data_erases_the_personal_fields_and_their_history(client, county, member_login,
                                                                                    officer_a):
    user, member = member_login(union=county.a, name="欧阳秀英", phone="13812345678", employer="甲公司",
                                post="焊工", status=Member.Status.WITHDRAWN, left_on=datetime.date(2020, 1, 31))
    id_number = member.id_number
    DuesPaymentFactory(member=member, union=county.a, amount="23.50")
    CorrectionRequestFactory(member=member, field="post", proposed_value="高级焊工")
    request = DataRightsRequestFactory(member=member, kind=DataRightsRequest.Kind.DELETE)
    client.force_login(officer_a)
    client.post(f"/members/data-requests/{request.pk}/carry-out/")
    request.refresh_from_db()
    member.refresh_from_db()
    assert request.state == DataRightsRequest.State.DONE and request.outcome
    assert member.name == str(ERASED_NAME) and member.id_number == "" and member.phone == ""
    assert (member.employer, member.post, member.birth_date.month, member.birth_date.day) == ("", "", 1, 1)
    assert member.dues.count() == 1  # dues stay, no longer naming anyone
    assert not Member.history.filter(id=member.pk, id_number=id_number).exists()
    assert not Member.history.filter(id=member.pk, name="欧阳秀英").exists()
    assert not CorrectionRequest.objects.filter(member=member, proposed_value="高级焊工").exists()
    user.refresh_from_db()
    assert not user.is_active and user.full_name == str(ERASED_NAME) and user.mobile is None


def test_the_officers_lists_filter_by_state_and_union(client, county, officer_a, federation_admin):
    waiting_a = CorrectionRequestFactory(member__union=county.a, proposed_value="甲的岗位")
    waiting_b = CorrectionRequestFactory(member__union=county.b, proposed_value="乙的岗位")
    answered = CorrectionRequestFactory(member__union=county.a, proposed_value="已答复的岗位",
                                        state=CorrectionRequest.State.DECLINED, answer="不符")
    client.force_login(federation_admin)
    html = client.get("/members/corrections/").content.decode()
    assert "甲的岗位" in html and "乙的岗位" in html and "已答复的岗位" not in html  # waiting by default
    html = client.get(f"/members/corrections/?union={county.b.pk}&state=").content.decode()
    assert "乙的岗位" in html and "甲的岗位" not in html
    html = client.get("/members/corrections/?state=declined").content.decode()
    assert "已答复的岗位" in html and "甲的岗位" not in html
    assert client.get("/members/corrections/?state=nonsense&union=abc").status_code == 200
    client.force_login(officer_a)
    html = client.get("/members/corrections/").content.decode()
    assert "甲的岗位" in html and "乙的岗位" not in html
    DataRightsRequestFactory(member__union=county.b, reason="乙的理由")
    assert "乙的理由" not in client.get("/members/data-requests/").content.decode()
    assert waiting_a.pk and waiting_b.pk and answered.pk


def test_officer_of_union_b_gets_404_for_union_a_data_requests(client, county, member_login, officer_b):
    user, member = member_login(union=county.a)
    request = DataRightsRequestFactory(member=member)
    client.force_login(officer_b)
    assert client.get(f"/members/data-requests/{request.pk}/").status_code == 404
    assert client.post(f"/members/data-requests/{request.pk}/carry-out/").status_code == 404
    assert client.post(f"/members/data-requests/{request.pk}/refuse/", {"outcome": "x"}).status_code == 404
    request.refresh_from_db()
    assert request.state == DataRightsRequest.State.SUBMITTED


def test_no_portal_url_takes_an_argument():
    from members import portal_urls

    assert len(portal_urls.urlpatterns) >= 10
    for pattern in portal_urls.urlpatterns:
        assert not pattern.pattern.converters, pattern  # the member is the login's, never a URL's


def test_a_member_who_is_also_an_officer_keeps_their_login_but_leaves_the_portal(client, county, member_login,
                                                                                officer_a):
    user, member = member_login(union=county.a)
    from tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=user, role="union_officer", organisation=county.b)
    request = DataRightsRequestFactory(member=member, kind=DataRightsRequest.Kind.WITHDRAW_CONSENT)
    client.force_login(officer_a)
    client.post(f"/members/data-requests/{request.pk}/carry-out/")
    user.refresh_from_db()
    member.refresh_from_db()
    assert user.is_active and member.user_id is None  # their officer work goes on; the portal is closed


def test_an_answer_too_long_for_the_form_is_refused_in_its_words_and_the_request_still_waits(county, officer_a,
                                                                                          english):
    correction = CorrectionRequestFactory(member__union=county.a, proposed_value="新岗位")
    english.force_login(officer_a)
    page = english.post(f"/members/corrections/{correction.pk}/accept/", {"answer": "好" * 301}, follow=True)
    assert "at most 300 characters" in page.content.decode()
    correction.refresh_from_db()
    assert correction.state == CorrectionRequest.State.SUBMITTED and correction.member.post != "新岗位"
    request = DataRightsRequestFactory(member__union=county.a, kind=DataRightsRequest.Kind.WITHDRAW_CONSENT)
    page = english.post(f"/members/data-requests/{request.pk}/refuse/", {"outcome": "否" * 2001}, follow=True)
    assert "at most 2000 characters" in page.content.decode()
    request.refresh_from_db()
    assert request.state == DataRightsRequest.State.SUBMITTED
