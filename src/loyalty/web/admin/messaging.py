"""Messages (/admin/messages): message templates (one section per language, refused with the
line a part does not compile at), a template's preview for a chosen member, each channel's
frequency cap and quiet hours, and the suppression list. Through messaging/service.py, as
/api/v1/message-templates, -channels and -suppressions; every change is audited.

The preview's HTML is a document of its own (`…/preview/html`), opened in its own tab and sent
with a Content-Security-Policy whose `sandbox` gives it an opaque origin: no script runs, no
form posts, and nothing in it can reach the panel's cookies or pages. An `<iframe sandbox
srcdoc>` inside the panel would inherit the panel's policy (`style-src 'self'`), so the
inline styles every e-mail is written with would not show, and making them show would mean
weakening the policy of the whole panel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_MEMBERS, VIEW_PANEL
from loyalty.kernel.errors import DomainError, Invalid, NotFound
from loyalty.members import service as members
from loyalty.members.domain import display_name
from loyalty.messaging import service
from loyalty.messaging.channels import KNOWN_CHANNELS
from loyalty.messaging.schemas import (
    ChannelSettingsRead,
    ChannelSettingsWrite,
    Preview,
    SuppressionWrite,
    TemplateRead,
    TemplateWrite,
)
from loyalty.web.admin.catalogue_forms import FORM_LANGUAGES, program_of, reading, record, whole_number, writing
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId, field_errors, parse_id
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.security import PAGE_HEADERS
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/messages")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
# The suppression list and previews show members' addresses and data.
MemberViewer = Annotated[StaffContext, Depends(staff(VIEW_MEMBERS))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]
SuppressionEditor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM, VIEW_MEMBERS))]

PAGE_SIZE = 50
PARTS = ("subject", "html_body", "text_body")
# The preview document: a sandbox (an opaque origin: no scripts, forms, pop-ups or navigating the
# tab), its own inline styles and pictures from anywhere (as a mail client shows them), nothing else.
PREVIEW_POLICY = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; "
                  "font-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def _channel_names(request: Request) -> dict[str, str]:
    return {"email": gettext(request, "E-mail"), "sms": gettext(request, "SMS"), "push": gettext(request, "Push"),
            "inbox": gettext(request, "App inbox")}


def _channel_options(request: Request) -> list[tuple[str, str]]:
    names = _channel_names(request)
    return [(channel, names[channel]) for channel in KNOWN_CHANNELS]


# --- the template form -----------------------------------------------------------------------


@dataclass
class TemplateForm:
    """What the form shows: the fields as typed (a language's parts as `<part>_<language>`), the
    languages it has a section for, and errors by the API's field path."""

    values: dict[str, str]
    languages: list[str]
    errors: dict[str, str] = field(default_factory=dict)

    def has_error(self, language: str) -> bool:
        return any(key.startswith(f"versions.{language}.") for key in self.errors)


def _languages(locale: str, template: TemplateRead | None, extra: list[str] | None = None) -> list[str]:
    """The program's language first, then the panel's, then any other the template has."""
    found = [locale.split("-")[0].lower(), *FORM_LANGUAGES, *(template.versions if template else []), *(extra or [])]
    return list(dict.fromkeys(found))


def _blank(locale: str) -> TemplateForm:
    languages = _languages(locale, None)
    values = {"key": "", "channel": "email", "description": "", "fallback_language": languages[0]}
    values.update({f"{part}_{language}": "" for language in languages for part in PARTS})
    return TemplateForm(values=values, languages=languages)


def _form_of(template: TemplateRead, locale: str) -> TemplateForm:
    languages = _languages(locale, template)
    values = {"key": template.key, "channel": template.channel, "description": template.description or "",
              "fallback_language": template.fallback_language}
    for language in languages:
        version = template.versions.get(language)
        for part in PARTS:
            values[f"{part}_{language}"] = getattr(version, part) if version else ""
    return TemplateForm(values=values, languages=languages)


def _locale(request: Request, me: StaffContext) -> str:
    with reading(request) as db:
        return program_of(db, me).locale


def _posted(request: Request, me: StaffContext, template: TemplateRead | None) -> TemplateForm:
    form = me.form
    fallback = form.text("fallback_language")
    languages = _languages(_locale(request, me), template, [fallback] if fallback else [])
    values = {"key": form.text("key"), "channel": form.text("channel"), "description": form.text("description"),
              "fallback_language": fallback}
    values.update({f"{part}_{language}": form.get(f"{part}_{language}") for language in languages for part in PARTS})
    return TemplateForm(values=values, languages=languages)


def _body(form: TemplateForm) -> dict[str, Any]:
    """The API's body: a language is a version when any of its parts is written."""
    values = form.values
    versions = {}
    for language in form.languages:
        parts = {part: values[f"{part}_{language}"] for part in PARTS}
        if any(text.strip() for text in parts.values()):
            versions[language] = parts
    return {"key": values["key"], "channel": values["channel"], "description": values["description"] or None,
            "fallback_language": values["fallback_language"], "versions": versions}


def _refusal(request: Request, error: DomainError) -> dict[str, str]:
    """A service refusal beside its field, in the page's language where the panel knows the code."""
    key = error.field or "form"
    if error.code == "template_invalid" and error.details.get("problem"):
        line = error.details.get("line")
        problem = str(error.details["problem"])
        message = (gettext(request, "Line %(line)s: %(problem)s", line=line, problem=problem) if line
                   else gettext(request, "It does not compile: %(problem)s", problem=problem))
    elif error.code == "template_exists":
        message = gettext(request, "The program has a template with this key on this channel.")
    elif error.code == "fallback_without_version":
        message = gettext(request, "Write the fallback language's version, or choose a language that has one.")
    elif key.endswith(".text_body") and error.code == "invalid_value":
        message = gettext(request, "An e-mail needs a plain-text body.")
    else:
        message = error.message
    return {key: message}


def _schema_errors(request: Request, error: ValidationError) -> dict[str, str]:
    errors = field_errors(error)
    if "versions" in errors:
        errors["versions"] = gettext(request, "Write at least one language's version.")
    if "key" in errors:
        errors["key"] = gettext(request, "Lower-case letters, digits, dots, dashes and underscores, at most 100.")
    return errors


def _form_page(request: Request, me: StaffContext, form: TemplateForm, template: TemplateRead | None,
               status: int = 200) -> Response:
    title = template.key if template else gettext(request, "New message template")
    return render(request, "admin/messaging/template.html", {
        "title": title, "template": template, "form": form, "channel_options": _channel_options(request),
        "language_options": [(language, language) for language in form.languages]}, status=status)


def _read(request: Request, me: StaffContext, template_id: int) -> TemplateRead | None:
    with reading(request) as db:
        try:
            return service.get_template(session=db, program_id=me.program.id, template_id=template_id)
        except NotFound:
            return None


# --- templates -------------------------------------------------------------------------------


@router.get("")
def list_templates(request: Request, me: Viewer, after: str = "") -> Response:
    with reading(request) as db:
        page = service.list_templates(session=db, program_id=me.program.id, after_id=parse_id(after),
                                      limit=PAGE_SIZE)
    return render(request, "admin/messaging/list.html", {
        "title": gettext(request, "Message templates"), "templates": page.items, "next_after": page.next_key,
        "channel_names": _channel_names(request)})


@router.get("/templates/new")
def new_template(request: Request, me: Editor) -> Response:
    return _form_page(request, me, _blank(_locale(request, me)), None)


def _save(request: Request, me: StaffContext, template: TemplateRead | None) -> Response:
    form = _posted(request, me, template)
    try:
        data = TemplateWrite.model_validate(_body(form))
    except ValidationError as error:
        form.errors = _schema_errors(request, error)
        return _form_page(request, me, form, template, status=422)
    try:
        with writing(request) as db:
            program = program_of(db, me)
            if template is None:
                saved = service.create_template(session=db, program=program, data=data, actor=me.actor)
                record(db, me, action="message_template.created", subject_type="message_template",
                       subject_id=saved.id, after=saved)
            else:
                saved = service.update_template(session=db, program=program, template_id=template.id, data=data,
                                                actor=me.actor)
                record(db, me, action="message_template.updated", subject_type="message_template",
                       subject_id=saved.id, before=template, after=saved)
    except NotFound:
        return not_found(request)
    except DomainError as error:
        form.errors = _refusal(request, error)
        return _form_page(request, me, form, template, status=409 if error.code == "template_exists" else 422)
    return redirect(request, f"/admin/messages/templates/{saved.id}",
                    notice=gettext(request, "The template was saved."))


@router.post("/templates/new")
def create_template(request: Request, me: Editor) -> Response:
    return _save(request, me, None)


@router.get("/templates/{template_id:int}")
def show_template(request: Request, me: Viewer, template_id: PathId) -> Response:
    template = _read(request, me, template_id)
    if template is None:
        return not_found(request)
    return _form_page(request, me, _form_of(template, _locale(request, me)), template)


@router.post("/templates/{template_id:int}")
def update_template(request: Request, me: Editor, template_id: PathId) -> Response:
    template = _read(request, me, template_id)
    if template is None:
        return not_found(request)
    return _save(request, me, template)


@router.post("/templates/{template_id:int}/delete")
def delete_template(request: Request, me: Editor, template_id: PathId) -> Response:
    template = _read(request, me, template_id)
    if template is None:
        return not_found(request)
    try:
        with writing(request) as db:
            service.delete_template(session=db, program=program_of(db, me), template_id=template_id, actor=me.actor)
            record(db, me, action="message_template.deleted", subject_type="message_template",
                   subject_id=template_id, before=template)
    except NotFound:
        return not_found(request)
    return redirect(request, "/admin/messages", notice=gettext(request, "The template %(key)s was deleted.",
                                                               key=template.key))


# --- the preview -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewFor:
    member_id: int
    member_name: str
    preview: Preview


def _preview(request: Request, me: StaffContext, template_id: int, member_text: str,
             language: str) -> PreviewFor | str:
    """The template rendered for the member a card number, e-mail (or any identifier the member
    search takes) names; else what went wrong, to show on the page."""
    with reading(request) as db:
        program = program_of(db, me)
        found = members.search_members(session=db, program=program, text=member_text, limit=1).exact
        if not found:
            return gettext(request, "No member has this card number or e-mail.")
        member = found[0]
        try:
            preview = service.preview(session=db, program=program, template_id=template_id, member_id=member.id,
                                      language=language or None)
        except Invalid as error:
            problem = str(error.message)
            return gettext(request, "The template does not render for this member: %(problem)s", problem=problem)
    return PreviewFor(member_id=member.id, member_name=display_name(member), preview=preview)


@router.get("/templates/{template_id:int}/preview")
def preview_template(request: Request, me: MemberViewer, template_id: PathId, member: str = "",
                     language: str = "") -> Response:
    template = _read(request, me, template_id)
    if template is None:
        return not_found(request)
    member = member.strip()[:320]
    language = language if language in template.versions else ""
    result = _preview(request, me, template_id, member, language) if member else None
    problem = result if isinstance(result, str) else None
    shown = result if isinstance(result, PreviewFor) else None
    return render(request, "admin/messaging/preview.html", {
        "title": gettext(request, "Preview of %(key)s", key=template.key), "template": template,
        "member_text": member, "language": language, "problem": problem, "shown": shown,
        "channel_names": _channel_names(request)}, status=422 if problem else 200)


@router.get("/templates/{template_id:int}/preview/html")
def preview_html(request: Request, me: MemberViewer, template_id: PathId, member_id: str = "",
                 language: str = "") -> Response:
    """The HTML part alone, as a sandboxed document (see the module's docstring)."""
    chosen = parse_id(member_id)
    if chosen is None:
        return not_found(request)
    try:
        with reading(request) as db:
            preview = service.preview(session=db, program=program_of(db, me), template_id=template_id,
                                      member_id=chosen, language=language[:16] or None)
    except NotFound:
        return not_found(request)
    except Invalid as error:
        return HTMLResponse(f"<!doctype html><title>Preview</title><p>{escape(error.message)}</p>", status_code=422,
                            headers={**PAGE_HEADERS, "Content-Security-Policy": PREVIEW_POLICY})
    html = preview.html if preview.html is not None else f"<!doctype html><pre>{escape(preview.text)}</pre>"
    return HTMLResponse(html, headers={**PAGE_HEADERS, "Content-Security-Policy": PREVIEW_POLICY})


# --- channel settings ------------------------------------------------------------------------


def _channels_page(request: Request, me: StaffContext, *, posted: tuple[str, dict[str, str]] | None = None,
                   errors: dict[str, str] | None = None, status: int = 200) -> Response:
    with reading(request) as db:
        rules = service.list_channel_settings(session=db, program_id=me.program.id)
    values = {row.channel: _channel_values(row) for row in rules}
    if posted is not None:
        values[posted[0]] = posted[1]
    return render(request, "admin/messaging/channels.html", {
        "title": gettext(request, "Channel settings"), "values": values, "errors": errors or {},
        "error_channel": posted[0] if posted else None, "channel_names": _channel_names(request),
        "timezone": me.program.timezone}, status=status)


def _channel_values(row: ChannelSettingsRead) -> dict[str, str]:
    return {"cap_count": "" if row.cap_count is None else str(row.cap_count), "cap_days": str(row.cap_days),
            "quiet_start": row.quiet_start or "", "quiet_end": row.quiet_end or ""}


@router.get("/channels")
def channel_settings(request: Request, me: Viewer) -> Response:
    return _channels_page(request, me)


@router.post("/channels/{channel}")
def save_channel(request: Request, me: Editor, channel: str) -> Response:
    if channel not in KNOWN_CHANNELS:
        return not_found(request)
    values = {name: me.form.text(name) for name in ("cap_count", "cap_days", "quiet_start", "quiet_end")}
    body = {"cap_count": whole_number(values["cap_count"]), "cap_days": whole_number(values["cap_days"]) or 7,
            "quiet_start": values["quiet_start"] or None, "quiet_end": values["quiet_end"] or None}
    try:
        data = ChannelSettingsWrite.model_validate(body)
    except ValidationError as error:
        errors = field_errors(error)
        for name in ("quiet_start", "quiet_end"):
            if name in errors:
                errors[name] = gettext(request, "A time of day such as 21:00.")
        return _channels_page(request, me, posted=(channel, values), errors=errors, status=422)
    try:
        with writing(request) as db:
            program = program_of(db, me)
            before = next(row for row in service.list_channel_settings(session=db, program_id=program.id)
                          if row.channel == channel)
            after = service.set_channel_settings(session=db, program=program, channel=channel, data=data,
                                                 actor=me.actor)
            record(db, me, action="message_channel.updated", subject_type="message_channel", subject_id=channel,
                   before=before, after=after)
    except DomainError as error:
        message = (gettext(request, "Quiet hours need a start and an end.") if error.code == "invalid_value"
                   else error.message)
        return _channels_page(request, me, posted=(channel, values), errors={error.field or "form": message},
                              status=422)
    return redirect(request, f"/admin/messages/channels#channel-{channel}",
                    notice=gettext(request, "The %(channel)s settings were saved.",
                                   channel=_channel_names(request)[channel]))


# --- the suppression list --------------------------------------------------------------------


def _suppressions_page(request: Request, me: StaffContext, *, q: str = "", before: str = "",
                       values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                       status: int = 200) -> Response:
    with reading(request) as db:
        page = service.list_suppressions(session=db, program_id=me.program.id, before_id=parse_id(before),
                                         limit=PAGE_SIZE, search=q[:320] or None)
    return render(request, "admin/messaging/suppressions.html", {
        "title": gettext(request, "Suppression list"), "rows": page.items, "next_before": page.next_key,
        "q": q, "values": values or {"channel": "email", "address": "", "reason": ""}, "errors": errors or {},
        "channel_names": _channel_names(request), "channel_options": _channel_options(request)}, status=status)


@router.get("/suppressions")
def suppressions(request: Request, me: MemberViewer, q: str = "", before: str = "") -> Response:
    return _suppressions_page(request, me, q=q.strip(), before=before)


@router.post("/suppressions")
def add_suppression(request: Request, me: SuppressionEditor) -> Response:
    values = {name: me.form.text(name) for name in ("channel", "address", "reason")}
    try:
        data = SuppressionWrite.model_validate({"channel": values["channel"], "address": values["address"],
                                                "reason": values["reason"] or "added by staff"})
    except ValidationError as error:
        errors = field_errors(error)
        if "address" in errors:
            errors["address"] = gettext(request, "Give the e-mail address or phone number.")
        return _suppressions_page(request, me, values=values, errors=errors, status=422)
    with writing(request) as db:
        added = service.add_suppression(session=db, program=program_of(db, me), data=data, actor=me.actor)
        record(db, me, action="message_suppression.added", subject_type="message_suppression", subject_id=added.id,
               after=added)
    return redirect(request, "/admin/messages/suppressions",
                    notice=gettext(request, "%(address)s gets nothing more on this channel.", address=added.address))


@router.post("/suppressions/{suppression_id:int}/delete")
def remove_suppression(request: Request, me: SuppressionEditor, suppression_id: PathId) -> Response:
    try:
        with writing(request) as db:
            removed = service.remove_suppression(session=db, program=program_of(db, me),
                                                 suppression_id=suppression_id, actor=me.actor)
            record(db, me, action="message_suppression.removed", subject_type="message_suppression",
                   subject_id=suppression_id, before=removed)
    except NotFound:
        return not_found(request)
    return redirect(request, "/admin/messages/suppressions",
                    notice=gettext(request, "The address was taken off the suppression list."))
