"""The one helper every JSON data island of the pages goes through."""

from __future__ import annotations

import json

from loyalty.web.pages.templating import environment, json_island


def test_no_text_in_the_data_can_end_or_bend_the_script_element() -> None:
    data = {"labels": ["<!--<script>", "</script><img src=x onerror=alert(1)>", "A & B", "line\u2028break"]}
    text = str(json_island(data))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


def test_the_filter_is_not_escaped_again_by_the_template() -> None:
    template = environment("en").from_string('<script type="application/json">{{ data|json_island }}</script>')
    html = template.render(data={"name": "<b>\"x\"</b>"})
    assert html == '<script type="application/json">{"name":"\\u003cb\\u003e\\"x\\"\\u003c/b\\u003e"}</script>'
