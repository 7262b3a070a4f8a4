"""Organisation fields of create forms are search boxes (unionadmin.pickers.organisation_widget):
the box finds exactly the active organisations the field accepts, and a single choice is
still shown chosen."""
import re

import pytest

from competitions.forms.competitions import CompetitionForm
from competitions.forms.proposals import ProposalForm, SportsEventForm
from congress.forms import CollectiveContractForm, CongressForm, HandlingDepartmentForm, LabourRiskForm
from members.forms import CardBatchForm, DuesCollectForm, FundReceiptForm, ImportUploadForm, MemberForm
from planning.forms import WorkPlanCreateForm
from tests.conftest import _user_with
from tests.factories import BranchFactory
from unionadmin.roles import Role
from welfare.forms.files import LivingStandardForm
from welfare.forms.grants import AidProgrammeForm
from welfare.forms.other import DonationDriveForm, MustVisitOccasionForm

FIELDS = [
    (ImportUploadForm, "union"), (CardBatchForm, "union"), (DuesCollectForm, "union"), (FundReceiptForm, "union"),
    (MemberForm, "union"), (LivingStandardForm, "organisation"), (AidProgrammeForm, "organisation"),
    (MustVisitOccasionForm, "organisation"), (DonationDriveForm, "organisation"), (CompetitionForm, "organiser"),
    (ProposalForm, "union"), (SportsEventForm, "organiser"), (CongressForm, "union"),
    (HandlingDepartmentForm, "union"), (CollectiveContractForm, "union"), (LabourRiskForm, "union"),
    (WorkPlanCreateForm, "issuer"),
]


@pytest.fixture
def people(county, federation_admin, user_with_every_role_at_a):
    BranchFactory(parent=county.a, name="甲公司一车间分会")
    return {"federation": federation_admin, "union": user_with_every_role_at_a}


@pytest.mark.parametrize("who", ["federation", "union"])
@pytest.mark.parametrize("form_class,name", FIELDS, ids=[f"{f.__name__}.{n}" for f, n in FIELDS])
def test_the_box_finds_what_the_field_accepts(client, people, who, form_class, name):
    user = people[who]
    field = form_class(user=user).fields[name]
    client.force_login(user)
    response = client.get(f"{field.widget.url()}&q=会")  # every organisation here is a 工会 or 分会
    found = {row["text"] for row in response.json()["results"]}
    assert found == set(field.queryset.filter(is_active=True).values_list("name", flat=True))


@pytest.mark.parametrize("form_class", [ImportUploadForm, CardBatchForm])
def test_a_single_union_is_shown_chosen(county, form_class):
    html = str(form_class(user=_user_with(Role.UNION_OFFICER, county.a))["union"])
    options = re.findall(r"<option[^>]*>[^<]*</option>", html)
    assert ("data-picker-url" in html, options) == (True, [
        '<option value="">---------</option>', f'<option value="{county.a.pk}" selected>{county.a.name}</option>'])
