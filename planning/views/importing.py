"""Importing a plan: paste its text or upload its Word file (step 1), apply the conversions it
needs (step 2, only when offered), check and correct the recognised outline beside the source
(step 3), save it as a draft. All steps post to one address; the posted ``step`` says which.

Nothing is saved before "Save as draft". Between requests the work travels in the page as one
signed value (``django.core.signing``: the issuer, the year, the source text and the
``RecognisedPlan`` with the person's corrections), not in the session: each tab and each Back
button keeps its own import, nothing is left behind on the server when the person walks away,
and a changed value is refused, not trusted. The signature is salted with the person's id, so
one person's import cannot be posted by another, and expires after a day. What the person types
(headings, texts, targets) comes with each post as ordinary form fields and is checked by the
forms of planning/forms_importing.py before it goes into the plan."""
from __future__ import annotations

import datetime
import hashlib
import json
import logging
import re
import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from simple_history.utils import update_change_reason

from unionadmin.scoping import organisations_where

from ..forms_importing import (
    ConversionForm,
    FoundTargetForm,
    HeadForm,
    ImportSourceForm,
    ItemForm,
    LevelNumberingForm,
    check_outline_size,
    check_room_to_split,
    level_count,
)
from ..importing import corrections
from ..importing.conversions import looks_traditional, punctuation_changes, to_simplified
from ..importing.recognise import recognise_text
from ..importing.service import printed_numbers, save_recognised
from ..importing.shapes import RecognisedPlan
from ..models import WorkPlan

logger = logging.getLogger(__name__)

STATE_MAX_AGE = 24 * 3600  # seconds: an import left overnight is started again
SHOWN_CHANGES = 60  # conversions: the first changes listed, the count says the rest


class _Json:
    """JSON as UTF-8 (Chinese text stays one to three bytes a character before compression)."""

    def dumps(self, obj):
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def loads(self, data):
        return json.loads(data.decode("utf-8"))


class StateRefused(Exception):
    pass


def _salt(user) -> str:
    return f"planning.import:{user.pk}"


def sign_state(user, state: dict) -> str:
    return signing.dumps(state, salt=_salt(user), serializer=_Json, compress=True)


def read_state(user, value: str) -> dict:
    try:
        state = signing.loads(value or "", salt=_salt(user), serializer=_Json, max_age=STATE_MAX_AGE)
    except signing.SignatureExpired:
        raise StateRefused(_("This import was started more than a day ago; start it again.")) from None
    except (signing.BadSignature, ValueError):
        raise StateRefused(_("The import could not go on: the page's data was changed or is incomplete. "
                             "Start again.")) from None
    if not isinstance(state, dict) or not {"issuer", "year", "source", "started"} <= set(state):
        raise StateRefused(_("The import could not go on: the page's data was changed or is incomplete. "
                             "Start again."))
    return state


# --- reading the text ---------------------------------------------------------------------------
def clean_text(text: str) -> str:
    """Line ends as \\n, no NUL (PostgreSQL refuses it), no trailing blanks at the end."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").rstrip()


def conversion_offers(text: str) -> dict:
    """The conversions the text needs: {"simplified": Conversion, "punctuation": Conversion}, each
    only when it would change something."""
    offers = {}
    if looks_traditional(text):
        conversion = to_simplified(text)
        if conversion.changes:
            offers["simplified"] = conversion
    punctuation = punctuation_changes(text)
    if punctuation.changes:
        offers["punctuation"] = punctuation
    return offers


def examples(original: str, converted: str, limit=8, width=8) -> list[tuple[str, str]]:
    """Where a conversion changes the text, in context: (…工会,县直…, …工会，县直…), nearby changes
    together, a snippet at most some fifty characters (a Traditional text changes nearly every
    clause). Only when the conversion keeps the text's length (punctuation always does)."""
    if len(original) != len(converted):
        return []
    found, end = [], -1
    for at, (before, after) in enumerate(zip(original, converted, strict=True)):
        if before == after or at < end:
            continue
        start, end = max(0, at - width), at + width + 1
        while (end < len(original) and end - start < 6 * width
               and original[end:end + width] != converted[end:end + width]):
            end += width  # the next change is close: one snippet
        found.append((original[start:end].replace("\n", " "), converted[start:end].replace("\n", " ")))
        if len(found) == limit:
            break
    return found


def recognise(text: str) -> RecognisedPlan:
    recognised = recognise_text(text)
    corrections.levels_clamped(recognised)
    return recognised


