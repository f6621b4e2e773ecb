"""A decision document laid out per GB/T 9704-2012, rendered to PDF with reportlab.

We use the standard's **letter format** (信函格式, clause 10), the form a
department uses for what it sends to an applicant: the issuing body's name in
red at the top (30 mm from the page edge), a red double line under it (thick
over thin) and one near the foot (thin over thick, 20 mm from the edge), the
document number flush right under the line, the title, the addressee, the
body (3号 ≈ 16 pt, 28 characters a line, 22 lines a page, 版心 156 × 225 mm),
then the issuing body's name and the date, right-aligned with four characters
free on the right, and the seal pressed over both (clause 7.3.5.1): the seal's
top within a line of the body, name and date in its lower half. The first
page has no page number (10.2.4); later pages have "— n —".

The standard's fonts (方正小标宋, 仿宋_GB2312) are not free to ship, so every
line is set in WenQuanYi Micro Hei, a rare Han character it lacks in the
fallback font (:mod:`.fonts`): the text extracts from the PDF exactly.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]  # no stubs
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from backoffice.signing.documents import FilledDocument
from backoffice.signing.fonts import (
    FONT,
    check_printable,
    register_font,
    runs,
    text_width,
    unsupported_characters,
)

__all__ = ["FONT", "LaidOut", "SealSpot", "layout", "register_font", "wrap"]

RED = (0.86, 0.0, 0.06)
PAGE_W, PAGE_H = A4
LEFT = 28 * mm
TEXT_W = 156 * mm
TOP = 37 * mm
TEXT_H = 225 * mm
BOTTOM = PAGE_H - TOP - TEXT_H  # 35 mm
BODY_SIZE = TEXT_W / 28  # 28 characters a line at 3号 (≈15.8 pt)
PITCH = TEXT_H / 22  # 22 lines a page
TITLE_SIZE = 22.0  # 2号
SMALL_SIZE = 14.0  # 4号: page numbers, 抄送
SEAL_DIAMETER = 42 * mm  # a department's seal
SIGNATURE_W = TEXT_W - 2 * BODY_SIZE  # 署名 keeps at least two characters free on the right
DRAFT_MARK = "草稿 · 未签章"
DRAFT_KEYWORD = "onevisit-draft"
SEALABLE_KEYWORD = "onevisit-decision"

# Punctuation that must not start a line hangs at the end of the previous one;
# opening brackets never end a line (避头尾).
_NO_START = set("，。、；：？！）》」』”’】〕…·%,.;:?!)")
_NO_END = set("（《「『“‘【〔(")


@dataclass(frozen=True)
class SealSpot:
    """Where the seal goes: page index (0-based) and box (x1, y1, x2, y2) in PDF points."""

    page: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class LaidOut:
    pdf: bytes
    seal: SealSpot
    pages: int


def _width(text: str, size: float) -> float:
    return text_width(text, size)


def _out(text_object: Any, text: str, size: float) -> None:
    """``text`` into ``text_object``, each piece in the font of the chain that has its glyphs."""
    for font, piece in runs(text):
        text_object.setFont(font, size)
        text_object.textOut(piece)


def _draw(c: Canvas, x: float, y: float, text: str, size: float) -> None:
    text_object = c.beginText(x, y)
    _out(text_object, text, size)
    c.drawText(text_object)


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def wrap(text: str, width: float, size: float, first_indent: float = 0.0) -> list[str]:
    """Break ``text`` into lines of at most ``width`` (punctuation may hang past it).

    A line break in ``text`` ends a line there: drawn, it would be a blank gap mid-line.
    Chinese breaks between any two characters; a run of Latin letters and digits
    (a licence number, ``ISO9001``) only where it starts.
    """
    lines: list[str] = []
    line = ""
    limit = width - first_indent
    for char in text:
        if char == "\n":
            lines.append(line)
            line = ""
            limit = width
            continue
        if line and _width(line + char, size) > limit + 0.01 and char not in _NO_START:
            carry = ""
            while line and line[-1] in _NO_END:
                carry, line = line[-1] + carry, line[:-1]
            if not carry and _latin(char):
                # A Latin word or a number goes on whole to the next line, unless
                # it alone fills the line (then it must break somewhere).
                start = len(line)
                while start and _latin(line[start - 1]):
                    start -= 1
                if start:
                    carry, line = line[start:], line[:start].rstrip(" ")
            lines.append(line)
            line = carry
            limit = width
            if char == " " and not line:
                continue  # the space a line broke at starts no line
        line += char
    if line or not lines:
        lines.append(line)
    return lines


class _Pages:
    """A canvas with a cursor that moves down in lines and turns pages."""

    def __init__(self, canvas: Canvas, doc: FilledDocument) -> None:
        self.c = canvas
        self.doc = doc
        self.page = 0
        self.y = PAGE_H - TOP
        self._decorate()

    def _decorate(self) -> None:
        c = self.c
        c.setStrokeColorRGB(*RED)
        # Both double lines belong to the first page of the letter format (10.1).
        lines = ((PAGE_H - 30 * mm - 15 * mm - 4 * mm, True), (20 * mm + 1.6 * mm, False))
        for y_top, thick_first in lines if self.page == 0 else ():
            x1, x2 = (PAGE_W - 170 * mm) / 2, (PAGE_W + 170 * mm) / 2
            widths = (1.6, 0.5) if thick_first else (0.5, 1.6)
            c.setLineWidth(widths[0])
            c.line(x1, y_top, x2, y_top)
            c.setLineWidth(widths[1])
            c.line(x1, y_top - 1.2 * mm, x2, y_top - 1.2 * mm)
        if self.doc.draft:
            c.setFillColorRGB(0.45, 0.45, 0.45)
            c.setFont(FONT, 10.5)
            c.drawRightString(PAGE_W - 12 * mm, PAGE_H - 12 * mm, DRAFT_MARK)
        if self.page > 0:
            # 10.2.4 and 7.5: no number on the first page; odd right, even left, a character in.
            c.setFillColorRGB(0, 0, 0)
            c.setFont(FONT, SMALL_SIZE)
            label = f"— {self.page + 1} —"
            y = BOTTOM - 7 * mm - SMALL_SIZE * 0.8
            if (self.page + 1) % 2:
                c.drawRightString(LEFT + TEXT_W - SMALL_SIZE, y, label)
            else:
                c.drawString(LEFT + SMALL_SIZE, y, label)
        c.setFillColorRGB(0, 0, 0)

    def new_page(self) -> None:
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - TOP
        self._decorate()

    def room(self) -> float:
        return float(self.y - BOTTOM)

    def line(self, text: str, *, size: float = BODY_SIZE, x: float = LEFT,
             justify_to: float | None = None) -> None:
        if self.room() < PITCH:
            self.new_page()
        self.y -= PITCH
        space = 0.0
        if justify_to is not None and len(text) > 1:
            slack = justify_to - _width(text, size)
            if 0 < slack < size * 1.5:
                space = slack / (len(text) - 1)
        # Character spacing is graphics state and outlives the text object: scope it.
        self.c.saveState()
        text_object = self.c.beginText(x, self.y)
        text_object.setCharSpace(space)
        _out(text_object, text, size)
        self.c.drawText(text_object)
        self.c.restoreState()


def _paragraph_lines(text: str) -> Iterator[tuple[str, float, bool]]:
    """(line, x, justify) of a body paragraph: a two-character indent, justified but the last.

    Each line break in ``text`` starts a paragraph of its own: reasons typed as
    一、… 二、… on lines of their own stay so. The layout gives the indent, so
    one typed at a line's start is dropped, as are empty lines.
    """
    for part in text.split("\n"):
        part = part.strip(" \u3000")
        if not part:
            continue
        lines = wrap(part, TEXT_W, BODY_SIZE, first_indent=2 * BODY_SIZE)
        for i, line in enumerate(lines):
            x = LEFT + (2 * BODY_SIZE if i == 0 else 0)
            yield line, x, i < len(lines) - 1


def _copies_lines(copies_to: tuple[str, ...]) -> list[tuple[float, str]]:
    """(x, line) of 抄送: a character in from both sides, a line going on under the first
    character after the colon (GB/T 9704 7.4.2)."""
    if not copies_to:
        return []
    label = "抄送："
    indent = _width(label, SMALL_SIZE)
    width = TEXT_W - 2 * SMALL_SIZE
    first, *rest = wrap(label + "，".join(copies_to) + "。", width, SMALL_SIZE)
    more = wrap("".join(rest), width - indent, SMALL_SIZE) if rest else []
    return [(LEFT + SMALL_SIZE, first), *((LEFT + SMALL_SIZE + indent, line) for line in more)]


def _one_line(text: str) -> str:
    """``text`` on one line: space and breaks beside a Chinese character go, others are one space."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


