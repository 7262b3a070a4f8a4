"""The pipeline's rules, in-process (the worker side is called directly; no Celery involved)."""
import hashlib
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.http import Http404
from django.utils import timezone

from unionadmin import jobs
from unionadmin.documents import rendering, services
from unionadmin.documents.services import MAX_ATTEMPTS, DocumentError, document_render, document_request
from unionadmin.models import DocumentJob

from ..factories import UserFactory
from .helpers import make_profiled_union


@pytest.fixture
def sent(monkeypatch):
    """Task sends (on commit) recorded instead of going to a broker."""
    calls = []
    monkeypatch.setattr(jobs, "send", lambda model, pk, **kwargs: calls.append(pk))
    return calls


@pytest.fixture
def union(county):
    return make_profiled_union(county.federation, name="丙钢铁集团有限公司工会")


@pytest.fixture
def officer(union):
    from ..factories import RoleAssignmentFactory

    return RoleAssignmentFactory(organisation=union, role="union_officer").user


def request(user, obj, kind="organisation_profile", **kwargs):
    return document_request(user=user, kind=kind, obj=obj, **kwargs)


def test_request_queues_a_job_and_sends_the_task_on_commit(officer, union, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = request(officer, union)
        assert sent == []  # not before the commit
    assert len(callbacks) == 1 and sent == [job.pk]
    assert job.state == "queued" and job.attempts == 0 and job.progress == 0
    assert job.organisation == union and job.requested_by == officer and job.language == officer.language
    assert job.target == union
    assert job.filename.endswith(".pdf") and "丙钢铁集团有限公司工会" in job.filename
    assert len(job.content_hash) == 64


def test_render_produces_the_file_in_storage_with_its_sha256(officer, union, sent):
    job = request(officer, union)
    job = document_render(job.pk)
    assert job.state == "done" and job.progress == 100 and job.attempts == 1
    assert job.file.name == f"documents/{job.finished_at:%Y}/{job.finished_at:%m}/{job.content_hash}.pdf"
    with default_storage.open(job.file.name, "rb") as f:
        data = f.read()
    assert hashlib.sha256(data).hexdigest() == job.sha256 and len(data) == job.size
    assert job.render_seconds > 0 and job.started_at <= job.finished_at
    assert job.expires_at == job.finished_at + services.EXPIRES_AFTER


def test_a_second_request_for_the_same_content_reuses_the_file_without_rendering(officer, union, sent, monkeypatch):
    first = document_render(request(officer, union).pk)
    other = UserFactory(language=officer.language)
    from ..factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=other, organisation=union.parent, role="federation_reviewer")
    sent.clear()
    monkeypatch.setattr(rendering, "html_to_pdf", lambda *a, **k: pytest.fail("rendered again"))
    second = request(other, union)
    assert sent == []
    assert second.pk != first.pk and second.state == "done" and second.attempts == 0
    assert (second.file.name, second.sha256, second.size) == (first.file.name, first.sha256, first.size)


def test_a_changed_object_is_rendered_anew(officer, union, sent):
    first = document_render(request(officer, union).pk)
    union.name = "丙钢铁集团股份有限公司工会"
    union.save()
    second = request(officer, union)
    assert second.state == "queued" and second.content_hash != first.content_hash
    second = document_render(second.pk)
    assert second.sha256 != first.sha256 and second.file.name != first.file.name


def test_a_double_click_returns_the_pending_job(officer, union, sent):
    first = request(officer, union)
    assert request(officer, union).pk == first.pk
    assert DocumentJob.objects.count() == 1


def test_the_language_of_the_requester_is_used(officer, union, sent):
    officer.language = "en"
    officer.save()
    job = document_render(request(officer, union).pk)
    assert job.language == "en" and job.filename == "丙钢铁集团有限公司工会 profile sheet.pdf"
    with default_storage.open(job.file.name, "rb") as f:
        from .helpers import pdf_text

        assert "Grassroots union profile sheet" in pdf_text(f.read())


def test_request_for_an_object_outside_the_scope_is_404(officer_b, union, sent):
    with pytest.raises(Http404):
        request(officer_b, union)
    assert not DocumentJob.objects.exists()


def test_unknown_kind_and_bad_options_are_domain_errors(officer, union, sent):
    with pytest.raises(DocumentError):
        request(officer, union, kind="no_such_kind")
    with pytest.raises(DocumentError):
        request(officer, union, options={"x": object()})
    with pytest.raises(DocumentError):
        request(officer, officer)  # not the kind's model


def test_a_template_error_at_request_time_is_a_domain_error(officer, union, sent):
    with pytest.raises(DocumentError):
        request(officer, union, kind="test_broken", options={"break_in_process": True})


def test_progress_goes_10_then_60_then_100(officer, union, sent, monkeypatch):
    job = request(officer, union)
    seen = []
    real = rendering.html_to_pdf

    def spy(html, **kwargs):
        seen.append(DocumentJob.objects.values_list("state", "progress").get(pk=job.pk))
        return real(html, **kwargs)

    real_render_html = rendering.render_html

    def spy_html(*args):
        seen.append(DocumentJob.objects.values_list("state", "progress").get(pk=job.pk))
        return real_render_html(*args)

    monkeypatch.setattr(rendering, "render_html", spy_html)
    monkeypatch.setattr(rendering, "html_to_pdf", spy)
    document_render(job.pk)
    assert seen == [("running", 10), ("running", 60)]
    assert DocumentJob.objects.values_list("state", "progress").get(pk=job.pk) == ("done", 100)


