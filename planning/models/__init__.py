"""The annual work plan (工作要点): a formal document a union or federation issues each year.

A plan has a header (document number, title, addressees, guiding paragraph, signing organ
and date, copy-to and printing block), a tree of items up to four levels deep whose numbers
(一、 （一） 1. （1）) are computed from their place in the tree, targets attached to items
(bound to an indicator of the registry or typed in), attachments, and acknowledgements from
the units below once it is issued.

plans.py holds the plan, its scope and attachments; outline.py the numbered tree; items.py
the items; targets.py the targets; tracking.py progress notes and acknowledgements.
"""
from .items import PlanItem
from .outline import MAX_LEVEL, OutlineNode
from .plans import (
    PLAN_SCOPE,
    PlanAttachment,
    WorkPlan,
    WorkPlanQuerySet,
    attachment_upload_to,
    plan_part_scope,
    staff_paths,
)
from .targets import PlanTarget
from .tracking import ItemProgress, PlanAcknowledgement

__all__ = [
    "MAX_LEVEL", "PLAN_SCOPE", "ItemProgress", "OutlineNode", "PlanAcknowledgement", "PlanAttachment", "PlanItem",
    "PlanTarget", "WorkPlan", "WorkPlanQuerySet", "attachment_upload_to", "plan_part_scope", "staff_paths",
]
