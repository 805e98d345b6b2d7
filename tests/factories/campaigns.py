"""Campaigns in tests: made through the service, and worked through as the worker would."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from loyalty.campaigns import service
from loyalty.campaigns.models import CampaignChunk, CampaignMember
from loyalty.campaigns.schemas import MarketingCampaignCreate, MarketingCampaignRead, MarketingCampaignResults
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program


def make_campaign(database: Database, program: Program, **fields: Any) -> MarketingCampaignRead:
    """A committed draft campaign; any MarketingCampaignCreate field may be given (as JSON would carry it)."""
    body = {"name": "Spring bonus", "offer": {"kind": "points", "points": 100}, **fields}
    with unit_of_work(database) as session:
        campaign = service.create_campaign(session=session, program=program,
                                           data=MarketingCampaignCreate.model_validate(body), actor="test")
        return service.campaign_read(session=session, campaign=campaign)


def launch(database: Database, program: Program, campaign_id: int) -> MarketingCampaignRead:
    with unit_of_work(database) as session:
        campaign = service.launch_now(session=session, program=program, campaign_id=campaign_id, actor="test")
        return service.campaign_read(session=session, campaign=campaign)


def sweep(database: Database) -> list[int]:
    with unit_of_work(database) as session:
        return service.sweep(session=session)


def run_chunk(database: Database, chunk_id: int) -> service.ChunkRun:
    with unit_of_work(database) as session:
        return service.run_chunk(session=session, chunk_id=chunk_id)


def chunk_ids(database: Database, campaign_id: int) -> list[int]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(CampaignChunk.id).where(CampaignChunk.campaign_id == campaign_id)
                                    .order_by(CampaignChunk.chunk_no)).all())


def work_through(database: Database, campaign_id: int) -> list[service.ChunkRun]:
    """Every chunk of the campaign run once, in order, each in its own unit of work (one worker)."""
    return [run_chunk(database, chunk_id) for chunk_id in chunk_ids(database, campaign_id)]


def reopen_chunks(database: Database, campaign_id: int) -> None:
    """Every chunk back to pending, as if the jobs that did them had to run again."""
    with unit_of_work(database) as session:
        session.execute(update(CampaignChunk).where(CampaignChunk.campaign_id == campaign_id)
                        .values(status="pending", done_at=None))


def targeted(database: Database, campaign_id: int) -> list[CampaignMember]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(CampaignMember).where(CampaignMember.campaign_id == campaign_id)
                                    .order_by(CampaignMember.member_id)).all())


def read(database: Database, program: Program, campaign_id: int) -> MarketingCampaignRead:
    with unit_of_work(database, read_only=True) as session:
        return service.campaign_read(session=session, campaign=service.get_campaign(
            session=session, program_id=program.id, campaign_id=campaign_id))


def results(database: Database, program: Program, campaign_id: int) -> MarketingCampaignResults:
    with unit_of_work(database, read_only=True) as session:
        return service.results(session=session, program=program, campaign_id=campaign_id)
