"""Decision documents, e-seals, verification of signed PDFs, the archive package.

No Qt here (``tests/test_layering.py``). The parts, each in its module:

- :mod:`.documents` — the input of a decision document and its templates
  (``resources/documents/*.toml``); :mod:`.layout` lays it out per GB/T 9704
  and renders the PDF with reportlab and the embedded WenQuanYi font.
- :mod:`.sealimage` draws the red round seal with Pillow.
- :mod:`.providers` — where the signing key is: a PKCS#12 file, a PKCS#11
  token (the platform's signing service comes with issue #10).
- :mod:`.seal` applies the PAdES seal (B-B offline; B-T/B-LT/B-LTA with a TSA).
- :mod:`.verify` checks any signed PDF and gives a plain verdict.
- :mod:`.archive` builds and checks the sealed archive package.
- :mod:`.testpki` — TEST ONLY: a PKI, a TSA and a CRL server for tests and the sandbox.

See ``docs/signing.md``.
"""
