"""Badges (/admin/badges) and challenges (/admin/challenges): the lists, the forms that make the
bodies POST/PATCH /api/v1/badges and /api/v1/challenges take (handed to the same service), a
badge's latest holders, and a challenge's progress and completions.

A condition is typed as JSON, as on the voucher campaigns' form; levels are up to three rows
(bronze, silver, gold); moments are in the program's time zone.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_PANEL
from loyalty.gamification import service
from loyalty.gamification.schemas import (
    BadgeCreate,
    BadgeRead,
    BadgeUpdate,
    ChallengeCreate,
    ChallengeRead,
    ChallengeUpdate,
)
from loyalty.kernel import paging
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.segments import service as segments
from loyalty.vouchers import service as vouchers
from loyalty.web.admin.catalogue_forms import (
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

router = APIRouter(prefix="/admin")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]
LEVEL_ROWS = 3


def _measures(request: Request, *, for_badges: bool) -> list[tuple[str, str]]:
    names = {
        "purchase_count": gettext(request, "Purchases"),
        "spend": gettext(request, "Spend (in cents)"),
        "distinct_categories": gettext(request, "Categories tried"),
        "new_categories": gettext(request, "New categories tried"),
        "week_streak": gettext(request, "Weeks in a row with a purchase"),
        "event_count": gettext(request, "Custom events of a type"),
    }
    wanted = (("purchase_count", "spend", "distinct_categories", "week_streak", "event_count") if for_badges
              else ("purchase_count", "spend", "new_categories", "event_count"))
    return [(name, names[name]) for name in wanted]


def _condition(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        raise FormRefused({"condition": "This is not valid JSON."}) from None


def _local(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%dT%H:%M")


def _moment(text: str, timezone: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(timezone)).isoformat()
    except ValueError:
        return text


def _voucher_options(request: Request, me: StaffContext) -> list[tuple[str, str]]:
    with reading(request) as db:
        found = paging.every_item(lambda key: vouchers.list_campaigns(session=db, program_id=me.program.id,
                                                                      is_active=True, after_id=key, limit=200))
    return [("", gettext(request, "none"))] + [(str(campaign.id), campaign.name) for campaign in found]


# --- badges ----------------------------------------------------------------------------------


@router.get("/badges")
def list_badges(request: Request, me: Viewer) -> Response:
    with reading(request) as db:
        badges = paging.every_item(lambda key: service.list_badges(session=db, program=program_of(db, me),
                                                                   after_id=key, limit=200))
    return render(request, "admin/gamification/badges.html", {"title": gettext(request, "Badges"),
                                                              "badges": badges,
                                                              "measures": dict(_measures(request, for_badges=True))})


def _badge_values(badge: BadgeRead) -> dict[str, str]:
    values = {"name": badge.name, "description": badge.description or "", "measure": badge.measure,
              "event_type": badge.event_type or "", "is_active": "1" if badge.is_active else "",
              "condition": json.dumps(badge.condition) if badge.condition else ""}
    for index, level in enumerate(badge.levels):
        values.update({f"level_name_{index}": level.name, f"level_threshold_{index}": str(level.threshold),
                       f"level_points_{index}": str(level.points or ""),
                       f"level_voucher_{index}": str(level.voucher_campaign_id or "")})
    return values


def _badge_page(request: Request, me: StaffContext, badge: BadgeRead | None, values: dict[str, str],
                errors: dict[str, str] | None = None, status: int = 200) -> Response:
    holders: list[tuple[int, str, datetime]] = []
    if badge is not None:
        with reading(request) as db:
            holders = service.badge_holders(session=db, program=program_of(db, me), badge_id=badge.id)
    return render(request, "admin/gamification/badge.html", {
        "title": badge.name if badge else gettext(request, "New badge"), "badge": badge, "values": values,
        "errors": errors or {}, "measures": _measures(request, for_badges=True), "rows": range(LEVEL_ROWS),
        "vouchers": _voucher_options(request, me), "holders": holders}, status=status)


@router.get("/badges/new")
def new_badge(request: Request, me: Editor) -> Response:
    return _badge_page(request, me, None, {"measure": "purchase_count", "is_active": "1", "level_name_0": "",
                                           "level_threshold_0": ""})


def _levels(values: dict[str, str]) -> list[dict[str, Any]]:
    levels = []
    for index in range(LEVEL_ROWS):
        name = values.get(f"level_name_{index}", "").strip()
        threshold = values.get(f"level_threshold_{index}", "").strip()
        if not name and not threshold:
            continue
        level: dict[str, Any] = {"name": name, "threshold": whole_number(threshold)}
        points = whole_number(values.get(f"level_points_{index}", ""))
        if points is not None:
            level["points"] = points
        voucher = whole_number(values.get(f"level_voucher_{index}", ""))
        if voucher is not None:
            level["voucher_campaign_id"] = voucher
        levels.append(level)
    return levels


def _save_badge(request: Request, me: StaffContext, badge: BadgeRead | None) -> Response:
    values = form_values(me.form)
    values["is_active"] = "1" if me.form.checked("is_active") else ""
    values["award_existing"] = "1" if me.form.checked("award_existing") else ""
    try:
        body: dict[str, Any] = {"name": values.get("name", "").strip(),
                                "description": optional_text(values.get("description", "")),
                                "condition": _condition(values.get("condition", "")), "levels": _levels(values),
                                "is_active": bool(values["is_active"])}
        with writing(request) as db:
            program = program_of(db, me)
            if badge is None:
                body["measure"] = values.get("measure", "")
                body["event_type"] = optional_text(values.get("event_type", ""))
                body["award_existing"] = me.form.checked("award_existing")
                after = service.create_badge(session=db, program=program, data=validated(BadgeCreate, body),
                                             actor=me.actor)
                record(db, me, action="badge.created", subject_type="badge", subject_id=after.id, after=after)
            else:
                after = service.update_badge(session=db, program=program, badge_id=badge.id,
                                             data=validated(BadgeUpdate, body), actor=me.actor)
                record(db, me, action="badge.updated", subject_type="badge", subject_id=after.id, before=badge,
                       after=after)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        return _badge_page(request, me, badge, values, _level_errors(refused.errors), status=refused.status)
    return redirect(request, f"/admin/badges/{after.id}", notice=gettext(request, "The badge was saved."))


def _level_errors(errors: dict[str, str]) -> dict[str, str]:
    """`levels.0.threshold` (the schema's) and `levels[0].unit` (the service's) as the row's field."""
    shown = {}
    for key, message in errors.items():
        name = key.replace("[", ".").replace("]", "")
        parts = name.split(".")
        if parts[0] == "levels" and len(parts) >= 3 and parts[1].isdigit():
            field = {"threshold": "threshold", "name": "name", "points": "points",
                     "voucher_campaign_id": "voucher"}.get(parts[2], "threshold")
            shown[f"level_{field}_{parts[1]}"] = message
        elif name.startswith("condition"):
            shown["condition"] = message
        else:
            shown[key] = message
    return shown


