"""Targets found in a plan's text: the quantified phrases of each item, offered as targets.

``find_targets`` reads every item's heading and body, sentence by sentence, for quantities a
target is written with: percentages (90%、９０％、百分之百), counts with their unit (不少于50人,
新建10家, 培训200人次, 开展一次) and periods (每季度… is 4 times a year, 每月… 12). Each
quantity gets

- the indicator it most likely means: the closest subject written before it in the sentence
  (合格职工之家, 集体合同签订率, 入会率, …; none before it: the item's heading), looked up in
  ``SUBJECTS`` and in the Chinese labels of the registered indicators, and kept only when the
  indicator is registered and measures in the quantity's unit; otherwise free text ("");
- a comparator: 以上/不低于/至少/达到 → gte, 以下/以内/不超过/控制在 → lte (an indicator where
  lower is better defaults to lte);
- the phrase as written (from its subject, or the start of its clause) and, for a free-text
  target, what is counted (``label``) and the unit.

Plain functions of the text: nothing is saved; the user confirms, changes or drops each one.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from unionadmin.indicators import registry

from .chinese import HALF_WIDTH_SENTENCE_END, SENTENCE_END, cn_value
from .shapes import FoundTarget, RecognisedPlan

# Subjects a target is written about, most specific first where one contains another. The code
# is a registered indicator's, or "" for a subject that is known but not measured (建会率): it
# stops the search so an earlier subject in the sentence is not taken instead. ``context``: the
# word must also appear in the sentence or the heading (合格率 means Workers' Homes only there).
# ``units``: what the indicator can be written in (None: from the indicator's own unit).


@dataclass(frozen=True)
class Subject:
    word: str
    code: str
    context: str = ""
    units: frozenset | None = None


PERCENT = frozenset({"%"})
RATES = ("%", "‰")
MONEY = frozenset({"元"})  # 20万元 is read as 200000 元
UNITS_OF = {"percent": PERCENT, "yuan": MONEY, "count": frozenset({"人", "名", "次", "场", "场次", "期", "家", "户", "项", "个"})}


def _subjects(code: str, *words: str, context: str = "", units: frozenset | None = None) -> list[Subject]:
    return [Subject(word, code, context, units) for word in words]


SUBJECTS = [
    *_subjects("workers_home_model", "模范职工之家", "模范职工小家", "模范之家", "模范家"),
    *_subjects("workers_home_advanced", "先进职工之家", "先进职工小家", "先进之家"),
    *_subjects("workers_home_qualified", "合格职工之家", "合格职工小家", "合格之家", "职工之家", "职工小家", "建家"),
    *_subjects("workers_home_model", "模范率", context="之家"),
    *_subjects("workers_home_advanced", "先进率", context="之家"),
    *_subjects("workers_home_qualified", "合格率", "达标率", context="之家"),
    *_subjects("membership_rate", "入会率", "会员入会", "职工入会", "入会"),
    *_subjects("", "建会率", "组建率", "建会", "组建工会", "农民工入会率", "女职工入会率", "覆盖率", "覆盖面"),
    *_subjects("members_count", "会员总数", "会员人数", units=frozenset({"人", "名"})),
    *_subjects("", "发展会员", "新会员", "新增会员", "新发展"),
    *_subjects("women_members_share", "女会员比例", "女会员"),
    *_subjects("migrant_members_share", "农民工会员比例", "农民工会员"),
    *_subjects("dispatched_members_share", "劳务派遣会员", "派遣会员"),
    *_subjects("hardship_exit_rate", "脱困率", "解困率", "解困脱困", "脱困", "解困"),
    # not the general contract: the whole name, so 集体合同签订率 inside it is not read on its own
    *_subjects("", "工资专项集体合同签订率", "工资专项集体合同", "工资集体协商签订率", "工资集体合同签订率",
               "女职工专项集体合同签订率", "女职工专项集体合同", "专项集体合同签订率", "专项集体合同", "工资集体协商",
               "工资专项"),
    *_subjects("contract_signing_rate", "集体合同签订率", "集体合同覆盖率", "集体协商覆盖率", "集体合同", "集体协商",
               "签订率"),
    *_subjects("congress_held", "职代会建制率", "职代会", "职工代表大会"),
    *_subjects("", "厂务公开"),  # a system of its own, not the congress held
    *_subjects("congress_held", "建制率", context="职代会"),
    *_subjects("congress_held", "建制率", context="职工代表大会"),
    *_subjects("contract_signing_rate", "建制率", context="集体"),
    *_subjects("proposals_on_time_rate", "按期答复率", "按时答复率", "按期答复"),
    *_subjects("proposals_handled_rate", "提案办复率", "办复率", "提案答复率", "答复率"),
    *_subjects("proposals_satisfaction_rate", "提案人满意率", "提案满意率"),
    *_subjects("proposals_satisfaction_rate", "满意率", context="提案"),
    *_subjects("competitions_held", "劳动竞赛", "技能竞赛", "技术比武", "岗位练兵", "技能大赛",
               units=frozenset({"次", "场", "场次", "项", "个"})),
    *_subjects("rationalisation_benefit", "合理化建议创效", "创效", "创造效益", "经济效益", units=MONEY),
    *_subjects("aid_paid", "救助金", "救助资金", "帮扶资金", "帮扶金", units=MONEY),
    *_subjects("assessment_grade", "考核达标", "达标单位", "达标标兵"),
]

# Words before a quantity that say which way it goes, longest first (不低于 before 低于).
AT_MOST = ("不超过", "不高于", "不多于", "不大于", "控制在", "低于", "少于", "以内")
AT_LEAST = ("不低于", "不少于", "不小于", "至少", "超过", "高于", "达到", "达", "提高到", "提升到", "增至")
COMPARATOR_WORD = re.compile("|".join(sorted(AT_MOST + AT_LEAST, key=len, reverse=True)))
# Words that say a count is something to do (开展一次, 新建10家, 培训200人次).
COUNT_VERBS = re.compile(
    "开展|举办|组织|召开|举行|培训|新建|建立|组建|创建|慰问|走访|帮扶|救助|资助|发展|新增|吸纳|"
    "表彰|评选|推荐|选树|检查|督查|完成|发放|送|覆盖|征集|实施|开设|建成|打造|命名|提高|提升|增长|增加"
)
FILLERS = re.compile(r"^(?:全县|全市|全区|全系统|全年|年内|年底前?|力争|争取|确保|坚持|要|并|均|分别|要求|使|让)+")
TRAILING = re.compile(
    "(?:" + "|".join(sorted(AT_MOST + AT_LEAST, key=len, reverse=True)) + "|要|力争|争取|确保|均|分别|都|为|在|是|保持|稳定)+$"
)
LEADING = re.compile("^(?:" + "|".join(sorted(AT_MOST + AT_LEAST, key=len, reverse=True)) + ")+")
CN_NUMERAL = "零〇一二两三四五六七八九十百千"
NUMBER = rf"\d+(?:\.\d+)?|[{CN_NUMERAL}]+"
PERCENT_RE = re.compile(rf"百分之(?P<cn>[{CN_NUMERAL}点]+)|(?P<n>\d+(?:\.\d+)?)(?P<sign>[%‰])")
COUNT_RE = re.compile(
    rf"(?<![第每周\d.{CN_NUMERAL}])(?P<n>{NUMBER})(?P<wan>万)?(?P<unit>个百分点|人次|场次|元|人|名|次|场|期|家|户|所|项|个|分|批)"
    r"(?![一性化次])"
)
PERIOD_RE = re.compile(r"每(?P<p>个?季度|季|个?月|半年|年|周)")
PERIOD_REACH = 20  # 每季度 and its count (每季度至少召开一次) stand close together
PER_YEAR = {"季度": 4, "个季度": 4, "季": 4, "月": 12, "个月": 12, "半年": 2, "年": 1, "周": 52}
SUFFIX_RE = re.compile(r"(?:及|或)?(?P<w>以上|以下|以内|之内)")
SENTENCE_BREAK = SENTENCE_END + HALF_WIDTH_SENTENCE_END + "\n"
CLAUSE_BREAK = SENTENCE_BREAK + "，,、：:"
# Characters left out when matching (quotes around 职工之家, spaces); full-width digits read as digits.
DROPPED = set("“”\"‘’'「」『』 \u3000\t")
OPENING = "“‘「『"
WIDE = {chr(0xFF10 + i): str(i) for i in range(10)} | {"％": "%", "．": "."}
WIDE_TABLE = str.maketrans(WIDE)
LABEL_LENGTH = 100  # PlanTarget.label
TOO_LARGE = Decimal(10) ** 10  # PlanTarget.target_value holds 12 digits, 2 of them decimals
RESPECTIVELY_MOST = 6  # subjects one 分别 pairs with as many quantities
# A word that names no subject of its own but the one written before it in the sentence
# (推进工资集体协商，签订率稳定在85%以上: the rate of the wage negotiation).
REFERS_BACK = {"签订率"}
CONTEXTS = frozenset(subject.context for subject in SUBJECTS if subject.context)


def _number(text: str) -> Decimal:
    return Decimal(text) if text[0].isdigit() else cn_value(text)


@dataclass
class _Quantity:
    start: int  # where the quantity (or the period word before it) starts
    end: int  # after the quantity and its 以上/以下
    value: Decimal
    unit: str
    suffix: str = ""  # "gte"/"lte" from 以上/以下 after it
    tail: int = 0  # where the counted thing after a count begins (开展一次|职工技能竞赛)
    period: int | None = None  # for 每季度…: where the words after 每季度 begin
    number_at: int | None = None  # for 每季度…一次: where the count begins


class _Heading:
    """The item's heading as wider context, read once for every sentence of the item: the
    context words it holds and its subjects (the last one a sentence can take is looked up once
    for each set of context words present, so a long heading is never read per quantity)."""

    def __init__(self, norm: str, subjects: re.Pattern, table: dict):
        self.contexts = frozenset(word for word in CONTEXTS if word in norm)
        self.words = [match.group() for match in subjects.finditer(norm)][::-1]
        self.table = table
        self._subject_for: dict[frozenset, Subject | None] = {}

    def subject(self, contexts: frozenset) -> Subject | None:
        """The last subject the heading names (深化职工之家建设 → 职工之家), with these context words."""
        if contexts not in self._subject_for:
            self._subject_for[contexts] = next(
                (s for word in self.words for s in self.table[word] if not s.context or s.context in contexts), None)
        return self._subject_for[contexts]


class _Sentence:
    """One sentence of an item's text, normalised, with the heading as wider context."""

    def __init__(self, norm: str, start: int, end: int, heading: _Heading, subjects: re.Pattern, table: dict):
        self.norm, self.start, self.end = norm, start, end
        self.heading = heading
        own = norm[start:end]
        self.contexts = heading.contexts | {word for word in CONTEXTS if word in own}
        self.subjects, self.table = subjects, table
        self.breaks = [i for i in range(start, end) if norm[i] in CLAUSE_BREAK]

    def clause_start(self, at: int) -> int:
        """Where the clause holding ``at`` begins (after its ，、：)."""
        index = bisect.bisect_left(self.breaks, at)
        return self.breaks[index - 1] + 1 if index else self.start

    def clause_end(self, at: int) -> int:
        index = bisect.bisect_left(self.breaks, at)
        return self.breaks[index] if index < len(self.breaks) else self.end

    # --- quantities -------------------------------------------------------------------------
    def quantities(self) -> list[_Quantity]:
        """Periods first (每季度…一次 is one quantity, not two), then percentages, then counts;
        none over the words of another."""
        found: list[_Quantity] = []
        taken = bytearray(self.end - self.start)  # this sentence's characters only
        offset = self.start

        def take(quantity, start, end):
            if quantity and quantity.value < TOO_LARGE and not any(taken[start - offset:end - offset]):
                found.append(quantity)
                taken[quantity.start - offset:quantity.end - offset] = b"\x01" * (quantity.end - quantity.start)

        for match in PERIOD_RE.finditer(self.norm, self.start, self.end):
            quantity = self._period(match)
            if quantity:
                take(quantity, quantity.start, quantity.end)
        for match in PERCENT_RE.finditer(self.norm, self.start, self.end):
            value = cn_value(match["cn"]) if match["cn"] else Decimal(match["n"])
            take(self._with_suffix(_Quantity(match.start(), match.end(), value, match["sign"] or "%")),
                 match.start(), match.end())
        for match in COUNT_RE.finditer(self.norm, self.start, self.end):
            take(self._count(match), match.start(), match.end())
        return sorted(found, key=lambda q: q.start)

    def _with_suffix(self, quantity: _Quantity) -> _Quantity:
        suffix = SUFFIX_RE.match(self.norm, quantity.end, self.end)
        if suffix:
            quantity.suffix = "gte" if suffix["w"] == "以上" else "lte"
            quantity.end = suffix.end()
        quantity.tail = quantity.end
        return quantity

    def _count(self, match) -> _Quantity | None:
        unit, value = match["unit"], _number(match["n"])
        if match["wan"]:
            value *= 10000
        quantity = self._with_suffix(_Quantity(match.start(), match.end(), value, unit))
        before = self.norm[max(self.clause_start(match.start()), match.start() - 12):match.start()]
        said = COMPARATOR_WORD.search(before[-6:]) or quantity.suffix
        acted = COUNT_VERBS.search(before)
        if match["n"][0].isdigit():
            return quantity if said or acted else None
        # 一次, 两场: only as something to do (开展一次), never 一家 or 两人 in passing, nor 一批 (some)
        return quantity if unit != "批" and (said or (acted and unit in ("次", "场", "场次", "期"))) else None

    def _period(self, match) -> _Quantity | None:
        per_year = PER_YEAR[match["p"]]
        end = self.clause_end(match.end())
        count = COUNT_RE.search(self.norm, match.end(), min(end, match.end() + PERIOD_REACH))
        if count and count["unit"] not in ("分", "个百分点") and count.group() != "一批":
            quantity = _Quantity(match.start(), count.end(), _number(count["n"]) * per_year, count["unit"],
                                 period=match.end(), number_at=count.start())
            return self._with_suffix(quantity)
        if per_year == 1 or end - match.end() < 2:
            return None  # 每年… without a count says nothing measurable
        return _Quantity(match.start(), end, Decimal(per_year), "次", tail=match.end(), period=match.end(),
                         number_at=match.end())

    # --- subjects ---------------------------------------------------------------------------
    def _subject(self, word: str) -> Subject | None:
        """The subject a word names here: the first of its meanings whose context is present."""
        return next((s for s in self.table[word] if not s.context or s.context in self.contexts), None)

    def subjects_between(self, start: int, end: int) -> list[tuple[int, int, Subject]]:
        found = [(match.start(), match.end(), self._subject(match.group()))
                 for match in self.subjects.finditer(self.norm, start, end)]
        return [entry for entry in found if entry[2]]

    def heading_subject(self) -> Subject | None:
        """The last subject the heading names (深化职工之家建设 → 职工之家)."""
        return self.heading.subject(self.contexts)


