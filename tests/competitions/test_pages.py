"""Every competitions page renders for the people it is for; entering through the form;
the XLSX of scores; certificates' content; the indicators; the judge's home panel."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competitions import documents
from competitions.models import Competition, Entry, EntryMaterial
from competitions.services import competitions as services
from unionadmin.indicators import registry
from unionadmin.models import AuditEvent

from .factories import EntryMaterialFactory


def test_every_page_of_a_published_competition_renders_for_the_organiser(client, published, federation_admin):
    client.force_login(federation_admin)
    competition, entry = published.competition, published.a
    EntryMaterialFactory(entry=entry)
    for name, pk in [("competition_list", None), ("competition_detail", competition.pk),
                     ("competition_results", competition.pk),
                     ("entry_detail", entry.pk), ("entry_scores", entry.pk), ("score_grid", competition.pk)]:
        url = reverse(f"competitions:{name}", args=[pk] if pk else [])
        response = client.get(url)
        assert response.status_code in (200, 403), (name, response.status_code)
    # a published competition is no longer edited (the certificates quote it)
    response = client.get(reverse("competitions:competition_update", args=[competition.pk]), follow=True)
    assert "can no longer be changed" in response.content.decode()
    page = client.get(reverse("competitions:competition_results", args=[competition.pk])).content.decode()
    assert "competition_certificates" in page and "entry_certificate" in page


def test_pages_during_scoring(client, scoring, federation_admin, judges):
    client.force_login(federation_admin)
    page = client.get(reverse("competitions:competition_detail", args=[scoring.competition.pk])).content.decode()
    assert "Scoring progress" in page and "0 of 12" in page and "Lock the scores" in page
    client.force_login(judges[0])
    page = client.get(reverse("competitions:score_grid", args=[scoring.competition.pk])).content.decode()
    assert page.count('class="form-control form-control-sm score-input') == 4
    assert 'hx-trigger="change"' in page and "score_grid.js" in page
    home = client.get(reverse("home")).content.decode()
    assert "Entries awaiting your scores" in home and "2 entries to score" in home


def test_the_list_takes_a_fixed_number_of_queries(client, cup, county, federation_admin, django_assert_max_num_queries):
    for n in range(5):
        services.competition_create(by=federation_admin, organiser=county.federation, title=f"竞赛{n}", year=2026)
    client.force_login(federation_admin)
    client.get(reverse("competitions:competition_list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("competitions:competition_list"))
    assert response.status_code == 200 and response.content.decode().count("competitions/") > 6


def test_a_unit_enters_a_team_through_the_form(client, cup, officer_a, branch_a):
    client.force_login(officer_a)
    page = client.get(reverse("competitions:competition_detail", args=[cup.pk])).content.decode()
    assert "Enter a team or person" in page and "Assign a judge" not in page and "judges-title" not in page
    url = reverse("competitions:entry_create", args=[cup.pk])
    response = client.post(url, {"organisation": branch_a.pk, "kind": "team", "name": "数控班组", "leader": "张伟"})
    entry = Entry.objects.get()
    assert response.status_code == 302 and entry.number == 1 and entry.created_by == officer_a
    upload = SimpleUploadedFile("台账.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    client.post(reverse("competitions:material_add", args=[entry.pk]), {"title": "", "file": upload})
    material = EntryMaterial.objects.get()
    assert material.title == "台账.pdf"
    assert client.get(reverse("competitions:material_download", args=[material.pk])).status_code == 200
    response = client.post(reverse("competitions:entry_withdraw", args=[entry.pk]), {"reason": "人员调整"})
    entry.refresh_from_db()
    assert entry.status == Entry.Status.WITHDRAWN


def test_a_unit_cannot_enter_a_closed_competition(client, scoring, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("competitions:entry_create", args=[scoring.competition.pk]), follow=True)
    assert "not open for entries" in response.content.decode()


def test_the_xlsx_of_scores_is_logged_and_cannot_carry_formulas(client, published, federation_admin):
    Entry.objects.filter(pk=published.b.pk).update(name="=HYPERLINK(\"http://x\")")
    client.force_login(federation_admin)
    response = client.get(reverse("competitions:competition_export", args=[published.competition.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    results, scores, recusals = book.worksheets
    rows = list(results.iter_rows(values_only=True))
    assert rows[1][:3] == (1, 1, "数控班组") and rows[1][-2:] == (86, published.a.award.name)
    assert rows[2][2] == "'=HYPERLINK(\"http://x\")"
    assert len(list(scores.iter_rows(values_only=True))) == 1 + 2 * 3
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.EXPORT)
    assert event.organisation == published.competition.organiser and event.data["rows"] == 2


def test_certificates_show_only_published_awards(published, scored=None):
    competition = published.competition
    context = documents.competition_context(competition, {})
    assert [page["entry"] for page in context["pages"]] == [published.a, published.b]
    assert documents.entry_context(published.b, {})["pages"][0]["award"] == published.b.award
    Competition.objects.filter(pk=competition.pk).update(state=Competition.State.NOTICE)
    competition.refresh_from_db()
    assert documents.competition_context(competition, {})["pages"] == []


def test_the_certificate_renders_to_html(published):
    from unionadmin.documents.kinds import registry as kinds
    from unionadmin.documents.rendering import render_html

    html = render_html(kinds.get("entry_certificate"), published.a, {}, "zh-hans")
    assert "数控班组" in html and published.a.award.name in html and "年" in html
    html = render_html(kinds.get("competition_certificates"), published.competition, {}, "en")
    assert html.count('class="certificate"') == 2


def test_indicators(published, county, federation_admin):
    from competitions.services.proposals import proposal_decide, proposal_implement, proposal_route
    from unionadmin.roles import Role

    from .conftest import user_with
    from .factories import ProposalFactory

    held = registry.get("competitions_held")
    assert held.measure(county.federation, 2026).value == 1
    assert held.measure(county.a, 2026).value == 0
    evaluator = user_with(Role.JUDGE, county.federation)
    for union, benefit in ((county.a, "12000.50"), (county.b, "3000")):
        proposal = ProposalFactory(union=union)
        proposal_route(proposal, evaluator, by=federation_admin)
        proposal_decide(proposal, by=evaluator, adopt=True, opinion="可行")
        proposal_implement(proposal, by=federation_admin, implemented_on=datetime.date(2026, 4, 1),
                           annual_benefit=Decimal(benefit))
    benefit = registry.get("rationalisation_benefit")
    assert benefit.measure(county.federation, 2026).value == Decimal("15000.50")
    assert benefit.measure(county.federation, 2025).value == Decimal("0")
    units = benefit.measure_units(county.federation, 2026)
    assert units[county.a.pk].value == Decimal("12000.50") and units[county.b.pk].value == Decimal("3000.00")


def test_the_workflow_card_offers_only_the_allowed_steps(client, scored, federation_admin):
    client.force_login(federation_admin)
    page = client.get(reverse("competitions:competition_detail", args=[scored.competition.pk])).content.decode()
    assert 'value="lock"' in page and 'value="publish"' not in page and 'value="open"' not in page


@pytest.mark.parametrize("name", ["competition_create", "proposal_create", "event_create"])
def test_create_pages_are_for_managers(client, name, officer_a, judges):
    client.force_login(officer_a)
    assert client.get(reverse(f"competitions:{name}")).status_code == 200
    client.force_login(judges[0])
    assert client.get(reverse(f"competitions:{name}")).status_code in (403, 404)
