"""What a PDF reader shows of a document: its text, read back through the fonts' Unicode maps."""

from __future__ import annotations

import io

import pypdf


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def pdf_subject(pdf: bytes) -> str | None:
    metadata = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    return metadata.subject if metadata else None