def _normalise(text: str) -> tuple[str, list[int]]:
    """The text to match (quotes and spaces left out, full-width digits and ％ as ASCII) and,
    for each of its characters, where it is in the text as written."""
    if DROPPED.isdisjoint(text):  # nothing left out: the places are the text's own
        return text.translate(WIDE_TABLE), list(range(len(text)))
    chars, where = [], []
    for index, char in enumerate(text):
        if char not in DROPPED:
            chars.append(WIDE.get(char, char))
            where.append(index)
    return "".join(chars), where


def _subject_table() -> tuple[re.Pattern, dict[str, list[Subject]]]:
    """The subjects whose indicator is registered (or free), plus each registered indicator's
    Chinese label of three characters or more (so a new indicator is found by its name)."""
    table: dict[str, list[Subject]] = {}
    for subject in SUBJECTS:
        if not subject.code or subject.code in registry:
            table.setdefault(subject.word, []).append(subject)
    with translation.override("zh-hans"):
        for indicator in registry:
            label = str(indicator.label)
            if len(label) >= 3 and label not in table:
                table[label] = [Subject(label, indicator.code)]
    words = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), table


def _units(subject: Subject) -> frozenset:
    if subject.units is not None:
        return subject.units
    return UNITS_OF.get(registry.get(subject.code).unit, frozenset())