@router.post("/badges/new")
def create_badge(request: Request, me: Editor) -> Response:
    return _save_badge(request, me, None)


def _read_badge(request: Request, me: StaffContext, badge_id: int) -> BadgeRead | None:
    with reading(request) as db:
        try:
            return service.get_badge(session=db, program=program_of(db, me), badge_id=badge_id)
        except NotFound:
            return None


@router.get("/badges/{badge_id:int}")
def show_badge(request: Request, me: Viewer, badge_id: PathId) -> Response:
    badge = _read_badge(request, me, badge_id)
    if badge is None:
        return not_found(request)
    return _badge_page(request, me, badge, _badge_values(badge))


@router.post("/badges/{badge_id:int}")
def update_badge(request: Request, me: Editor, badge_id: PathId) -> Response:
    badge = _read_badge(request, me, badge_id)
    if badge is None:
        return not_found(request)
    return _save_badge(request, me, badge)


# --- challenges ------------------------------------------------------------------------------


@router.get("/challenges")
def list_challenges(request: Request, me: Viewer) -> Response:
    rows = []
    with reading(request) as db:
        program = program_of(db, me)
        for challenge in paging.every_item(lambda key: service.list_challenges(session=db, program=program,
                                                                               after_id=key, limit=200)):
            rows.append({"challenge": challenge, "stats": service.challenge_stats(
                session=db, program=program, challenge_id=challenge.id)})
    return render(request, "admin/gamification/challenges.html", {
        "title": gettext(request, "Challenges"), "rows": rows,
        "measures": dict(_measures(request, for_badges=False))})


def _challenge_values(challenge: ChallengeRead, timezone: str) -> dict[str, str]:
    return {"name": challenge.name, "description": challenge.description or "", "measure": challenge.measure,
            "goal": str(challenge.goal), "channel": challenge.channel or "", "event_type": challenge.event_type or "",
            "condition": json.dumps(challenge.condition) if challenge.condition else "",
            "starts_at": _local(challenge.starts_at, timezone), "ends_at": _local(challenge.ends_at, timezone),
            "segment_id": str(challenge.segment_id or ""), "reward_points": str(challenge.reward_points or ""),
            "voucher_campaign_id": str(challenge.voucher_campaign_id or ""),
            "is_active": "1" if challenge.is_active else ""}


