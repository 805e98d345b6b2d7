"""Templates cannot take a worker's memory or CPU: each of these stops at once with a problem
naming the limit, where it would otherwise build gigabytes or run for hours."""

from __future__ import annotations

import time

import pytest

from loyalty.messaging.rendering import MAX_OUTPUT, Renderer, TemplateProblem, Texts

HEAVY = [
    "{{ 'x' * 10**10 }}",
    "{{ 'x' * 10000000000 }}",
    "{{ ['x'] * 10000000000 }}",
    "{{ 9**(9**9) }}",
    "{{ (10**100000) * (10**100000) }}",
    "{{ 'x'.ljust(10000000000) }}",
    "{{ 'x'|center(10000000000) }}",
    "{{ 'x'|indent(10000000000, true) }}",
    "{{ '%10000000000s'|format('x') }}",
    "{{ '%10000000000s' % 'x' }}",
    "{{ '{:>10000000000}'.format('x') }}",
    "{{ lipsum(10000000) }}",
    "{{ ('x' * 100000).replace('', 'y' * 100000) }}",
    "{{ ('x' * 100000).join(['y'] * 100000) }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}",
]


@pytest.mark.parametrize("source", HEAVY)
def test_a_heavy_template_compiles_quickly_and_fails_at_once_when_rendered(source: str) -> None:
    renderer = Renderer()
    started = time.monotonic()
    renderer.check(Texts("Hello", "", source))  # saving it: compiled, nothing computed

    with pytest.raises(TemplateProblem):
        renderer.render(Texts("Hello", "", source), {})
    assert time.monotonic() - started < 2


def test_the_output_of_one_render_is_capped() -> None:
    source = "{% for i in range(100000) %}{{ 'x' * 20 }}{% endfor %}"  # 2,000,000 characters

    with pytest.raises(TemplateProblem) as problem:
        Renderer().render(Texts("Hello", source, source), {})
    assert f"over {MAX_OUTPUT:,} characters" in str(problem.value)


def test_ordinary_arithmetic_and_formatting_still_work() -> None:
    source = ("{{ 2 ** 10 }} {{ 'ab' * 3 }} {{ '{:,}'.format(1234567) }} {{ [1, 2] * 2 }} {{ 7 % 3 }} "
              "{{ '%05d' % 42 }} {{ 'x'|center(5) }}|{{ '-' * 20 }} {{ 1.5 * 2 }} {{ 'a'.ljust(3) }}|")

    rendered = Renderer().render(Texts("Hello", "", source), {})

    assert rendered.text == "1024 ababab 1,234,567 [1, 2, 1, 2] 1 00042   x  |-------------------- 3.0 a  |"
