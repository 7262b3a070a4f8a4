"""Recognising a work plan's structure from its text: the head (document number, title,
addressees, signing, 抄送/抄报), the numbered items and their depth, the notice that may carry
the plan, and the attachments at the end.

The depth of an item follows from the order numbering styles first appear under their parents:
a style not yet open above the current item starts a level below it (（1） straight under 一、 is
level 2 there), a style already open closes the levels below it. Each level keeps the style most
of its items use, and "continuous" when its numbers go on across parents (1、 … 15、 through four
sections); an item in another style keeps its own (``SourceItem.style``).
"""
from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .. import gongwen
from ..models.outline import MAX_LEVEL
from .chinese import CN_DIGITS, FULL_WIDTH_DIGITS, HEADING_END, cn_value
from .service import fit_heading, printed_numbers
from .shapes import RecognisedAttachment, RecognisedPlan, SourceItem
from .targets import find_targets

CN_NUMBER = "[一二三四五六七八九十百零〇]+"
SPACE = "[ \t\u3000\u00a0]*"
# After an item's number comes its text, not the rest of a quantity or a date ("2026年…",
# "1.5万元", "3月底前…", "1、2月份…").
NOT_TEXT = set("年月日号万亿千百%％‰个位名家项次倍天元岁")
CN_MONTH = re.compile("^[一二三四五六七八九十]{1,3}(?:月|季度)")  # "三、四月份…", "一、二季度…"
# …but a year is text: "一、2025年工作回顾", "1.2026年3月底前完成…", "3. 2026年底前…".
YEAR = re.compile(r"^\d{4}年")
# "2.12月前完成…", "2、3月份…": a month after an arabic number, an item only when the number is
# the next of its style (after 1.…, not at the start or after 5.).
MONTH_AFTER = re.compile(rf"^(\d{{1,3}}){SPACE}(?P<sep>[.．、]){SPACE}(?=(?:1[0-2]|[1-9]|[一二三四五六七八九十]{{1,3}})(?:月|季度))")