def _comparator(sentence: _Sentence, quantity: _Quantity, from_: int, code: str) -> str:
    if quantity.suffix:
        return quantity.suffix
    said = list(COMPARATOR_WORD.finditer(sentence.norm, from_, quantity.start))
    if said:
        return "lte" if said[-1].group() in AT_MOST else "gte"
    if code and registry.get(code).better == "lower":
        return "lte"
    return "gte"


def _label(sentence: _Sentence, quantity: _Quantity, start: int) -> str:
    """What is counted: the clause around the quantity without the number and the words of
    comparison (新建职工书屋10家 → 新建职工书屋; 开展一次职工技能竞赛 → 开展职工技能竞赛)."""
    norm = sentence.norm
    if quantity.period is None:
        before = norm[start:quantity.start]
    else:  # 每季度 is the number: what is done is written after it (每季度至少召开一次…)
        before = LEADING.sub("", norm[quantity.period:quantity.number_at])
    before = FILLERS.sub("", TRAILING.sub("", before))
    rest = norm[quantity.tail:min(sentence.clause_end(quantity.tail), quantity.tail + LABEL_LENGTH)]
    after = "" if quantity.unit in RATES else LEADING.sub("", rest)
    label = before + after
    if not after and COUNT_VERBS.fullmatch(before):
        label += "…"  # 开展一次 → 开展…
    return label[:LABEL_LENGTH]


