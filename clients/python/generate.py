"""Regenerate the typed Python client (clients/python/loyalty_client) from the API's own description.

    .venv/bin/python clients/python/generate.py           # rewrite openapi.json and loyalty_client/
    .venv/bin/python clients/python/generate.py --check   # change nothing; exit 1 when the committed
                                                           # client differs or the generator warned

Run it with the project's Python: it imports loyalty to describe the API (no server, no database).
openapi-python-client runs in a virtualenv of its own, .generator/ beside this file, made on first
use and again whenever generator-requirements.txt changes, so that its pins (httpx<0.29, its own
ruff) never meet the project's. Creating it needs PyPI once.

A warning from the generator is an error here: it means an operation or an answer the
description declares is missing from the client.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = "loyalty_client"
DESCRIPTION = "openapi.json"
REQUIREMENTS = HERE / "generator-requirements.txt"
GENERATOR_VENV = HERE / ".generator"
SKIPPED = {"__pycache__"}  # what Python leaves beside the committed files when tests import them
DIFF_LINES = 60


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate into a temporary folder and fail when it differs from the committed client")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loyalty-client-") as scratch:
        out = Path(scratch)
        generate(out)
        if args.check:
            return check(out)
        replace(out)
    print(f"Regenerated {HERE / PACKAGE} from the API description ({HERE / DESCRIPTION}).")
    return 0


def describe() -> str:
    """The description exactly as committed: key order as FastAPI makes it, one trailing newline."""
    from loyalty.web.app import api_description

    return json.dumps(api_description(), indent=2, ensure_ascii=False) + "\n"


def generate(out: Path) -> None:
    """The description and the client made from it, under `out` as they sit under clients/python."""
    (out / DESCRIPTION).write_text(describe(), encoding="utf-8")
    bin_dir = generator_bin()
    result = subprocess.run(  # noqa: S603 - our own pinned generator on our own files
        [str(bin_dir / "openapi-python-client"), "generate", "--path", DESCRIPTION, "--config",
         str(HERE / "config.yaml"), "--meta", "none", "--output-path", PACKAGE, "--fail-on-warning"],
        cwd=out, capture_output=True, text=True,
        # The post-hooks call `ruff` by name: the pinned one, whatever else is on PATH.
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"})
    said = [line for line in (result.stdout + result.stderr).splitlines()
            if line.strip() and not line.startswith("Generating ")]
    if result.returncode != 0 or said:
        sys.exit("openapi-python-client did not generate the client cleanly (exit status "
                 f"{result.returncode}):\n" + "\n".join(said))
    # The generator writes no marker for `--meta none`; the client's types are its point (PEP 561).
    (out / PACKAGE / "py.typed").write_text("# Marker file for PEP 561\n", encoding="utf-8")


def generator_bin() -> Path:
    """The bin folder of the generator's virtualenv, made (again) when the pins changed."""
    bin_dir = GENERATOR_VENV / ("Scripts" if os.name == "nt" else "bin")
    installed = GENERATOR_VENV / "requirements.txt"
    wanted = REQUIREMENTS.read_text(encoding="utf-8")
    if installed.is_file() and installed.read_text(encoding="utf-8") == wanted:
        return bin_dir
    print(f"Installing the generator into {GENERATOR_VENV} ...", file=sys.stderr)
    shutil.rmtree(GENERATOR_VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(GENERATOR_VENV)], check=True)  # noqa: S603
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",  # noqa: S603
                    "-r", str(REQUIREMENTS)], check=True)
    installed.write_text(wanted, encoding="utf-8")
    return bin_dir


def files_under(root: Path) -> dict[str, Path]:
    return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*"))
            if path.is_file() and not SKIPPED & set(path.relative_to(root).parts)}


def check(out: Path) -> int:
    fresh = files_under(out / PACKAGE) | {DESCRIPTION: out / DESCRIPTION}
    committed = files_under(HERE / PACKAGE) | ({DESCRIPTION: HERE / DESCRIPTION}
                                               if (HERE / DESCRIPTION).is_file() else {})
    missing = sorted(fresh.keys() - committed.keys())
    extra = sorted(committed.keys() - fresh.keys())
    changed = sorted(name for name in fresh.keys() & committed.keys()
                     if not filecmp.cmp(fresh[name], committed[name], shallow=False))
    if not (missing or extra or changed):
        print(f"clients/python is up to date with the API description ({len(fresh)} files).")
        return 0
    print("The committed client in clients/python is stale: run `python clients/python/generate.py` and commit.")
    for label, names in (("generated, not committed", missing), ("committed, no longer generated", extra),
                         ("differs", changed)):
        for name in names:
            print(f"  {label}: {name}")
    diff: list[str] = []
    for name in changed:
        diff += difflib.unified_diff(committed[name].read_text(encoding="utf-8").splitlines(),
                                     fresh[name].read_text(encoding="utf-8").splitlines(),
                                     f"committed/{name}", f"generated/{name}", lineterm="")
    if diff:
        print("\n".join(diff[:DIFF_LINES]))
        if len(diff) > DIFF_LINES:
            print(f"... ({len(diff) - DIFF_LINES} more diff lines)")
    return 1


def replace(out: Path) -> None:
    shutil.rmtree(HERE / PACKAGE, ignore_errors=True)
    shutil.copytree(out / PACKAGE, HERE / PACKAGE)
    shutil.copyfile(out / DESCRIPTION, HERE / DESCRIPTION)


if __name__ == "__main__":
    sys.exit(main())
