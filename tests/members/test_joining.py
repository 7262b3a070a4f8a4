"""Joining online (网上入会): a worker applies through the union's public link, the officer
decides; approval makes exactly one member with a card number and a login, and texts the
one-time link. The challenge is solved by reading django-simple-captcha's own store."""
import re

import pytest
from captcha.models import CaptchaStore
from django.urls import reverse

from members.joining import NOTICE_VERSION, join_link_for
from members.models import JoinApplication, Member, Transfer
from members.validators import id_check_character
from unionadmin.models import Notification
from unionadmin.texting import TextBackend, TextNotSent, sent_texts

from .factories import UniqueMemberFactory, unique_id_number
from .factories_joining import JoinApplicationFactory

pytestmark = pytest.mark.django_db


class FailingTextBackend(TextBackend):
    """An SMS provider that cannot be reached."""

    def send(self, message):
        raise TextNotSent("provider unreachable")


def apply_url(link):
    return reverse("join:apply", kwargs={"join_code": link.code})


def solved(client, url):
    """The form's challenge as a worker answers it: the key from the page, the answer from the store."""
    page = client.get(url).content.decode()
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', page).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def application(**changes):
    data = {"name": "王小明", "id_number": unique_id_number(), "phone": "13700001111", "employer": "甲机械有限公司",
            "post": "钳工", "employment_type": Member.EmploymentType.REGULAR, "education": "", "political_status": "",
            "consent": "on", "sensitive_consent": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, link, **changes):
    url = apply_url(link)
    return client.post(url, {**application(**changes), **solved(client, url)})


@pytest.fixture
def link_a(county):
    return join_link_for(county.a)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_apply_and_approve_makes_one_member_with_card_login_and_text(client, county, officer_a, link_a):
    page = client.get(apply_url(link_a))
    assert page.status_code == 200
    text = page.content.decode()
    assert "甲公司工会" in text and NOTICE_VERSION in text and "<details" in text
    response = submit(client, link_a, id_number="", name="王小明")
    assert response.status_code == 200 and not JoinApplication.objects.exists()  # the ID number is required
    number = unique_id_number()
    response = submit(client, link_a, id_number=number)
    assert response.status_code == 302 and response.url == reverse("join:sent", kwargs={"join_code": link_a.code})
    sent = client.get(response.url).content.decode()
    assert "已收到您的入会申请" in sent or "has received your application" in sent
    app = JoinApplication.objects.get()
    assert (app.union, app.id_number, app.state, app.notice_version) == (county.a, number, "submitted", NOTICE_VERSION)
    assert app.consented_at and app.sensitive_consented_at and app.submitted_from == "127.0.0.1"
    # The union's officer is told, and sees it masked in the list.
    assert Notification.objects.filter(recipient=officer_a, verb="join_applied").count() == 1
    client.force_login(officer_a)
    home = client.get("/").content.decode()
    assert reverse("members:join_application_list") in home and ("1份网上入会申请" in home or "1 online join" in home)
    listing = client.get(reverse("members:join_application_list")).content.decode()
    assert "王小明" in listing and number not in listing and number[-4:] in listing
    response = client.post(reverse("members:join_application_approve", args=[app.pk]), follow=True)
    member = Member.objects.get()
    # The officer is told the new card number (it was missing from the message once).
    assert any(member.card_number in m and member.card_number for m in messages_of(response))
    assert (member.union, member.id_number, member.phone, member.status) == (county.a, number, "13700001111", "active")
    assert member.card_number and member.card_batch is not None and member.user is not None
    assert not member.user.has_usable_password()
    app.refresh_from_db()
    assert app.state == "approved" and app.member == member and app.decided_by == officer_a
    texts = sent_texts("13700001111")
    assert len(texts) == 1 and "/me/welcome/" in texts[0]["body"]
    link = re.search(r"(/me/welcome/\S+/)", texts[0]["body"]).group(1)
    client.logout()
    assert client.get(link, follow=True).context["validlink"]
    # Approving again is refused with a message; still one member.
    client.force_login(officer_a)
    again = client.post(reverse("members:join_application_approve", args=[app.pk]), follow=True)
    assert Member.objects.count() == 1 and messages_of(again)


def test_the_card_number_follows_the_unions_own_numbering(client, county, officer_a, link_a):
    from members.services import cards_issue

    existing = UniqueMemberFactory(union=county.a)
    cards_issue(union=county.a, user=officer_a, members=Member.objects.filter(pk=existing.pk), prefix="JX", digits=4)
    app = JoinApplicationFactory(union=county.a)
    client.force_login(officer_a)
    client.post(reverse("members:join_application_approve", args=[app.pk]))
    assert Member.objects.get(pk=JoinApplication.objects.get().member_id).card_number == "JX0002"


def test_a_second_application_with_the_same_id_number_is_told_and_not_saved(client, county, link_a):
    number = unique_id_number()
    assert submit(client, link_a, id_number=number).status_code == 302
    response = submit(client, link_a, id_number=number)
    assert response.status_code == 200
    assert JoinApplication.objects.count() == 1
    assert any("已在等待工会审核" in m or "already waiting" in m for m in messages_of(response)), messages_of(response)


