"""Rationalisation proposals: routing to an evaluator, the decision, carrying it out and its
benefit, the award. Each step locks the proposal row."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.models import RoleAssignment

from ..models import ImprovementProposal
from ..scope import EVALUATOR_ROLES
from .errors import CompetitionError

State = ImprovementProposal.State


def _lock(proposal) -> ImprovementProposal:
    return ImprovementProposal.objects.select_for_update(of=("self",)).select_related("union").get(pk=proposal.pk)


def eligible_evaluators(union):
    """People holding the handling-department or judge role at the union or above it."""
    paths = [union.path[: i + 1] for i, c in enumerate(union.path) if c == "/"]
    ids = RoleAssignment.objects.filter(role__in=EVALUATOR_ROLES, organisation__path__in=paths).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("full_name", "username")


def proposal_route(proposal: ImprovementProposal, evaluator, *, by) -> ImprovementProposal:
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.state not in (State.SUBMITTED, State.ROUTED):
            raise CompetitionError(_("This proposal has been decided already and cannot be routed again."))
        if not eligible_evaluators(locked.union).filter(pk=evaluator.pk).exists():
            raise CompetitionError(_("%(person)s cannot evaluate proposals of %(union)s.")
                                   % {"person": evaluator, "union": locked.union})
        locked.evaluator = evaluator
        locked.state = State.ROUTED
        locked.routed_at = timezone.now()
        locked._change_reason = "routed"
        locked.save()
    return locked


def proposal_decide(proposal: ImprovementProposal, *, by, adopt: bool, opinion: str) -> ImprovementProposal:
    opinion = (opinion or "").strip()
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.state != State.ROUTED:
            raise CompetitionError(_("Only a proposal with its evaluator can be adopted or not adopted."))
        if not opinion:
            raise CompetitionError(_("Write the evaluator's opinion."))
        locked.state = State.ADOPTED if adopt else State.NOT_ADOPTED
        locked.opinion = opinion
        locked.decided_at = timezone.now()
        locked._change_reason = "adopted" if adopt else "not adopted"
        locked.save()
    return locked


def proposal_implement(proposal: ImprovementProposal, *, by, implemented_on: datetime.date,
                       annual_benefit: Decimal, benefit_note: str = "") -> ImprovementProposal:
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.state not in (State.ADOPTED, State.IMPLEMENTED):
            raise CompetitionError(_("Only an adopted proposal can be recorded as implemented."))
        if annual_benefit is None or annual_benefit < 0:
            raise CompetitionError(_("Give the annual benefit in yuan (0 if it saves no money)."))
        if implemented_on > timezone.localdate():
            raise CompetitionError(_("The implementation date cannot be in the future."))
        locked.state = State.IMPLEMENTED
        locked.implemented_on = implemented_on
        locked.annual_benefit = Decimal(annual_benefit).quantize(Decimal("0.01"))
        locked.benefit_note = benefit_note
        locked._change_reason = "implemented"
        locked.save()
    return locked


def proposal_award(proposal: ImprovementProposal, *, by, award_name: str, award_amount) -> ImprovementProposal:
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.state not in (State.ADOPTED, State.IMPLEMENTED):
            raise CompetitionError(_("Only an adopted proposal can receive an award."))
        locked.award_name = (award_name or "").strip()
        locked.award_amount = award_amount
        locked._change_reason = "award"
        locked.save()
    return locked
