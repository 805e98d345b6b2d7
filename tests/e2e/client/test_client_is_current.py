"""clients/python is generated from the API as it is: a change to the API that was not followed
by `python clients/python/generate.py` fails here. That the committed code is what the pinned
generator makes of the committed description is CI's `generate.py --check`, which needs the
generator (a virtualenv of its own)."""

from __future__ import annotations

from pathlib import Path

import generate as client_generator
import pytest


def test_the_client_was_generated_from_todays_api_description() -> None:
    committed = (client_generator.HERE / client_generator.DESCRIPTION).read_text(encoding="utf-8")
    assert committed == client_generator.describe(), (
        "The API description changed since clients/python was generated: run `python clients/python/generate.py`")


def test_the_description_is_made_without_touching_a_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    client_generator.describe()
    assert list(tmp_path.iterdir()) == []