def _respectively(sentence: _Sentence, quantities: list[_Quantity], position: int, window) -> dict:
    """合格职工之家、先进职工之家分别达到90%和30%以上: the n-th subject before 分别 with the n-th
    quantity after it, each pair's phrase the whole statement; {position: (start, end, subject)}."""
    quantity = quantities[position]
    at = sentence.norm.find("分别", window[0][0] if window else quantity.start, quantity.start)
    listed = [found for found in window if found[1] <= at] if at >= 0 else []
    group = quantities[position:position + len(listed)]
    if not 2 <= len(listed) <= RESPECTIVELY_MOST or len(group) != len(listed):
        return {}
    for member in group:  # 以上 after the last goes for all
        member.suffix = member.suffix or group[-1].suffix
    return {position + offset: (listed[0][0], group[-1].end, found[2]) for offset, found in enumerate(listed)}


def _phrase(text: str, where: list[int], start: int, end: int) -> str:
    """The words as written between two places of the normalised text (an opening quote kept)."""
    first = where[start]
    if first and text[first - 1] in OPENING:  # “合格职工之家”达到…
        first -= 1
    return text[first:where[end - 1] + 1]


def _targets_of(sentence: _Sentence, item: int, text: str, where: list[int]) -> list[FoundTarget]:
    found = []
    quantities = sentence.quantities()
    previous_end = sentence.start  # a subject written before the previous quantity is that one's
    pairs: dict[int, tuple[int, int, Subject]] = {}
    for position, quantity in enumerate(quantities):
        window = sentence.subjects_between(previous_end, quantity.start)
        if position not in pairs:
            pairs.update(_respectively(sentence, quantities, position, window))
        clause = max(sentence.clause_start(quantity.start), previous_end)
        while clause < quantity.start and sentence.norm[clause] in CLAUSE_BREAK:
            clause += 1
        if position in pairs:
            start, end, subject = pairs[position]
        else:
            end = quantity.end
            back = len(window) > 1 and window[-1][2].word in REFERS_BACK  # …协商，签订率… is the negotiation's
            if back:
                window = window[:-1]
            if window:
                subject = window[-1][2]
            else:  # none before it: one in the rest of its clause (开展一次劳动竞赛), else the heading's
                after = sentence.subjects_between(
                    quantity.end, min(sentence.clause_end(quantity.end), quantity.end + LABEL_LENGTH))
                subject = after[0][2] if after else sentence.heading_subject()
            start = window[-1][0] if window and (back or window[-1][0] >= clause) else clause
        previous_end = max(previous_end, quantity.end)
        code = subject.code if subject and subject.code and quantity.unit in _units(subject) else ""
        if not code:
            start = min(start, clause)  # free text: the whole clause says what (年内命名合格职工之家20家)
        label = subject.word if position in pairs else _label(sentence, quantity, start)
        found.append(FoundTarget(
            item=item, phrase=_phrase(text, where, start, end), indicator_code=code,
            comparator=_comparator(sentence, quantity, min(start, clause), code),
            value=quantity.value, unit=quantity.unit, label=label or (subject.word if subject else ""),
        ))
    return found


