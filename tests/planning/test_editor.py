"""The editor's htmx partials and the header form: bad input is a form error, never a 500."""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planning.models import PlanAttachment, PlanItem, PlanTarget

from .factories import issued

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_editor_page_shows_items_and_preview(client, plan, federation_admin):
    client.force_login(federation_admin)
    response = client.get(reverse("planning:plan_edit", args=[plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "（二）" in html and 'id="plan-items"' in html
    # The preview is the printed page itself, a document of its own in a sandboxed iframe.
    page_url = reverse("planning:plan_preview_page", args=[plan.pk])
    assert f'src="{page_url}" sandbox' in html
    page = client.get(page_url)
    assert page.content.decode().startswith("<!doctype html>") and 'lang="zh-CN"' in page.content.decode()


def test_the_preview_page_is_a_framed_sandboxed_document_with_its_own_policy(client, plan, federation_admin):
    """Inline style (as WeasyPrint needs it) is allowed there and nowhere else; no script at all."""
    from planning.rendering import render_html

    client.force_login(federation_admin)
    response = client.get(reverse("planning:plan_preview_page", args=[plan.pk]))
    assert response.content.decode() == render_html(plan)  # exactly what is printed
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'unsafe-inline'" in policy and "sandbox" in policy
    assert "script-src" not in policy and "frame-ancestors 'self'" in policy
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-cache" in response.headers["Cache-Control"]  # the preview is fetched afresh after a change
    site = client.get(reverse("planning:plan_edit", args=[plan.pk])).headers
    assert "'unsafe-inline'" not in site["Content-Security-Policy"] and site["X-Frame-Options"] == "DENY"


def test_add_an_item_by_htmx(client, plan, federation_admin):
    client.force_login(federation_admin)
    first = plan.outline()[0].item
    url = reverse("planning:item_new", args=[plan.pk])
    form = client.get(url, {"parent": first.pk}, **HTMX)
    assert form.status_code == 200 and 'name="parent"' in form.content.decode()
    response = client.post(url, {"parent": first.pk, "heading": "加强女职工工作", "body": "", "owner_text": "女职工部",
                                 "due_date": "2026-12-01"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#plan-items" and "planChanged" in response["HX-Trigger"]
    assert "（三）" in response.content.decode()
    new = PlanItem.objects.get(heading="加强女职工工作")
    assert new.parent == first and new.owner_text == "女职工部"


def test_an_empty_item_is_a_form_error(client, plan, federation_admin):
    client.force_login(federation_admin)
    count = PlanItem.objects.count()
    response = client.post(reverse("planning:item_new", args=[plan.pk]), {"heading": "", "body": " ",
                                                                          "due_date": "2026-02-30"}, **HTMX)
    assert response.status_code == 200 and response.context["form"].errors
    assert PlanItem.objects.count() == count


def test_edit_an_item_inline(client, plan, federation_admin):
    client.force_login(federation_admin)
    item = plan.outline()[1].item
    assert client.get(reverse("planning:item_edit", args=[item.pk]), **HTMX).status_code == 200
    response = client.post(reverse("planning:item_edit", args=[item.pk]),
                           {"heading": "推进会员实名制", "body": "年内完成。"}, **HTMX)
    assert response.status_code == 200 and "推进会员实名制" in response.content.decode()
    assert "planChanged" in response["HX-Trigger"]
    assert client.get(reverse("planning:item_row", args=[item.pk]), **HTMX).status_code == 200


def test_move_errors_come_back_in_the_list(client, plan, federation_admin):
    client.force_login(federation_admin)
    first = plan.outline()[0].item
    response = client.post(reverse("planning:item_move", args=[first.pk]), {"direction": "indent"}, **HTMX)
    assert response.status_code == 200 and response.context["error"]
    response = client.post(reverse("planning:item_move", args=[first.pk]), {"direction": "sideways"}, **HTMX)
    assert response.status_code == 200 and response.context["error"]
    second = plan.outline()[3].item
    response = client.post(reverse("planning:item_move", args=[second.pk]), {"direction": "indent"}, **HTMX)
    assert response.status_code == 200 and response.context["error"] is None
    assert PlanItem.objects.get(pk=second.pk).parent == first


def test_moves_without_htmx_redirect_to_the_editor(client, plan, federation_admin):
    client.force_login(federation_admin)
    item = plan.outline()[3].item
    response = client.post(reverse("planning:item_move", args=[item.pk]), {"direction": "up"})
    assert response.status_code == 302 and response.url.startswith(reverse("planning:plan_edit", args=[plan.pk]))


def test_targets_take_indicators_from_the_registry_at_runtime(client, plan, federation_admin):
    from unionadmin.indicators import Indicator, registry

    client.force_login(federation_admin)
    item = plan.outline()[1].item
    url = reverse("planning:target_new", args=[item.pk])
    assert "membership_rate" in client.get(url, **HTMX).content.decode()
    bad = client.post(url, {"kind": "indicator", "indicator_code": "no_such", "comparator": "gte",
                            "target_value": "-1"}, **HTMX)
    assert bad.status_code == 200 and set(bad.context["form"].errors) == {"indicator_code", "target_value"}
    registry.add_source("test_contracts", lambda root, years: {year: {root.pk: {"signed": 4, "all": 5}}
                                                               for year in years}, models=[])
    registry.register(Indicator(code="test_contracts", label="Contracts", unit="percent",
                                numerator="test_contracts:signed", denominator="test_contracts:all"))
    try:
        response = client.post(url, {"kind": "indicator", "indicator_code": "test_contracts", "comparator": "gte",
                                     "target_value": "80"}, **HTMX)
        assert response.status_code == 200 and "planChanged" in response["HX-Trigger"]
        assert PlanTarget.objects.get(item=item).indicator_code == "test_contracts"
    finally:
        registry._indicators.pop("test_contracts")
        registry._sources.pop("test_contracts")
    typed = client.post(url, {"kind": "number", "label": "", "comparator": "gte", "target_value": "5"}, **HTMX)
    assert typed.context["form"].errors.keys() == {"label"}


def test_header_form_errors_and_save(client, plan, federation_admin):
    client.force_login(federation_admin)
    url = reverse("planning:plan_edit", args=[plan.pk])
    bad = client.post(url, {"title": "", "signing_date": "yesterday", "sequence": "-3"}, **HTMX)
    assert bad.status_code == 200 and {"title", "signing_date", "sequence"} <= set(bad.context["form"].errors)
    good = client.post(url, {"title": "新标题", "organ_code": "测工发", "number_year": "2026", "sequence": "9",
                             "signing_date": "2026-02-20", "addressees": "各基层工会"}, **HTMX)
    assert good.status_code == 200 and "planChanged" in good["HX-Trigger"]
    plan.refresh_from_db()
    assert plan.title == "新标题" and plan.document_number == "测工发〔2026〕9号"


def test_header_refuses_a_number_an_issued_plan_already_has(client, county, plan, federation_admin):
    from .factories import WorkPlanFactory

    issued(WorkPlanFactory(issuer=county.federation), sequence=9)
    client.force_login(federation_admin)
    response = client.post(reverse("planning:plan_edit", args=[plan.pk]),
                           {"title": "x", "organ_code": "测工发", "number_year": "2026", "sequence": "9"}, **HTMX)
    assert "sequence" in response.context["form"].errors


def test_attachments_are_checked_and_downloaded_in_scope(client, plan, federation_admin, officer_a):
    client.force_login(federation_admin)
    url = reverse("planning:attachment_new", args=[plan.pk])
    fake = SimpleUploadedFile("细则.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"title": "考核细则", "file": fake})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    exe = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    assert "file" in client.post(url, {"title": "x", "file": exe}).context["form"].errors
    both = client.post(url, {"title": "x", "document_kind": "work_plan", "object_id": plan.pk,
                             "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert both.status_code == 200 and both.context["form"].errors
    good = SimpleUploadedFile("细则.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    assert client.post(url, {"title": "考核细则", "file": good}).status_code == 302
    attachment = PlanAttachment.objects.get()
    assert attachment.file_name == "细则.pdf" and attachment.file_size == 15
    download = reverse("planning:attachment_download", args=[attachment.pk])
    assert client.get(download).status_code == 200
    client.force_login(officer_a)
    assert client.get(download).status_code == 404  # a draft's attachment
    issued(plan)
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_attachment_can_name_another_document_in_scope(client, county, plan, federation_admin):
    from .factories import WorkPlanFactory

    other = WorkPlanFactory(issuer=county.federation)
    foreign = WorkPlanFactory()  # another county's
    client.force_login(federation_admin)
    url = reverse("planning:attachment_new", args=[plan.pk])
    bad = client.post(url, {"title": "上年计划", "document_kind": "work_plan", "object_id": foreign.pk})
    assert "object_id" in bad.context["form"].errors
    good = client.post(url, {"title": "上年计划", "document_kind": "work_plan", "object_id": other.pk})
    assert good.status_code == 302
    assert PlanAttachment.objects.get().object_id == other.pk


def test_an_attachment_names_only_documents_that_print_not_a_spreadsheet_export(client, county, plan,
                                                                                 federation_admin):
    """A plan prints its attachments after it: a roster export (XLSX or CSV) cannot be one."""
    from members.documents import ROSTER_CSV_KIND, ROSTER_XLSX_KIND

    client.force_login(federation_admin)
    url = reverse("planning:attachment_new", args=[plan.pk])
    offered = dict(client.get(url).context["form"].fields["document_kind"].choices)
    assert "work_plan" in offered and ROSTER_XLSX_KIND not in offered and ROSTER_CSV_KIND not in offered
    refused = client.post(url, {"title": "名册", "document_kind": ROSTER_XLSX_KIND, "object_id": county.a.pk})
    assert "document_kind" in refused.context["form"].errors
