"""Schema migrations (Alembic): the only way the schema is created or changed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData

MIGRATIONS_DIR = Path(__file__).parent / "db" / "migrations"


def all_tables() -> MetaData:
    """Metadata with every domain's tables imported."""
    from loyalty.auth import models as _auth  # noqa: F401
    from loyalty.db.base import Base
    from loyalty.events import models as _events  # noqa: F401
    from loyalty.idempotency import models as _idempotency  # noqa: F401
    from loyalty.ledger import models as _ledger  # noqa: F401
    from loyalty.members import models as _members  # noqa: F401
    from loyalty.programs import models as _programs  # noqa: F401
    from loyalty.purchases import models as _purchases  # noqa: F401
    from loyalty.rules import models as _rules  # noqa: F401

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
