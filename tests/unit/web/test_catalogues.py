"""Every text a page shows is translated into Polish and Russian, and the translations reach
the pages."""

from __future__ import annotations

from loyalty.web.pages.catalogues import untranslated
from loyalty.web.pages.templating import render_template


def test_every_text_of_every_face_is_translated() -> None:
    missing = untranslated()
    assert not missing, ("Untranslated texts (python -m loyalty.web.pages.catalogues update, then fill them):\n"
                         + "\n".join(missing))


def test_a_page_speaks_the_language_it_is_rendered_in() -> None:
    context = {"me": None, "csrf_token": "", "path": "/admin/sign-in", "query": "", "notice": None, "htmx": False,
               "face": "admin", "error": None, "email": "", "next": "", "pre_token": "t"}
    polish = render_template("pl", "pages/staff_sign_in.html", context)
    russian = render_template("ru", "pages/staff_sign_in.html", context)
    assert '<html lang="pl">' in polish and "Zaloguj się" in polish and "Hasło" in polish
    assert '<html lang="ru">' in russian and "Войти" in russian and "Пароль" in russian