def test_a_current_member_of_this_union_is_told_and_nothing_is_saved(client, county, link_a):
    member = UniqueMemberFactory(union=county.a)
    response = submit(client, link_a, id_number=member.id_number)
    assert response.status_code == 200 and not JoinApplication.objects.exists()
    assert any("已经是本工会会员" in m or "already a member of this union" in m for m in messages_of(response))


def test_a_member_of_another_union_is_offered_the_transfer_without_naming_it(client, county, officer_a, officer_b,
                                                                              link_a):
    member_b = UniqueMemberFactory(union=county.b, name="赵卫国")
    response = submit(client, link_a, id_number=member_b.id_number, name="赵卫国")
    assert response.status_code == 302
    sent = client.get(response.url).content.decode()
    assert county.b.name not in sent, sent[max(0, sent.find(county.b.name) - 800):sent.find(county.b.name) + 100]
    assert "接转" in sent or "transfer" in sent
    app = JoinApplication.objects.get()
    assert app.member_elsewhere == member_b and app.state == "submitted"
    client.force_login(officer_a)
    detail = client.get(app.get_absolute_url()).content.decode()
    assert reverse("members:join_application_offer_transfer", args=[app.pk]) in detail
    assert reverse("members:join_application_approve", args=[app.pk]) not in detail
    # Approving is refused (no second membership); offering the transfer sends one from B to A.
    client.post(reverse("members:join_application_approve", args=[app.pk]))
    assert Member.objects.count() == 1
    response = client.post(reverse("members:join_application_offer_transfer", args=[app.pk]))
    transfer = Transfer.objects.get()
    assert response.url == reverse("members:transfer_detail", args=[transfer.pk])
    assert (transfer.member, transfer.from_union, transfer.to_union, transfer.state) == (member_b, county.b, county.a,
                                                                                         "sent")
    app.refresh_from_db()
    assert app.state == "transfer" and app.transfer == transfer
    assert Notification.objects.filter(recipient=officer_b, verb="join_transfer_asked").exists()
    # Union A accepts it as every transfer: the worker is now A's member, still one person.
    client.post(reverse("members:transfer_accept", args=[transfer.pk]), {"into": ""})
    member_b.refresh_from_db()
    assert member_b.union == county.a and Member.objects.count() == 1


