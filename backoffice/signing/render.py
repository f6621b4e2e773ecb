"""A decision document from its data to a printable PDF with a place for the seal."""

from __future__ import annotations

import io
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields

from backoffice.signing.documents import DocumentData, fill
from backoffice.signing.layout import LaidOut, layout
from backoffice.signing.seal import SEAL_FIELD


def render_document(data: DocumentData, *, template_dir: Path | None = None) -> bytes:
    """The PDF of ``data``: laid out per GB/T 9704, with an empty seal field where the seal goes.

    The field is what tells :func:`~backoffice.signing.seal.seal_pdf` where
    GB/T 9704 puts the seal (over the issuing body's name and the date).
    """
    laid = render_layout(data, template_dir=template_dir)
    writer = IncrementalPdfFileWriter(io.BytesIO(laid.pdf), strict=False)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(SEAL_FIELD, on_page=laid.seal.page, box=laid.seal.box))
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]  # pyHanko: no hints here
    return out.getvalue()


def render_layout(data: DocumentData, *, template_dir: Path | None = None) -> LaidOut:
    return layout(fill(data, template_dir=template_dir))
