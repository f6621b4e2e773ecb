"""The demo materials' files: well-formed PNGs, drawn lazily, one page from its recipe."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zlib
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from backoffice.domain.errors import BackofficeError
from backoffice.sandbox.demo import files as demo_files
from backoffice.sandbox.demo import fonts as demo_fonts
from backoffice.sandbox.demo.files import MaterialImages, Recipe
from backoffice.sandbox.demo_data import DemoData, DemoFiles, find_cjk_font, generate

TODAY = dt.date(2025, 6, 16)


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(cases=60, seed=7, today=TODAY)


def test_every_material_has_a_png_behind_it(data: DemoData) -> None:
    assert len(data.files) == len({m.file_sha256 for m in data.materials})
    for material in data.materials:
        assert material.file_sha256 is not None and material.file_sha256 in data.files
    for material in data.materials[::7]:
        assert material.file_sha256 is not None
        blob = data.files[material.file_sha256]
        assert hashlib.sha256(blob).hexdigest() == material.file_sha256
        with Image.open(io.BytesIO(blob)) as image:
            image.load()
            assert image.size == (600, 850)
        assert 2_000 < len(blob) < 60_000
    # the files of two cases never coincide, even for the same material
    names = Counter(m.name for m in data.materials)
    common = names.most_common(1)[0][0]
    assert len({m.file_sha256 for m in data.materials if m.name == common}) == names[common]


def _png_chunks(blob: bytes) -> dict[bytes, bytes]:
    """The chunks of a PNG, each CRC checked (Pillow does not check every one)."""
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, bytes] = {}
    pos = 8
    while pos < len(blob):
        size = int.from_bytes(blob[pos:pos + 4], "big")
        kind, body = blob[pos + 4:pos + 8], blob[pos + 8:pos + 8 + size]
        crc = int.from_bytes(blob[pos + 8 + size:pos + 12 + size], "big")
        assert zlib.crc32(kind + body) == crc, kind
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + size
    return chunks


def test_hand_assembled_png_is_well_formed(data: DemoData) -> None:
    for material in data.materials[:: len(data.materials) // 25]:
        assert material.file_sha256 is not None
        chunks = _png_chunks(data.files[material.file_sha256])
        assert list(chunks) == [b"IHDR", b"tEXt", b"IDAT", b"IEND"]
        pixels = zlib.decompress(chunks[b"IDAT"])  # checks the combined Adler-32
        assert len(pixels) == 850 * (1 + 600 // 8)


def test_walking_the_files_gives_every_file_once(data: DemoData) -> None:
    seen = 0
    for sha, blob in data.files.items():
        assert hashlib.sha256(blob).hexdigest() == sha
        seen += 1
    assert seen == len(data.files)


def test_files_mapping_is_lazy(data: DemoData, monkeypatch: pytest.MonkeyPatch) -> None:
    files = data.files
    assert isinstance(files, DemoFiles)

    def boom(*_: object) -> bytes:
        raise AssertionError("rendered")

    monkeypatch.setattr(demo_files.MaterialImages, "png", boom)
    assert data.materials[0].file_sha256 in files and "0" * 64 not in files
    assert len(files) > 0 and files == data.files


def test_one_page_from_its_recipe_is_the_generators_file(data: DemoData) -> None:
    images = MaterialImages(find_cjk_font())  # a fresh drawer, as in a restarted server
    applicants = {c.case_code: c.applicant.name for c in data.cases}
    for material in data.materials[::9]:
        recipe = Recipe(material.name, material.case_code, applicants[material.case_code])
        assert hashlib.sha256(images.page(recipe)).hexdigest() == material.file_sha256


def test_a_corrected_page_is_a_new_file_differing_only_in_its_head(data: DemoData) -> None:
    images = MaterialImages(find_cjk_font())
    material = data.materials[0]
    applicant = next(c.applicant.name for c in data.cases if c.case_code == material.case_code)
    plain = images.page(Recipe(material.name, material.case_code, applicant))
    corrected = images.page(Recipe(material.name, material.case_code, applicant, TODAY))
    later = images.page(Recipe(material.name, material.case_code, applicant,
                               TODAY + dt.timedelta(days=1)))
    assert len({plain, corrected, later}) == 3  # a new hash for every supply
    with Image.open(io.BytesIO(plain)) as a, Image.open(io.BytesIO(corrected)) as b:
        top = demo_files.HEAD_ROWS
        assert a.size == b.size == (600, 850)
        assert a.crop((0, top, 600, 850)).tobytes() == b.crop((0, top, 600, 850)).tobytes()
        assert a.crop((0, 0, 600, top)).tobytes() != b.crop((0, 0, 600, top)).tobytes()


# -- fonts and checksums ---------------------------------------------------------------

def test_adler32_combine_matches_zlib() -> None:
    parts = [b"", b"a", b"\xff" * 70_000, bytes(range(256)) * 300, b"OneVisit"]
    for a in parts:
        for b in parts:
            combined = demo_files.adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b))
            assert combined == zlib.adler32(a + b)


def test_missing_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    monkeypatch.setenv(demo_fonts.ENV_FONT, str(tmp_path / "none.ttf"))
    monkeypatch.setattr(demo_fonts, "_KNOWN_FONTS", ())
    monkeypatch.setattr(demo_fonts, "_WINDOWS_FONTS", ())
    monkeypatch.setattr(demo_fonts, "_fc_match", lambda query: None)
    with pytest.raises(BackofficeError) as caught:
        find_cjk_font()
    assert caught.value.code == "sandbox.no_cjk_font"
    assert "none.ttf" in caught.value.params["searched"]
    assert "fc-match" in caught.value.params["searched"]


def test_font_override_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    font = find_cjk_font()
    monkeypatch.setenv(demo_fonts.ENV_FONT, str(font))
    monkeypatch.setattr(demo_fonts, "_KNOWN_FONTS", ())
    assert find_cjk_font() == font
