"""Rendering message templates in Jinja2's sandbox.

Template authors are staff, not developers: the sandbox refuses attribute tricks that reach
Python internals, and the HTML body is autoescaped so a member's name cannot inject markup.
Links are written `{{ link('accessories', 'https://shop.example/accessories') }}`: the call
records the link under its name and puts the click-tracking address in its place, so a click
carries the link's name and can only ever lead to the address the template gave.

Templates are bounded in size and work, so that a template saved by mistake (or on purpose)
cannot take a worker's memory or CPU: `*` and `**` are checked before they run (no exponent
over MAX_EXPONENT, no number over MAX_DIGITS digits, no text or list over MAX_SEQUENCE items),
padding widths (`center`, `ljust`, `indent`, …) and format widths are bounded the same way,
`lipsum` is not offered, and a render stops once its output passes MAX_OUTPUT characters.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from loyalty.kernel.errors import Invalid

_CACHE_SIZE = 512

MAX_EXPONENT = 100
MAX_DIGITS = 1_000_000
MAX_SEQUENCE = 100_000  # characters of a text, items of a list, a padding width
MAX_OUTPUT = 1_000_000  # characters one render (subject, text and HTML together) may produce
_MAX_BITS = int(MAX_DIGITS * 3.33)
# Methods and filters whose integer argument is a width the result grows to.
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_WIDTH_FILTERS = ("center", "indent", "wordwrap", "truncate")
_FORMAT_WIDTH = re.compile(r"\d{6,}")  # a width or precision of 100,000 or more in a format


def _refuse(message: str) -> SecurityError:
    return SecurityError(f"{message} (templates are limited in size)")


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple) else None


def _check_binop(operator: str, left: Any, right: Any) -> None:
    numbers = all(isinstance(side, int | float) and not isinstance(side, bool) for side in (left, right))
    if operator == "**" and numbers:
        if abs(right) > MAX_EXPONENT:
            raise _refuse(f"an exponent over {MAX_EXPONENT}")
        if isinstance(left, int) and isinstance(right, int) and abs(left).bit_length() * abs(right) > _MAX_BITS:
            raise _refuse(f"a number over {MAX_DIGITS:,} digits")
    elif operator == "*":
        if isinstance(left, int) and isinstance(right, int) and not numbers:
            return  # True * 3: plain
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > _MAX_BITS:
                raise _refuse(f"a number over {MAX_DIGITS:,} digits")
            return
        for sequence, times in ((left, right), (right, left)):
            size = _sized(sequence)
            if size is not None and isinstance(times, int) and size * times > MAX_SEQUENCE:
                raise _refuse(f"a text or list over {MAX_SEQUENCE:,} long")
    elif operator == "%" and isinstance(left, str) and _FORMAT_WIDTH.search(left):
        raise _refuse("a format width over 99,999")


def _check_width(name: str, args: Iterable[Any]) -> None:
    if any(isinstance(arg, int) and arg > MAX_SEQUENCE for arg in args):
        raise _refuse(f"{name}() wider than {MAX_SEQUENCE:,}")


def _bounded_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_width(name, [*args, *kwargs.values()])
        return original(value, *args, **kwargs)

    return bounded


class _BoundedSandbox(SandboxedEnvironment):
    """The sandbox with the size limits of this module's docstring."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)  # lipsum(n=10**9) would write a book
        for name in _WIDTH_FILTERS:
            self.filters[name] = _bounded_filter(name, self.filters[name])
        format_filter = self.filters["format"]

        def bounded_format(value: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(value, str) and _FORMAT_WIDTH.search(value):
                raise _refuse("a format width over 99,999")
            return format_filter(value, *args, **kwargs)

        self.filters["format"] = bounded_format

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - as Jinja's
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(method, "__self__", None)
        name = getattr(method, "__name__", "")
        if isinstance(owner, str):
            if name in _WIDTH_METHODS:
                _check_width(name, [*args, *kwargs.values()])
            elif name in ("format", "format_map") and _FORMAT_WIDTH.search(owner):
                raise _refuse("a format width over 99,999")
            elif name in ("join", "replace"):
                items = list(args[0]) if name == "join" and args else []
                if name == "join":
                    args = (items, *args[1:])
                    size = sum(_sized(item) or 0 for item in items) + len(owner) * len(items)
                else:
                    size = len(owner) * (1 + max(len(str(arg)) for arg in args[1:2] or [""])) if args else 0
                if size > MAX_OUTPUT:
                    raise _refuse(f"a text over {MAX_OUTPUT:,} long")
        return super().call(__context, __obj, *args, **kwargs)


class TemplateProblem(Exception):
    """A template that does not compile or render; `part` names which (subject, html_body, text_body)."""

    def __init__(self, part: str, message: str, line: int | None = None) -> None:
        super().__init__(f"{part}: {message}" if line is None else f"{part}, line {line}: {message}")
        self.part = part
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Texts:
    subject: str
    html_body: str
    text_body: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str | None
    text: str
    links: dict[str, str]


class Renderer:
    """Compiled templates are kept (by their source) across messages: a campaign compiles each once."""

    def __init__(self) -> None:
        self._html = _BoundedSandbox(autoescape=True)
        self._plain = _BoundedSandbox(autoescape=False)
        self._compiled: dict[tuple[bool, str], Any] = {}
        self._lock = threading.Lock()

    def _template(self, source: str, *, html: bool, part: str) -> Any:
        key = (html, source)
        compiled = self._compiled.get(key)
        if compiled is None:
            try:
                compiled = (self._html if html else self._plain).from_string(source)
            except TemplateSyntaxError as error:  # also an unknown filter or test (TemplateAssertionError)
                raise TemplateProblem(part, str(error), line=error.lineno) from error
            except TemplateError as error:
                raise TemplateProblem(part, str(error)) from error
            with self._lock:
                if len(self._compiled) >= _CACHE_SIZE:
                    self._compiled.clear()
                self._compiled[key] = compiled
        return compiled

    def check(self, texts: Texts) -> None:
        """Raise Invalid naming the part that does not compile, and the line (`details["line"]`)."""
        for part, source, html in (("subject", texts.subject, False), ("html_body", texts.html_body, True),
                                   ("text_body", texts.text_body, False)):
            try:
                self._template(source, html=html, part=part)
            except TemplateProblem as problem:
                where = "" if problem.line is None else f" (line {problem.line})"
                raise Invalid(f"The {part.replace('_', ' ')} does not compile{where}: {problem.message}",
                              code="template_invalid", field=part,
                              details={"line": problem.line, "problem": problem.message}) from problem

    def render(self, texts: Texts, variables: dict[str, Any], *,
               click_url: Callable[[str, str], str] | None = None, open_pixel_url: str | None = None) -> Rendered:
        """`click_url(name, url)` gives the tracking address a link is replaced by (None: the
        address itself, as in a preview); `open_pixel_url` adds the 1x1 open-tracking image."""
        links: dict[str, str] = {}

        def link(name: object, url: object) -> str:
            name_text, url_text = str(name), str(url)
            if urlsplit(url_text).scheme not in ("http", "https") or not name_text or len(name_text) > 100:
                raise TemplateProblem("link", f"link({name_text!r}, {url_text!r}) needs a name and an http(s) URL")
            links[name_text] = url_text
            return click_url(name_text, url_text) if click_url else url_text

        values = {**variables, "link": link}
        budget = [MAX_OUTPUT]

        def bounded(template: Any, part: str) -> str:
            # Generated piece by piece, so an endless loop of output stops at the limit.
            pieces: list[str] = []
            for piece in template.generate(values):
                budget[0] -= len(piece)
                if budget[0] < 0:
                    raise TemplateProblem(part, f"the message is over {MAX_OUTPUT:,} characters")
                pieces.append(piece)
            return "".join(pieces)

        try:
            subject = bounded(self._template(texts.subject, html=False, part="subject"), "subject").strip()
            text = bounded(self._template(texts.text_body, html=False, part="text_body"), "text_body")
            html = None
            if texts.html_body.strip():
                html = bounded(self._template(texts.html_body, html=True, part="html_body"), "html_body")
        except TemplateProblem:
            raise
        except Exception as error:  # noqa: BLE001 - a sandbox refusal, an undefined call, a bad filter
            raise TemplateProblem("render", f"{type(error).__name__}: {error}") from error
        if html is not None and open_pixel_url:
            pixel = f'<img src="{open_pixel_url}" width="1" height="1" alt="" style="display:block">'
            html = html.replace("</body>", pixel + "</body>", 1) if "</body>" in html else html + pixel
        return Rendered(subject=" ".join(subject.split()), html=html, text=text, links=links)


def click_path(token: str, name: str) -> str:
    return f"/t/c/{token}?l={quote(name, safe='')}"
