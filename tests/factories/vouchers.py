from __future__ import annotations

import itertools
from typing import Any

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.members import service as member_service
from loyalty.programs.models import Program
from loyalty.vouchers import domain
from loyalty.vouchers import service as voucher_service
from loyalty.vouchers.domain import Basket, BasketLine
from loyalty.vouchers.models import VoucherCampaign
from loyalty.vouchers.schemas import CampaignCreate
from loyalty.vouchers.service import AppliedVoucher, CodeCheck

_sequence = itertools.count(1)


def make_campaign(database: Database, program: Program, **fields: Any) -> VoucherCampaign:
    """A committed, active campaign. Defaults: 5.00 off, single-use codes; any CampaignCreate
    field may be given (`kind`, `percent`, `condition`, limits, …)."""
    fields.setdefault("name", f"Campaign {next(_sequence)}")
    fields.setdefault("kind", "fixed_amount")
    if fields["kind"] in ("fixed_amount", "gift_card"):
        fields.setdefault("amount", 500)
    with unit_of_work(database) as session:
        return voucher_service.create_campaign(session=session, program=program,
                                               data=CampaignCreate.model_validate(fields), actor="test")


def make_codes(database: Database, program: Program, campaign_id: int, *, count: int = 1,
               pattern: str = "T-##########") -> list[str]:
    """`count` committed codes generated for the campaign, in creation order."""
    with unit_of_work(database) as session:
        voucher_service.generate_codes(session=session, program=program, campaign_id=campaign_id, count=count,
                                       pattern=domain.build_pattern(pattern=pattern), actor="test")
    return campaign_codes(database, program, campaign_id)[-count:]


def make_code(database: Database, program: Program, campaign_id: int, code: str | None = None,
              *, balance: int | None = None) -> str:
    """One committed code: `code` imported as given, or a generated one."""
    if code is None:
        return make_codes(database, program, campaign_id)[0]
    csv_text = f"code,balance\n{code},{balance}\n" if balance is not None else f"code\n{code}\n"
    with unit_of_work(database) as session:
        voucher_service.import_codes(session=session, program=program, campaign_id=campaign_id, csv_text=csv_text,
                                     actor="test")
    return domain.normalize_code(code)


def campaign_codes(database: Database, program: Program, campaign_id: int) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        pages = voucher_service.export_codes(session=session, program_id=program.id, campaign_id=campaign_id)
        return [row[0] for page in pages for row in page]


def publish(database: Database, program: Program, campaign_id: int, member_ids: list[int]) -> list[str]:
    with unit_of_work(database) as session:
        codes = voucher_service.publish_codes(session=session, program=program, campaign_id=campaign_id,
                                              member_ids=member_ids, actor="test")
        return [code.code for code in codes]


def line(line_no: int, sku: str, unit_price: int, *, quantity: int = 1, category: str | None = None) -> BasketLine:
    return BasketLine(line_no=line_no, sku=sku, quantity=quantity, unit_price_minor=unit_price,
                      amount_minor=quantity * unit_price, category=category)


def basket(*lines: BasketLine, total: int | None = None, channel: str = "pos", store: str | None = None) -> Basket:
    """A basket of `lines` (or a bare `total`), paid now."""
    return Basket(lines=tuple(lines), total_minor=total if total is not None else sum(x.amount_minor for x in lines),
                  channel=channel, store=store, occurred_at=clock.now())


def check(database: Database, program: Program, code: str, the_basket: Basket, *,
          member_id: int | None = None) -> CodeCheck:
    with unit_of_work(database, read_only=True) as session:
        member = member_service.get_member(session=session, program_id=program.id, member_id=member_id) \
            if member_id is not None else None
        return voucher_service.check_codes(session=session, program=program, member=member, codes=[code],
                                           basket=the_basket)[0]


def redeem(database: Database, program: Program, codes: list[str], the_basket: Basket, *,
           member_id: int | None = None, order_ref: str = "ORDER-1") -> list[AppliedVoucher]:
    """Committed redemptions of `codes` on one order (raises the refusal)."""
    with unit_of_work(database) as session:
        return voucher_service.redeem_for_purchase(session=session, program=program, member_id=member_id,
                                                   codes=codes, basket=the_basket, order_ref=order_ref, actor="test")


def rollback(database: Database, program: Program, redemption_id: int) -> str:
    with unit_of_work(database) as session:
        return voucher_service.rollback_redemption(session=session, program=program, redemption_id=redemption_id,
                                                   actor="test").status


def campaign_state(database: Database, program: Program, campaign_id: int) -> dict[str, Any]:
    """The campaign's counters and its codes' uses, and how many redemptions are live: what
    concurrency tests compare with what succeeded."""
    from sqlalchemy import func, select

    from loyalty.vouchers.models import VoucherCode, VoucherRedemption

    with unit_of_work(database, read_only=True) as session:
        campaign = voucher_service.get_campaign(session=session, program_id=program.id, campaign_id=campaign_id)
        uses = dict(session.execute(select(VoucherCode.code, VoucherCode.uses)
                                    .where(VoucherCode.campaign_id == campaign_id)).all())
        live = session.scalar(select(func.count()).select_from(VoucherRedemption).where(
            VoucherRedemption.campaign_id == campaign_id, VoucherRedemption.status == "redeemed"))
        read = voucher_service.campaign_reads(session=session, program=program, campaigns=[campaign])[0]
        return {"uses_total": read.uses_total, "code_uses": uses, "live_redemptions": live}
