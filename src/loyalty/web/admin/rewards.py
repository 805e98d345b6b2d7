"""Rewards (/admin/rewards): the catalogue with stock and status, a reward's definition and
pictures, its stock, and the e-voucher code pools with their counts and imports.

Every form is read into the API's own request schema (RewardCreate, RewardUpdate, StockChange,
CodePoolCreate) and handed to the service the API's routes call (web/api/v1/rewards.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_PANEL
from loyalty.kernel import paging
from loyalty.kernel.errors import DomainError, Invalid, NotFound
from loyalty.programs.models import Program
from loyalty.rewards import service
from loyalty.rewards.schemas import (
    CauseCreate,
    CauseRead,
    CauseUpdate,
    CodePoolCreate,
    CodePoolRead,
    CodePoolUpdate,
    RewardCreate,
    RewardKind,
    RewardRead,
    RewardUpdate,
    StockChange,
)
from loyalty.tiers import service as tiers
from loyalty.vouchers import service as vouchers
from loyalty.web.admin.catalogue_forms import (
    FORM_LANGUAGES,
    FormRefused,
    form_values,
    lines,
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
from loyalty.web.pages.forms import PathId, parse_id
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/rewards")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]
KINDS: tuple[RewardKind, ...] = ("physical", "e_voucher", "coupon", "cashback", "donation", "stamp_card")
MAX_CODE_FILE_BYTES = 10 * 1024 * 1024  # as the API's code import


def languages(program: Program) -> list[str]:
    """The program's language first (every reward needs a name in it), then the panel's."""
    return list(dict.fromkeys([program.locale, *FORM_LANGUAGES]))


def pairs(keys: Any, labels: dict[str, str]) -> list[tuple[str, str]]:
    """Options of a select: each key with its (translated) label."""
    return [(key, labels.get(key, key)) for key in keys]


def display_name(names: dict[str, str], language: str, fallback: str) -> str:
    return names.get(language) or names.get(fallback) or next(iter(names.values()), "")


# --- the catalogue ---------------------------------------------------------------------------


def _list_page(request: Request, me: StaffContext, *, after: int | None = None, kind: str | None = None,
               is_active: bool | None = None, status: int = 200,
               pool_errors: dict[str, str] | None = None, pool_values: dict[str, str] | None = None,
               cause_errors: dict[str, str] | None = None, cause_values: dict[str, str] | None = None) -> Response:
    with reading(request) as db:
        program = program_of(db, me)
        page = service.list_rewards(session=db, program_id=program.id, kind=kind, is_active=is_active,
                                    after_id=after, limit=50)
        rewards = service.reward_reads(session=db, program=program, rewards=page.items)
        pools = paging.every_item(lambda key: service.list_code_pools(
            session=db, program_id=program.id, after_id=key, limit=200).map(service.code_pool_read))
        causes = paging.every_item(lambda key: service.list_causes(
            session=db, program_id=program.id, after_id=key, limit=200).map(CauseRead.model_validate))
    return render(request, "admin/rewards/list.html", {
        "title": gettext(request, "Rewards"), "rewards": rewards, "next_after": page.next_key, "pools": pools,
        "causes": causes, "locale": program.locale, "display_name": display_name, "kinds": KINDS, "pairs": pairs,
        "filters": {"kind": kind or "", "is_active": "" if is_active is None else "1" if is_active else "0"},
        "pool_errors": pool_errors or {}, "pool_values": pool_values or {},
        "cause_errors": cause_errors or {}, "cause_values": cause_values or {}}, status=status)


@router.get("")
def rewards_page(request: Request, me: Viewer, after: str = "",
                 kind: Annotated[str | None, Query(max_length=20)] = None,
                 is_active: Annotated[str | None, Query(max_length=10)] = None) -> Response:
    """The catalogue, oldest first, filtered as the API's list is (by kind, offered or withdrawn)."""
    return _list_page(request, me, after=parse_id(after), kind=kind if kind in KINDS else None,
                      is_active={"1": True, "0": False}.get(is_active or ""))


