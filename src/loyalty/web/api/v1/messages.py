"""Messages: templates per language, the status of messages, and the links inside messages
(open pixel, click redirect, unsubscribe) that members follow without a key."""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel

from loyalty.db.uow import unit_of_work
from loyalty.members.schemas import MAX_ID
from loyalty.messaging import service
from loyalty.messaging.schemas import (
    ChannelSettingsRead,
    ChannelSettingsWrite,
    MessageRead,
    Preview,
    SuppressionRead,
    SuppressionWrite,
    TemplateRead,
    TemplateWrite,
)
from loyalty.web.deps import ApiContext, get_database, require
from loyalty.web.errors import declared
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key
from loyalty.web.ratelimit import public_link_limiter

router = APIRouter(tags=["messages"])
public_router = APIRouter(include_in_schema=False)

Reader = Annotated[ApiContext, Depends(require("messages:read"))]
Writer = Annotated[ApiContext, Depends(require("messages:write"))]
TemplateId = Annotated[int, Path(ge=1, le=MAX_ID, description="The template's id.")]
MessageId = Annotated[int, Path(ge=1, le=MAX_ID, description="The message's id.")]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]
Token = Annotated[str, Path(min_length=10, max_length=64, pattern=r"^[A-Za-z0-9_.=-]+$")]


class TemplatePage(Page[TemplateRead]):
    """Message templates, oldest first."""


class MessagePage(Page[MessageRead]):
    """A member's messages, newest first."""


class SuppressionPage(Page[SuppressionRead]):
    """Suppressed addresses, newest first."""


