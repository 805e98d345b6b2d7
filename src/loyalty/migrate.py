"""Schema migrations (Alembic): the only way the schema is created or changed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData

MIGRATIONS_DIR = Path(__file__).parent / "db" / "migrations"


# Every domain with tables, in the domains' one-way order (docs/architecture.md).
DOMAINS = ("programs", "auth", "idempotency", "events", "audit", "members", "member_access", "service_desk",
           "ledger", "tiers", "rules", "vouchers", "rewards", "gift_vouchers", "referrals", "purchases",
           "scoring", "imports", "push", "messaging", "inbox", "campaigns", "webhooks", "lifecycle", "journeys",
           "segment_membership", "browsing", "gamification", "recommendations",
           "leaderboards", "contests", "surveys", "content")


def all_tables() -> MetaData:
    """Metadata with every domain's tables imported."""
    import importlib

    from loyalty.db.base import Base

    for domain in DOMAINS:
        importlib.import_module(f"loyalty.{domain}.models")
    return Base.metadata


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def current_revision(database_url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
