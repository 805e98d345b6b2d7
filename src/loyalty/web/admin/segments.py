"""Segments (/admin/segments): the list with each segment's size and its trend, the editor (the
rules' condition builder, with a live count that follows the edits over HTMX), the members,
the size over time (Chart.js, drawn by a static script from JSON the page embeds), a static
segment's list upload, recompute and archive.

The editor makes the body POST /api/v1/segments and PATCH /api/v1/segments/{id} take, and hands
it to the same service; refusals are shown beside the condition node they name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_MEMBERS, VIEW_PANEL
from loyalty.kernel.conditions import ALL_OPS
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.segments import service
from loyalty.segments.fields import CATALOG
from loyalty.segments.schemas import SegmentCreate, SegmentRead, SegmentUpdate
from loyalty.web.admin import condition_builder as builder
from loyalty.web.admin.catalogue_forms import program_of, reading, record, writing
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import Form, PathId, field_errors
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/segments")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]

TEXT_FIELDS = ("name", "description", "kind")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
BUILDER_TRIGGER = "segment"


@dataclass
class SegmentForm:
    values: dict[str, str]
    tree: builder.Node
    errors: dict[str, str] = field(default_factory=dict)
    focus: str | None = None


def _posted(form: Form) -> SegmentForm:
    return SegmentForm(values={name: (form.get(name) or "").strip() for name in TEXT_FIELDS},
                       tree=builder.from_form(form.fields))


def _form_of(segment: SegmentRead) -> SegmentForm:
    return SegmentForm(values={"name": segment.name, "description": segment.description or "", "kind": segment.kind},
                       tree=builder.from_tree(segment.condition))


def _context(request: Request, form: SegmentForm, **extra: Any) -> dict[str, Any]:
    return {"form": form, "group_kinds": ("all", "any", "not"), "operators": ALL_OPS,
            "field_names": [*CATALOG.names(), *(f"{prefix}…" for prefix in CATALOG.open_prefixes)],
            "builder_url": "/admin/segments/builder",
            "empty_condition_text": gettext(request, "No conditions yet: add one to pick members."), **extra}


def _form_page(request: Request, me: StaffContext, form: SegmentForm, segment: SegmentRead | None, status: int = 200,
               **extra: Any) -> Response:
    title = segment.name if segment else gettext(request, "New segment")
    extra.setdefault("import_problem", None)
    extra.setdefault("import_rejected", [])
    if segment is not None and "members" not in extra:
        extra.update(_detail(request, me, segment))
    return render(request, "admin/segments/form.html", {"title": title, "segment": segment,
                                                         **_context(request, form, **extra)}, status=status)


def _show_errors(form: SegmentForm, origins: dict[str, str], errors: dict[str, str]) -> None:
    for path, message in errors.items():
        is_condition = path == "condition" or path.startswith(("condition.", "condition["))
        if is_condition and builder.place_error(form.tree, origins, path, message):
            continue
        form.errors[path] = message


# --- the list --------------------------------------------------------------------------------


@router.get("")
def list_segments(request: Request, me: Viewer) -> Response:
    rows = []
    with reading(request) as db:
        program = program_of(db, me)
        for segment in service.list_segments(session=db, program=program).items:
            sizes = service.sizes(session=db, program=program, segment_id=segment.id).items
            before = sizes[-2].size if len(sizes) >= 2 else None
            rows.append({"segment": segment, "change": None if before is None else segment.size - before})
    return render(request, "admin/segments/list.html", {"title": gettext(request, "Segments"), "rows": rows})


# --- the editor ------------------------------------------------------------------------------


@router.get("/new")
def new_segment(request: Request, me: Editor) -> Response:
    return _form_page(request, me, SegmentForm(values={"name": "", "description": "", "kind": "dynamic"},
                                           tree=builder.Node(kind="all")), None)


@router.post("/builder")
def rebuild(request: Request, me: Editor) -> Response:
    """The condition builder after one of its buttons (HTMX swaps it in place)."""
    form = _posted(me.form)
    action = me.form.get("builder")
    form.focus = builder.apply(form.tree, action) if action else None
    return render(request, "admin/rules/builder.html", _context(request, form))


@router.post("/count")
def live_count(request: Request, me: Editor) -> Response:
    """The live count of the condition being edited (HTMX replaces #segment-count with it)."""
    form = _posted(me.form)
    condition, _origins = builder.to_tree(form.tree, BUILDER_TRIGGER, CATALOG)
    if condition is None:
        text = gettext(request, "Add a condition to see how many members it picks.")
    else:
        try:
            with reading(request) as db:
                size = service.count(session=db, program=program_of(db, me), condition=condition).size
            text = gettext(request, "Members matching now: %(count)s", count=f"{size:,}".replace(",", "\u202f"))
        except DomainError as error:
            text = gettext(request, "Not countable yet: %(reason)s", reason=error.message)
    return HTMLResponse(f'<output id="segment-count" aria-live="polite">{_escape(text)}</output>')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _save(request: Request, me: StaffContext, segment: SegmentRead | None) -> Response:
    form = _posted(me.form)
    if segment is not None:
        form.values["kind"] = segment.kind
    action = me.form.get("builder")
    if action:
        form.focus = builder.apply(form.tree, action)
        return _form_page(request, me, form, segment)
    condition, origins = builder.to_tree(form.tree, BUILDER_TRIGGER, CATALOG)
    body: dict[str, Any] = {"name": form.values["name"], "description": form.values["description"] or None}
    if segment is None:
        body["kind"] = form.values["kind"] or "dynamic"
    if (segment.kind if segment else body["kind"]) == "dynamic":
        body["condition"] = condition
    try:
        data = (SegmentCreate if segment is None else SegmentUpdate).model_validate(body)
    except ValidationError as error:
        _show_errors(form, origins, field_errors(error))
        return _form_page(request, me, form, segment, status=422)
    try:
        with writing(request) as db:
            program = program_of(db, me)
            if segment is None:
                assert isinstance(data, SegmentCreate)
                after = service.create(session=db, program=program, data=data, actor=me.actor)
                record(db, me, action="segment.created", subject_type="segment", subject_id=after.id, after=after)
            else:
                assert isinstance(data, SegmentUpdate)
                after = service.update(session=db, program=program, segment_id=segment.id, data=data,
                                       actor=me.actor)
                record(db, me, action="segment.updated", subject_type="segment", subject_id=after.id,
                       before=segment, after=after)
    except DomainError as error:
        _show_errors(form, origins, {error.field or "form": error.message})
        return _form_page(request, me, form, segment, status=409 if error.code == "segment_name_taken" else 422)
    return redirect(request, f"/admin/segments/{after.id}", notice=gettext(request, "The segment was saved."))


@router.post("/new")
def create_segment(request: Request, me: Editor) -> Response:
    return _save(request, me, None)


def _read(request: Request, me: StaffContext, segment_id: int) -> SegmentRead | None:
    with reading(request) as db:
        try:
            return service.get(session=db, program=program_of(db, me), segment_id=segment_id)
        except NotFound:
            return None


def _detail(request: Request, me: StaffContext, segment: SegmentRead) -> dict[str, Any]:
    with reading(request) as db:
        program = program_of(db, me)
        members = service.members(session=db, program=program, segment_id=segment.id, limit=50,
                                  with_contact=me.may(VIEW_MEMBERS))
        sizes = service.sizes(session=db, program=program, segment_id=segment.id).items
    chart = {"label": gettext(request, "Members"), "labels": [item.day.isoformat() for item in sizes],
             "data": [item.size for item in sizes]}
    return {"members": members, "sizes": sizes, "chart_data": chart}


@router.get("/{segment_id:int}")
def show_segment(request: Request, me: Viewer, segment_id: PathId) -> Response:
    segment = _read(request, me, segment_id)
    if segment is None:
        return not_found(request)
    return _form_page(request, me, _form_of(segment), segment)


@router.post("/{segment_id:int}")
def update_segment(request: Request, me: Editor, segment_id: PathId) -> Response:
    segment = _read(request, me, segment_id)
    if segment is None:
        return not_found(request)
    return _save(request, me, segment)


@router.post("/{segment_id:int}/recompute")
def recompute_segment(request: Request, me: Editor, segment_id: PathId) -> Response:
    with writing(request) as db:
        try:
            result = service.recompute(session=db, program=program_of(db, me), segment_id=segment_id,
                                       actor=me.actor)
        except NotFound:
            return not_found(request)
    return redirect(request, f"/admin/segments/{segment_id}", notice=gettext(
        request, "Recomputed: %(entered)s entered, %(left)s left.", entered=result.entered, left=result.left))


@router.post("/{segment_id:int}/archive")
def archive_segment(request: Request, me: Editor, segment_id: PathId) -> Response:
    with writing(request) as db:
        try:
            after = service.archive(session=db, program=program_of(db, me), segment_id=segment_id, actor=me.actor)
        except NotFound:
            return not_found(request)
        record(db, me, action="segment.archived", subject_type="segment", subject_id=segment_id, after=after)
    return redirect(request, "/admin/segments", notice=gettext(request, "The segment was archived."))


@router.post("/{segment_id:int}/import")
def import_members(request: Request, me: Editor, segment_id: PathId) -> Response:
    segment = _read(request, me, segment_id)
    if segment is None:
        return not_found(request)
    upload = me.form.files.get("file")
    data = upload.file.read(MAX_UPLOAD_BYTES + 1) if upload is not None else b""
    problem: str | None = None
    rejected: list[dict[str, Any]] = []
    if not data.strip():
        problem = gettext(request, "Choose a file with one member a line.")
    elif len(data) > MAX_UPLOAD_BYTES:
        problem = gettext(request, "The file is too big (at most 20 MB).")
    else:
        try:
            with writing(request) as db:
                result = service.import_static(session=db, program=program_of(db, me), segment_id=segment_id,
                                               data=data, actor=me.actor)
        except DomainError as error:
            problem = error.message
            rejected = list(error.details.get("rejected", []))
        else:
            return redirect(request, f"/admin/segments/{segment_id}", notice=gettext(
                request, "Imported: %(members)s members (%(entered)s entered, %(left)s left).",
                members=result.members, entered=result.entered, left=result.left))
    return _form_page(request, me, _form_of(segment), segment, status=422, import_problem=problem,
                      import_rejected=rejected)
