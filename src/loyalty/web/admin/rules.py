"""Earning rules (/admin/rules): the list, a rule's form with the visual condition builder,
activation, and a dry run of the active rules on a sample receipt.

The form makes the same body the API's POST /rules and PATCH /rules/{id} take (validated by
RuleCreate / RuleUpdate) and hands it to the same service; refusals are shown beside the field
(or condition) they name. Every change is audited with the rule before and after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.requests import Request

from loyalty.audit import service as audit
from loyalty.auth.roles import EDIT_PROGRAM, VIEW_PANEL
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.kernel.conditions import ALL_OPS
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.members import service as members
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.rules import service
from loyalty.rules.domain import CATALOGS, TRIGGERS, LineFacts
from loyalty.rules.schemas import DryRunRequest, RuleCreate, RuleRead, RuleUpdate
from loyalty.web.admin import condition_builder as builder
from loyalty.web.deps import get_database
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import Form, PathId, field_errors, parse_id
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/rules")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]

EFFECT_KINDS = ("fixed", "per_amount", "per_item", "multiplier", "percent")
# Which effect fields each kind takes (the form shows them all; only these are sent).
EFFECT_FIELDS = {
    "fixed": ("points",),
    "per_amount": ("points", "per_minor", "scope", "line_condition"),
    "per_item": ("points", "line_condition"),
    "multiplier": ("factor",),
    "percent": ("percent", "scope", "line_condition"),
}
INTEGER_EFFECT_FIELDS = ("points", "per_minor")
TEXT_FIELDS = ("name", "description", "trigger", "event_type", "unit", "priority", "starts_at", "ends_at",
               "cap_per_member_per_day", "cap_total", "once_per", "effect_kind", "effect_points",
               "effect_per_minor", "effect_scope", "effect_factor", "effect_percent", "effect_line_condition")
LOCAL_MOMENT = "%Y-%m-%dT%H:%M"
PAGE_SIZE = 100
DRY_RUN_LINES = 3


@dataclass
class RuleForm:
    """What the rule form shows: the fields as typed, the condition builder's tree, the errors
    by the API's field path (`name`, `effect.points`), and where the focus goes."""

    values: dict[str, str]
    tree: builder.Node
    is_exclusive: bool = False
    errors: dict[str, str] = field(default_factory=dict)
    focus: str | None = None


def _blank_form() -> RuleForm:
    values = dict.fromkeys(TEXT_FIELDS, "")
    values.update(trigger="purchase", unit="points", priority="100", effect_kind="per_amount", effect_points="1",
                  effect_per_minor="100", effect_scope="receipt")
    return RuleForm(values=values, tree=builder.Node(kind="all"))


def _local(moment: datetime | None, timezone: str) -> str:
    return "" if moment is None else moment.astimezone(ZoneInfo(timezone)).strftime(LOCAL_MOMENT)


def _form_of(rule: RuleRead, timezone: str) -> RuleForm:
    effect = rule.effect
    values = {
        "name": rule.name, "description": rule.description or "", "trigger": rule.trigger,
        "event_type": rule.event_type or "", "unit": rule.unit, "priority": str(rule.priority),
        "starts_at": _local(rule.starts_at, timezone), "ends_at": _local(rule.ends_at, timezone),
        "cap_per_member_per_day": "" if rule.cap_per_member_per_day is None else str(rule.cap_per_member_per_day),
        "cap_total": "" if rule.cap_total is None else str(rule.cap_total), "once_per": rule.once_per or "",
        "effect_kind": str(effect.get("kind", "fixed")),
        "effect_line_condition": "" if effect.get("line_condition") is None else json.dumps(effect["line_condition"]),
    }
    for name in ("points", "per_minor", "scope", "factor", "percent"):
        values[f"effect_{name}"] = "" if effect.get(name) is None else str(effect[name])
    return RuleForm(values=values, tree=builder.from_tree(rule.condition), is_exclusive=rule.is_exclusive)


def _posted_form(form: Form) -> RuleForm:
    return RuleForm(values={name: form.text(name) for name in TEXT_FIELDS},
                    tree=builder.from_form(form.fields), is_exclusive=form.checked("is_exclusive"))


