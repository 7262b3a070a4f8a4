"""The pages: ask, watch, download, list — each scoped to the person's own jobs."""
import pytest
from django.urls import reverse

from unionadmin import jobs
from unionadmin.documents.services import document_render, document_request
from unionadmin.models import AuditEvent, DocumentJob


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    sent = []
    monkeypatch.setattr(jobs, "send", lambda model, pk, **kwargs: sent.append(pk))
    return sent


def done_job(user, obj):
    return document_render(document_request(user=user, kind="organisation_profile", obj=obj).pk)


def test_request_button_queues_and_redirects_to_the_job_page(client, officer_a, county):
    client.force_login(officer_a)
    response = client.post(reverse("documents:request"), {"kind": "organisation_profile", "pk": county.a.pk})
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("documents:detail", args=[job.pk])
    assert job.requested_by == officer_a and job.state == "queued"


def test_job_page_polls_while_pending_and_stops_when_done(client, officer_a, county):
    client.force_login(officer_a)
    job = document_request(user=officer_a, kind="organisation_profile", obj=county.a)
    page = client.get(reverse("documents:detail", args=[job.pk]))
    progress_url = reverse("documents:progress", args=[job.pk])
    assert page.status_code == 200 and f'hx-get="{progress_url}"' in page.content.decode()
    fragment = client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{progress_url}"' in fragment and 'hx-trigger="load delay:700ms"' in fragment
    document_render(job.pk)
    fragment = client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-get" not in fragment and reverse("documents:download", args=[job.pk]) in fragment


def test_failed_job_shows_its_message_and_stops_polling(client, officer_a, county):
    client.force_login(officer_a)
    job = document_request(user=officer_a, kind="organisation_profile", obj=county.a)
    DocumentJob.objects.filter(pk=job.pk).update(state="failed", error="出错了，请稍后再试")
    fragment = client.get(reverse("documents:progress", args=[job.pk])).content.decode()
    assert "出错了，请稍后再试" in fragment and "hx-get" not in fragment


def test_download_streams_the_pdf_and_records_an_audit_event(client, officer_a, county):
    client.force_login(officer_a)
    job = done_job(officer_a, county.a)
    response = client.get(reverse("documents:download", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF") and len(body) == job.size
    assert "attachment" in response["Content-Disposition"] and "filename*=utf-8''" in response["Content-Disposition"]
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.DOWNLOAD)
    assert event.actor == officer_a and event.organisation == county.a and event.target == job
    assert event.data["sha256"] == job.sha256


def test_download_through_nginx_when_x_accel_is_configured(client, officer_a, county, settings):
    settings.MEDIA_X_ACCEL_PREFIX = "/_protected/"
    client.force_login(officer_a)
    job = done_job(officer_a, county.a)
    response = client.get(reverse("documents:download", args=[job.pk]))
    assert response.status_code == 200 and response["X-Accel-Redirect"] == "/_protected/" + job.file.name
    assert response.content == b"" and "attachment" in response["Content-Disposition"]


def test_download_of_a_pending_or_expired_job_goes_back_to_the_job_page(client, officer_a, county):
    client.force_login(officer_a)
    job = document_request(user=officer_a, kind="organisation_profile", obj=county.a)
    response = client.get(reverse("documents:download", args=[job.pk]))
    assert response.status_code == 302 and response.url == reverse("documents:detail", args=[job.pk])
    document_render(job.pk)
    DocumentJob.objects.filter(pk=job.pk).update(file="")
    response = client.get(reverse("documents:download", args=[job.pk]))
    assert response.status_code == 302 and not AuditEvent.objects.exists()


def test_my_documents_lists_only_my_jobs(client, officer_a, officer_b, county):
    mine = done_job(officer_a, county.a)
    theirs = done_job(officer_b, county.b)
    client.force_login(officer_a)
    page = client.get(reverse("documents:list")).content.decode()
    assert reverse("documents:detail", args=[mine.pk]) in page
    assert reverse("documents:detail", args=[theirs.pk]) not in page


@pytest.mark.parametrize("name", ["detail", "progress", "download"])
def test_another_users_job_is_404(client, officer_a, county, name, federation_admin):
    job = done_job(officer_a, county.a)
    client.force_login(federation_admin)  # may see union A, but this is not their job
    assert client.get(reverse(f"documents:{name}", args=[job.pk])).status_code == 404
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.DOWNLOAD).exists()


