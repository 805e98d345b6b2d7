"""Values the pages keep in signed cookies (web/pages/signing.py): read back only by a signer
of the same key and purpose, and never when changed."""

from __future__ import annotations

from loyalty.web.pages.signing import Signer

KEY = "k" * 40


def test_a_signed_value_reads_back_as_it_was() -> None:
    signer = Signer(KEY, b"test.v1")

    assert signer.load(signer.dump({"v": 7, "c": "token", "e": 1})) == {"v": 7, "c": "token", "e": 1}


def test_another_purpose_or_key_does_not_read_it() -> None:
    signed = Signer(KEY, b"notice.v1").dump("You have signed out.")

    assert Signer(KEY, b"gift-session.v1").load(signed) is None
    assert Signer("x" * 40, b"notice.v1").load(signed) is None


def test_a_changed_payload_or_signature_and_garbage_read_as_nothing() -> None:
    signer = Signer(KEY, b"test.v1")
    payload, signature = signer.dump({"v": 7}).split(".")
    forged_payload = Signer(KEY, b"test.v1").dump({"v": 8}).split(".")[0]

    assert signer.load(f"{forged_payload}.{signature}") is None
    assert signer.load(f"{payload}.{signature[:-1]}") is None
    for garbage in (None, "", "no-dot", "a.b.c", "!!.??"):
        assert signer.load(garbage) is None