# --- one reward ------------------------------------------------------------------------------


def _choices(db: Session, program: Program) -> dict[str, Any]:
    """What a reward's form offers to pick from: pools, campaigns, causes and tier levels."""
    return {
        "pools": [(pool.id, pool.name) for pool in paging.every_item(lambda key: service.list_code_pools(
            session=db, program_id=program.id, after_id=key, limit=200))],
        "campaigns": [(campaign.id, campaign.name) for campaign in paging.every_item(
            lambda key: vouchers.list_campaigns(session=db, program_id=program.id, after_id=key, limit=200))],
        "causes": [(cause.id, cause.name) for cause in paging.every_item(lambda key: service.list_causes(
            session=db, program_id=program.id, after_id=key, limit=200))],
        "tiers": paging.every_item(lambda key: tiers.list_levels(
            session=db, program_id=program.id, after_rank=key, limit=200)),
    }


def _reward_form(request: Request, me: StaffContext, *, reward: RewardRead | None, values: dict[str, Any],
                 errors: dict[str, str], status: int = 200, stock_errors: dict[str, str] | None = None,
                 stock_values: dict[str, str] | None = None) -> Response:
    with reading(request) as db:
        program = program_of(db, me)
        choices = _choices(db, program)
    title = gettext(request, "New reward") if reward is None else display_name(reward.names, me.language,
                                                                              program.locale)
    return render(request, "admin/rewards/form.html", {
        "title": title, "reward": reward, "values": values, "errors": errors, "kinds": KINDS, "pairs": pairs,
        "form_languages": languages(program), "locale": program.locale, "stock_errors": stock_errors or {},
        "stock_values": stock_values or {}, **choices}, status=status)


def _values_of(reward: RewardRead) -> dict[str, Any]:
    """A reward as its form shows it."""
    values: dict[str, Any] = {
        "kind": reward.kind, "points_price": reward.points_price, "money_price": reward.money_price,
        "limit_per_member": reward.limit_per_member or "", "limit_total": reward.limit_total or "",
        "starts_at": reward.starts_at.strftime("%Y-%m-%dT%H:%M") if reward.starts_at else "",
        "ends_at": reward.ends_at.strftime("%Y-%m-%dT%H:%M") if reward.ends_at else "",
        "eligible_tiers": reward.eligible_tiers, "code_pool_id": reward.code_pool_id or "",
        "voucher_campaign_id": reward.voucher_campaign_id or "", "cause_id": reward.cause_id or "",
        "cashback_rate": format(reward.cashback_rate.normalize(), "f") if reward.cashback_rate else "",
        "is_active": "1" if reward.is_active else "", "image_urls": "\n".join(reward.image_urls),
        "stock": "" if reward.stock is None else reward.stock,
    }
    for language, name in reward.names.items():
        values[f"name_{language}"] = name
    for language, text in reward.descriptions.items():
        values[f"description_{language}"] = text
    for language, urls in reward.images_by_language.items():
        values[f"images_{language}"] = "\n".join(urls)
    return values


def _body(me: StaffContext, program: Program) -> dict[str, Any]:
    """The form as the API's JSON body would carry it."""
    form = me.form
    names = {language: form.text(f"name_{language}") for language in languages(program)
             if form.text(f"name_{language}")}
    descriptions = {language: form.text(f"description_{language}") for language in languages(program)
                    if form.text(f"description_{language}")}
    images_by_language = {language: lines(form.get(f"images_{language}")) for language in languages(program)
                          if lines(form.get(f"images_{language}"))}
    return {
        "names": names, "descriptions": descriptions, "image_urls": lines(form.get("image_urls")),
        "images_by_language": images_by_language, "points_price": whole_number(form.get("points_price")),
        "money_price": whole_number(form.get("money_price")) or 0,
        "limit_per_member": whole_number(form.get("limit_per_member")),
        "limit_total": whole_number(form.get("limit_total")),
        "starts_at": optional_text(form.get("starts_at")), "ends_at": optional_text(form.get("ends_at")),
        "eligible_tiers": [code for code in form.getlist("eligible_tiers") if code],
        "code_pool_id": whole_number(form.get("code_pool_id")),
        "voucher_campaign_id": whole_number(form.get("voucher_campaign_id")),
        "cause_id": whole_number(form.get("cause_id")), "cashback_rate": optional_text(form.get("cashback_rate")),
        "is_active": form.checked("is_active"),
    }