def _texts(doc: FilledDocument) -> list[str]:
    return [doc.issuing_body, doc.number_text, doc.title, doc.addressee, *doc.paragraphs,
            doc.signature, doc.date_text, *doc.copies_to]


def unprintable(doc: FilledDocument) -> tuple[str, ...]:
    """The characters of ``doc`` no font can show: what :func:`layout` refuses."""
    return unsupported_characters("".join(_texts(doc)))


def _plain(doc: FilledDocument) -> FilledDocument:
    """``doc`` with tabs as spaces and every line break as ``\\n``."""
    def clean(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return dataclasses.replace(
        doc, issuing_body=clean(doc.issuing_body), title=clean(doc.title),
        addressee=clean(doc.addressee), paragraphs=tuple(clean(p) for p in doc.paragraphs),
        signature=clean(doc.signature), copies_to=tuple(clean(c) for c in doc.copies_to))


def layout(doc: FilledDocument) -> LaidOut:
    """The PDF of ``doc`` and where its seal goes.

    Refuses (``document.unsupported_characters``) text the font cannot show:
    the character would vanish from the document without a trace.
    """
    register_font()
    check_printable(*_texts(doc))
    doc = _plain(doc)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1)
    c.setTitle(doc.title)
    c.setAuthor(doc.issuing_body)
    c.setSubject(f"{doc.case_code} {doc.kind}")
    c.setCreator("OneVisit Back Office")
    c.setKeywords(DRAFT_KEYWORD if doc.draft else SEALABLE_KEYWORD)
    pages = _Pages(c, doc)

    # 发文机关标志: red, centred, its top 30 mm from the page edge; large but within 版心.
    # One line, whatever breaks the department's name came with.
    head = _one_line(doc.issuing_body)
    size = min(30.0, (TEXT_W * 0.95) / max(len(head), 1))
    spacing = min(size * 0.35, (TEXT_W * 0.95 - _width(head, size)) / max(len(head) - 1, 1))
    c.saveState()  # colour, render mode and spacing stay with the head
    c.setFillColorRGB(*RED)
    c.setStrokeColorRGB(*RED)
    c.setLineWidth(0.5)  # fill and stroke: a bolder face than the font has
    head_text = c.beginText()
    head_text.setTextRenderMode(2)
    head_text.setCharSpace(spacing)
    total = _width(head, size) + spacing * (len(head) - 1)
    head_text.setTextOrigin((PAGE_W - total) / 2, PAGE_H - 30 * mm - size * 0.88)
    _out(head_text, head, size)
    c.drawText(head_text)
    c.restoreState()

    # 发文字号 flush right on the first line under the double line (10.2.2).
    pages.y = PAGE_H - 30 * mm - 15 * mm - 4 * mm - 1.2 * mm
    pages.y -= 2 * mm
    pages.y -= BODY_SIZE
    _draw(c, LEFT + TEXT_W - _width(doc.number_text, BODY_SIZE), pages.y, doc.number_text,
          BODY_SIZE)
    pages.y -= PITCH * 0.5

    for line in wrap(doc.title, TEXT_W * 0.9, TITLE_SIZE):
        pages.y -= PITCH * 1.25
        c.saveState()
        c.setStrokeColorRGB(0, 0, 0)
        c.setLineWidth(0.4)  # 小标宋 is heavier than the body face
        title = c.beginText((PAGE_W - _width(line, TITLE_SIZE)) / 2, pages.y)
        title.setTextRenderMode(2)
        _out(title, line, TITLE_SIZE)
        c.drawText(title)
        c.restoreState()
    pages.y -= PITCH * 0.5

    # 主送机关 flush left; a long one wraps and goes on flush left too (7.3.2).
    addressee = wrap(doc.addressee, TEXT_W, BODY_SIZE)
    for i, line in enumerate(addressee):
        pages.line(line, justify_to=TEXT_W if i < len(addressee) - 1 else None)
    body = [line for para in doc.paragraphs for line in _paragraph_lines(para)]
    signature = wrap(doc.signature, SIGNATURE_W, BODY_SIZE)
    copies = _copies_lines(doc.copies_to)
    # The seal block (name, date, seal) must share a page with some body text
    # (7.3.5.1 forbids "此页无正文"): keep the last two lines with it.
    block = SEAL_DIAMETER + PITCH * (len(signature) - 0.5) + (PITCH * (1 + len(copies))
                                                              if copies else 0)
    for i, (line, x, justify) in enumerate(body):
        if i == len(body) - 2 and pages.room() < 2 * PITCH + block:
            pages.new_page()
        pages.line(line, x=x, justify_to=(LEFT + TEXT_W - x) if justify else None)
    if pages.room() < block:
        pages.new_page()

    # 署名 and 成文日期: the date right-aligned four characters in, the name centred on it;
    # both in the seal's lower half, the seal's top within a line of the body. A name
    # too long for that keeps two characters free on the right, the date centred under it.
    seal_top = pages.y - PITCH * 0.35
    centre_y = seal_top - SEAL_DIAMETER / 2
    date_w = _width(doc.date_text, BODY_SIZE)
    name_w = max(_width(line, BODY_SIZE) for line in signature)
    centre_x = min(LEFT + TEXT_W - 4 * BODY_SIZE - date_w / 2, LEFT + SIGNATURE_W - name_w / 2)
    name_y = centre_y - 6 * mm  # both lines below the seal's centre ("居印章中心偏下")
    for i, line in enumerate([*signature, doc.date_text]):
        _draw(c, centre_x - _width(line, BODY_SIZE) / 2, name_y - i * PITCH, line, BODY_SIZE)
    r = SEAL_DIAMETER / 2
    seal = SealSpot(pages.page, (round(centre_x - r), round(centre_y - r), round(centre_x + r),
                                 round(centre_y + r)))

    # 版记 of the letter format: only 抄送, at the foot of the last page's 版心.
    for i, (x, line) in enumerate(copies):
        _draw(c, x, BOTTOM + 2 * mm + (len(copies) - 1 - i) * SMALL_SIZE * 1.5, line, SMALL_SIZE)
    c.showPage()
    c.save()
    return LaidOut(buffer.getvalue(), seal, pages.page + 1)