def _challenge_page(request: Request, me: StaffContext, challenge: ChallengeRead | None, values: dict[str, str],
                    errors: dict[str, str] | None = None, status: int = 200) -> Response:
    stats = None
    participants: list[Any] = []
    with reading(request) as db:
        program = program_of(db, me)
        segment_options = [("", gettext(request, "nobody: members join"))] + [
            (str(segment.id), segment.name) for segment in segments.list_segments(session=db, program=program).items]
        if challenge is not None:
            stats = service.challenge_stats(session=db, program=program, challenge_id=challenge.id)
            participants = service.challenge_participants(session=db, program=program, challenge_id=challenge.id)
    channels = [("", gettext(request, "any")), ("pos", gettext(request, "in store")),
                ("online", gettext(request, "e-shop")), ("partner", gettext(request, "partner"))]
    return render(request, "admin/gamification/challenge.html", {
        "title": challenge.name if challenge else gettext(request, "New challenge"), "challenge": challenge,
        "values": values, "errors": errors or {}, "measures": _measures(request, for_badges=False),
        "channels": channels, "segments": segment_options, "vouchers": _voucher_options(request, me),
        "stats": stats, "participants": participants}, status=status)


@router.get("/challenges/new")
def new_challenge(request: Request, me: Editor) -> Response:
    return _challenge_page(request, me, None, {"measure": "purchase_count", "is_active": "1"})


def _save_challenge(request: Request, me: StaffContext, challenge: ChallengeRead | None) -> Response:
    values = form_values(me.form)
    values["is_active"] = "1" if me.form.checked("is_active") else ""
    timezone = me.program.timezone
    try:
        body: dict[str, Any] = {"name": values.get("name", "").strip(),
                                "description": optional_text(values.get("description", "")),
                                "goal": whole_number(values.get("goal", "")),
                                "ends_at": _moment(values.get("ends_at", ""), timezone),
                                "reward_points": whole_number(values.get("reward_points", "")) or 0,
                                "is_active": bool(values["is_active"])}
        with writing(request) as db:
            program = program_of(db, me)
            if challenge is None:
                body.update({"measure": values.get("measure", ""),
                             "channel": optional_text(values.get("channel", "")),
                             "event_type": optional_text(values.get("event_type", "")),
                             "condition": _condition(values.get("condition", "")),
                             "starts_at": _moment(values.get("starts_at", ""), timezone),
                             "segment_id": whole_number(values.get("segment_id", "")),
                             "voucher_campaign_id": whole_number(values.get("voucher_campaign_id", ""))})
                after = service.create_challenge(session=db, program=program,
                                                 data=validated(ChallengeCreate, body), actor=me.actor)
                record(db, me, action="challenge.created", subject_type="challenge", subject_id=after.id,
                       after=after)
            else:
                after = service.update_challenge(session=db, program=program, challenge_id=challenge.id,
                                                 data=validated(ChallengeUpdate, body), actor=me.actor)
                record(db, me, action="challenge.updated", subject_type="challenge", subject_id=after.id,
                       before=challenge, after=after)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        errors = {("condition" if key.startswith("condition") else key): message
                  for key, message in refused.errors.items()}
        return _challenge_page(request, me, challenge, values, errors, status=refused.status)
    return redirect(request, f"/admin/challenges/{after.id}", notice=gettext(request, "The challenge was saved."))


@router.post("/challenges/new")
def create_challenge(request: Request, me: Editor) -> Response:
    return _save_challenge(request, me, None)


def _read_challenge(request: Request, me: StaffContext, challenge_id: int) -> ChallengeRead | None:
    with reading(request) as db:
        try:
            return service.get_challenge(session=db, program=program_of(db, me), challenge_id=challenge_id)
        except NotFound:
            return None


@router.get("/challenges/{challenge_id:int}")
def show_challenge(request: Request, me: Viewer, challenge_id: PathId) -> Response:
    challenge = _read_challenge(request, me, challenge_id)
    if challenge is None:
        return not_found(request)
    return _challenge_page(request, me, challenge, _challenge_values(challenge, me.program.timezone))


@router.post("/challenges/{challenge_id:int}")
def update_challenge(request: Request, me: Editor, challenge_id: PathId) -> Response:
    challenge = _read_challenge(request, me, challenge_id)
    if challenge is None:
        return not_found(request)
    return _save_challenge(request, me, challenge)