def _keeping_other_languages(body: dict[str, Any], before: RewardRead, program: Program) -> dict[str, Any]:
    """The form shows some languages only: texts and pictures in any other stay as they are."""
    shown = languages(program)
    for name in ("names", "descriptions", "images_by_language"):
        kept = {language: value for language, value in getattr(before, name).items() if language not in shown}
        body[name] = {**kept, **body[name]}
    return body


@router.get("/new")
def new_reward_page(request: Request, me: Editor) -> Response:
    return _reward_form(request, me, reward=None, values={"kind": "physical", "is_active": "1", "money_price": 0},
                        errors={})


@router.post("/new")
def create_reward(request: Request, me: Editor) -> Response:
    try:
        with writing(request) as db:
            program = program_of(db, me)
            body = {"kind": me.form.text("kind"), **_body(me, program),
                    "stock": whole_number(me.form.get("stock"))}
            data = validated(RewardCreate, body)
            reward = service.create_reward(session=db, program=program, data=data, actor=me.actor)
            read = service.reward_reads(session=db, program=program, rewards=[reward])[0]
            record(db, me, action="reward.created", subject_type="reward", subject_id=read.id, after=read)
    except (FormRefused, DomainError) as error:
        shown = refusal(error)
        return _reward_form(request, me, reward=None, values=form_values(me.form), errors=shown.errors,
                            status=shown.status)
    return redirect(request, f"/admin/rewards/{read.id}", notice=gettext(request, "The reward was created."))


def _read_reward(request: Request, me: StaffContext, reward_id: int) -> RewardRead | None:
    with reading(request) as db:
        program = program_of(db, me)
        try:
            reward = service.get_reward(session=db, program_id=program.id, reward_id=reward_id)
        except NotFound:
            return None
        return service.reward_reads(session=db, program=program, rewards=[reward])[0]


@router.get("/{reward_id:int}")
def reward_page(request: Request, reward_id: PathId, me: Viewer) -> Response:
    reward = _read_reward(request, me, reward_id)
    if reward is None:
        return not_found(request)
    return _reward_form(request, me, reward=reward, values=_values_of(reward), errors={})


@router.post("/{reward_id:int}")
def update_reward(request: Request, reward_id: PathId, me: Editor) -> Response:
    before = _read_reward(request, me, reward_id)
    if before is None:
        return not_found(request)
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(RewardUpdate, _keeping_other_languages(_body(me, program), before, program))
            reward = service.update_reward(session=db, program=program, reward_id=reward_id, data=data,
                                           actor=me.actor)
            after = service.reward_reads(session=db, program=program, rewards=[reward])[0]
            if after.updated_at != before.updated_at:
                record(db, me, action="reward.updated", subject_type="reward", subject_id=reward_id, before=before,
                       after=after)
    except (FormRefused, DomainError) as error:
        shown = refusal(error)
        return _reward_form(request, me, reward=before, values={**form_values(me.form), "kind": before.kind},
                            errors=shown.errors, status=shown.status)
    return redirect(request, f"/admin/rewards/{reward_id}", notice=gettext(request, "The reward was saved."))


