"""Cards issued in batches, dues and arrears, union funds, cadres and model workers."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from members.arrears import in_arrears, months_behind
from members.documents import KIND, _context, _filename
from members.models import CardBatch, DuesPayment, DuesRule, FundReceipt, Member
from members.services import MembersError, cards_issue, dues_collect_month
from tests.factories import BranchFactory

from .factories import DuesPaymentFactory, HonourFactory, UniqueMemberFactory


# --- cards --------------------------------------------------------------------------------------
def test_a_batch_numbers_every_current_member_without_a_card_in_order_of_joining(client, county, officer_a):
    branch = BranchFactory(parent=county.a)
    old = UniqueMemberFactory(union=branch, joined_on=datetime.date(2001, 1, 1))
    new = UniqueMemberFactory(union=county.a, joined_on=datetime.date(2020, 1, 1))
    UniqueMemberFactory(union=county.a, card_number="HD-00005")  # already has one
    UniqueMemberFactory(union=county.a, status="retired")
    UniqueMemberFactory(union=county.b)
    client.force_login(officer_a)
    response = client.post(reverse("members:card_batch_list"), {"union": county.a.pk, "prefix": "HD-", "digits": 5,
                                                                 "issued_on": "2024-05-01"})
    assert response.status_code == 302
    batch = CardBatch.objects.get()
    old.refresh_from_db()
    new.refresh_from_db()
    assert (batch.first_number, batch.count) == (6, 2)
    assert (old.card_number, new.card_number) == ("HD-00006", "HD-00007")
    assert old.card_batch == batch and old.card_issued_on == datetime.date(2024, 5, 1)
    assert old.history.latest().history_user == officer_a
    page = client.get(reverse("members:card_batch_detail", args=[batch.pk])).content.decode()
    assert "HD-00006" in page and "HD-00007" in page
    with pytest.raises(MembersError):
        cards_issue(union=county.a, user=officer_a, members=Member.objects.all(), prefix="HD-")


def test_an_officer_cannot_issue_cards_for_another_union(client, county, officer_a):
    UniqueMemberFactory(union=county.b)
    client.force_login(officer_a)
    response = client.post(reverse("members:card_batch_list"), {"union": county.b.pk, "prefix": "X-", "digits": 5,
                                                                 "issued_on": "2024-05-01"})
    assert response.status_code == 200 and not CardBatch.objects.exists()


def test_the_card_sheet_is_a_document_kind_of_the_pdf_pipeline(county, officer_a):
    from unionadmin.documents.kinds import registry

    UniqueMemberFactory(union=county.a, name="持证人")
    batch = cards_issue(union=county.a, user=officer_a, members=Member.objects.all(), prefix="QX-", digits=4)
    kind = registry.get(KIND)
    assert kind.model is CardBatch and kind.organisation(batch) == county.a
    context = _context(batch, {})
    assert [m.name for page in context["pages"] for m in page] == ["持证人"]
    assert _filename(batch, {}).endswith(".pdf")
    from django.template.loader import render_to_string

    html = render_to_string(kind.template, {**context, "document_language": "zh-hans", "page_counter": "''"})
    assert "持证人" in html and "QX-0001" in html


# --- dues ---------------------------------------------------------------------------------------
def test_dues_amount_is_half_a_percent_of_the_wage_unless_given(client, county, officer_a, member_a):
    client.force_login(officer_a)
    month = timezone.localdate().replace(day=1)
    response = client.post(reverse("members:dues_create", args=[member_a.pk]), {
        "period": month.strftime("%Y-%m"), "wage": "6300", "amount": "", "paid_on": month.isoformat()})
    assert response.status_code == 302
    payment = DuesPayment.objects.get()
    assert (payment.amount, payment.union, payment.recorded_by) == (Decimal("31.50"), county.a, officer_a)
    response = client.post(reverse("members:dues_create", args=[member_a.pk]), {
        "period": month.strftime("%Y-%m"), "wage": "", "amount": "20", "paid_on": month.isoformat()})
    assert response.status_code == 200 and "period" in response.context["form"].errors  # once a month


def test_arrears_follow_the_unions_rule(county):
    today = datetime.date(2026, 8, 15)
    behind = UniqueMemberFactory(union=county.a, joined_on=datetime.date(2020, 1, 1))
    DuesPaymentFactory(member=behind, union=county.a, period=datetime.date(2026, 1, 1))  # Feb–Jul unpaid: 6
    paid = UniqueMemberFactory(union=county.a, joined_on=datetime.date(2020, 1, 1))
    DuesPaymentFactory(member=paid, union=county.a, period=datetime.date(2026, 2, 1))  # Mar–Jul: 5
    newcomer = UniqueMemberFactory(union=county.a, joined_on=datetime.date(2026, 4, 1))  # Apr–Jul: 4
    flagged = set(in_arrears(Member.objects.all(), today))
    assert flagged == {behind}
    assert months_behind(in_arrears(Member.objects.all(), today).get().first_unpaid, today) == 6
    # A stricter rule set by the union flags more; a branch follows its union's rule.
    DuesRule.objects.create(union=county.a, arrears_months=4)
    branch_member = UniqueMemberFactory(union=BranchFactory(parent=county.a), joined_on=datetime.date(2026, 4, 1))
    assert set(in_arrears(Member.objects.all(), today)) == {behind, paid, newcomer, branch_member}
    # Months before the union began recording dues do not count.
    DuesRule.objects.filter(union=county.a).update(tracked_from=datetime.date(2026, 6, 1))
    assert set(in_arrears(Member.objects.all(), today)) == set()


def test_a_months_dues_for_the_whole_union_at_each_members_last_amount(county, officer_a):
    one = UniqueMemberFactory(union=county.a)
    two = UniqueMemberFactory(union=BranchFactory(parent=county.a))
    UniqueMemberFactory(union=county.a)  # never paid: left to record by hand
    DuesPaymentFactory(member=one, union=county.a, period=datetime.date(2024, 1, 1), amount=Decimal("30"))
    DuesPaymentFactory(member=two, union=two.union, period=datetime.date(2024, 1, 1), amount=Decimal("25"))
    assert dues_collect_month(union=county.a, period=datetime.date(2024, 2, 1), paid_on=datetime.date(2024, 2, 5),
                              user=officer_a) == 2
    assert dict(DuesPayment.objects.filter(period=datetime.date(2024, 2, 1)).values_list("member", "amount")) == {
        one.pk: Decimal("30"), two.pk: Decimal("25")}
    assert DuesPayment.history.filter(history_type="+").count() == 4  # history from the bulk path too
    assert dues_collect_month(union=county.a, period=datetime.date(2024, 2, 1), paid_on=datetime.date(2024, 2, 5),
                              user=officer_a) == 0


def test_union_funds_are_two_percent_of_the_payroll(client, county, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("members:fund_create"), {"union": county.a.pk, "period": "2024-03",
                                                            "payroll": "800000", "amount": "15000",
                                                            "received_on": "2024-04-10", "note": ""})
    assert response.status_code == 302
    receipt = FundReceipt.objects.get()
    assert receipt.due == Decimal("16000.00") and receipt.shortfall == Decimal("1000.00") and not receipt.in_full
    response = client.post(reverse("members:fund_create"), {"union": county.b.pk, "period": "2024-03",
                                                            "payroll": "1", "amount": "1", "received_on": ""})
    assert "union" in response.context["form"].errors


def test_the_dues_rule_is_set_per_union(client, county, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("members:dues_rule", args=[county.a.pk]), {"rate": "0.005", "arrears_months": 3,
                                                                              "tracked_from": "2024-01"})
    assert response.status_code == 302
    rule = DuesRule.objects.get(union=county.a)
    assert (rule.arrears_months, rule.tracked_from) == (3, datetime.date(2024, 1, 1))
    assert client.get(reverse("members:dues_rule", args=[county.b.pk])).status_code == 404


# --- cadres and model workers -----------------------------------------------------------------
def test_a_post_makes_a_cadre_until_its_term_ends(client, county, officer_a, member_a):
    client.force_login(officer_a)
    client.post(reverse("members:post_create", args=[member_a.pk]), {
        "position": "chair", "organisation": county.a.pk, "term_start": "2023-01-01", "term_end": "", "note": ""})
    member_a.refresh_from_db()
    assert member_a.is_cadre
    post = member_a.cadre_posts.get()
    assert "主席" in client.get(reverse("members:cadre_list")).content.decode() or \
        "Chair" in client.get(reverse("members:cadre_list")).content.decode()
    client.post(reverse("members:post_update", args=[post.pk]), {
        "position": "chair", "organisation": county.a.pk, "term_start": "2023-01-01", "term_end": "2023-12-31",
        "note": ""})
    member_a.refresh_from_db()
    assert not member_a.is_cadre
    response = client.post(reverse("members:post_update", args=[post.pk]), {
        "position": "chair", "organisation": county.a.pk, "term_start": "2023-01-01", "term_end": "2022-12-31"})
    assert "term_end" in response.context["form"].errors


def test_training_hours_add_up_on_the_cadre_list(client, county, officer_a, member_a):
    client.force_login(officer_a)
    client.post(reverse("members:post_create", args=[member_a.pk]), {
        "position": "committee", "organisation": county.a.pk, "term_start": "2023-01-01"})
    year = timezone.localdate().year
    for hours in ("8", "4.5"):
        client.post(reverse("members:training_create", args=[member_a.pk]), {
            "course": "工会干部培训", "organiser": "县总工会", "level": "county", "started_on": f"{year}-01-02",
            "hours": hours})
    post = client.get(reverse("members:cadre_list")).context["object_list"][0]
    assert post.hours == Decimal("12.5")


def test_an_honour_makes_a_model_worker_with_an_archive(client, county, officer_a, member_a):
    client.force_login(officer_a)
    client.post(reverse("members:honour_create", args=[member_a.pk]), {
        "kind": "model_worker", "title": "四川省劳动模范", "level": "province", "year": 2019, "awarded_by": "省政府"})
    member_a.refresh_from_db()
    assert member_a.is_model_worker
    client.post(reverse("members:archive_create", args=[member_a.pk]), {
        "kind": "recuperation", "date": "2024-07-01", "summary": "劳模疗休养", "help_given": "", "amount": ""})
    listed = client.get(reverse("members:model_worker_list")).context["object_list"]
    assert [m.pk for m in listed] == [member_a.pk] and listed[0].last_entry == datetime.date(2024, 7, 1)
    honour = member_a.honours.get()
    client.post(reverse("members:honour_delete", args=[honour.pk]))
    member_a.refresh_from_db()
    assert not member_a.is_model_worker
    assert member_a.honours.model.history.filter(history_type="-").count() == 1


def test_an_honour_is_recorded_once(county, member_a):
    HonourFactory(member=member_a, title="县劳动模范", year=2020)
    from members.forms import HonourForm

    form = HonourForm({"kind": "model_worker", "title": "县劳动模范", "level": "county", "year": 2020},
                      member=member_a)
    assert not form.is_valid() and "title" in form.errors
