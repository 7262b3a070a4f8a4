"""The members app's part of the demo county."""
import pytest
from django.urls import reverse

from members.arrears import in_arrears
from members.demo import load_demo_members_extras
from members.models import (
    ArchiveEntry,
    CadrePost,
    CardBatch,
    DuesPayment,
    FundReceipt,
    Honour,
    Member,
    TrainingRecord,
    Transfer,
)


@pytest.fixture
def demo_county(db):
    from unionadmin.demo import load_demo

    return load_demo(members=400, seed=7).federation


def test_extras_fill_every_part_of_the_app_and_run_once(demo_county, client):
    from django.utils import timezone

    counts = load_demo_members_extras(demo_county, seed=7)
    assert counts["cadre_posts"] == CadrePost.objects.count() > 30
    assert TrainingRecord.objects.exists() and Honour.objects.exists() and ArchiveEntry.objects.exists()
    assert DuesPayment.objects.count() == counts["dues_payments"] > 1000
    assert FundReceipt.objects.exists() and CardBatch.objects.count() == 1
    assert set(Transfer.objects.values_list("state", flat=True)) == {"sent", "accepted", "refused", "cancelled"}
    assert in_arrears(Member.objects.filter(status="active"), timezone.localdate()).exists()
    # Flags and records agree: every cadre holds a post, every model worker an honour.
    assert not Member.objects.filter(is_cadre=True, cadre_posts__isnull=True).exists()
    assert not Member.objects.filter(is_model_worker=True, honours__isnull=True).exists()
    assert DuesPayment.history.count() == DuesPayment.objects.count()
    assert load_demo_members_extras(demo_county, seed=7) == {}
    # The demo officer sees a transfer waiting and the pages work.
    from unionadmin.models import User

    client.force_login(User.objects.get(username="officer"))
    home = client.get("/").content.decode()
    assert reverse("members:transfer_list") in home
    posts = client.get(reverse("members:cadre_list")).context["object_list"]
    assert posts[0].position == "chair" and posts[0].hours  # chair first, with this year's training
    for name in ["member_list", "transfer_list", "dues", "arrears", "cadre_list", "model_worker_list",
                 "card_batch_list"]:
        assert client.get(reverse(f"members:{name}")).status_code == 200, name
