"""The items' tree: computed numbering, adding, moving, indenting, deleting."""
import pytest

from planning import services
from planning.models import PlanItem

from .factories import PlanItemFactory, WorkPlanFactory


def numbers(plan):
    return [(node.number, node.item.heading) for node in plan.outline()]


def test_numbering_is_computed_at_four_levels(county):
    plan = WorkPlanFactory(issuer=county.federation)
    one = PlanItemFactory(plan=plan, heading="甲", position=0)
    two = PlanItemFactory(plan=plan, heading="乙", position=1)
    a = PlanItemFactory(plan=plan, parent=two, heading="乙一", position=0)
    b = PlanItemFactory(plan=plan, parent=two, heading="乙二", position=1)
    c = PlanItemFactory(plan=plan, parent=b, heading="乙二1", position=0)
    PlanItemFactory(plan=plan, parent=b, heading="乙二2", position=1)
    PlanItemFactory(plan=plan, parent=c, heading="乙二1一", position=0)
    PlanItemFactory(plan=plan, parent=c, heading="乙二1二", position=1)
    assert numbers(plan) == [
        ("一、", "甲"), ("二、", "乙"), ("（一）", "乙一"), ("（二）", "乙二"), ("1.", "乙二1"),
        ("（1）", "乙二1一"), ("（2）", "乙二1二"), ("2.", "乙二2"),
    ]
    assert [n.level for n in plan.outline()] == [1, 1, 2, 2, 3, 4, 4, 3]
    assert one and a  # the tree, not stored numbers, decides


def test_add_section_item_after_and_sub_item(plan):
    first = plan.outline()[0].item
    services.item_add(plan, heading="新的一节")
    services.item_add(plan, after=first, heading="插在第一节后")
    services.item_add(plan, parent=first, heading="第一节的第三项")
    assert [(n, h) for n, h in numbers(plan)] == [
        ("一、", "加强组织建设"), ("（一）", "推进会员发展"), ("（二）", "深化职工之家建设"),
        ("（三）", "第一节的第三项"), ("二、", "插在第一节后"), ("三、", "维护职工权益"), ("四、", "新的一节"),
    ]


def test_move_up_and_down_keeps_sub_items(plan):
    second = plan.outline()[3].item
    services.item_move(second, "up")
    assert numbers(plan)[0] == ("一、", "维护职工权益")
    assert numbers(plan)[2] == ("（一）", "推进会员发展")
    services.item_move(second, "down")
    assert numbers(plan)[0] == ("一、", "加强组织建设")
    services.item_move(second, "down")  # already last: nothing happens
    assert numbers(plan)[-1] == ("二、", "维护职工权益")


def test_indent_and_outdent(plan):
    outline = plan.outline()
    second_section = outline[3].item
    services.item_move(second_section, "indent")
    assert numbers(plan)[-1] == ("（三）", "维护职工权益")
    services.item_move(second_section, "outdent")
    assert numbers(plan)[-1] == ("二、", "维护职工权益")
    second_item = outline[2].item
    services.item_move(second_item, "indent")
    assert numbers(plan)[2] == ("1.", "深化职工之家建设")


def test_indent_is_limited_to_four_levels(plan):
    parent = plan.outline()[1].item  # level 2
    level3 = services.item_add(plan, parent=parent, heading="三级")
    level4 = services.item_add(plan, parent=level3, heading="四级")
    with pytest.raises(services.PlanError):
        services.item_add(plan, parent=level4, heading="五级")
    sibling = services.item_add(plan, parent=level3, heading="四级之二")
    with pytest.raises(services.PlanError):
        services.item_move(sibling, "indent")  # would be level 5
    with pytest.raises(services.PlanError):
        services.item_move(plan.outline()[0].item, "indent")  # first item: nothing above it


def test_delete_takes_sub_items_and_renumbers(plan):
    services.item_delete(plan.outline()[0].item)
    assert numbers(plan) == [("一、", "维护职工权益")]
    assert PlanItem.objects.filter(plan=plan).count() == 1


def test_an_approved_plan_cannot_be_edited(plan, federation_admin):
    services.plan_approve(plan, federation_admin)
    plan.refresh_from_db()
    with pytest.raises(services.PlanError):
        services.item_add(plan, heading="x")
    with pytest.raises(services.PlanError):
        services.item_move(plan.outline()[1].item, "up")
    with pytest.raises(services.PlanError):
        services.item_delete(plan.outline()[1].item)