def _integer(text: str) -> int | str | None:
    """An integer field: None when empty; the text itself when not a number, for the schema to refuse."""
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return text


def _moment(text: str, timezone: str) -> str | None:
    """A local date and time typed in the form, as a moment in the program's timezone."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(timezone)).isoformat()
    except ValueError:
        return text


def rule_body(request: Request, form: RuleForm, timezone: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The JSON body the API would take for this form, and which builder node each part of the
    condition came from. Problems the schema cannot see (JSON that does not parse) go to
    `form.errors`."""
    values = form.values
    trigger = values["trigger"]
    condition, origins = builder.to_tree(form.tree, trigger)
    kind = values["effect_kind"]
    effect: dict[str, Any] = {"kind": kind}
    for name in EFFECT_FIELDS.get(kind, ()):
        text = values[f"effect_{name}"]
        if not text:
            continue
        if name in INTEGER_EFFECT_FIELDS:
            effect[name] = _integer(text)
        elif name == "line_condition":
            try:
                effect[name] = json.loads(text)
            except ValueError:
                form.errors["effect.line_condition"] = gettext(request, "Write the line condition as JSON.")
        else:
            effect[name] = text
    body: dict[str, Any] = {
        "name": values["name"], "description": values["description"] or None, "trigger": trigger,
        "event_type": values["event_type"] or None, "condition": condition, "effect": effect,
        "unit": values["unit"], "priority": _integer(values["priority"]) if values["priority"] else 100,
        "is_exclusive": form.is_exclusive, "starts_at": _moment(values["starts_at"], timezone),
        "ends_at": _moment(values["ends_at"], timezone),
        "cap_per_member_per_day": _integer(values["cap_per_member_per_day"]),
        "cap_total": _integer(values["cap_total"]), "once_per": values["once_per"] or None,
    }
    return body, origins


def _show_errors(form: RuleForm, origins: dict[str, str], errors: dict[str, str]) -> None:
    """Each error beside its field, or its condition node; the rest at the top of the form."""
    for path, message in errors.items():
        is_condition = path == "condition" or path.startswith(("condition.", "condition["))
        if is_condition and builder.place_error(form.tree, origins, path, message):
            continue
        form.errors[path] = message


def _domain_error_text(error: DomainError) -> str:
    message = error.message
    return f"{message[:1].upper()}{message[1:]}"


def _context(me: StaffContext, program: Program, form: RuleForm, **extra: Any) -> dict[str, Any]:
    trigger = form.values.get("trigger") if form.values.get("trigger") in CATALOGS else "purchase"
    catalog = CATALOGS[str(trigger)]
    return {"form": form, "triggers": TRIGGERS, "units": program.units, "effect_kinds": EFFECT_KINDS,
            "group_kinds": builder.GROUP_KINDS, "operators": ALL_OPS,
            "field_names": [*catalog.names(in_lines=True), *(f"{prefix}…" for prefix in catalog.open_prefixes)],
            "timezone": program.timezone, **extra}


def _program(db: Session, me: StaffContext) -> Program:
    return programs.get_program(session=db, program_id=me.program.id)


def _read(db: Session, program_id: int, rule_id: int) -> RuleRead:
    return service.rule_read(session=db, rule=service.get_rule(session=db, program_id=program_id, rule_id=rule_id))


# --- the list --------------------------------------------------------------------------------


@router.get("")
def list_rules(request: Request, me: Viewer, after: str = "") -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        page = service.list_rules(session=db, program_id=me.program.id, after_id=parse_id(after), limit=PAGE_SIZE)
        rules = service.rule_reads(session=db, rules=page.items)
    return render(request, "admin/rules/list.html", {
        "title": gettext(request, "Earning rules"), "rules": rules, "next_key": page.next_key})


# --- creating and changing -------------------------------------------------------------------


@router.get("/new")
def new_rule(request: Request, me: Editor) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        program = _program(db, me)
    return render(request, "admin/rules/form.html", {
        "title": gettext(request, "New earning rule"), "rule": None, **_context(me, program, _blank_form())})


