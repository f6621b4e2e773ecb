"""Regenerate docs/screenshots/decision-grant.png and decision-refuse.png.

    .venv/bin/python tests/signing/make_screenshots.py

Renders the sample grant and refusal (tests/signing/sample_*.json), seals
them with a throw-away test PKI (TEST ONLY: generated here, never saved), and
renders page 1 at 60 dpi with pypdfium2.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from backoffice.signing.documents import DocumentData
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.render import render_document
from backoffice.signing.seal import seal_pdf
from backoffice.signing.testpki import TestPki

NUMBERS = {"grant": "长市监许准字〔2025〕第0187号", "refuse": "长市监许不字〔2025〕第0012号"}


def main(out_dir: Path = REPO / "docs" / "screenshots") -> list[Path]:
    import tempfile

    import pypdfium2

    out_dir.mkdir(parents=True, exist_ok=True)
    pki = TestPki.generate()
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        p12 = Path(tmp) / "seal.p12"
        p12.write_bytes(pki.pkcs12(pki.seals["MSA-220100"], b"screenshot"))
        provider = Pkcs12Provider(p12, b"screenshot")
        for kind, number in NUMBERS.items():
            data = DocumentData.from_json_file(HERE / f"sample_{kind}.json")
            data = dataclasses.replace(data, document_number=number)
            sealed = seal_pdf(render_document(data), provider)
            pdf = pypdfium2.PdfDocument(sealed.pdf)
            pdf.init_forms()  # the seal is a widget annotation: draw it too
            try:
                image = pdf[0].render(scale=60 / 72, may_draw_forms=True).to_pil()
            finally:
                pdf.close()
            path = out_dir / f"decision-{kind}.png"
            image.save(path)
            written.append(path)
    return written


if __name__ == "__main__":
    for path in main():
        print(path)
