"""The honours demo: loads onto the demo county once, with a scheme at each stage."""
import pytest
from django.contrib.auth import get_user_model

from competitions.demo_honours import load_demo_honours
from competitions.models import HonourObjection, HonourQuota, HonourScheme, Nomination
from members.models import Honour
from unionadmin.demo import load_demo
from unionadmin.demo.data import LOGINS
from unionadmin.demo_steps import steps

pytestmark = pytest.mark.django_db


def test_the_demo_county_has_an_honour_at_every_stage():
    federation = load_demo(members=200).federation
    users = {login.username: get_user_model().objects.get(username=login.username) for login in LOGINS}
    result = load_demo_honours(federation, users)
    assert result["created"]
    assert [s.honour_title for s in result["schemes"]] == ["青溪县劳动模范", "青溪县先进集体", "青溪县模范职工之家"]
    assert set(HonourScheme.objects.values_list("state", flat=True)) == set(HonourScheme.State.values)
    assert set(Nomination.objects.values_list("state", flat=True)) == set(Nomination.State.values)
    assert set(HonourObjection.objects.values_list("state", flat=True)) == set(HonourObjection.State.values)
    assert HonourQuota.objects.filter(unit__isnull=True).exists() and HonourQuota.objects.filter(unit__isnull=False).exists()
    conferred = Nomination.objects.filter(state=Nomination.State.CONFERRED)
    assert conferred.count() == 3 and all(n.certificate_number and n.honour_id for n in conferred)
    assert Honour.objects.filter(title="青溪县劳动模范", member__is_model_worker=True).count() == 3
    # Run again (load_demo runs every step each time): nothing doubles.
    assert load_demo_honours(federation, users) == {"created": False}
    assert HonourScheme.objects.count() == 3
    assert [s.order for s in steps if s.name == "honours"] == [52]
