"""The conversions offered before a plan is imported (issue 16 item 4): Traditional characters
to Simplified (OpenCC), half-width punctuation among Chinese characters to full-width, each
with the changes listed. Pure functions of the text."""
import pytest

from planning.importing.conversions import _aligned, looks_traditional, punctuation_changes, to_simplified

TRADITIONAL = (
    "某縣總工會2026年工作要點\n"
    "一、加強組織建設\n"
    "全縣各級工會要堅持以職工為中心，推進會員發展，職工入會率達到100%，"
    "合格職工之家達到90%以上。\n"
)
SIMPLIFIED = (
    "某县总工会2026年工作要点\n"
    "一、加强组织建设\n"
    "全县各级工会要坚持以职工为中心，推进会员发展，职工入会率达到100%，"
    "合格职工之家达到90%以上。\n"
)


def test_a_traditional_plan_is_detected_and_converted_with_its_changes_listed():
    assert looks_traditional(TRADITIONAL)
    conversion = to_simplified(TRADITIONAL)
    assert conversion.text == SIMPLIFIED
    changes = {before: (after, n) for before, after, n in conversion.changes}
    assert changes["會"] == ("会", 4)
    assert changes["縣"] == ("县", 2)
    assert changes["職"] == ("职", 3)
    assert conversion.changes[0] == ("縣", "县", 2)  # in the order the text has them
    assert conversion.count == sum(n for *_pair, n in conversion.changes)
    assert "2026" not in {before for before, *_rest in conversion.changes}


@pytest.mark.parametrize("text", [
    SIMPLIFIED,
    "陕西省乾县总工会2026年工作要点：坚持以职工为中心，做好会员发展工作。",  # 乾县 is a place
    "后羿射日的故事；乾坤朗朗，之後再议。各级工会要认真贯彻落实会议精神，切实做好服务工作。",
    "No Chinese at all, 1,000 words.",
    "",
])
def test_simplified_text_is_not_flagged_for_one_or_two_ambiguous_characters(text):
    assert not looks_traditional(text)


def test_a_short_traditional_line_is_flagged():
    assert looks_traditional("全縣各基層工會：")


def test_simplified_text_converts_to_itself_with_no_changes():
    conversion = to_simplified(SIMPLIFIED)
    assert conversion.text == SIMPLIFIED
    assert conversion.changes == []
    assert not conversion.changed


def test_a_line_that_changes_length_is_compared_by_stretches():
    """t2s keeps the length of most text; where it does not, the changed stretches are listed."""
    assert _aligned("電腦軟體", "电脑软件") == [("電", "电"), ("腦", "脑"), ("軟", "软"), ("體", "件")]
    assert _aligned("這是記憶體。", "这是内存。") == [("這", "这"), ("記憶體", "内存")]
    # a long stretch is listed whole rather than aligned character by character
    assert _aligned("記憶體" + "甲" * 1000 + "記憶體", "内存" + "甲" * 1000 + "内存") == [
        ("記憶體" + "甲" * 1000 + "記憶體", "内存" + "甲" * 1000 + "内存")]


@pytest.mark.parametrize("text, expected", [
    ("入会率达到100%,建会率达到95%。", "入会率达到100%，建会率达到95%。"),
    ("要做到:应建尽建;是否完成?务必完成!", "要做到：应建尽建；是否完成？务必完成！"),
    ("详见(附件1)。", "详见（附件1）。"),
    ("各乡镇、系统(产业)工会", "各乡镇、系统（产业）工会"),
    ("工会, 职工", "工会，职工"),  # the space after goes: the full-width mark carries its own
    ("“职工之家”,“职工小家”", "“职工之家”，“职工小家”"),
    ("推进会员发展.全县入会率达到95%.\n二、维护权益", "推进会员发展。全县入会率达到95%。\n二、维护权益"),
])
def test_half_width_punctuation_among_chinese_becomes_full_width(text, expected):
    assert punctuation_changes(text).text == expected


@pytest.mark.parametrize("text", [
    "资助金额1,000元",  # a thousands separator
    "下午3:30开会",  # a time
    "比例为1:2",
    "详见 http://example.com/a,b?x=1 网站",  # a URL
    "发送至 office@union.cn",
    "使用Excel,Word等软件",  # between ASCII words
    "1.加强组织建设",  # an item number
    "见附件1.考核细则",  # a number in the text
    "发放3.5万元……等等...",
    "登录www.example.com查询",
    "(一)加强组织建设",  # an item number in the source's own style
    "  (1)推进会员发展",
    "Plain English, no change (really)!",
])
def test_numbers_urls_words_and_item_numbers_are_left_as_written(text):
    conversion = punctuation_changes(text)
    assert conversion.text == text
    assert conversion.changes == []


def test_punctuation_changes_are_counted():
    conversion = punctuation_changes("一是加强,二是推进, 三是落实;1,000元(附件)")
    assert conversion.text == "一是加强，二是推进，三是落实；1,000元（附件）"
    assert conversion.changes == [(",", "，", 1), (", ", "，", 1), (";", "；", 1), ("(", "（", 1), (")", "）", 1)]