def test_own_job_is_404_for_download_once_the_object_is_out_of_scope(client, officer_a, county):
    job = done_job(officer_a, county.a)
    officer_a.role_assignments.all().delete()
    client.force_login(officer_a)
    assert client.get(reverse("documents:download", args=[job.pk])).status_code == 404


def test_request_for_an_object_outside_the_scope_is_404(client, officer_b, county):
    client.force_login(officer_b)
    response = client.post(reverse("documents:request"), {"kind": "organisation_profile", "pk": county.a.pk})
    assert response.status_code == 404 and not DocumentJob.objects.exists()


@pytest.mark.parametrize("data", [
    {},
    {"kind": "nope", "pk": "1"},
    {"kind": "organisation_profile"},
    {"kind": "organisation_profile", "pk": "abc"},
    {"kind": "organisation_profile", "pk": "99999999999999999999999"},
])
def test_bad_request_input_gives_a_message_never_a_500(client, officer_a, data):
    client.force_login(officer_a)
    response = client.post(reverse("documents:request"), data, follow=True)
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert list(response.context["messages"])


def test_request_only_accepts_post(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("documents:request")).status_code == 405


@pytest.mark.parametrize("url", ["documents:list", "documents:request"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.post(reverse(url)) if url == "documents:request" else client.get(reverse(url))
    assert response.status_code == 302 and reverse("login") in response.url


def test_anonymous_is_sent_to_login_for_a_job(client, officer_a, county):
    job = document_request(user=officer_a, kind="organisation_profile", obj=county.a)
    for name in ("detail", "progress", "download"):
        response = client.get(reverse(f"documents:{name}", args=[job.pk]))
        assert response.status_code == 302 and reverse("login") in response.url


def test_organisation_page_offers_the_profile_sheet(client, officer_a, county):
    client.force_login(officer_a)
    page = client.get(reverse("organisation_detail", args=[county.a.pk])).content.decode()
    assert reverse("documents:request") in page and 'value="organisation_profile"' in page


def test_my_documents_is_in_the_menu(client, officer_a):
    client.force_login(officer_a)
    assert reverse("documents:list") in client.get(reverse("documents:list")).content.decode()


def test_list_page_query_count_is_flat(client, officer_a, county, django_assert_max_num_queries):
    for _ in range(3):
        document_request(user=officer_a, kind="organisation_profile", obj=county.a, options={})
        DocumentJob.objects.update(state="failed")
    client.force_login(officer_a)
    client.get(reverse("documents:list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("documents:list"))


def test_only_the_person_who_asked_is_offered_to_try_a_failed_document_again(client, officer_a, county,
                                                                              superuser):
    job = document_request(user=officer_a, kind="organisation_profile", obj=county.a)
    DocumentJob.objects.filter(pk=job.pk).update(state="failed", error="出错了")
    job.refresh_from_db()
    retry_url = reverse("documents:retry", args=[job.pk])
    client.force_login(officer_a)
    assert job.allowed_actions(officer_a) == {"retry"}
    assert retry_url in client.get(reverse("documents:list")).content.decode()
    assert retry_url in client.get(reverse("documents:progress", args=[job.pk])).content.decode()
    assert job.allowed_actions(superuser) == frozenset()  # it is officer A's personal download
    client.force_login(superuser)
    assert retry_url not in client.get(reverse("documents:detail", args=[job.pk])).content.decode()


def test_the_list_says_when_a_finished_document_is_no_longer_kept(client, officer_a, county):
    job = done_job(officer_a, county.a)
    client.force_login(officer_a)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("documents:list")).content.decode()
    assert 'class="badge text-bg-success">Ready<' in page and "No longer kept" not in page
    assert "Available until" in client.get(reverse("documents:detail", args=[job.pk])).content.decode()
    DocumentJob.objects.filter(pk=job.pk).update(file="")
    assert "No longer kept" in client.get(reverse("documents:list")).content.decode()
    assert "no longer kept" in client.get(reverse("documents:detail", args=[job.pk])).content.decode()
