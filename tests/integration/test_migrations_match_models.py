"""The schema Alembic builds is the schema the models describe, on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from loyalty.db.engine import Database
from loyalty.migrate import all_tables


def _declared_for(dialect: str) -> Any:
    """Leave out constraints the models build only on another database (`.ddl_if(dialect=...)`)."""

    def include(obj: Any, name: str | None, _type: str, _reflected: bool, _compare_to: Any) -> bool:
        if (name or "").startswith("procrastinate"):  # the job engine's own schema (migration 0020)
            return False
        only_on = getattr(getattr(obj, "_ddl_if", None), "dialect", None)
        return only_on is None or only_on == dialect

    return include


# SQLite's reflection cannot read an expression index (members' lower(name) indexes), so there
# Alembic compares the rest; PostgreSQL compares them too.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrated_schema_matches_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": _declared_for(database.dialect)})
        differences = compare_metadata(context, all_tables())
    assert differences == []