def test_applications_from_one_address_are_limited(client, county, link_a, settings):
    settings.JOIN_APPLICATIONS_PER_ADDRESS_PER_HOUR = 2
    JoinApplicationFactory.create_batch(2, union=county.b, submitted_from="127.0.0.1")
    response = submit(client, link_a)
    assert response.status_code == 429
    assert JoinApplication.objects.count() == 2
    assert any("稍后再试" in m or "try again later" in m for m in messages_of(response))
    # Another address still gets through.
    url = apply_url(link_a)
    data = {**application(), **solved(client, url)}
    assert client.post(url, data, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_applications_to_one_union_are_limited_per_day(client, county, link_a, settings):
    settings.JOIN_APPLICATIONS_PER_UNION_PER_DAY = 3
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        JoinApplicationFactory(union=county.a, submitted_from=address)
    assert submit(client, link_a).status_code == 429
    assert JoinApplication.objects.count() == 3


def test_a_wrong_challenge_answer_is_refused_and_nothing_is_saved(client, link_a):
    url = apply_url(link_a)
    answer = solved(client, url)
    response = client.post(url, {**application(), "captcha_0": answer["captcha_0"], "captcha_1": "wrong"})
    assert response.status_code == 200 and not JoinApplication.objects.exists()
    assert response.context["form"].errors["captcha"]


def test_the_consents_are_required(client, link_a):
    response = submit(client, link_a, sensitive_consent=None)
    assert response.status_code == 200 and not JoinApplication.objects.exists()
    assert "sensitive_consent" in response.context["form"].errors


def test_a_closed_link_and_an_unknown_code_show_a_friendly_404(client, county, officer_a, link_a):
    client.force_login(officer_a)
    client.post(reverse("members:join_link_close", args=[link_a.pk]))
    client.logout()
    for url in (apply_url(link_a), "/join/no-such-code/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "入会链接无法使用" in response.content.decode() or "does not work" in response.content.decode()
    assert not JoinApplication.objects.exists()


def test_a_bad_id_number_is_explained_in_chinese(client, link_a):
    number = unique_id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    response = submit(client, link_a, id_number=wrong)
    assert response.status_code == 200 and not JoinApplication.objects.exists()
    assert "该身份证号码的校验位不正确" in response.content.decode()


def test_full_width_digits_and_a_lower_case_x_are_accepted(client, link_a):
    n = 0
    while True:  # an ID number whose check character is X
        first17 = f"11010519900101{n:03d}"
        if id_check_character(first17) == "X":
            break
        n += 1
    typed = (first17 + "x").translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert submit(client, link_a, id_number=typed, phone="１３７００００２２２２").status_code == 302
    app = JoinApplication.objects.get()
    assert app.id_number == first17 + "X" and app.phone == "13700002222"


def test_the_officer_of_another_union_cannot_see_or_decide(client, county, officer_b):
    app = JoinApplicationFactory(union=county.a)
    client.force_login(officer_b)
    assert client.get(app.get_absolute_url()).status_code == 404
    for name in ("join_application_approve", "join_application_refuse", "join_application_offer_transfer"):
        assert client.post(reverse(f"members:{name}", args=[app.pk]), {"reason": "x"}).status_code == 404
    assert app.pk not in [a.pk for a in client.get(reverse("members:join_application_list")).context["object_list"]]
    app.refresh_from_db()
    assert app.state == "submitted" and not Member.objects.exists()


def test_refusing_needs_a_reason(client, county, officer_a):
    app = JoinApplicationFactory(union=county.a)
    client.force_login(officer_a)
    response = client.post(reverse("members:join_application_refuse", args=[app.pk]), {"reason": "  "}, follow=True)
    app.refresh_from_db()
    assert app.state == "submitted" and any("原因" in m or "reason" in m for m in messages_of(response))
    client.post(reverse("members:join_application_refuse", args=[app.pk]), {"reason": "非本单位职工"})
    app.refresh_from_db()
    assert (app.state, app.refusal_reason) == ("refused", "非本单位职工")


def test_a_failed_text_loses_nothing_and_can_be_sent_again(client, county, officer_a, settings):
    app = JoinApplicationFactory(union=county.a, phone="13700003333")
    settings.TEXT_MESSAGE_BACKEND = "tests.members.test_joining.FailingTextBackend"
    client.force_login(officer_a)
    response = client.post(reverse("members:join_application_approve", args=[app.pk]), follow=True)
    app.refresh_from_db()
    assert app.state == "approved" and app.member.user is not None
    assert any("短信未能发送" in m or "could not be sent" in m for m in messages_of(response)), messages_of(response)
    resend = reverse("members:join_application_resend", args=[app.pk])
    assert resend in response.content.decode()
    settings.TEXT_MESSAGE_BACKEND = "unionadmin.texting.FileBackend"
    client.post(resend)
    assert len(sent_texts("13700003333")) == 1


def test_the_officer_manages_the_link(client, county, officer_a, officer_b):
    client.force_login(officer_a)
    response = client.get(reverse("members:join_link_list"))
    link = county.a.join_link  # made on first need; one union: straight to its page
    assert response.status_code == 302 and response.url == link.get_officer_url()
    page = client.get(link.get_officer_url()).content.decode()
    assert link.code in page and "data:image/svg+xml" in page
    old = link.code
    client.post(reverse("members:join_link_new_code", args=[link.pk]))
    link.refresh_from_db()
    assert link.code != old
    assert client.get(f"/join/{old}/").status_code == 404
    assert client.get(apply_url(link)).status_code == 200
    client.post(reverse("members:join_link_close", args=[link.pk]))
    link.refresh_from_db()
    assert not link.is_open
    client.post(reverse("members:join_link_reopen", args=[link.pk]))
    link.refresh_from_db()
    assert link.is_open
    client.force_login(officer_b)
    assert client.get(link.get_officer_url()).status_code == 404
    assert client.post(reverse("members:join_link_close", args=[link.pk])).status_code == 404


def test_the_public_page_switches_language(client, link_a):
    client.post(reverse("set_language"), {"language": "en", "next": apply_url(link_a)})
    page = client.get(apply_url(link_a)).content.decode()
    assert '<html lang="en">' in page and "Send my application" in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": apply_url(link_a)})
    assert '<html lang="zh-CN">' in client.get(apply_url(link_a)).content.decode()


def test_the_poster_is_an_a4_pdf_with_the_union_the_link_and_its_qr_code(client, county, officer_a, tmp_path):
    import io

    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    from unionadmin.documents.services import document_render
    from unionadmin.models import DocumentJob

    link = join_link_for(county.a)
    client.force_login(officer_a)
    response = client.post(reverse("members:join_link_poster", args=[link.pk]))
    job = DocumentJob.objects.get(requested_by=officer_a, kind="members.join_poster")
    assert response.url == reverse("documents:detail", args=[job.pk])
    job = document_render(job.pk)
    assert job.state == DocumentJob.State.DONE, job.error
    with default_storage.open(job.file.name, "rb") as f:
        data = f.read()
    (tmp_path / "poster.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    assert len(reader.pages) == 1
    assert (round(float(page.mediabox.width) / 72 * 25.4), round(float(page.mediabox.height) / 72 * 25.4)) == (210, 297)
    text = "".join(page.extract_text().split())
    assert "甲公司工会" in text and f"http://testserver/join/{link.code}/" in text


def test_the_list_costs_the_same_queries_for_few_and_many_applications(client, county, officer_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer_a)
    url = reverse("members:join_application_list")
    JoinApplicationFactory.create_batch(2, union=county.a)
    client.get(url)  # warm: session, menu and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    JoinApplicationFactory.create_batch(8, union=county.a)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["object_list"]) == 10
    assert len(many) == len(few)