@router.post("/{reward_id:int}/stock")
def change_stock(request: Request, reward_id: PathId, me: Editor) -> Response:
    before = _read_reward(request, me, reward_id)
    if before is None:
        return not_found(request)
    mode, amount = me.form.text("mode"), whole_number(me.form.get("amount"))
    body: dict[str, Any] = {"set": None} if mode == "unlimited" else {"set": amount} if mode == "set" \
        else {"add": amount}
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(StockChange, body)
            reward = service.change_stock(session=db, program=program, reward_id=reward_id, data=data,
                                          actor=me.actor)
            after = service.reward_reads(session=db, program=program, rewards=[reward])[0]
            record(db, me, action="reward.stock_changed", subject_type="reward", subject_id=reward_id,
                   before={"stock": before.stock}, after={"stock": after.stock})
    except (FormRefused, DomainError) as error:
        refused = refusal(error, "amount")
        errors = {("amount" if key in ("add", "set", "form") else key): message
                  for key, message in refused.errors.items()}
        return _reward_form(request, me, reward=before, values=_values_of(before), errors={}, status=refused.status,
                            stock_errors=errors, stock_values=form_values(me.form))
    return redirect(request, f"/admin/rewards/{reward_id}", notice=gettext(request, "The stock was changed."))


# --- causes (what donation rewards give to) --------------------------------------------------


@router.post("/causes")
def create_cause(request: Request, me: Editor) -> Response:
    body: dict[str, Any] = {"name": me.form.text("name"), "description": optional_text(me.form.get("description"))}
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(CauseCreate, body)
            cause = CauseRead.model_validate(service.create_cause(session=db, program=program, data=data,
                                                                  actor=me.actor))
            record(db, me, action="cause.created", subject_type="cause", subject_id=cause.id, after=cause)
    except FormRefused as refused:
        return _list_page(request, me, cause_errors=refused.errors, cause_values=form_values(me.form),
                          status=refused.status)
    return redirect(request, "/admin/rewards#causes", notice=gettext(request, "The cause was created."))


@router.post("/causes/{cause_id:int}/active")
def set_cause_active(request: Request, cause_id: PathId, me: Editor) -> Response:
    is_active = me.form.text("is_active") == "1"
    try:
        with writing(request) as db:
            program = program_of(db, me)
            before = CauseRead.model_validate(service.get_cause(session=db, program_id=program.id, cause_id=cause_id))
            data = validated(CauseUpdate, {"is_active": is_active})
            service.update_cause(session=db, program=program, cause_id=cause_id, data=data, actor=me.actor)
            if before.is_active != is_active:
                record(db, me, action="cause.updated", subject_type="cause", subject_id=cause_id,
                       before={"is_active": before.is_active}, after={"is_active": is_active})
    except NotFound:
        return not_found(request)
    notice = gettext(request, "The cause takes donations.") if is_active else \
        gettext(request, "The cause was closed.")
    return redirect(request, "/admin/rewards#causes", notice=notice)


# --- e-voucher code pools --------------------------------------------------------------------


@router.post("/code-pools")
def create_code_pool(request: Request, me: Editor) -> Response:
    body = {"name": me.form.text("name"), "low_threshold": whole_number(me.form.get("low_threshold"))}
    if body["low_threshold"] is None:
        del body["low_threshold"]  # the schema's default, as a body leaving it out
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(CodePoolCreate, body)
            pool = service.code_pool_read(service.create_code_pool(session=db, program=program, data=data,
                                                                   actor=me.actor))
            record(db, me, action="code_pool.created", subject_type="code_pool", subject_id=pool.id, after=pool)
    except FormRefused as refused:
        return _list_page(request, me, pool_errors=refused.errors, pool_values=form_values(me.form),
                          status=refused.status)
    return redirect(request, f"/admin/rewards/code-pools/{pool.id}",
                    notice=gettext(request, "The code pool was created."))


def _read_pool(request: Request, me: StaffContext, pool_id: int) -> CodePoolRead | None:
    with reading(request) as db:
        try:
            return service.code_pool_read(service.get_code_pool(session=db, program_id=me.program.id,
                                                                pool_id=pool_id))
        except NotFound:
            return None