# --- the corrections posted with the outline -----------------------------------------------------
ACTION = re.compile(r"^(?:(refresh|save)|(promote|demote|merge|remove):(\d{1,4})|split:(\d{1,4}):(\d{1,4}))$")


@dataclass
class Action:
    name: str
    index: int = -1
    paragraph: int = -1


def parse_action(value: str, recognised: RecognisedPlan) -> Action | None:
    """The button pressed, if it names an item (and paragraph) that exists."""
    match = ACTION.match(value or "refresh")
    if not match:
        return None
    if match.group(1):
        return Action(match.group(1))
    if match.group(2):
        action = Action(match.group(2), int(match.group(3)))
    else:
        action = Action("split", int(match.group(4)), int(match.group(5)))
    if not 0 <= action.index < len(recognised.items):
        return None
    return action


class Corrections:
    """The forms of step 3, bound to a post or filled from the recognised plan."""

    def __init__(self, recognised: RecognisedPlan, keep: list[bool], data=None, saving=False):
        self.recognised = recognised
        head = {name: getattr(recognised, name) for name in HeadForm._meta.fields}
        self.head = HeadForm(data, prefix="head", initial=head, saving=saving)
        numbering = WorkPlan(numbering=recognised.numbering).level_numbering
        self.levels = [LevelNumberingForm(data, prefix=f"level{level}", initial=dict(
            zip(("style", "continuous"), numbering(level), strict=True)))
            for level in range(1, level_count(recognised.items) + 1)]
        self.items = [ItemForm(data, prefix=f"item{i}", initial={"heading": item.heading, "body": item.body,
                                                                 "style": item.style})
                      for i, item in enumerate(recognised.items)]
        self.targets = [FoundTargetForm(data, prefix=f"target{i}", initial={
            "keep": keep[i] if i < len(keep) else True, "indicator_code": target.indicator_code,
            "comparator": target.comparator, "value": target.value, "label": target.label})
            for i, target in enumerate(recognised.targets)]

    @property
    def forms(self):
        return [self.head, *self.levels, *self.items, *self.targets]

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.forms])  # every form, so each shows its errors

    def apply(self) -> list[bool]:
        """Writes what the person typed into the recognised plan; returns the targets kept."""
        recognised = self.recognised
        for name, value in self.head.cleaned_data.items():
            setattr(recognised, name, value.strip() if isinstance(value, str) else value)
        for item, form in zip(recognised.items, self.items, strict=True):
            item.heading = form.cleaned_data["heading"].strip()
            item.body = clean_text(form.cleaned_data["body"])
            item.style = form.cleaned_data["style"]
        before = WorkPlan(numbering=recognised.numbering)
        numbering = [entry for entry in recognised.numbering or [] if isinstance(entry, dict)]
        for level, form in enumerate(self.levels, start=1):  # levels 1, 2, … in order
            entry = {"style": form.cleaned_data["style"], "continuous": form.cleaned_data["continuous"]}
            numbering[level - 1:level] = [entry]
            # The level's items numbered as the level was are numbered as it is now.
            old_style = before.level_numbering(level)[0]
            for item in recognised.items:
                if item.level == level and item.style == old_style:
                    item.style = entry["style"]
        recognised.numbering = numbering
        keep = []
        for target, form in zip(recognised.targets, self.targets, strict=True):
            data = form.cleaned_data
            target.indicator_code, target.comparator = data["indicator_code"], data["comparator"]
            target.value, target.label = data["value"], data["label"].strip()
            keep.append(data["keep"])
        return keep

    def open_items(self) -> set[int]:
        return {i for i, form in enumerate(self.items) if form.errors}


def outline_rows(recognised: RecognisedPlan, corrections_forms: Corrections, numbers: list[str]) -> list[dict]:
    open_items = corrections_forms.open_items()
    rows = []
    for index, (item, number, form) in enumerate(zip(recognised.items, numbers, corrections_forms.items,
                                                     strict=True)):
        rows.append({
            "index": index, "item": item, "number": number, "form": form, "level": item.level,
            "paragraphs": corrections.paragraphs(item.body),
            "source_differs": bool(item.number) and item.number.strip() != number,
            "can_promote": item.level > 1, "can_demote": corrections.can_demote(recognised, index),
            "can_merge": index > 0, "open": index in open_items,
        })
    return rows


