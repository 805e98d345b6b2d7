"""Tiers (/admin/tiers): the levels with their thresholds and benefits, and the policy that
says how members qualify and are reviewed.

The forms are read into the API's schemas (TierCreate, TierUpdate, TierPolicyWrite) and handed
to the tiers service, as web/api/v1/tiers.py does; a level is deleted through
`rewards.service.delete_tier_level`, as the API does, so a level a reward, rule or campaign
names is kept.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_PANEL
from loyalty.kernel import paging
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.rewards import service as rewards
from loyalty.tiers import service
from loyalty.tiers.schemas import TierCreate, TierPolicyRead, TierPolicyWrite, TierRead, TierUpdate
from loyalty.web.admin.catalogue_forms import (
    FORM_LANGUAGES,
    FormRefused,
    form_values,
    optional_text,
    program_of,
    reading,
    record,
    refusal,
    validated,
    whole_number,
    writing,
)
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/tiers")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]
MEASURES = ("points_earned", "amount_spent", "purchase_count")


def _levels(request: Request, me: StaffContext) -> tuple[list[TierRead], TierPolicyRead]:
    with reading(request) as db:
        levels = paging.every_item(lambda key: service.list_levels(session=db, program_id=me.program.id,
                                                                   after_rank=key, limit=200))
        return levels, service.get_policy(session=db, program_id=me.program.id)


def _policy_values(policy: TierPolicyRead) -> dict[str, Any]:
    return {"measure": policy.measure, "window_kind": policy.window.kind,
            "window_days": getattr(policy.window, "days", ""), "review_every_days": policy.review_every_days or "",
            "grace_days": policy.grace_days, "one_level_at_a_time": "1" if policy.one_level_at_a_time else ""}


def _tiers_page(request: Request, me: StaffContext, *, new_values: dict[str, Any] | None = None,
                new_errors: dict[str, str] | None = None, policy_values: dict[str, Any] | None = None,
                policy_errors: dict[str, str] | None = None, status: int = 200) -> Response:
    levels, policy = _levels(request, me)
    next_rank = max((level.rank for level in levels), default=-1) + 1
    return render(request, "admin/tiers/list.html", {
        "title": gettext(request, "Tiers"), "levels": levels, "policy": policy, "measures": MEASURES,
        "form_languages": FORM_LANGUAGES,
        "new_values": new_values if new_values is not None else {
            "rank": next_rank, "threshold": 0 if next_rank == 0 else "", "earn_multiplier": "1"},
        "new_errors": new_errors or {}, "policy_values": policy_values or _policy_values(policy),
        "policy_errors": policy_errors or {}}, status=status)


@router.get("")
def tiers_page(request: Request, me: Viewer) -> Response:
    return _tiers_page(request, me)


def _level_body(me: StaffContext) -> dict[str, Any]:
    form = me.form
    translations: dict[str, dict[str, str]] = {}
    for language in FORM_LANGUAGES:
        translation = {name: form.text(f"{name}_{language}") for name in ("name", "description")
                       if form.text(f"{name}_{language}")}
        if translation:
            translations[language] = translation
    return {"name": form.text("name"), "description": optional_text(form.get("description")),
            "rank": whole_number(form.get("rank")), "threshold": whole_number(form.get("threshold")),
            "benefits": {"earn_multiplier": form.text("earn_multiplier") or "1",
                         "free_shipping": form.checked("free_shipping"),
                         "exclusive_rewards": form.checked("exclusive_rewards")},
            "translations": translations}


@router.post("/new")
def create_level(request: Request, me: Editor) -> Response:
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(TierCreate, {"code": me.form.text("code"), **_level_body(me)})
            level = service.create_level(session=db, program=program, data=data, actor=me.actor)
            record(db, me, action="tier_level.created", subject_type="tier_level", subject_id=level.id, after=level)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        return _tiers_page(request, me, new_values=form_values(me.form), new_errors=refused.errors,
                           status=refused.status)
    return redirect(request, "/admin/tiers", notice=gettext(request, "The tier level was created."))


def _read(request: Request, me: StaffContext, tier_id: int) -> TierRead | None:
    with reading(request) as db:
        try:
            return service.get_level(session=db, program_id=me.program.id, tier_id=tier_id)
        except NotFound:
            return None


def _level_values(level: TierRead) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": level.name, "description": level.description or "", "rank": level.rank, "threshold": level.threshold,
        "earn_multiplier": format(level.benefits.earn_multiplier.normalize(), "f"),
        "free_shipping": "1" if level.benefits.free_shipping else "",
        "exclusive_rewards": "1" if level.benefits.exclusive_rewards else ""}
    for language, translation in level.translations.items():
        values[f"name_{language}"] = translation.name or ""
        values[f"description_{language}"] = translation.description or ""
    return values


def _level_page(request: Request, level: TierRead, *, values: dict[str, Any], errors: dict[str, str],
                status: int = 200) -> Response:
    return render(request, "admin/tiers/level.html", {
        "title": level.name, "level": level, "values": values, "errors": errors, "form_languages": FORM_LANGUAGES},
        status=status)


@router.get("/{tier_id:int}")
def level_page(request: Request, tier_id: PathId, me: Viewer) -> Response:
    level = _read(request, me, tier_id)
    return not_found(request) if level is None else _level_page(request, level, values=_level_values(level),
                                                                errors={})


@router.post("/{tier_id:int}")
def update_level(request: Request, tier_id: PathId, me: Editor) -> Response:
    before = _read(request, me, tier_id)
    if before is None:
        return not_found(request)
    try:
        with writing(request) as db:
            program = program_of(db, me)
            body = _level_body(me)
            # The form shows some languages only: translations into any other stay as they are.
            kept = {language: translation.model_dump(exclude_none=True)
                    for language, translation in before.translations.items() if language not in FORM_LANGUAGES}
            data = validated(TierUpdate, {**body, "translations": {**kept, **body["translations"]}})
            after = service.update_level(session=db, program=program, tier_id=tier_id, data=data, actor=me.actor)
            if after.updated_at != before.updated_at:
                record(db, me, action="tier_level.updated", subject_type="tier_level", subject_id=tier_id,
                       before=before, after=after)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        return _level_page(request, before, values=form_values(me.form), errors=refused.errors,
                           status=refused.status)
    return redirect(request, f"/admin/tiers/{tier_id}", notice=gettext(request, "The tier level was saved."))


@router.post("/{tier_id:int}/delete")
def delete_level(request: Request, tier_id: PathId, me: Editor) -> Response:
    before = _read(request, me, tier_id)
    if before is None:
        return not_found(request)
    try:
        with writing(request) as db:
            program = program_of(db, me)
            rewards.delete_tier_level(session=db, program=program, tier_id=tier_id, actor=me.actor)
            record(db, me, action="tier_level.deleted", subject_type="tier_level", subject_id=tier_id, before=before)
    except DomainError as error:
        return _level_page(request, before, values=_level_values(before), errors={"delete": error.message},
                           status=refusal(error).status)
    return redirect(request, "/admin/tiers", notice=gettext(request, "The tier level was deleted."))


@router.post("/policy")
def set_policy(request: Request, me: Editor) -> Response:
    form = me.form
    window: dict[str, Any] = {"kind": form.text("window_kind")}
    if window["kind"] == "rolling":
        window["days"] = whole_number(form.get("window_days"))
    body: dict[str, Any] = {"measure": form.text("measure"), "window": window,
                            "grace_days": whole_number(form.get("grace_days")) or 0,
                            "one_level_at_a_time": form.checked("one_level_at_a_time")}
    review = whole_number(form.get("review_every_days"))
    if review is not None:
        body["review_every_days"] = review
    try:
        with writing(request) as db:
            program = program_of(db, me)
            before = service.get_policy(session=db, program_id=program.id)
            data = validated(TierPolicyWrite, body)
            after = service.set_policy(session=db, program=program, data=data, actor=me.actor)
            record(db, me, action="tier_policy.changed", subject_type="tier_policy", subject_id=program.id,
                   before=before, after=after)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        errors = {("window_days" if key.startswith("window.") else "window_kind" if key == "window" else key): message
                  for key, message in refused.errors.items()}
        return _tiers_page(request, me, policy_values=form_values(form), policy_errors=errors, status=refused.status)
    return redirect(request, "/admin/tiers", notice=gettext(request, "The tier policy was saved."))
