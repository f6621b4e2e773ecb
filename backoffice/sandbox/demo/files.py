"""The small PNG behind every demo material, and the CJK font that draws it.

Design (why the PNG is assembled by hand). Each material's file shows the
material name, the case code, the applicant and the word 演示材料, so no two
cases share a file; and the material's ``file_sha256`` must be the hash of the
exact bytes, known when the material is made. 20,000 cases have ~160,000
materials; drawing each page with Pillow and deflating its 65 KB of pixels
would take minutes. So the page is a 1-bit greyscale PNG (600×850, ~5 KB)
cut into three bands of rows:

- the **head** (title 演示材料, the material name): drawn once per material
  name with Pillow and deflated once;
- the **strip** (case code and applicant): composed from cached glyph
  bitmaps (cells are whole bytes wide, so a row is a ``bytes.join``); only
  the case-code line is new per case, the applicant's lines are cached;
- the **tail** (a blank form, a 演示专用章 stamp, the disclaimer): drawn and
  deflated once.

Each band (and each line of the strip) is an independent raw-deflate piece
ended on a byte boundary (``Z_SYNC_FLUSH``), so the pieces concatenate into
one valid zlib stream; its
Adler-32 is combined from the bands' checksums (:func:`adler32_combine`,
zlib's own formula) without touching the pixels again. A file then costs a
concatenation, a CRC and a SHA-256 of ~5 KB. Bytes are never kept: the
:class:`DemoFiles` mapping rebuilds a file from its recipe when asked, which
is the same code path, hence the same bytes and hash. A :class:`Recipe`
(material name, case code, applicant) is all one page needs, so the server
draws a single page on request (:meth:`MaterialImages.page`), never the
whole data set.

A material the applicant supplied again after a correction notice gets a
*corrected* page (``Recipe.corrected_on``): titled 演示材料（补正件） with the
day it came in, so it is a new file with a new hash.

The bytes depend on the font file: the same seed gives the same hashes on
machines with the same font, not across fonts.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import threading
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from backoffice.sandbox.demo.fonts import ENV_FONT, find_cjk_font

__all__ = ["ENV_FONT", "DemoFiles", "MaterialImages", "Recipe", "adler32_combine",
           "find_cjk_font", "sha256"]

WIDTH, HEIGHT = 600, 850  # A4 proportions (1 : 1.414), small
_ROW = WIDTH // 8  # bytes per 1-bit row
HEAD_ROWS, STRIP_ROWS = 330, 120
TAIL_ROWS = HEIGHT - HEAD_ROWS - STRIP_ROWS
_MARGIN_X = 48  # text starts here (a whole byte: 6)
_FRAME = (20, 20, WIDTH - 21, HEIGHT - 21)
_STRIP_FONT, _STRIP_LINES, _LINE_PITCH = 21, 3, 35
_WRAP_AT = 19  # Chinese characters on a strip line
_STRIP_TOP = 8  # blank rows above the first line
_CACHE_LIMIT = 50_000  # memoised text runs and applicants: bounded, a few MB
_ZLIB_HEADER = b"\x78\xda"  # deflate, 32K window, "maximum compression" hint
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ADLER_BASE = 65521
def adler32_combine(adler1: int, adler2: int, len2: int) -> int:
    """Adler-32 of ``a + b`` from ``adler32(a)``, ``adler32(b)`` and ``len(b)`` (zlib's formula)."""
    rem = len2 % _ADLER_BASE
    lo1, hi1 = adler1 & 0xFFFF, adler1 >> 16
    lo2, hi2 = adler2 & 0xFFFF, adler2 >> 16
    lo = (lo1 + lo2 + _ADLER_BASE - 1) % _ADLER_BASE
    hi = (rem * lo1 + hi1 + hi2 + _ADLER_BASE - rem) % _ADLER_BASE
    return lo | (hi << 16)


@dataclass(frozen=True, slots=True)
class _Band:
    """Rows of the page as one raw-deflate piece, with what the zlib trailer needs."""

    deflated: bytes
    adler: int
    raw_length: int


def _band(rows: Sequence[bytes], *, last: bool, level: int = 9) -> _Band:
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 (None) per row
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    deflated = packer.compress(raw) + packer.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
    return _Band(deflated, zlib.adler32(raw), len(raw))


def _join(bands: Sequence[_Band]) -> _Band:
    """Consecutive pieces as one: deflate pieces concatenate, checksums combine."""
    adler, length = bands[0].adler, bands[0].raw_length
    for band in bands[1:]:
        adler = adler32_combine(adler, band.adler, band.raw_length)
        length += band.raw_length
    return _Band(b"".join(b.deflated for b in bands), adler, length)


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(data, zlib.crc32(kind))
    return len(data).to_bytes(4, "big") + kind + data + crc.to_bytes(4, "big")


def _rows(image: Image.Image) -> list[bytes]:
    data = image.tobytes()  # mode "1": 8 pixels a byte, MSB first, 1 = white, as PNG wants
    return [data[y * _ROW:(y + 1) * _ROW] for y in range(image.height)]


def _tokens(text: str) -> Iterator[str]:
    """Characters, ASCII ones in pairs (a digit is half a cell, a pair fills one),
    a following hyphen or dot joined to its pair so it leaves no gap."""
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        step = 2 if len(pair) == 2 and pair.isascii() else 1
        if step == 2 and text[i + 2:i + 3] in ("-", ".", ":", "/"):
            step = 3
        yield text[i:i + step]
        i += step


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, line = [], ""
    for char in text:
        if line and font.getlength(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


@dataclass(frozen=True, slots=True)
class Recipe:
    """What one page shows, hence all it takes to draw it again."""

    material_name: str
    case_code: str
    applicant: str
    corrected_on: dt.date | None = None  # a page supplied after a correction notice


_HEADER = _PNG_SIGNATURE + _chunk(
    b"IHDR", WIDTH.to_bytes(4, "big") + HEIGHT.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
) + _chunk(b"tEXt", b"Comment\x00OneVisit sandbox demo material - fictional data, no legal effect")
_IEND = _chunk(b"IEND", b"")


class MaterialImages:
    """Draws the pages; bands and glyphs are cached, so a page is cheap after the first."""

    def __init__(self, font_path: Path) -> None:
        self.font_path = font_path
        path = str(font_path)
        self._title = ImageFont.truetype(path, 44)
        self._name = ImageFont.truetype(path, 28)
        self._small = ImageFont.truetype(path, 18)
        self._strip_font = ImageFont.truetype(path, _STRIP_FONT)
        ascent, descent = self._strip_font.getmetrics()
        self._glyph_height = ascent + descent
        self._glyphs: dict[str, tuple[bytes, ...]] = {}
        self._parts: dict[str, tuple[bytes, ...]] = {}
        self._applicants: dict[str, list[_Band]] = {}
        # FreeType faces are not safe to share between threads, and a server may ask
        # for files from several at once; caches are dicts, safe under the GIL.
        self._lock = threading.Lock()
        blank = Image.new("1", (WIDTH, 1), 1)
        ImageDraw.Draw(blank).line([(_FRAME[0], 0), (_FRAME[0] + 1, 0)], fill=0)
        ImageDraw.Draw(blank).line([(_FRAME[2] - 1, 0), (_FRAME[2], 0)], fill=0)
        self._blank_row = blank.tobytes()
        self._top = _band([self._blank_row] * _STRIP_TOP, last=False)
        self._bottom = {n: _band([self._blank_row] * (STRIP_ROWS - _STRIP_TOP - n * _LINE_PITCH),
                                 last=False) for n in (1, 2, _STRIP_LINES)}
        self._tail = self._draw_tail()

    def _page(self, rows: int, top: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        """A white band of the page starting at page row ``top``, with the frame drawn."""
        image = Image.new("1", (WIDTH, rows), 1)
        draw = ImageDraw.Draw(image)
        x0, y0, x1, y1 = _FRAME
        draw.rectangle((x0, y0 - top, x1, y1 - top), outline=0, width=2)
        return image, draw

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one instance per generate(); bounded
    def _head(self, material_name: str, corrected_on: dt.date | None = None) -> _Band:
        with self._lock:
            return self._draw_head(material_name, corrected_on)

    def _draw_head(self, material_name: str, corrected_on: dt.date | None = None) -> _Band:
        image, draw = self._page(HEAD_ROWS, 0)
        title, subtitle = "演示材料", "DEMO · 虚构数据 · 不具法律效力"
        if corrected_on is not None:
            title = "演示材料（补正件）"
            subtitle = (f"补正件 · {corrected_on.year}年{corrected_on.month}月{corrected_on.day}日"
                        "重新提交 · 虚构数据 · 不具法律效力")
        draw.text((WIDTH // 2, 78), title, font=self._title, fill=0, anchor="mm")
        draw.text((WIDTH // 2, 124), subtitle, font=self._small, fill=0, anchor="mm")
        draw.line([(_MARGIN_X, 152), (WIDTH - _MARGIN_X, 152)], fill=0, width=2)
        draw.text((_MARGIN_X, 172), "材料名称：", font=self._small, fill=0)
        lines = _wrap(material_name, self._name, WIDTH - 2 * _MARGIN_X)[:3]
        for i, line in enumerate(lines):
            draw.text((_MARGIN_X, 202 + 38 * i), line, font=self._name, fill=0)
        return _band(_rows(image), last=False)

    def _draw_tail(self) -> _Band:
        image, draw = self._page(TAIL_ROWS, HEAD_ROWS + STRIP_ROWS)
        draw.line([(_MARGIN_X, 8), (WIDTH - _MARGIN_X, 8)], fill=0, width=2)
        for i in range(6):  # the blank lines of a form
            y = 60 + 44 * i
            draw.line([(_MARGIN_X, y), (WIDTH - _MARGIN_X, y)], fill=0, width=1)
        draw.text((_MARGIN_X, 24), "（以下内容为演示占位）", font=self._small, fill=0)
        cx, cy, r = WIDTH - 150, 300, 56  # a stamp that is plainly not a real seal
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=0, width=3)
        draw.text((cx, cy), "演示专用章", font=self._small, fill=0, anchor="mm")
        footer = "本文件由沙箱平台生成，仅供演示与培训，不具法律效力"
        draw.text((WIDTH // 2, TAIL_ROWS - 48), footer, font=self._small, fill=0, anchor="mm")
        return _band(_rows(image), last=True)

    def _glyph(self, token: str) -> tuple[bytes, ...]:
        """The rows of ``token`` drawn in a cell a whole number of bytes wide."""
        rows = self._glyphs.get(token)
        if rows is None:
            with self._lock:
                cell = max(8, -(-int(self._strip_font.getlength(token) + 0.999) // 8) * 8)
                image = Image.new("1", (cell, self._glyph_height), 1)
                ImageDraw.Draw(image).text((0, 0), token, font=self._strip_font, fill=0)
            data, width = image.tobytes(), cell // 8
            rows = tuple(data[y * width:(y + 1) * width] for y in range(self._glyph_height))
            self._glyphs[token] = rows
        return rows

    def _part(self, text: str) -> tuple[bytes, ...]:
        """Rows of a run of text, glyph cells side by side; memoised (labels, code prefixes)."""
        rows = self._parts.get(text)
        if rows is None:
            glyphs = [self._glyph(token) for token in _tokens(text)]
            rows = tuple(map(b"".join, zip(*glyphs, strict=True))) if glyphs \
                else (b"",) * self._glyph_height
            if len(self._parts) < _CACHE_LIMIT:
                self._parts[text] = rows
        return rows

    def _line(self, *parts: str) -> _Band:
        """One line of the strip and the gap below it, as a deflate piece."""
        start, room = _MARGIN_X // 8, (_FRAME[2] - 8 - _MARGIN_X) // 8
        runs = [self._part(p) for p in parts]
        if sum(len(r[0]) for r in runs) > room:  # too long: cut and end with "…"
            text = "".join(parts)
            while text and len(self._part(text + "…")[0]) > room:
                text = text[:-1]
            runs = [self._part(text + "…")]
        blank = self._blank_row
        left, width = blank[:start], sum(len(r[0]) for r in runs)
        right = blank[start + width:]
        rows = [b"".join((left, *cells, right)) for cells in zip(*runs, strict=True)]
        rows += [blank] * (_LINE_PITCH - self._glyph_height)
        return _band(rows, last=False, level=1)  # per case: speed over bytes

    def _applicant_lines(self, applicant: str) -> list[_Band]:
        """The applicant's lines, wrapped keeping the fictional marker （虚构） whole; memoised."""
        lines = self._applicants.get(applicant)
        if lines is None:
            label, text = "申请人：", applicant
            if len(label + text) <= _WRAP_AT:
                lines = [self._line(label, text)]
            else:
                cut = text.rfind("（", 0, _WRAP_AT - len(label) + 1)
                cut = cut if cut > 0 else _WRAP_AT - len(label)
                lines = [self._line(label, text[:cut]), self._line("　" * len(label), text[cut:])]
            if len(self._applicants) < _CACHE_LIMIT:
                self._applicants[applicant] = lines
        return lines

    def strip(self, case_code: str, applicant: str) -> _Band:
        """The case's part of the page: its code and applicant, then the tail.

        Made of pieces (top margin, one per line, bottom margin, tail); only the
        case-code line is new for every case, the rest comes from caches. The
        tail is joined here, once per case, rather than once per material.
        """
        cut = case_code.rfind("-") + 1  # the serial changes, the division and date repeat
        lines = [self._line("统一审核编码：", case_code[:cut], case_code[cut:]),
                 *self._applicant_lines(applicant)][:_STRIP_LINES]
        return _join([self._top, *lines, self._bottom[len(lines)], self._tail])

    def png(self, material_name: str, rest: _Band, corrected_on: dt.date | None = None) -> bytes:
        """The page: PNG header, one IDAT of head + (strip and tail), IEND."""
        head = self._head(material_name, corrected_on)
        adler = adler32_combine(head.adler, rest.adler, rest.raw_length).to_bytes(4, "big")
        size = len(_ZLIB_HEADER) + len(head.deflated) + len(rest.deflated) + 4
        crc = zlib.crc32(adler, zlib.crc32(rest.deflated,
                                           self._head_crc(material_name, corrected_on)))
        return b"".join((_HEADER, size.to_bytes(4, "big"), b"IDAT", _ZLIB_HEADER, head.deflated,
                         rest.deflated, adler, crc.to_bytes(4, "big"), _IEND))

    def page(self, recipe: Recipe) -> bytes:
        """One page from its recipe alone (what the server does for a single download)."""
        return self.png(recipe.material_name, self.strip(recipe.case_code, recipe.applicant),
                        recipe.corrected_on)

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one instance per generate(); bounded
    def _head_crc(self, material_name: str, corrected_on: dt.date | None = None) -> int:
        """CRC-32 of the IDAT chunk up to the strip: the same for every page of this material."""
        return zlib.crc32(_ZLIB_HEADER + self._head(material_name, corrected_on).deflated,
                          zlib.crc32(b"IDAT"))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DemoFiles(Mapping[str, bytes]):
    """The material files by SHA-256, built on demand from a recipe.

    Keys are in generation order, grouped by case, and the last case's band is
    kept, so walking ``items()`` (what a seed command does) draws each band
    once. Membership and length never render.
    """

    def __init__(self, images: MaterialImages) -> None:
        self._images = images
        self._recipes: dict[str, tuple[str, int]] = {}  # sha → (material name, strip index)
        self._strips: list[tuple[str, str]] = []  # (case code, applicant)
        self._last: tuple[int, _Band] | None = None

    # -- building, used by the generator only --------------------------------
    def add_case(self, case_code: str, applicant: str) -> int:
        self._strips.append((case_code, applicant))
        index = len(self._strips) - 1
        self._last = (index, self._images.strip(case_code, applicant))
        return index

    def add_material(self, strip_index: int, material_name: str) -> str:
        data = self._images.png(material_name, self._strip(strip_index))
        digest = sha256(data)
        self._recipes.setdefault(digest, (material_name, strip_index))
        return digest

    # -- the mapping ----------------------------------------------------------
    def _strip(self, index: int) -> _Band:
        last = self._last  # one read: another thread may replace it meanwhile
        if last is not None and last[0] == index:
            return last[1]
        band = self._images.strip(*self._strips[index])
        self._last = (index, band)
        return band

    def __getitem__(self, sha: str) -> bytes:
        name, index = self._recipes[sha]
        return self._images.png(name, self._strip(index))

    def __contains__(self, sha: object) -> bool:
        return sha in self._recipes

    def __iter__(self) -> Iterator[str]:
        return iter(self._recipes)

    def __len__(self) -> int:
        return len(self._recipes)

    def __eq__(self, other: object) -> bool:
        # The bytes are a function of the recipes and the font: compare those, not 100k renders.
        if isinstance(other, DemoFiles):
            return (self._recipes == other._recipes and self._strips == other._strips
                    and self._images.font_path == other._images.font_path)
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]