def target_rows(recognised: RecognisedPlan, corrections_forms: Corrections, numbers: list[str]) -> list[dict]:
    return [{"index": i, "target": target, "form": form,
             "item_number": numbers[target.item] if 0 <= target.item < len(numbers) else "",
             "item_heading": recognised.items[target.item].heading if 0 <= target.item < len(numbers) else ""}
            for i, (target, form) in enumerate(zip(recognised.targets, corrections_forms.targets, strict=True))]


class PlanImportView(LoginRequiredMixin, View):
    """One address for the three steps; only people who may change plans somewhere reach it, and
    the issuer is checked again (``organisations_where``) at every step, saving included."""

    def issuers(self):
        return organisations_where(self.request.user, WorkPlan, "change").filter(is_active=True)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.issuers().exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    # --- step 1 ---
    def get(self, request):
        return self.source_page(ImportSourceForm(user=request.user))

    def source_page(self, form, status=200):
        return render(self.request, "planning/import/source.html", {"form": form, "step": 1}, status=status)

    def post(self, request):
        step = request.POST.get("step")
        if step == "source":
            return self.read_source()
        try:
            state = read_state(request.user, request.POST.get("state", ""))
            issuer = self.issuers().filter(pk=state["issuer"]).first()
        except StateRefused as refused:
            return self.start_again(str(refused))
        if issuer is None:
            raise PermissionDenied
        if step == "convert":
            return self.convert(state, issuer)
        if step == "check" and state.get("plan") is not None:
            return self.check(state, issuer)
        return self.start_again(_("The import could not go on: the page's data was changed or is incomplete. "
                                  "Start again."))

    def start_again(self, message):
        messages.error(self.request, message)
        if self.request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("planning:plan_import")
            return response
        return self.source_page(ImportSourceForm(user=self.request.user), status=400)

    def read_source(self):
        form = ImportSourceForm(self.request.POST, self.request.FILES, user=self.request.user)
        if not form.is_valid():
            return self.source_page(form)
        # The token names this import from here to its saving (see save).
        state = {"issuer": form.cleaned_data["issuer"].pk, "year": form.cleaned_data["year"],
                 "source": clean_text(form.cleaned_data["text"]), "started": timezone.now().isoformat(),
                 "token": uuid.uuid4().hex}
        offers = conversion_offers(state["source"])
        if offers:
            return self.conversions_page(state, form.cleaned_data["issuer"], offers)
        return self.recognised(state, form.cleaned_data["issuer"])

    # --- step 2 ---
    def conversions_page(self, state, issuer, offers):
        form = ConversionForm(initial={name: True for name in offers})
        shown = {name: {"changes": conversion.changes[:SHOWN_CHANGES],
                        "examples": examples(state["source"], conversion.text),
                        "total": sum(count for _before, _after, count in conversion.changes),
                        "more": max(0, len(conversion.changes) - SHOWN_CHANGES)}
                 for name, conversion in offers.items()}
        return render(self.request, "planning/import/convert.html", {
            "form": form, "offers": shown, "state": sign_state(self.request.user, state), "issuer": issuer,
            "year": state["year"], "step": 2})

    def convert(self, state, issuer):
        form = ConversionForm(self.request.POST)
        form.is_valid()  # two ticks: always valid
        text = state["source"]
        if form.cleaned_data.get("simplified"):
            text = to_simplified(text).text
        if form.cleaned_data.get("punctuation"):
            text = punctuation_changes(text).text
        state["source"] = clean_text(text)
        return self.recognised(state, issuer)

    def recognised(self, state, issuer):
        try:
            recognised = recognise(state["source"])
        except Exception:  # noqa: BLE001 - a text the recogniser stumbles on is a message, not a 500
            logger.exception("A plan's text could not be recognised")
            form = ImportSourceForm(initial={"issuer": issuer.pk, "year": state["year"], "text": state["source"]},
                                    user=self.request.user)
            messages.error(self.request, _("The structure of this text could not be recognised. Check that its "
                                           "items are numbered (一、 （一） 1. …) and try again."))
            return self.source_page(form)
        try:
            check_outline_size(recognised)
        except ValidationError as refused:
            form = ImportSourceForm(initial={"issuer": issuer.pk, "year": state["year"], "text": state["source"]},
                                    user=self.request.user)
            messages.error(self.request, refused.messages[0])
            return self.source_page(form)
        state["plan"] = recognised.as_dict()
        state["keep"] = [True] * len(recognised.targets)
        return self.check_page(state, issuer, Corrections(recognised, state["keep"]))

    # --- step 3 ---
    def check_page(self, state, issuer, forms, error="", imported=None):
        recognised = forms.recognised
        numbers = printed_numbers(recognised)
        context = {
            "state": sign_state(self.request.user, state), "issuer": issuer, "year": state["year"], "step": 3,
            "head": forms.head, "levels": forms.levels, "rows": outline_rows(recognised, forms, numbers),
            "targets": target_rows(recognised, forms, numbers), "notes": recognised.notes, "error": error,
            "item_lines": {item.line for item in recognised.items}, "imported": imported,
        }
        if self.request.htmx:
            return render(self.request, "planning/import/_check_form.html", context)
        context["source_lines"] = state["source"].split("\n")
        return render(self.request, "planning/import/check.html", context)

    def check(self, state, issuer):
        recognised = RecognisedPlan.from_dict(state["plan"])
        keep = list(state.get("keep") or [])
        action = parse_action(self.request.POST.get("action", ""), recognised)
        if action is None:
            return self.check_page(state, issuer, Corrections(recognised, keep),
                                   error=_("This change is not known; the outline is shown as it was."))
        forms = Corrections(recognised, keep, data=self.request.POST, saving=action.name == "save")
        if not forms.is_valid():
            return self.check_page(state, issuer, forms, error=_("Please correct the marked fields."))
        keep = forms.apply()
        if action.name == "save":
            return self.save(state, issuer, recognised, keep)
        if action.name == "split":
            try:
                check_room_to_split(recognised)
            except ValidationError as refused:
                state.update(plan=recognised.as_dict(), keep=keep)
                return self.check_page(state, issuer, Corrections(recognised, keep), error=refused.messages[0])
        # The corrections move, renumber or drop the targets found (the objects themselves):
        # whether each is kept goes with it by the object, not by its place in the list.
        kept = {id(target): chosen for target, chosen in zip(recognised.targets, keep, strict=True)}
        if action.name == "split":
            corrections.split(recognised, action.index, action.paragraph)
        elif action.name != "refresh":
            corrections.ACTIONS[action.name](recognised, action.index)
        state["keep"] = [kept.get(id(target), True) for target in recognised.targets]
        state["plan"] = recognised.as_dict()
        return self.check_page(state, issuer, Corrections(recognised, state["keep"]))

    def save(self, state, issuer, recognised, keep):
        """Saves the import once. The import's token (made at step 1, carried in the signed state)
        is written into the new plan's first history record, as the reason beside "Imported from
        a document", with a digest of what was saved; a second save of the same import finds it
        there under a lock on the token. The history is the plan's own record, kept in the same
        transaction as the plan, so no table or field is added for this and nothing is kept
        outside the database (a cache entry could be lost or outlive the plan's deletion, and the
        plan's title or time — what was looked for before — matches two tabs importing one text).
        The same save sent twice (a double click) leads to the plan; a save after a correction
        (Back, fix, save) says the correction was not applied and links to the saved draft."""
        user = self.request.user
        token = state.get("token") or ""
        digest = hashlib.sha256(json.dumps([recognised.as_dict(), keep, state["year"]], sort_keys=True,
                                           ensure_ascii=False, default=str).encode()).hexdigest()[:16]
        started = datetime.datetime.fromisoformat(state["started"])
        with transaction.atomic():
            # A double click sends this twice: the second waits here for the first, then finds its plan.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"planning.import:{token}"])
            earlier = (WorkPlan.history.filter(history_type="+", history_user=user, history_date__gte=started,
                                               history_change_reason__contains=f"[import {token}:")
                       .only("id", "history_change_reason").first() if token else None)
            plan = WorkPlan.objects.filter(pk=earlier.id).first() if earlier is not None else None
            if plan is not None and not earlier.history_change_reason.endswith(f":{digest}]"):
                return self.check_page(state, issuer, Corrections(recognised, keep), imported=plan, error=_(
                    "This plan was imported already, so these changes were not applied. Make them in the saved "
                    "draft."))
            if plan is not None:
                messages.info(self.request, _("This plan was imported already; here it is."))
            else:
                plan = save_recognised(recognised, issuer=issuer, year=state["year"], user=user,
                                       targets=[i for i, kept in enumerate(keep) if kept])
                update_change_reason(plan, f"{_('Imported from a document')} [import {token}:{digest}]")
                messages.success(self.request, _(
                    "The plan was imported: %(items)s items, %(targets)s targets. Check it and approve it.") % {
                    "items": len(recognised.items), "targets": sum(keep)})
        url = reverse("planning:plan_edit", args=[plan.pk])
        if self.request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
