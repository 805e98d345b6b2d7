from __future__ import annotations

import itertools
import secrets
from datetime import datetime
from typing import Any

from fastapi import FastAPI

from loyalty.config import RateLimitSettings, SecuritySettings, Settings, generate_secret_key
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.gift_vouchers import service
from loyalty.gift_vouchers.models import GiftRedemption, GiftVoucher
from loyalty.gift_vouchers.schemas import (
    BonusCardCreate,
    BonusCardTopUp,
    GiftMovementRead,
    GiftRedemptionCreate,
    GiftVoucherBatchCreate,
    GiftVoucherCancel,
    IssuedBonusCardRead,
    IssuedVoucherRead,
)
from loyalty.programs.models import Program
from loyalty.rewards.schemas import StatusChange
from loyalty.web.app import create_app

_sequence = itertools.count(1)

ADDRESS = {"line1": "ul. Piotrkowska 1", "city": "Łódź", "postal_code": "90-001", "country": "PL"}


def issue_vouchers(database: Database, program: Program, *, count: int = 1, value: int = 500,
                   label: str | None = None, expires_at: datetime | None = None) -> list[IssuedVoucherRead]:
    """A committed batch; the issued vouchers with their codes (shown this once)."""
    with unit_of_work(database) as session:
        batch = service.issue_vouchers(
            session=session, program=program, actor="test",
            data=GiftVoucherBatchCreate(label=label or f"Company {next(_sequence)}", count=count, value=value,
                                        expires_at=expires_at))
        return batch.vouchers


def issue_voucher(database: Database, program: Program, *, value: int = 500,
                  expires_at: datetime | None = None, label: str | None = None) -> IssuedVoucherRead:
    return issue_vouchers(database, program, count=1, value=value, expires_at=expires_at, label=label)[0]


def make_bonus_card(database: Database, program: Program, *, value: int = 1000, pin: str | None = "4321",
                    label: str | None = None, **fields: Any) -> IssuedBonusCardRead:
    with unit_of_work(database) as session:
        return service.create_bonus_card(
            session=session, program=program, actor="test",
            data=BonusCardCreate.model_validate({"label": label or f"Company {next(_sequence)}", "value": value,
                                                 "pin": pin, **fields}))


def top_up(database: Database, program: Program, card_id: int, amount: int) -> GiftVoucher:
    with unit_of_work(database) as session:
        return service.top_up_card(session=session, program=program, card_id=card_id,
                                   data=BonusCardTopUp(amount=amount), actor="test")


def cancel(database: Database, program: Program, voucher_id: int) -> GiftVoucher:
    with unit_of_work(database) as session:
        return service.cancel_voucher(session=session, program=program, voucher_id=voucher_id,
                                      data=GiftVoucherCancel(reason="test"), actor="test")


def new_request_key() -> str:
    return secrets.token_urlsafe(16)


def gift_redeem(database: Database, voucher_id: int, reward_id: int, *, request_key: str | None = None,
                **fields: Any) -> GiftRedemption:
    """A committed gift redemption; a physical reward gets a recipient and ADDRESS unless given."""
    with unit_of_work(database) as session:
        return service.redeem(session=session, voucher_id=voucher_id, data=GiftRedemptionCreate.model_validate(
            {"reward_id": reward_id, "request_key": request_key or new_request_key(), **fields}))


def physical(**fields: Any) -> dict[str, Any]:
    """The fields a physical reward's gift redemption needs."""
    return {"recipient_name": "Ola Nowak", "delivery_address": ADDRESS, **fields}


def set_status(database: Database, program: Program, redemption_id: int, status: str) -> GiftRedemption:
    with unit_of_work(database) as session:
        return service.change_redemption_status(session=session, program=program, redemption_id=redemption_id,
                                                data=StatusChange.model_validate({"status": status}), actor="test")


def voucher(database: Database, program: Program, voucher_id: int, kind: str = "voucher") -> GiftVoucher:
    with unit_of_work(database, read_only=True) as session:
        return service.get_voucher(session=session, program_id=program.id, voucher_id=voucher_id, kind=kind)


def movements(database: Database, program: Program, voucher_id: int, kind: str = "voucher") -> list[GiftMovementRead]:
    """Oldest first."""
    with unit_of_work(database, read_only=True) as session:
        return list(reversed(service.movements(session=session, program_id=program.id, voucher_id=voucher_id,
                                               kind=kind, limit=200).items))


def gift_problems(database: Database) -> list[str]:
    """verify_gift_balances over the whole database: every test's gifts must keep the invariants."""
    with unit_of_work(database, read_only=True) as session:
        return service.verify_gift_balances(session)


def gift_settings(**rate_limits: str) -> Settings:
    """Settings for a server with the gift pages: a generated secret key, no background jobs."""
    settings = Settings()
    settings.worker.in_process = "never"
    settings.security = SecuritySettings(secret_key=generate_secret_key())  # type: ignore[arg-type]
    if rate_limits:
        settings.rate_limit = RateLimitSettings(**{**settings.rate_limit.model_dump(), **rate_limits})
    return settings


def create_gift_app(settings: Settings, database: Database) -> FastAPI:
    """The real app: web/app.py mounts the gift API and the gift pages."""
    return create_app(settings, database=database)
