"""What recognition hands to the page, the command and the saving service.

A ``RecognisedPlan`` is plain data (JSON-safe through ``as_dict``/``from_dict``), so the page can
carry the user's corrections from one request to the next without saving anything."""
from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal


@dataclass
class SourceItem:
    """One numbered item as the source has it."""

    level: int  # depth in the outline, 1–4 (a skipped level is still depth 2 under 一、)
    style: str  # a key of gongwen.NUMBERING_STYLES
    number: str  # the number exactly as the source wrote it: "（1）", "15、", "①"
    heading: str  # the heading (the item's first sentence when it runs into its text)
    body: str = ""  # the paragraphs that follow until the next item, joined by "\n"
    line: int = 0  # where it starts in the source, from 1, for the side-by-side view


@dataclass
class FoundTarget:
    """A quantified phrase found in an item's text, offered as a target."""

    item: int  # index into RecognisedPlan.items
    phrase: str  # the words as written: "合格职工之家达到90%以上"
    indicator_code: str  # a registered indicator's code, or "" for free text
    comparator: str  # "gte" or "lte" (PlanTarget.Comparator)
    value: Decimal
    unit: str = ""  # "%", "次", "家", … for a free-text target
    label: str = ""  # what is counted, for a free-text target ("开展一次" → "开展…")


@dataclass
class RecognisedAttachment:
    title: str
    body: str = ""  # lines with tab-separated cells print as a table


DATES = ("signing_date", "printing_date")  # RecognisedPlan's date fields, ISO strings in as_dict


@dataclass
class RecognisedPlan:
    """The head, outline and targets of one source text."""

    title: str = ""  # the plan's own title: 某县总工会2026年工作要点
    notice_title: str = ""  # 关于印发《…》的通知, when the plan comes inside a notice
    notice_body: str = ""  # the notice's text: 现将…印发给你们，望…
    mark: str = ""  # the red heading: 某县总工会文件
    organ_code: str = ""  # 林工发 from 林工发[2012]4号
    number_year: int | None = None  # 2012
    sequence: int | None = None  # 4
    addressees: str = ""  # the line ending in a colon, without the colon
    guiding: str = ""  # paragraphs between the title (or addressees) and the first item
    signing_organ: str = ""
    signing_date: datetime.date | None = None  # from 二〇一二年一月三十一日 or 2012年1月31日
    copy_to: str = ""
    report_to: str = ""
    printing_organ: str = ""  # from the printing line: 某县总工会办公室 2026年2月4日印发
    printing_date: datetime.date | None = None
    items: list[SourceItem] = field(default_factory=list)
    # One entry per level: {"style": key, "continuous": bool} (WorkPlan.numbering)
    numbering: list[dict] = field(default_factory=list)
    attachments: list[RecognisedAttachment] = field(default_factory=list)
    targets: list[FoundTarget] = field(default_factory=list)
    # Things the user should know: "第 3 项原文编号为 4、，保存后印为 3、" (already translated).
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = asdict(self)
        for name in DATES:
            data[name] = data[name].isoformat() if data[name] else None
        for target in data["targets"]:
            target["value"] = str(target["value"])
        return data

    @classmethod
    def from_dict(cls, data: dict) -> RecognisedPlan:
        data = dict(data)
        data["items"] = [SourceItem(**i) for i in data.get("items", [])]
        data["attachments"] = [RecognisedAttachment(**a) for a in data.get("attachments", [])]
        data["targets"] = [FoundTarget(**{**t, "value": Decimal(str(t["value"]))}) for t in data.get("targets", [])]
        for name in DATES:
            if data.get(name):
                data[name] = datetime.date.fromisoformat(data[name])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})