def test_a_real_error_fails_the_job_with_a_translated_message(officer, union, sent, monkeypatch):
    officer.language = "en"
    officer.save()
    job = request(officer, union)
    monkeypatch.setattr(rendering, "html_to_pdf", lambda *a, **k: (_ for _ in ()).throw(ValueError("bad data")))
    job = document_render(job.pk)
    assert job.state == "failed" and job.attempts == 1
    assert job.error.startswith("This document could not be produced from the current data")
    assert not job.file


def test_a_passing_fault_propagates_for_the_task_to_retry(officer, union, sent, monkeypatch):
    job = request(officer, union)
    monkeypatch.setattr(rendering, "html_to_pdf", lambda *a, **k: (_ for _ in ()).throw(OperationalError("db gone")))
    with pytest.raises(OperationalError):
        document_render(job.pk)
    job.refresh_from_db()
    assert job.state == "running" and job.attempts == 1
    monkeypatch.undo()
    monkeypatch.setattr(jobs, "send", lambda *args, **kwargs: None)
    job = document_render(job.pk)  # the retry
    assert job.state == "done" and job.attempts == 2


def test_a_storage_fault_propagates_for_the_task_to_retry(officer, union, sent, monkeypatch):
    job = request(officer, union)
    monkeypatch.setattr(default_storage, "save", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        document_render(job.pk)


def test_attempts_are_capped_and_the_job_fails_without_rendering(officer, union, sent, monkeypatch):
    job = request(officer, union)
    DocumentJob.objects.filter(pk=job.pk).update(state="running", attempts=MAX_ATTEMPTS)
    monkeypatch.setattr(rendering, "render_html", lambda *a: pytest.fail("rendered"))
    job = document_render(job.pk)
    assert job.state == "failed" and job.attempts == MAX_ATTEMPTS
    assert job.error == str(services.MSG_GAVE_UP) or job.error  # in the requester's language


def test_a_duplicate_delivery_of_a_finished_job_does_nothing(officer, union, sent, monkeypatch):
    job = document_render(request(officer, union).pk)
    monkeypatch.setattr(rendering, "render_html", lambda *a: pytest.fail("rendered"))
    again = document_render(job.pk)
    assert again.state == "done" and again.attempts == 1 and again.sha256 == job.sha256
    assert document_render(999999) is None


def test_a_deleted_object_fails_the_job(officer, union, sent):
    job = request(officer, union)
    _age(job, object_id="99999999")  # the record went away between the request and the render
    job = document_render(job.pk)
    assert job.state == "failed" and job.error and job.attempts == 1


def test_an_incomplete_file_left_by_a_killed_worker_is_replaced(officer, union, sent):
    job = request(officer, union)
    name = services._storage_name(job.content_hash, timezone.now())
    default_storage.save(name, ContentFile(b"%PDF-1.7 truncated"))
    job = document_render(job.pk)
    assert job.file.name == name
    with default_storage.open(name, "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == job.sha256
    assert job.size > 1000


def test_give_up_fails_only_pending_jobs(officer, union, sent):
    job = request(officer, union)
    services.document_give_up(job.pk)
    job.refresh_from_db()
    assert job.state == "failed"
    done = document_render(request(UserFactory(is_superuser=True), make_profiled_union(union.parent, name="丁工会")).pk)
    services.document_give_up(done.pk)
    done.refresh_from_db()
    assert done.state == "done"


# --- beat -------------------------------------------------------------------------------


def _age(job, **fields):
    DocumentJob.objects.filter(pk=job.pk).update(**fields)


def test_expired_files_are_deleted_unless_another_unexpired_job_shares_them(officer, union, county, sent,
                                                                           django_capture_on_commit_callbacks):
    shared_a = document_render(request(officer, union).pk)
    other = UserFactory(is_superuser=True, language=officer.language)
    shared_b = request(other, union)
    assert shared_b.file.name == shared_a.file.name
    lone = document_render(request(other, make_profiled_union(county.federation, name="戊工会")).pk)
    past = timezone.now() - timedelta(hours=1)
    _age(shared_a, expires_at=past)
    _age(lone, expires_at=past)

    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows are committed
        result = services.document_delete_expired()
    assert result == {"deleted": [lone.file.name], "kept": [shared_a.file.name]}
    assert default_storage.exists(shared_a.file.name)
    assert not default_storage.exists(lone.file.name)
    for job in (shared_a, shared_b, lone):
        job.refresh_from_db()
    assert not shared_a.file and not lone.file and shared_b.file  # expired rows let go of the file
    assert shared_b.is_downloadable and not shared_a.is_downloadable

    _age(shared_b, expires_at=past)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.document_delete_expired()["deleted"] == [shared_b.file.name]
    assert not default_storage.exists(shared_b.file.name)


def test_a_file_about_to_expire_is_not_reused(officer, union, sent):
    first = document_render(request(officer, union).pk)
    _age(first, expires_at=timezone.now() + timedelta(minutes=5))
    second = request(UserFactory(is_superuser=True, language=officer.language), union)
    assert second.state == "queued"