def _pool_page(request: Request, pool: CodePoolRead, *, errors: dict[str, str], values: dict[str, str],
               problems: list[dict[str, Any]] | None = None, edit_errors: dict[str, str] | None = None,
               edit_values: dict[str, Any] | None = None, status: int = 200) -> Response:
    return render(request, "admin/rewards/pool.html", {
        "title": pool.name, "pool": pool, "errors": errors, "values": values, "problems": problems or [],
        "edit_errors": edit_errors or {},
        "edit_values": edit_values or {"name": pool.name, "low_threshold": pool.low_threshold}}, status=status)


@router.get("/code-pools/{pool_id:int}")
def code_pool_page(request: Request, pool_id: PathId, me: Viewer) -> Response:
    pool = _read_pool(request, me, pool_id)
    return not_found(request) if pool is None else _pool_page(request, pool, errors={}, values={})


@router.post("/code-pools/{pool_id:int}")
def update_code_pool(request: Request, pool_id: PathId, me: Editor) -> Response:
    before = _read_pool(request, me, pool_id)
    if before is None:
        return not_found(request)
    body = {"name": me.form.text("name"), "low_threshold": whole_number(me.form.get("low_threshold"))}
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(CodePoolUpdate, body)
            after = service.code_pool_read(service.update_code_pool(session=db, program=program, pool_id=pool_id,
                                                                    data=data, actor=me.actor))
            if (after.name, after.low_threshold) != (before.name, before.low_threshold):
                record(db, me, action="code_pool.updated", subject_type="code_pool", subject_id=pool_id,
                       before={"name": before.name, "low_threshold": before.low_threshold},
                       after={"name": after.name, "low_threshold": after.low_threshold})
    except FormRefused as refused:
        return _pool_page(request, before, errors={}, values={}, edit_errors=refused.errors,
                          edit_values=form_values(me.form), status=refused.status)
    return redirect(request, f"/admin/rewards/code-pools/{pool_id}",
                    notice=gettext(request, "The code pool was saved."))


def _code_file(me: StaffContext) -> str:
    """The uploaded CSV file's text, else the codes typed one per line (the same CSV)."""
    upload = me.form.files.get("file")
    if upload is not None and upload.filename:
        raw = upload.file.read(MAX_CODE_FILE_BYTES + 1)
        if len(raw) > MAX_CODE_FILE_BYTES:
            raise Invalid(f"A code file may be at most {MAX_CODE_FILE_BYTES // (1024 * 1024)} MiB; split it.",
                          code="invalid_code_file", field="file")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[:error.start].count(b"\n") + 1
            raise Invalid(f"Line {line}: the file is not UTF-8 text.", code="invalid_code_file",
                          field="file") from None
    return me.form.get("codes")


@router.post("/code-pools/{pool_id:int}/codes")
def import_codes(request: Request, pool_id: PathId, me: Editor) -> Response:
    before = _read_pool(request, me, pool_id)
    if before is None:
        return not_found(request)
    try:
        text = _code_file(me)
        with writing(request) as db:
            program = program_of(db, me)
            imported = service.import_codes(session=db, program=program, pool_id=pool_id, csv_text=text,
                                            actor=me.actor)
            record(db, me, action="code_pool.codes_imported", subject_type="code_pool", subject_id=pool_id,
                   before={"codes_total": before.codes_total, "codes_available": before.codes_available},
                   after={"imported": imported.imported, "codes_available": imported.codes_available})
    except DomainError as error:
        problems = [problem for problem in error.details.get("problems", []) if isinstance(problem, dict)]
        return _pool_page(request, before, errors={"codes": error.message}, values={"codes": me.form.get("codes")},
                          problems=problems, status=refusal(error).status)
    return redirect(request, f"/admin/rewards/code-pools/{pool_id}",
                    notice=gettext(request, "%(count)s codes were imported.", count=imported.imported))
