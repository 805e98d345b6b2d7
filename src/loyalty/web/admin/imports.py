"""Imports (/admin/imports): upload a CSV of members, historical receipts or rewards, watch it
run, read the report.

The request that uploads the file makes an import job row and starts a thread that runs the
importer (loyalty.imports.service, the one `loyalty import` runs) in a unit of work of its
own; the page then polls a progress fragment (HTMX, every second) until the job ends.
Progress lives in this process's memory while the import runs: the import holds its whole
file in one transaction (on SQLite, the write lock), so the counters cannot be written to
the database meanwhile. The job's row says how it ended: imported (written in the import's
own transaction), refused with the rejected lines, or failed; each is in the audit log. A job
whose process died before it ended stays "running" in the list; its data was rolled back with
the process. With several server processes, a poll that reaches another process than the one
running the import shows the bar at 0 until the row says how it ended.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.audit import service as audit
from loyalty.auth.roles import IMPORT_DATA
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.imports import service as imports
from loyalty.imports.domain import KINDS
from loyalty.kernel.errors import NotFound
from loyalty.programs import service as programs
from loyalty.web.deps import get_database
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/imports")
Importer = Annotated[StaffContext, Depends(staff(IMPORT_DATA))]
log = logging.getLogger(__name__)


@dataclass
class _Progress:
    stage: str = "checking"
    done: int = 0
    total: int = 0


_running: dict[int, _Progress] = {}  # job id -> progress, while its thread runs in this process
_running_lock = threading.Lock()


def _progress_of(job_id: int) -> _Progress | None:
    with _running_lock:
        found = _running.get(job_id)
        return None if found is None else _Progress(found.stage, found.done, found.total)


def _run_job(database: Database, program_id: int, job_id: int, kind: imports.Kind, data: bytes, actor: str,
             actor_name: str, file_name: str) -> None:
    def progress(stage: str, done: int, total: int) -> None:
        with _running_lock:
            _running[job_id] = _Progress(stage, done, total)

    try:
        try:
            with unit_of_work(database) as db:
                program = programs.get_program(session=db, program_id=program_id)
                report = imports.run_import(session=db, program=program, kind=kind, data=data, actor=actor,
                                            progress=progress)
                imports.finish_job(session=db, job_id=job_id, status=imports.IMPORTED, report=report.as_dict())
                audit.record(session=db, program_id=program_id, actor=actor, actor_name=actor_name,
                             action="import.completed", subject_type="import", subject_id=job_id,
                             after={"kind": kind, "file": file_name, "imported": report.imported,
                                    "lines": report.lines})
        except imports.ImportRefused as refused:
            with unit_of_work(database) as db:
                imports.finish_job(session=db, job_id=job_id, status=imports.REFUSED,
                                   report=refused.report.as_dict())
                audit.record(session=db, program_id=program_id, actor=actor, actor_name=actor_name,
                             action="import.refused", subject_type="import", subject_id=job_id,
                             after={"kind": kind, "file": file_name,
                                    "rejected_count": refused.report.rejected_count})
    except Exception as error:  # noqa: BLE001 - whatever happened, the job must say it ended
        log.exception("import job %s failed", job_id)
        problem = f"{type(error).__name__}: {error}"[:500]
        with unit_of_work(database) as db:
            imports.finish_job(session=db, job_id=job_id, status=imports.FAILED,
                               report={"kind": kind, "error": problem})
            audit.record(session=db, program_id=program_id, actor=actor, actor_name=actor_name,
                         action="import.failed", subject_type="import", subject_id=job_id,
                         after={"kind": kind, "file": file_name, "error": problem})
    finally:
        with _running_lock:
            _running.pop(job_id, None)


def _job_view(job: Any) -> dict[str, Any]:
    progress = _progress_of(job.id) if job.status == imports.RUNNING else None
    report = job.report or {}
    return {"id": job.id, "kind": job.kind, "file_name": job.file_name, "status": job.status,
            "created_at": job.created_at, "finished_at": job.finished_at, "actor_name": job.actor_name,
            "stage": progress.stage if progress else "checking",
            "done": progress.done if progress else 0,
            "total": (progress.total if progress and progress.total else job.total),
            "imported": report.get("imported", {}), "rejected": report.get("rejected", []),
            "rejected_count": report.get("rejected_count", 0), "lines": report.get("lines", 0),
            "error": report.get("error")}


@router.get("")
def imports_page(request: Request, me: Importer) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        jobs = [_job_view(job) for job in imports.recent_jobs(session=db, program_id=me.program.id)]
    return render(request, "admin/imports.html", {"jobs": jobs, "kinds": KINDS, "errors": {}, "chosen": "members"})


@router.post("")
def start_import(request: Request, me: Importer) -> Response:
    kind = me.form.text("kind")
    upload = me.form.files.get("file")
    errors: dict[str, str] = {}
    if kind not in KINDS:
        errors["kind"] = gettext(request, "Choose what the file holds.")
    data = upload.file.read() if upload is not None else b""
    if not data:
        errors["file"] = gettext(request, "Choose a CSV file to upload.")
    if errors:
        with unit_of_work(get_database(request), read_only=True) as db:
            jobs = [_job_view(job) for job in imports.recent_jobs(session=db, program_id=me.program.id)]
        return render(request, "admin/imports.html", {"jobs": jobs, "kinds": KINDS, "errors": errors,
                                                      "chosen": kind or "members"}, status=422)
    file_name = (upload.filename if upload is not None and upload.filename else "upload.csv")
    database = get_database(request)
    with unit_of_work(database) as db:
        job = imports.start_job(session=db, program_id=me.program.id, kind=kind,  # type: ignore[arg-type]
                                file_name=file_name, data=data, actor=me.actor, actor_name=me.name)
        job_id = job.id
    with _running_lock:
        _running[job_id] = _Progress("checking", 0, job.total)
    threading.Thread(target=_run_job, name=f"import-{job_id}", daemon=True,
                     args=(database, me.program.id, job_id, kind, data, me.actor, me.name, file_name)).start()
    return redirect(request, f"/admin/imports/{job_id}")


def _job(request: Request, me: StaffContext, job_id: int) -> dict[str, Any] | None:
    """The job of this program (None for another program's, or none)."""
    with unit_of_work(get_database(request), read_only=True) as db:
        try:
            return _job_view(imports.get_job(session=db, program_id=me.program.id, job_id=job_id))
        except NotFound:
            return None


@router.get("/{job_id:int}")
def job_page(request: Request, me: Importer, job_id: PathId) -> Response:
    job = _job(request, me, job_id)
    if job is None:
        return not_found(request)
    return render(request, "admin/import_job.html", {"job": job})


@router.get("/{job_id:int}/progress")
def job_progress(request: Request, me: Importer, job_id: PathId) -> Response:
    job = _job(request, me, job_id)
    if job is None:
        return not_found(request)
    return render(request, "admin/_import_progress.html", {"job": job})