@router.get("/message-templates", response_model=TemplatePage)
def list_message_templates(context: Reader, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> TemplatePage:
    """The program's message templates with every language version."""
    with context.read() as session:
        return TemplatePage.of(service.list_templates(session=session, program_id=context.program_id,
                                                      after_id=cursor_key(cursor), limit=limit))


@router.post("/message-templates", response_model=TemplateRead, status_code=201, responses=declared(
    '409 `template_exists`: the program has a template with this key on this channel',
    '422 `template_invalid`: a part does not compile (the field names it)',
    '422 `fallback_without_version`: the fallback language has no version'))
def create_message_template(body: TemplateWrite, context: Writer) -> TemplateRead:
    """A template: its key (what journeys and campaigns name), channel, fallback language, and
    one version per language (subject, HTML body, text body) in Jinja2 (sandboxed). Links are
    written `{{ link('name', 'https://…') }}` so clicks are counted per link name."""
    with context.write() as session:
        return service.create_template(session=session, program=context.program, data=body, actor=context.actor)


@router.get("/message-templates/{template_id:int}", response_model=TemplateRead)
def read_message_template(template_id: TemplateId, context: Reader) -> TemplateRead:
    """One template with every language version."""
    with context.read() as session:
        return service.get_template(session=session, program_id=context.program_id, template_id=template_id)


@router.put("/message-templates/{template_id:int}", response_model=TemplateRead, responses=declared(
    '409 `template_exists`: another template has this key on this channel',
    '422 `template_invalid`: a part does not compile (the field names it)',
    '422 `fallback_without_version`: the fallback language has no version'))
def replace_message_template(template_id: TemplateId, body: TemplateWrite, context: Writer) -> TemplateRead:
    """Replace the template whole: languages not sent are removed. Messages already sent keep
    what they said; queued ones are rendered with the new text."""
    with context.write() as session:
        return service.update_template(session=session, program=context.program, template_id=template_id,
                                       data=body, actor=context.actor)


@router.delete("/message-templates/{template_id:int}", status_code=204)
def delete_message_template(template_id: TemplateId, context: Writer) -> Response:
    """Remove the template; messages queued for it are skipped (`no_template`)."""
    with context.write() as session:
        service.delete_template(session=session, program=context.program, template_id=template_id,
                                actor=context.actor)
    return Response(status_code=204)


@router.get("/message-templates/{template_id:int}/preview", response_model=Preview, responses=declared(
    '422 `template_invalid`: the template does not render for this member',
    '422 `member_required`: `member_id` names the member to render it for'))
def preview_message_template(template_id: TemplateId, context: Reader,
                             member_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
                             language: Annotated[str | None, Query(max_length=16)] = None) -> Preview:
    """The template rendered for a member (links untracked, nothing sent or recorded)."""
    with context.read() as session:
        return service.preview(session=session, program=context.program, template_id=template_id,
                               member_id=member_id, language=language)


@router.get("/messages/{message_id:int}", response_model=MessageRead)
def read_message(message_id: MessageId, context: Reader) -> MessageRead:
    """A message's status (queued, sending, sent, skipped with `skip_reason`, failed with `error`)
    and when it was sent, delivered, opened and clicked."""
    with context.read() as session:
        return service.get_message(session=session, program_id=context.program_id, message_id=message_id)


@router.get("/members/{member_id:int}/messages", response_model=MessagePage)
def list_member_messages(member_id: MemberId, context: Reader, cursor: Cursor = None,
                         limit: Limit = DEFAULT_LIMIT) -> MessagePage:
    """The messages queued for a member, newest first."""
    with context.read() as session:
        return MessagePage.of(service.member_messages(session=session, program_id=context.program_id,
                                                      member_id=member_id, before_id=cursor_key(cursor),
                                                      limit=limit))


class MessageChannels(BaseModel):
    """Every channel's rules (four channels: not a paged list)."""

    channels: list[ChannelSettingsRead]


@router.get("/message-channels", response_model=MessageChannels)
def read_message_channels(context: Reader) -> MessageChannels:
    """Each channel's frequency cap and quiet hours."""
    with context.read() as session:
        return MessageChannels(channels=service.list_channel_settings(session=session, program_id=context.program_id))


@router.put("/message-channels/{channel}", response_model=ChannelSettingsRead, responses=declared(
    '422 `invalid_value`: quiet hours need a start and an end'))
def replace_message_channel(channel: Annotated[str, Path(max_length=16)], body: ChannelSettingsWrite,
                            context: Writer) -> ChannelSettingsRead:
    """Set a channel's frequency cap (`cap_count` per `cap_days` rolling days) and quiet hours."""
    with context.write() as session:
        return service.set_channel_settings(session=session, program=context.program, channel=channel, data=body,
                                            actor=context.actor)


@router.get("/message-suppressions", response_model=SuppressionPage)
def list_message_suppressions(context: Reader, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT,
                              channel: Annotated[str | None, Query(max_length=16)] = None) -> SuppressionPage:
    """Addresses nothing is sent to."""
    with context.read() as session:
        return SuppressionPage.of(service.list_suppressions(session=session, program_id=context.program_id,
                                                            channel=channel, before_id=cursor_key(cursor),
                                                            limit=limit))


@router.post("/message-suppressions", response_model=SuppressionRead, status_code=201)
def add_message_suppression(body: SuppressionWrite, context: Writer) -> SuppressionRead:
    """Suppress an address on a channel (idempotent: an address already there keeps its reason)."""
    with context.write() as session:
        return service.add_suppression(session=session, program=context.program, data=body, actor=context.actor)


@router.delete("/message-suppressions/{suppression_id:int}", status_code=204)
def remove_message_suppression(suppression_id: Annotated[int, Path(ge=1, le=MAX_ID)], context: Writer) -> Response:
    """Take an address off the suppression list."""
    with context.write() as session:
        service.remove_suppression(session=session, program=context.program, suppression_id=suppression_id,
                                   actor=context.actor)
    return Response(status_code=204)


# --- links inside messages: no key, the token names the message ---------------------------------

# A transparent 1x1 GIF.
_PIXEL = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
_NO_STORE = {"Cache-Control": "no-store, private", "Referrer-Policy": "no-referrer"}


def _limit_per_address(request: Request) -> None:
    public_link_limiter(request).attempt(request.client.host if request.client else "unknown")


@public_router.get("/t/o/{token}")
def open_pixel(token: Token, request: Request) -> Response:
    """The open-tracking image: always the pixel, whatever the token (nothing to learn from it).
    Read only, but for a message's first open: a mail client fetching it again writes nothing."""
    _limit_per_address(request)
    with unit_of_work(get_database(request), read_only=True) as session:
        found = service.tracked_open(session=session, token=token)
    if found.to_record:
        with unit_of_work(get_database(request)) as session:
            service.record_open(session=session, token=token)
    return Response(_PIXEL, media_type="image/gif", headers=_NO_STORE)


@public_router.get("/t/c/{token}")
def click_redirect(token: Token, request: Request, link: Annotated[str, Query(alias="l", max_length=100)]) -> Response:
    """A tracked link: 302 to the address the message's link of that name holds, never anywhere
    else. Read only, but for the first click on each link (`message.clicked` once per link)."""
    _limit_per_address(request)
    with unit_of_work(get_database(request), read_only=True) as session:
        found = service.tracked_click(session=session, token=token, link=link)
    url = found.url
    if found.to_record:
        with unit_of_work(get_database(request)) as session:
            url = service.record_click(session=session, token=token, link=link)
    if url is None:
        return HTMLResponse(_page("Link not found", "This link is not valid (any more)."), status_code=404,
                            headers=_NO_STORE)
    return RedirectResponse(url, status_code=302, headers=_NO_STORE)


_TEXTS: dict[str, dict[str, str]] = {
    "en": {"title": "Unsubscribe", "ask": "Stop receiving these e-mails at {address}?", "button": "Unsubscribe",
           "done": "You are unsubscribed: no more of these messages will be sent to {address}.",
           "invalid": "This unsubscribe link is not valid."},
    "pl": {"title": "Wypisz się", "ask": "Przestać wysyłać te wiadomości na adres {address}?",
           "button": "Wypisz mnie",
           "done": "Wypisano: nie wyślemy już tych wiadomości na adres {address}.",
           "invalid": "Ten link do wypisania się jest nieprawidłowy."},
    "ru": {"title": "Отписаться", "ask": "Больше не присылать эти письма на адрес {address}?",
           "button": "Отписаться",
           "done": "Вы отписались: эти сообщения больше не будут приходить на адрес {address}.",
           "invalid": "Эта ссылка для отписки недействительна."},
}


def _page(title: str, body: str, language: str = "en") -> str:
    return (f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            f'</head><body><main style="max-width:32rem;margin:3rem auto;font-family:sans-serif;padding:0 1rem">'
            f'<h1>{escape(title)}</h1>{body}</main></body></html>')


def _texts(request: Request, language: str | None) -> tuple[str, dict[str, str]]:
    wanted = (language or request.headers.get("accept-language", "en")[:2]).lower()[:2]
    chosen = wanted if wanted in _TEXTS else "en"
    return chosen, _TEXTS[chosen]


def _secret(request: Request) -> str | None:
    """The key unsubscribe tokens are signed with; None without one (no token is valid then:
    never one signed with an empty key)."""
    secret = request.app.state.settings.security.secret_key
    return str(secret.get_secret_value()) or None if secret is not None else None


def _invalid(request: Request) -> HTMLResponse:
    chosen, texts = _texts(request, None)
    return HTMLResponse(_page(texts["title"], f"<p>{escape(texts['invalid'])}</p>", chosen), status_code=404,
                        headers=_NO_STORE)


@public_router.get("/u/{token}")
def unsubscribe_page(token: Token, request: Request) -> HTMLResponse:
    """Asks before unsubscribing: a link scanner following the link changes nothing."""
    secret = _secret(request)
    if secret is None:
        return _invalid(request)
    with unit_of_work(get_database(request), read_only=True) as session:
        target = service.unsubscribe_target(session=session, token=token, secret_key=secret)
        language = service.member_language(session=session, member_id=target.member_id) if target else None
    chosen, texts = _texts(request, language)
    if target is None:
        return HTMLResponse(_page(texts["title"], f"<p>{escape(texts['invalid'])}</p>", chosen), status_code=404,
                            headers=_NO_STORE)
    form = (f"<p>{escape(texts['ask'].format(address=target.address or ''))}</p>"
            f'<form method="post" action="/u/{escape(token)}"><button type="submit">{escape(texts["button"])}'
            f"</button></form>")
    return HTMLResponse(_page(texts["title"], form, chosen), headers=_NO_STORE)


@public_router.post("/u/{token}")
def unsubscribe(token: Token, request: Request) -> HTMLResponse:
    """Withdraws the consent for the message's channel: the form's button and mail clients'
    one-click unsubscribe (RFC 8058, `List-Unsubscribe=One-Click`) both post here."""
    secret = _secret(request)
    if secret is None:
        return _invalid(request)
    with unit_of_work(get_database(request)) as session:
        target = service.unsubscribe(session=session, token=token, secret_key=secret)
        language = service.member_language(session=session, member_id=target.member_id) if target else None
    chosen, texts = _texts(request, language)
    if target is None:
        return HTMLResponse(_page(texts["title"], f"<p>{escape(texts['invalid'])}</p>", chosen), status_code=404,
                            headers=_NO_STORE)
    return HTMLResponse(_page(texts["title"], f"<p>{escape(texts['done'].format(address=target.address or ''))}</p>",
                              chosen), headers=_NO_STORE)


