"""A member applies for hardship aid from the member portal (issue 19, item 6): a draft on
their phone with documents through the upload policy, submitted to the union's welfare
officer, who opens a hardship file from it or declines it with a reason the member reads on
their record. Another member, or another union's officer, never reaches it."""
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory
from tests.uploads import EXE, HTML, PDF, png, upload
from unionadmin.models import Notification
from unionadmin.portal import actions_for, personal_data_sources, record_sections
from welfare.models import ApplicationDocument, HardshipApplication, HardshipFile
from welfare.notifications import Verb
from welfare.services.applications import application_decline, application_submit

from .factories import GrantFactory, HardshipApplicationFactory, HardshipFileFactory

State = HardshipApplication.State

DRAFT = {"main_cause": "illness", "secondary_causes": ["schooling"], "household_size": "3",
         "household_income": "2100.50", "situation": "爱人住院，孩子上初中，家里只有我一个人的工资。"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member_a(member_login, county):
    user, member = member_login(union=county.a, name="张建国")
    return member


def portal(client, member):
    client.force_login(member.user)
    return client


def test_draft_submit_and_the_officer_opens_a_file_from_it(client, english, county, member_a, welfare_a, line):
    portal(client, member_a)
    response = client.post(reverse("welfare_portal:application_create"), {
        **DRAFT, "then": "draft", "documents": [upload("诊断证明.pdf", PDF), upload("住院单.png", png())]},
        follow=True)
    assert "saved as a draft" in response.content.decode()
    application = HardshipApplication.objects.get(member=member_a)
    assert application.state == State.DRAFT and application.union == county.a
    assert sorted(application.documents.values_list("name", flat=True)) == ["住院单.png", "诊断证明.pdf"]
    assert not Notification.objects.exists()  # a draft is the member's alone

    # The draft is changed, then submitted; after that it is read-only for the member.
    response = client.post(reverse("welfare_portal:application_update", args=[application.pk]),
                           {**DRAFT, "household_size": "4", "then": "draft"}, follow=True)
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.household_size == 4
    response = client.post(reverse("welfare_portal:application_submit", args=[application.pk]), follow=True)
    assert "sent to the union" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED and application.submitted_at is not None
    page = client.get(application.get_portal_url()).content.decode()
    assert "Submit to the union" not in page and "application_update" not in page
    response = client.post(reverse("welfare_portal:application_update", args=[application.pk]),
                           {**DRAFT, "household_size": "9"}, follow=True)
    assert "can no longer be changed" in response.content.decode()
    application.refresh_from_db()
    assert application.household_size == 4

    # The welfare officer is told and sees it in the list and on its page.
    notification = Notification.objects.get()
    assert notification.recipient == welfare_a and notification.verb == Verb.APPLICATION_SUBMITTED
    client.force_login(welfare_a)
    assert "张建国" in client.get(reverse("welfare:application_list")).content.decode()
    page = client.get(application.get_absolute_url()).content.decode()
    assert "爱人住院" in page and "诊断证明.pdf" in page and "Open a hardship file" in page
    document = application.documents.get(name="诊断证明.pdf")
    download = client.get(reverse("welfare:application_document", args=[document.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"

    # The form comes prefilled from the application; the file opens in its first state.
    form = client.get(reverse("welfare:application_open_file", args=[application.pk])).context["form"]
    assert form.initial["main_cause"] == "illness" and form.initial["secondary_causes"] == ["schooling"]
    assert form.initial["situation"] == application.situation
    response = client.post(reverse("welfare:application_open_file", args=[application.pk]), {
        "head_income": "1800", "identity_status": "on_duty", "health": "healthy", "housing": "own",
        "main_cause": "illness", "secondary_causes": ["schooling"], "situation": application.situation,
        "medical_costs": "1500", "education_costs": "300", "other_costs": "0",
        "applied_on": timezone.localdate().isoformat()}, follow=True)
    file = HardshipFile.objects.get(worker=member_a)
    assert response.redirect_chain[-1][0] == file.get_absolute_url()
    assert file.status == HardshipFile.Status.APPLIED and file.created_by == welfare_a
    assert file.situation == application.situation
    application.refresh_from_db()
    assert application.state == State.OPENED and application.file == file and application.decided_by == welfare_a

    # The member's record shows the file's state and dates, never the officers' figures.
    context = record_sections["hardship_aid"].context(None, member_a)
    assert context["files"][0]["status"] == HardshipFile.Status.APPLIED
    assert set(context["files"][0]) == {"number", "status", "status_label", "tone", "applied_on",
                                        "notice_starts_on", "notice_ends_on", "filed_on", "last_rechecked_on",
                                        "closed_on"}


def test_a_declined_application_shows_its_reason_on_the_members_record(client, english, county, member_a,
                                                                       welfare_a):
    application = HardshipApplicationFactory(member=member_a, submitted=True)
    client.force_login(welfare_a)
    response = client.post(reverse("welfare:application_decline", args=[application.pk]), {"reason": ""})
    assert "This field is required" in response.content.decode()
    client.post(reverse("welfare:application_decline", args=[application.pk]),
                {"reason": "家庭人均收入高于本地低保标准两倍。"})
    application.refresh_from_db()
    assert application.state == State.DECLINED

    portal(client, member_a)
    page = client.get(application.get_portal_url()).content.decode()
    assert "家庭人均收入高于本地低保标准两倍" in page
    section = record_sections["hardship_aid"]
    html = client.get(reverse("welfare_portal:application_list")).content.decode()
    assert "Declined" in html
    from django.template.loader import render_to_string

    rendered = render_to_string(section.template, {"context": section.context(None, member_a)})
    assert "家庭人均收入高于本地低保标准两倍" in rendered and "Declined" in rendered
    rows = personal_data_sources["hardship_applications"].collect(member_a)
    assert rows[0]["Reason for declining"] == "家庭人均收入高于本地低保标准两倍。"
    assert rows[0]["The household's situation"] == application.situation


def test_the_record_shows_aid_received_and_nothing_of_the_officers(county, member_a, welfare_a):
    from welfare.models import Grant

    file = HardshipFileFactory(union=county.a, worker=member_a, situation="干部备注：邻居反映其有隐瞒收入")
    GrantFactory(union=county.a, member=member_a, file=file, amount="800", status=Grant.Status.APPROVED,
                 approved_by=welfare_a, approved_at=timezone.now())
    GrantFactory(union=county.a, member=member_a, amount="300")  # only proposed: not received
    context = record_sections["hardship_aid"].context(None, member_a)
    assert [g["amount"] for g in context["grants"]] == [800]
    from django.template.loader import render_to_string

    html = render_to_string(record_sections["hardship_aid"].template, {"context": context})
    assert "800.00" in html and "300" not in html and "隐瞒" not in html
    assert file.number in html
    rows = personal_data_sources["hardship_files"].collect(member_a)
    assert rows == [{"Hardship file": file.number, "State": "Applied", "Applied on": file.applied_on.isoformat(),
                     "Public notice": "", "Filed on": "", "Last re-checked on": "", "Ended on": ""}]
    assert personal_data_sources["hardship_aid_received"].collect(member_a)[0]["Amount (yuan)"] == "800.00"


def test_another_member_cannot_open_my_application_or_its_documents(client, member_login, county, member_a):
    application = HardshipApplicationFactory(member=member_a)
    document = ApplicationDocument.objects.create(application=application, name="a.pdf", kind="pdf", size=len(PDF),
                                                  file=upload("a.pdf", PDF))
    _user, member_b = member_login(union=county.a, name="李四")
    portal(client, member_b)
    for name in ("application_detail", "application_update"):
        assert client.get(reverse(f"welfare_portal:{name}", args=[application.pk])).status_code == 404
    assert client.post(reverse("welfare_portal:application_submit", args=[application.pk])).status_code == 404
    assert client.get(reverse("welfare_portal:document", args=[document.pk])).status_code == 404
    application.refresh_from_db()
    assert application.state == State.DRAFT
    portal(client, member_a)
    assert client.get(reverse("welfare_portal:document", args=[document.pk])).status_code == 200


@pytest.mark.parametrize("name,content,words", [
    ("收入证明.pdf", HTML, "cannot be uploaded"),
    ("收入证明.pdf", EXE, "programs cannot be uploaded"),
    ("说明.txt", "家里困难".encode(), "is not a PDF, an image"),
])
def test_an_upload_the_policy_refuses_is_told_and_nothing_is_stored(client, english, member_a, name, content,
                                                                    words):
    portal(client, member_a)
    response = client.post(reverse("welfare_portal:application_create"),
                           {**DRAFT, "then": "draft", "documents": [upload(name, content)]})
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not HardshipApplication.objects.exists() and not ApplicationDocument.objects.exists()


def test_submitting_twice_is_a_message_not_a_second_submission(client, english, county, member_a, welfare_a):
    application = HardshipApplicationFactory(member=member_a)
    portal(client, member_a)
    url = reverse("welfare_portal:application_submit", args=[application.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "already been submitted" in response.content.decode()
    assert Notification.objects.count() == 1


def test_an_incomplete_draft_cannot_be_submitted(client, english, member_a):
    application = HardshipApplicationFactory(member=member_a, situation="", household_income=None)
    portal(client, member_a)
    response = client.post(reverse("welfare_portal:application_submit", args=[application.pk]), follow=True)
    assert "Fill in" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_a_second_application_while_one_is_in_progress_continues_the_first(client, english, member_a):
    application = HardshipApplicationFactory(member=member_a, submitted=True)
    portal(client, member_a)
    response = client.get(reverse("welfare_portal:application_create"), follow=True)
    assert response.redirect_chain[-1][0] == application.get_portal_url()
    assert HardshipApplication.objects.count() == 1


def test_the_officer_of_another_union_gets_404(client, county, member_a, welfare_b):
    application = HardshipApplicationFactory(member=member_a, submitted=True)
    document = ApplicationDocument.objects.create(application=application, name="a.pdf", kind="pdf",
                                                  size=len(PDF), file=upload("a.pdf", PDF))
    client.force_login(welfare_b)
    for name in ("application_detail", "application_open_file", "application_decline"):
        assert client.get(reverse(f"welfare:{name}", args=[application.pk])).status_code == 404
    assert client.get(reverse("welfare:application_document", args=[document.pk])).status_code == 404
    assert application.pk not in [a.pk for a in
                                  client.get(reverse("welfare:application_list")).context["object_list"]]


def test_officers_never_see_a_draft_and_the_chair_sees_the_income_masked(client, county, member_a, welfare_a,
                                                                         chair_a):
    draft = HardshipApplicationFactory(member=member_a)
    client.force_login(welfare_a)
    assert client.get(reverse("welfare:application_detail", args=[draft.pk])).status_code == 404
    application_submit(draft, member=member_a)
    client.force_login(chair_a)
    page = client.get(reverse("welfare:application_detail", args=[draft.pk])).content.decode()
    assert "****" in page and "2,100.50" not in page and "2100.50" not in page
    assert "Open a hardship file" not in page  # the chair sees; the welfare officer answers
    assert client.get(reverse("welfare:application_decline", args=[draft.pk])).status_code == 403


def test_declining_needs_a_reason_and_answers_once(county, member_a, welfare_a):
    from welfare.services import WelfareError

    application = HardshipApplicationFactory(member=member_a, submitted=True)
    with pytest.raises(WelfareError):
        application_decline(application, by=welfare_a, reason="  ")
    application_decline(application, by=welfare_a, reason="不符合条件")
    with pytest.raises(WelfareError, match="already been answered"):
        application_decline(application, by=welfare_a, reason="又一次")


def test_the_portal_action_is_for_current_members_only(member_login, county):
    _user, member = member_login(union=county.a)
    assert "hardship_aid" in [a.key for a in actions_for(member)]
    left = MemberFactory(union=county.a, status="withdrawn")
    assert "hardship_aid" not in [a.key for a in actions_for(left)]



def test_the_officers_list_costs_the_same_queries_for_few_or_many_applications(client, county, welfare_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(welfare_a)
    counts = []
    for _round in range(2):
        for _n in range(3):
            HardshipApplicationFactory(member__union=county.a, submitted=True)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("welfare:application_list"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(response.context["object_list"]) == 6
    assert counts[0] == counts[1]


def test_the_welfare_officers_home_page_lists_the_waiting_applications(client, english, county, member_a,
                                                                      welfare_a, welfare_b):
    client.force_login(welfare_a)
    waiting_link = reverse("welfare:application_list") + "?state=submitted"
    assert waiting_link not in client.get("/").content.decode()  # nothing waiting: no panel
    application = HardshipApplicationFactory(member=member_a, submitted=True)
    page = client.get("/").content.decode()
    assert waiting_link in page
    assert application.get_absolute_url() in page and "张建国" in page
    client.force_login(welfare_b)
    assert "张建国" not in client.get("/").content.decode()
