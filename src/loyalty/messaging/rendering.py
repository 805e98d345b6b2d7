"""Rendering message templates in Jinja2's sandbox.

Template authors are staff, not developers: the sandbox refuses attribute tricks that reach
Python internals, and the HTML body is autoescaped so a member's name cannot inject markup.
Links are written `{{ link('accessories', 'https://shop.example/accessories') }}`: the call
records the link under its name and puts the click-tracking address in its place, so a click
carries the link's name and can only ever lead to the address the template gave.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from loyalty.kernel.errors import Invalid

_CACHE_SIZE = 512


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
        self._html = SandboxedEnvironment(autoescape=True)
        self._plain = SandboxedEnvironment(autoescape=False)
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
        try:
            subject = self._template(texts.subject, html=False, part="subject").render(values).strip()
            text = self._template(texts.text_body, html=False, part="text_body").render(values)
            html = None
            if texts.html_body.strip():
                html = self._template(texts.html_body, html=True, part="html_body").render(values)
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