@router.post("/builder")
def rebuild(request: Request, me: Editor) -> Response:
    """The condition builder after one of its buttons, or after the trigger changed (its fields
    are the trigger's): HTMX swaps it in place."""
    form = _posted_form(me.form)
    action = me.form.get("builder")
    form.focus = builder.apply(form.tree, action) if action else None
    with unit_of_work(get_database(request), read_only=True) as db:
        program = _program(db, me)
    return render(request, "admin/rules/builder.html", _context(me, program, form))


def _builder_step(request: Request, me: StaffContext, form: RuleForm, rule: RuleRead | None) -> Response | None:
    """A builder button pressed without HTMX: the whole form again, with the tree changed."""
    action = me.form.get("builder")
    if not action:
        return None
    form.focus = builder.apply(form.tree, action)
    with unit_of_work(get_database(request), read_only=True) as db:
        program = _program(db, me)
    return render(request, "admin/rules/form.html", {
        "title": gettext(request, "Edit earning rule") if rule else gettext(request, "New earning rule"),
        "rule": rule, **_context(me, program, form)})


def _refused(request: Request, me: StaffContext, form: RuleForm, rule: RuleRead | None) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        program = _program(db, me)
    return render(request, "admin/rules/form.html", {
        "title": gettext(request, "Edit earning rule") if rule else gettext(request, "New earning rule"),
        "rule": rule, **_context(me, program, form)}, status=422)


@router.post("/new")
def create_rule(request: Request, me: Editor) -> Response:
    form = _posted_form(me.form)
    step = _builder_step(request, me, form, None)
    if step is not None:
        return step
    body, origins = rule_body(request, form, me.program.timezone)
    try:
        data = RuleCreate.model_validate(body)
    except ValidationError as error:
        _show_errors(form, origins, field_errors(error))
        return _refused(request, me, form, None)
    if form.errors:
        return _refused(request, me, form, None)
    try:
        with unit_of_work(get_database(request)) as db:
            rule = service.create_rule(session=db, program=_program(db, me), data=data, actor=me.actor)
            created = service.rule_read(session=db, rule=rule)
            audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name,
                         action="rule.created", subject_type="rule", subject_id=created.id,
                         after=created.model_dump(mode="json"))
    except DomainError as error:
        _show_errors(form, origins, {error.field or "form": _domain_error_text(error)})
        return _refused(request, me, form, None)
    return redirect(request, f"/admin/rules/{created.id}", notice=gettext(request, "The rule was created."))


@router.get("/{rule_id:int}")
def show_rule(request: Request, me: Viewer, rule_id: PathId) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        program = _program(db, me)
        try:
            rule = service.rule_detail(session=db, program_id=me.program.id, rule_id=rule_id)
        except NotFound:
            return not_found(request)
    return render(request, "admin/rules/form.html", {
        "title": rule.name, "rule": rule, "versions": rule.versions,
        **_context(me, program, _form_of(rule, program.timezone))})


@router.post("/{rule_id:int}")
def update_rule(request: Request, me: Editor, rule_id: PathId) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        try:
            current = _read(db, me.program.id, rule_id)
        except NotFound:
            return not_found(request)
    form = _posted_form(me.form)
    step = _builder_step(request, me, form, current)
    if step is not None:
        return step
    body, origins = rule_body(request, form, me.program.timezone)
    try:
        data = RuleUpdate.model_validate(body)
    except ValidationError as error:
        _show_errors(form, origins, field_errors(error))
        return _refused(request, me, form, current)
    if form.errors:
        return _refused(request, me, form, current)
    try:
        with unit_of_work(get_database(request)) as db:
            before = _read(db, me.program.id, rule_id)
            rule = service.update_rule(session=db, program=_program(db, me), rule_id=rule_id, data=data,
                                       actor=me.actor)
            after = service.rule_read(session=db, rule=rule)
            if after.current_version != before.current_version:
                audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name,
                             action="rule.updated", subject_type="rule", subject_id=rule_id,
                             before=before.model_dump(mode="json"), after=after.model_dump(mode="json"))
    except DomainError as error:
        _show_errors(form, origins, {error.field or "form": _domain_error_text(error)})
        return _refused(request, me, form, current)
    return redirect(request, f"/admin/rules/{rule_id}", notice=gettext(request, "The rule was saved."))