ITEM_PATTERNS = (  # (style, pattern of the number at the start of a line)
    ("cn_dun", re.compile(rf"^({CN_NUMBER}){SPACE}、")),
    ("cn_paren", re.compile(rf"^（{SPACE}({CN_NUMBER}){SPACE}）")),
    ("cn_half_paren", re.compile(rf"^\({SPACE}({CN_NUMBER}){SPACE}\)")),
    ("ar_paren", re.compile(rf"^（{SPACE}(\d{{1,3}}){SPACE}）")),
    ("ar_half_paren", re.compile(rf"^\({SPACE}(\d{{1,3}}){SPACE}\)")),
    ("ar_dun", re.compile(rf"^(\d{{1,3}}){SPACE}、")),
    ("ar_dot", re.compile(rf"^(\d{{1,3}}){SPACE}[.．](?!\d(?!\d{{3}}年))")),  # not 1.5万元; 1.2026年…
    ("circled", re.compile(f"^([{gongwen.CIRCLED}])")),
)
DOCUMENT_NUMBER = re.compile(
    rf"^(?P<code>[^\s\[〔（(【］]+?){SPACE}[\[〔（(【［]{SPACE}(?P<year>\d{{4}}){SPACE}[\]〕）)】］]{SPACE}"
    rf"(?P<sequence>\d+){SPACE}号"
)
CN_DATE = re.compile(r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
AR_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
PRINTING = re.compile(r"(?P<date>\d{4}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
                      r"[一二三四五六七八九十]{1,3}日)印发$")
COPY = re.compile(rf"^抄{SPACE}(?P<kind>送|报){SPACE}[：:]{SPACE}(?P<to>.*)$")
ATTACHMENT = re.compile(rf"^附{SPACE}件(?:{SPACE}(?P<n>\d+){SPACE}[：:]?|{SPACE}[：:]|[ \t\u3000]+|$){SPACE}(?P<title>.*)$")
TITLE_END = ("要点", "计划", "安排", "意见", "通知", "方案", "规划", "打算", "思路", "重点", "任务")
NOTICE_TITLE = re.compile(r"^关于印发.*通知$")
QUOTED = re.compile(r"《(.+?)》")
SENTENCE_MARKS = set("。，；：！？,;:")
SHORT = 40  # a title line, a signing organ: a short line that is not a sentence
# What each part of an addressee line with commas ends in: 各乡镇、系统（产业）工会，县直各单位工会
ORGAN_END = ("会", "位", "门", "关", "构", "业", "司", "厂", "校", "院", "局", "委", "办", "处", "室", "部", "组", "队",
             "所", "站", "街道", "社区", "村", "乡", "镇", "团", "人", "志")



@dataclass
class _Numbered:
    style: str
    value: int
    number: str  # as written
    text: str  # the rest of the line


def numbered(line: str) -> _Numbered | None:
    """The item number a line starts with, or None when it is a sentence that begins with one."""
    stripped = line.strip().translate(FULL_WIDTH_DIGITS)
    for style, pattern in ITEM_PATTERNS:
        match = pattern.match(stripped)
        if not match:
            continue
        rest = stripped[match.end():].lstrip(" \t\u3000\u00a0")
        if not rest or rest[0] in NOT_TEXT or (rest[0].isdigit() and not YEAR.match(rest)) or CN_MONTH.match(rest):
            return None
        value = int(cn_value(match[1])) if style.startswith("cn_") else (
            gongwen.CIRCLED.index(match[1]) + 1 if style == "circled" else int(match[1]))
        if value < 1:
            return None
        return _Numbered(style, value, line.strip()[:match.end()].rstrip(), rest)
    return None


def next_in_sequence(line: str, following: dict[str, int]) -> _Numbered | None:
    """A line numbered as the item after the last of its style whose text starts with a month
    (2.12月前… after 1.…), which ``numbered`` alone reads as text."""
    stripped = line.strip().translate(FULL_WIDTH_DIGITS)
    if not (match := MONTH_AFTER.match(stripped)):
        return None
    style = "ar_dun" if match["sep"] == "、" else "ar_dot"
    if following.get(style) != int(match[1]):
        return None
    return _Numbered(style, int(match[1]), line.strip()[:match.end()].rstrip(), stripped[match.end():])


def parse_date(line: str) -> datetime.date | None:
    """二〇一二年一月三十一日, 二○一二年…, 2012年1月31日 (spaces tolerated) as a date."""
    compact = re.sub(r"\s+", "", line).translate(FULL_WIDTH_DIGITS)
    if match := CN_DATE.match(compact):
        year = int("".join(str(CN_DIGITS[c]) for c in match[1]))
        month, day = int(cn_value(match[2])), int(cn_value(match[3]))
    elif match := AR_DATE.match(compact):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _is_short(line: str) -> bool:
    """A title line or an organ's name: short, without sentence punctuation."""
    return 0 < len(line) <= SHORT and not SENTENCE_MARKS & set(line) and "\t" not in line


def _is_mark(line: str) -> bool:
    return _is_short(line) and line.replace(" ", "").endswith(gongwen.WORDS["mark_suffix"])


def _is_addressee(line: str) -> bool:
    """各基层工会： — not a sentence that ends in a colon (总体要求是：, 2026年，…重点抓好以下几个方面：)."""
    names = line[:-1].strip()
    return (line[-1:] in "：:" and len(line) <= 80 and not set("。；;") & set(line) and not ATTACHMENT.match(line)
            and not names.endswith(("是", "如下", "为"))
            and all(part.strip().endswith(ORGAN_END) for part in re.split("[，,]", names)))


def _split_heading(text: str) -> tuple[str, str]:
    """"加强组织建设。全年新建…" → ("加强组织建设。", "全年新建…"): the first sentence with its own
    ending mark (。！？；：), the rest as the body's first paragraph; nothing is dropped."""
    positions = [text.find(mark) for mark in HEADING_END if mark in text]
    cut = min(positions) + 1 if positions else len(text)
    heading, rest = fit_heading(text[:cut].strip())
    return heading, "".join(part for part in (rest, text[cut:].strip()) if part)


class _Reader:
    def __init__(self, text: str):
        lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)]
        self.lines = [(number, line) for number, line in lines if line]
        self.plan = RecognisedPlan()
        self.values: list[int] = []  # each item's number as a count: 一 → 1, ⑮ → 15
        self.bodies: list[list[str]] = []
        self.listed: list[str] = []  # the titles in an attachment list above the signature

    # -- the head ------------------------------------------------------------------------------
    @staticmethod
    def title(lines: list[str], addressed: bool) -> tuple[str, list[str]]:
        """The title from the short lines at the start (one, or two when it spans two lines);
        the lines after it."""
        count = 0
        while count < len(lines) and count < 3 and _is_short(lines[count]) and not _is_mark(lines[count]):
            count += 1
        if count > 1 and not addressed:
            # Without an addressee to end it, a second line belongs to the title only when the
            # title ends there as titles do (…工作要点, …的通知).
            joined = "".join(lines[:2])
            count = 2 if joined.endswith(TITLE_END) and not lines[0].endswith(TITLE_END) else 1
        return "".join(lines[:count]), lines[count:]

    def head(self, lines: list[str]) -> list[str]:
        """Takes the mark, the number, the title and the addressees; returns what is left."""
        plan = self.plan
        while lines and (_is_mark(lines[0]) or DOCUMENT_NUMBER.match(lines[0].translate(FULL_WIDTH_DIGITS))):
            line = lines.pop(0)
            if _is_mark(line):
                plan.mark = plan.mark or re.sub(r"\s+", "", line)
            elif match := DOCUMENT_NUMBER.match(line.translate(FULL_WIDTH_DIGITS)):
                plan.organ_code = match["code"]
                plan.number_year, plan.sequence = int(match["year"]), int(match["sequence"])
        addressee = next((i for i, line in enumerate(lines[:4]) if _is_addressee(line)), None)
        title, rest = self.title(lines[:addressee] if addressee is not None else lines, addressee is not None)
        if addressee is not None:
            plan.addressees = lines[addressee][:-1].strip()
            rest = rest + lines[addressee + 1:]
        if NOTICE_TITLE.match(title):
            plan.notice_title = title
        else:
            plan.title = title
        return rest

    def notice(self, lines: list[str], date_at: int) -> bool:
        """The notice part of the head, up to its signing date; False when there is no notice
        (no 关于…通知 title, no notice text): a plain plan dated under its title."""
        plan = self.plan
        plan.signing_date = parse_date(lines[date_at])
        body = self.head(lines[:date_at])
        if body and _is_short(body[-1]) and not ATTACHMENT.match(body[-1]):
            plan.signing_organ = body.pop()
        if not body and not plan.notice_title:
            return False
        if plan.title and not plan.notice_title:
            plan.notice_title, plan.title = plan.title, ""
        listing = False
        notice = []
        for line in body:  # an attachment list (附件：…) is not the notice's text
            if match := ATTACHMENT.match(line):
                listing = True
                self.listed.append(numbered(match["title"]).text if numbered(match["title"]) else match["title"])
            elif listing and numbered(line):
                self.listed.append(numbered(line).text)
            else:
                notice.append(line)
        plan.notice_body = "\n".join(notice)
        return True

    # -- the whole text ------------------------------------------------------------------------
    def read(self) -> RecognisedPlan:
        plan = self.plan
        first_item = self.first_item()
        head = [line for _n, line in self.lines[:first_item]]
        date_at = next((i for i, line in enumerate(head) if parse_date(line)), None)
        if date_at is not None and self.notice(head, date_at):
            plan.title, guiding = self.title(head[date_at + 1:], addressed=False)
        elif date_at is not None:
            guiding = head[date_at + 1:]
        else:
            guiding = self.head(head)
        plan.guiding = "\n".join(guiding)
        if plan.notice_title and not plan.title and (quoted := QUOTED.search(plan.notice_title)):
            plan.title = quoted[1]
        self.body(self.lines[first_item:])
        self.levels()
        return plan

    def first_item(self) -> int:
        """Where the items start: the first numbered line that does not go on an attachment list
        (附件：1.…要点 / 2.2026年度考核细则)."""
        listing = False
        for index, (_n, line) in enumerate(self.lines):
            if ATTACHMENT.match(line):
                listing = True
            elif numbered(line) and not listing:
                return index
            elif not numbered(line):
                listing = False
        return len(self.lines)

    def body(self, lines: list[tuple[int, str]]) -> None:
        """The items, then the signing, 抄送/抄报, the printing line and the attachments."""
        plan = self.plan
        paragraphs: list[str] | None = None  # where a plain paragraph goes
        attachment: RecognisedAttachment | None = None
        awaiting_title = False
        following: dict[str, int] = {}  # the number each style's next item would have
        for number, line in lines:
            if match := COPY.match(line):
                value = match["to"].strip().rstrip("。.")
                if match["kind"] == "送":
                    plan.copy_to = value
                else:
                    plan.report_to = value
            elif printing := PRINTING.search(re.sub(r"\s+", "", line)):  # …办公室 2012年2月1日印发
                plan.printing_organ = re.sub(r"\s+", "", line)[:printing.start()]
                plan.printing_date = parse_date(printing["date"])
            elif (date := parse_date(line)) and (not plan.signing_date or attachment is None):
                # The signature; a plan inside a notice may be signed again under its items.
                plan.signing_date = plan.signing_date or date
                if attachment is not None:
                    # An attachment list (附件：1. … 2. …) above the signature, not attachments.
                    plan.attachments.remove(attachment)
                    titles = [t for t in [attachment.title, *attachment.body.split("\n")] if t]
                    if titles and _is_short(titles[-1]) and not numbered(titles[-1]):
                        plan.signing_organ = titles.pop()
                    self.listed += [numbered(t).text if numbered(t) else t for t in titles]
                    attachment = None
                elif paragraphs and _is_short(paragraphs[-1]):
                    organ = paragraphs.pop()
                    plan.signing_organ = plan.signing_organ or organ
                paragraphs = None
            elif (match := ATTACHMENT.match(line)) and len(match["title"]) <= SHORT:
                title = match["title"].strip()
                listed = numbered(title)
                attachment = RecognisedAttachment(title=listed.text if listed else title)
                plan.attachments.append(attachment)
                awaiting_title, paragraphs = not title, None
            elif attachment is not None:
                if awaiting_title:
                    attachment.title, awaiting_title = line, False
                else:
                    attachment.body = f"{attachment.body}\n{line}" if attachment.body else line
            elif item := numbered(line) or next_in_sequence(line, following):
                following[item.style] = item.value + 1
                heading, first = _split_heading(item.text)
                plan.items.append(SourceItem(level=0, style=item.style, number=item.number, heading=heading,
                                             line=number))
                self.values.append(item.value)
                paragraphs = [first] if first else []
                self.bodies.append(paragraphs)
            elif paragraphs is not None:
                paragraphs.append(line)
            else:
                plan.notes.append(_("Line %(line)s comes after the signature and was left out: %(text)s")
                                  % {"line": number, "text": line})
        for item, body in zip(plan.items, self.bodies, strict=True):
            item.body = "\n".join(body)
        for attachment in plan.attachments:
            attachment.title = attachment.title.rstrip("：:")
        if not plan.attachments:  # the list names the attachments; the plan itself is not one of them
            titles = [title.rstrip("。").strip("《》") for title in self.listed]
            plan.attachments = [RecognisedAttachment(title=t) for t in titles if t and t != plan.title]

    # -- levels, numbering and notes -----------------------------------------------------------
    def levels(self) -> None:
        plan = self.plan
        stack: list[str] = []  # the styles open above, outermost first
        parents: list[int | None] = []
        open_items: list[int] = []
        for index, item in enumerate(plan.items):
            if item.style in stack:
                depth = stack.index(item.style)
                del stack[depth:], open_items[depth:]
            stack.append(item.style)
            item.level = min(len(stack), MAX_LEVEL)
            parents.append(open_items[-1] if open_items else None)
            open_items.append(index)
        depth = max((item.level for item in plan.items), default=0)  # at most MAX_LEVEL
        for level in range(1, depth + 1):
            at_level = [i for i, item in enumerate(plan.items) if item.level == level]
            styles = Counter(plan.items[i].style for i in at_level)
            style = max(styles, key=lambda s: (styles[s], -at_level.index(
                next(i for i in at_level if plan.items[i].style == s))))
            plan.numbering.append({"style": style, "continuous": self._continues(at_level, style, parents)})
        self.notes()

    def _continues(self, at_level: list[int], style: str, parents: list[int | None]) -> bool:
        """Whether a later parent's first item of the style goes on from the one before."""
        last_by_parent: dict[int | None, int] = {}
        previous = None
        for index in at_level:
            if self.plan.items[index].style != style:
                continue
            parent, value = parents[index], self.values[index]
            if parent not in last_by_parent and previous is not None:
                return value > 1 and value == previous + 1
            last_by_parent[parent] = value
            previous = value
        return False

    def notes(self) -> None:
        plan = self.plan
        if not plan.items:
            plan.notes.append(_("No numbered item was found: items start with a number such as 一、 （一） 1. 1、 （1） ①."))
            return
        for position, (item, value, printed) in enumerate(
                zip(plan.items, self.values, printed_numbers(plan), strict=True), start=1):
            if gongwen.styled_number(item.style, value) != printed:
                plan.notes.append(_("Item %(position)s is numbered %(source)s in the source and will print as "
                                    "%(printed)s.") % {"position": position, "source": item.number,
                                                       "printed": printed})


def recognise_text(text: str) -> RecognisedPlan:
    """The head, outline, attachments and targets recognised in a plan's text."""
    reader = _Reader(text.replace("\r\n", "\n").replace("\r", "\n"))
    recognised = reader.read()
    recognised.targets = find_targets(recognised)
    return recognised