def _sentences(norm: str) -> list[tuple[int, int]]:
    """The sentences: up to 。；！？ or a line's end, or a . that is no decimal point (发展.全县)."""
    spans, start = [], 0
    for index, char in enumerate(norm):
        if char in SENTENCE_BREAK or (char == "." and not (0 < index < len(norm) - 1 and norm[index - 1].isdigit()
                                                           and norm[index + 1].isdigit())):
            if index > start:
                spans.append((start, index))
            start = index + 1
    if start < len(norm):
        spans.append((start, len(norm)))
    return spans


def find_in_text(text: str, *, heading: str = "", item: int = 0, subjects=None) -> list[FoundTarget]:
    """The targets written in one text (an item's heading or body), in the order of the text;
    ``heading`` is the item's heading, read for a subject when a sentence names none;
    ``subjects`` the subject table when one is already built (``find_targets``: once a plan)."""
    pattern, table = subjects or _subject_table()
    norm, where = _normalise(text)
    context = _Heading(_normalise(heading)[0], pattern, table)
    found = []
    for start, end in _sentences(norm):
        found += _targets_of(_Sentence(norm, start, end, context, pattern, table), item, text, where)
    return found


def find_targets(recognised: RecognisedPlan) -> list[FoundTarget]:
    """Every quantified phrase of every item (heading, then body), in the order of the text."""
    found, subjects = [], _subject_table()
    for index, item in enumerate(recognised.items):
        found += find_in_text(item.heading, heading=item.heading, item=index, subjects=subjects)
        found += find_in_text(item.body, heading=item.heading, item=index, subjects=subjects)
    return found