def _set_active(request: Request, me: StaffContext, rule_id: int, is_active: bool) -> Response:
    try:
        with unit_of_work(get_database(request)) as db:
            before = _read(db, me.program.id, rule_id)
            rule = service.set_rule_active(session=db, program=_program(db, me), rule_id=rule_id,
                                           is_active=is_active, actor=me.actor)
            after = service.rule_read(session=db, rule=rule)
            if before.is_active != after.is_active:
                audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name,
                             action="rule.activated" if is_active else "rule.deactivated", subject_type="rule",
                             subject_id=rule_id, before={"is_active": before.is_active},
                             after={"is_active": after.is_active})
    except NotFound:
        return not_found(request)
    notice = gettext(request, "The rule is active.") if is_active else gettext(request, "The rule is inactive.")
    return redirect(request, f"/admin/rules/{rule_id}", notice=notice)


@router.post("/{rule_id:int}/deactivate")
def deactivate_rule(request: Request, me: Editor, rule_id: PathId) -> Response:
    return _set_active(request, me, rule_id, False)


@router.post("/{rule_id:int}/activate")
def activate_rule(request: Request, me: Editor, rule_id: PathId) -> Response:
    return _set_active(request, me, rule_id, True)


# --- dry run ---------------------------------------------------------------------------------


DRY_RUN_FIELDS = ("member_email", "channel", "store", "total", "is_first_purchase", "rule")


@router.get("/dry-run")
def dry_run(request: Request, me: Viewer) -> Response:
    """The API's dry run from a form: which active purchase rules a sample receipt matches, and
    what each would give. It only reads, so it is a GET anyone who sees the rules may use."""
    query = request.query_params
    values = {name: query.get(name, "").strip() for name in DRY_RUN_FIELDS}
    lines = [{name: query.get(f"line{index}_{name}", "").strip() for name in ("sku", "category", "quantity",
                                                                              "unit_price")}
             for index in range(1, DRY_RUN_LINES + 1)]
    context: dict[str, Any] = {"title": gettext(request, "Try the rules on a receipt"), "values": values,
                               "lines": lines, "result": None, "errors": {}}
    if "run" in query:
        numbers = ("quantity", "unit_price")
        raw: dict[str, Any] = {"purchase": {
            "channel": values["channel"] or "pos",
            "is_first_purchase": values["is_first_purchase"] in ("1", "on", "true"),
            "lines": [{key: _integer(value) if key in numbers else value for key, value in line.items() if value}
                      for line in lines if any(line.values())],
        }}
        if values["store"]:
            raw["purchase"]["store"] = values["store"]
        if values["total"]:
            raw["purchase"]["total"] = _integer(values["total"])
        if values["member_email"]:
            raw["member"] = {"email": values["member_email"]}
        try:
            body = DryRunRequest.model_validate(raw)
        except ValidationError as error:
            context["errors"] = field_errors(error)
            return render(request, "admin/rules/dry_run.html", context, status=422)
        try:
            with unit_of_work(get_database(request), read_only=True) as db:
                program = _program(db, me)
                member = None if body.member is None else members.find_member(
                    session=db, program_id=me.program.id, ref=body.member)
                purchase = body.purchase
                facts = service.purchase_facts(
                    program,
                    lines=[LineFacts(line_no=number, sku=line.sku, name=line.name, category=line.category,
                                     quantity=line.quantity, unit_price_minor=line.unit_price,
                                     amount_minor=line.amount)
                           for number, line in enumerate(purchase.lines, start=1)],
                    total_minor=purchase.total_minor, channel=purchase.channel, store=purchase.store,
                    occurred_at=purchase.occurred_at or clock.now(), is_first_purchase=purchase.is_first_purchase)
                context["result"] = service.dry_run(session=db, program=program, member=member, facts=facts)
        except NotFound as error:
            context["errors"] = {"member.email": _domain_error_text(error)}
            return render(request, "admin/rules/dry_run.html", context, status=422)
    return render(request, "admin/rules/dry_run.html", context)
