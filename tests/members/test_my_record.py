"""My record (/me/record/, issue 19): the member's own history, dues, honours and posts, the
sections other apps register, and a request to correct a field."""
import datetime

import pytest
from django.utils import timezone

from members.models import Member, Transfer
from members.models.portal import CorrectionRequest
from unionadmin import portal
from unionadmin.models import Notification

from .factories import CadrePostFactory, DuesPaymentFactory, HonourFactory, UniqueMemberFactory

pytestmark = pytest.mark.django_db
URL = "/me/record/"


def page(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_record_shows_the_members_own_history_dues_and_honours_only(client, county, member_login):
    user, member = member_login(union=county.a, name="欧阳秀英", joined_on=datetime.date(2016, 4, 1),
                                employer="甲公司", post="车间主任")
    # An earlier membership of the same person (left, then rejoined): the same login.
    earlier = UniqueMemberFactory(union=county.b, name="欧阳秀英", joined_on=datetime.date(2010, 9, 1),
                                  status=Member.Status.WITHDRAWN, left_on=datetime.date(2014, 2, 28), user=user)
    Transfer.objects.create(member=member, from_union=county.b, to_union=county.a, state=Transfer.State.ACCEPTED,
                            decided_at=timezone.make_aware(datetime.datetime(2019, 5, 6, 10)))
    DuesPaymentFactory(member=member, union=county.a, period=datetime.date(2024, 3, 1), amount="23.50")
    HonourFactory(member=member, title="县劳动模范（欧阳）", year=2021)
    CadrePostFactory(member=member, organisation=county.a)
    other = UniqueMemberFactory(union=county.a, name="司马丽华")
    DuesPaymentFactory(member=other, union=county.a, period=datetime.date(2024, 4, 1), amount="77.70")
    HonourFactory(member=other, title="市先进工作者（司马）")

    html = page(client, user)
    assert "欧阳秀英" in html and "2010-09-01" in html and "2014-02-28" in html  # left, then rejoined
    assert "2019-05-06" in html and "乙学校工会 → 甲公司工会" in html  # the accepted transfer
    assert "2024-03" in html and "23.50" in html
    assert "县劳动模范（欧阳）" in html
    assert "司马丽华" not in html and "77.70" not in html and "市先进工作者（司马）" not in html
    assert earlier.pk  # (the earlier row is the person's own)


def test_the_record_shows_the_months_of_dues_owed(english, county, member_login):
    from members.record import _add_months

    current = timezone.localdate().replace(day=1)
    user, member = member_login(union=county.a, joined_on=datetime.date(2015, 3, 1))
    DuesPaymentFactory(member=member, union=county.a, period=_add_months(current, -3), amount="20.00")
    html = page(english, user)
    assert "Dues for 2 months are not recorded as paid" in html
    first, last = _add_months(current, -2), _add_months(current, -1)
    assert f"{first:%Y-%m}, {last:%Y-%m}" in html


def test_sections_other_apps_register_are_shown_and_one_with_nothing_is_left_out(client, county, member_login,
                                                                                 monkeypatch):
    user, member = member_login(union=county.a)
    sections = dict(portal.record_sections)
    sections["zz_shown"] = portal.RecordSection("zz_shown", "示例部分", "members/portal/_record_history.html",
                                                lambda request, m: {"events": [{"kind": "joined", "union": "",
                                                                                "label": f"给{m.name}的内容"}]},
                                                order=500)
    sections["zz_empty"] = portal.RecordSection("zz_empty", "空的部分", "members/portal/_record_history.html",
                                                lambda request, m: None, order=501)
    monkeypatch.setattr(portal, "record_sections", sections)
    html = page(client, user)
    assert "示例部分" in html and f"给{member.name}的内容" in html
    assert "空的部分" not in html


def test_a_correction_request_goes_to_the_union_with_the_proposed_value(english, county, member_login, officer_a):
    client = english
    user, member = member_login(union=county.a, post="技术员")
    client.force_login(user)
    form = client.get("/me/record/correct/?field=post")
    assert form.status_code == 200
    response = client.post("/me/record/correct/?field=post", {"field": "post", "proposed_value": "工程师",
                                                                "reason": "去年已晋升"})
    assert response.status_code == 302 and response.url == URL
    request = CorrectionRequest.objects.get(member=member)
    assert (request.field, request.current_value, request.proposed_value) == ("post", "技术员", "工程师")
    assert Notification.objects.filter(recipient=officer_a, verb="correction_waiting").count() == 1
    # A second one for the same field while the first waits: a message, not a second request.
    again = client.post("/me/record/correct/?field=post", {"field": "post", "proposed_value": "高级工程师"})
    assert again.status_code == 200
    assert "A correction of this field is already waiting for the union." in again.content.decode()
    assert CorrectionRequest.objects.filter(member=member).count() == 1
    assert "工程师" in page(client, user)  # the member sees their request


def test_a_choice_field_is_corrected_by_choosing_and_a_bad_mobile_is_refused(client, county, member_login):
    user, member = member_login(union=county.a)
    client.force_login(user)
    html = client.get("/me/record/correct/?field=education").content.decode()
    assert 'value="bachelor"' in html
    assert client.post("/me/record/correct/?field=education",
                       {"field": "education", "proposed_value": "bachelor"}).status_code == 302
    refused = client.post("/me/record/correct/?field=phone", {"field": "phone", "proposed_value": "12345"})
    assert refused.status_code == 200
    assert CorrectionRequest.objects.filter(member=member, field="phone").count() == 0


def test_an_officer_accepting_a_correction_changes_the_member_and_records_history(english, county, member_login,
                                                                                  officer_a):
    client = english
    user, member = member_login(union=county.a, employer="旧单位")
    request = CorrectionRequest.objects.create(member=member, field="employer", current_value="旧单位",
                                               proposed_value="甲公司第二分厂")
    client.force_login(officer_a)
    detail = client.get(f"/members/corrections/{request.pk}/")
    assert detail.status_code == 200 and "甲公司第二分厂" in detail.content.decode()
    assert client.get("/members/corrections/").status_code == 200
    response = client.post(f"/members/corrections/{request.pk}/accept/", {"answer": ""})
    assert response.status_code == 302
    member.refresh_from_db()
    request.refresh_from_db()
    assert member.employer == "甲公司第二分厂"
    assert request.state == CorrectionRequest.State.ACCEPTED and request.decided_by == officer_a
    latest = member.history.latest()
    assert latest.employer == "甲公司第二分厂"
    assert latest.history_change_reason == "Correction requested by the member"
    assert latest.history_user == officer_a
    assert "Corrected" in page(client, user)


def test_declining_needs_an_answer_which_the_member_then_sees(client, county, member_login, officer_a):
    user, member = member_login(union=county.a)
    request = CorrectionRequest.objects.create(member=member, field="post", proposed_value="厂长")
    client.force_login(officer_a)
    client.post(f"/members/corrections/{request.pk}/decline/", {"answer": "  "})
    request.refresh_from_db()
    assert request.state == CorrectionRequest.State.SUBMITTED
    client.post(f"/members/corrections/{request.pk}/decline/", {"answer": "岗位以单位任命文件为准"})
    request.refresh_from_db()
    assert request.state == CorrectionRequest.State.DECLINED
    assert "岗位以单位任命文件为准" in page(client, user)


def test_an_id_number_correction_is_checked_when_accepted(english, county, member_login, officer_a):
    client = english
    user, member = member_login(union=county.a)
    request = CorrectionRequest.objects.create(member=member, field="id_number", proposed_value="110101199003070000")
    client.force_login(officer_a)
    response = client.post(f"/members/corrections/{request.pk}/accept/", follow=True)
    request.refresh_from_db()
    assert request.state == CorrectionRequest.State.SUBMITTED  # a bad check digit is refused with words
    assert "The proposed value cannot be put on the record" in response.content.decode()


def test_officer_of_union_b_gets_404_for_union_a_requests(client, county, member_login, officer_b):
    user, member = member_login(union=county.a)
    request = CorrectionRequest.objects.create(member=member, field="post", proposed_value="厂长")
    client.force_login(officer_b)
    assert client.get(f"/members/corrections/{request.pk}/").status_code == 404
    assert client.post(f"/members/corrections/{request.pk}/accept/").status_code == 404
    assert "厂长" not in client.get("/members/corrections/").content.decode()


def test_member_b_never_sees_member_as_record(client, county, member_login):
    user_a, member_a = member_login(union=county.a, name="欧阳秀英", post="焊工甲")
    HonourFactory(member=member_a, title="县劳动模范（欧阳）")
    user_b, member_b = member_login(union=county.a, name="司马丽华")
    html = page(client, user_b)
    assert "司马丽华" in html and "欧阳秀英" not in html and "县劳动模范（欧阳）" not in html
    assert "焊工甲" not in html


def test_a_corrected_mobile_moves_the_members_login_with_it(client, county, member_login, officer_a):
    user, member = member_login(union=county.a, phone="13812345678")
    assert user.mobile == "13812345678"
    request = CorrectionRequest.objects.create(member=member, field="phone", proposed_value="13987654321")
    client.force_login(officer_a)
    client.post(f"/members/corrections/{request.pk}/accept/")
    member.refresh_from_db()
    user.refresh_from_db()
    assert member.phone == user.mobile == "13987654321"
