"""The API answers as its own description says, for requests schemathesis makes from that
description: valid ones and invalid ones (wrong types, missing fields, undecodable bodies), every
operation, on both databases, with an admin key.

Checked: no server error, no status the operation does not declare, every answer in the schema
and the content type declared for its status. Bounded and repeatable: a fixed seed,
derandomized, at most MAX_EXAMPLES generated cases per operation besides its examples and its
coverage cases (boundaries, each required field missing, ...); about a minute per database on
2 cores. A failure names the operation and shows the request as a curl command.

Alone: `pytest tests/e2e/api/test_schemathesis.py` (`-k 'purchases and sqlite'` for some).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.types import ASGIApp

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.web.app import api_description, create_app
from tests.factories.programs import make_api_key, make_program

MAX_EXAMPLES = 10
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]

# The description as /openapi.json serves it; the app under test is the fixture's, on the test database.
schema = schemathesis.openapi.from_dict(api_description(), config=SchemathesisConfig.from_dict({
    "seed": 20261201,
    # No example database: a run never depends on what an earlier run found.
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
    # Sequences of calls (links between operations) are not declared.
    "phases": {"stateful": {"enabled": False}},
}))


@dataclass(frozen=True)
class Served:
    app: ASGIApp
    headers: dict[str, str]


@pytest.fixture(scope="module")
def served(database: Database) -> Iterator[Served]:
    """One app and one admin key per database for all the operations: whatever the requests
    create stays in this program."""
    settings = Settings()
    settings.worker.in_process = "never"
    key = make_api_key(database, make_program(database), scopes=["admin"])
    yield Served(create_app(settings, database=database), {"Authorization": f"Bearer {key.token}"})


@pytest.mark.slow
@schema.parametrize()
def test_the_api_answers_as_it_describes(case: schemathesis.Case, served: Served) -> None:
    case.call_and_validate(app=served.app, headers=served.headers, checks=CHECKS)
