"""``backoffice --bundle-selftest``: check, inside the frozen app, what no command reaches.

Run by ``installer/check_bundle.py`` (CI) and usable by IT on a workstation
after deployment (``"C:\\…\\OneVisit Back Office\\backoffice.exe"
--bundle-selftest``): it needs no network, no display and no store, writes
nothing outside a temporary folder, and its exit code is the number of
failed checks.

Each check uses the app's own way of finding things (``resources_dir()``,
``load_template``, ``QTranslator.load``), so a file that is in the bundle
but where the app does not look fails too. It covers the libraries that no
console command exercises: pypdfium2's native pdfium library (the material
viewer and decision preview in the GUI), icalendar with the time-zone data
(inspection export), Qt's translations, python-pkcs11's extension module
(USB seal keys). Rendering, sealing and verifying a decision document go
through the real commands in ``check_bundle.py``.

Only the entry script of the console executable imports this module, and only
for this option; from source: ``python installer/cli_main.py --bundle-selftest``.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

OPTION = "--bundle-selftest"

# A Chinese phrase that must survive font embedding and text extraction.
SAMPLE_TEXT = "准予行政许可决定书 长春"


def _frozen() -> str:
    bundle = getattr(sys, "_MEIPASS", None)
    return f"frozen, {bundle}" if bundle else "not frozen (from source)"


def check_resources() -> str:
    from backoffice.signing import fonts, resources

    folder = resources.resources_dir()
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and Path(bundle) not in folder.parents:
        raise AssertionError(f"resources_dir() is {folder}, outside the bundle {bundle}")
    font = resources.cjk_font_path()
    # Without the fallback a name like 陈𫖮 is refused, not printed: check it came along.
    rare = "\U0002B5AE"
    if fonts.font_for(rare) != fonts.FALLBACK:
        raise AssertionError(f"no bundled font shows {rare} (U+{ord(rare):X})")
    fallback = fonts.font_path(fonts.FALLBACK)
    return (f"{folder} (fonts {font.stat().st_size // 1024} KB"
            f" + {fallback.stat().st_size // 1024} KB)")


def check_templates() -> str:
    from backoffice.signing.documents import DocumentKind, load_template

    for kind in DocumentKind:
        template = load_template(kind)
        if not template.get("title"):
            raise AssertionError(f"template {kind.value} has no title")
    return f"{len(DocumentKind)} decision templates"


def check_translations() -> str:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from backoffice import paths

    found = []
    for name, directory in (
        ("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ("backoffice_zh_CN", str(paths.resources_dir() / "translations")),
    ):
        translator = QTranslator()
        if not translator.load(name, directory):
            raise AssertionError(f"translation {name} not found in {directory}")
        found.append(name)
    return ", ".join(found)


def _sample_pdf(path: Path) -> None:
    """One A4 page with Chinese text in the bundled font, drawn by reportlab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from backoffice.signing.resources import cjk_font_path

    pdfmetrics.registerFont(TTFont("SelftestCJK", str(cjk_font_path()), subfontIndex=0))
    page = canvas.Canvas(str(path), pagesize=(595, 842))
    page.setFont("SelftestCJK", 28)
    page.drawString(72, 700, SAMPLE_TEXT)
    page.showPage()
    page.save()


def check_pdfium(tmp: Path) -> str:
    import pypdfium2

    pdf_path = tmp / "selftest.pdf"
    _sample_pdf(pdf_path)
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        page = document[0]
        text = page.get_textpage().get_text_range()
        if SAMPLE_TEXT.replace(" ", "") not in text.replace(" ", ""):
            raise AssertionError(f"text extracted by pdfium: {text!r}")
        image = page.render(scale=0.5).to_pil()
        darkest = min(image.convert("L").getextrema())
        if darkest > 100:
            raise AssertionError("the rendered page is blank")
        size = image.size
    finally:
        document.close()
    from pypdfium2.version import PDFIUM_INFO

    return f"pdfium {PDFIUM_INFO}: page rendered {size[0]}x{size[1]}, Chinese text extracted"


def check_icalendar() -> str:
    import datetime as dt
    from zoneinfo import ZoneInfo

    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//OneVisit//selftest//ZH")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", "selftest@onevisit")
    event.add("summary", "现场勘察")
    event.add("dtstamp", dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    event.add("dtstart", dt.datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    data = calendar.to_ical().decode("utf-8")
    for expected in ("BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "现场勘察"):
        if expected not in data:
            raise AssertionError(f"{expected!r} not in the .ics")
    again = icalendar.Calendar.from_ical(data)
    return f"icalendar {icalendar.__version__}, {len(again.walk('VEVENT'))} event with VTIMEZONE"


def check_pkcs11() -> str:
    import pkcs11  # the C extension of python-pkcs11 (USB keys)
    import pyhanko.sign.pkcs11  # noqa: F401 - pyHanko's PKCS#11 signer

    return f"python-pkcs11 {getattr(pkcs11, '__version__', '')}".strip()


def check_fast_decoding() -> str:
    # msgspec is a C extension: a bundle without it would still sync, through
    # the pydantic models, six times slower — so its absence fails here.
    import msgspec

    from backoffice.api import fast

    if fast.DISABLED is not None:
        raise AssertionError(f"fast decoding of change-feed pages is off: {fast.DISABLED}")
    page = fast.decode_page(b'{"changes": [], "next_cursor": "c1", "has_more": false}')
    if page.next_cursor != "c1" or page.changes:
        raise AssertionError(f"an empty page decoded as {page!r}")
    return f"msgspec {msgspec.__version__}"


def check_keyring() -> str:
    import keyring.backend

    names = sorted(type(b).__module__ + "." + type(b).__name__
                   for b in keyring.backend.get_all_keyring())
    if not names:
        raise AssertionError("keyring finds no backend (its entry points are missing)")
    return f"{len(names)} backends"


def run() -> int:
    print(f"selftest: {_frozen()}", flush=True)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="backoffice-selftest-") as name:
        tmp = Path(name)
        checks: list[tuple[str, Callable[[], str]]] = [
            ("resources (fonts)", check_resources),
            ("decision templates", check_templates),
            ("translations", check_translations),
            ("pypdfium2 (native pdfium)", lambda: check_pdfium(tmp)),
            ("icalendar with time zones", check_icalendar),
            ("PKCS#11 (USB seal keys)", check_pkcs11),
            ("keyring backends", check_keyring),
            ("fast change-feed decoding (msgspec)", check_fast_decoding),
        ]
        for title, check in checks:
            try:
                detail = check()
            except Exception:  # noqa: BLE001 - every failure is reported, then the next check runs
                failed += 1
                print(f"selftest: FAIL  {title}", flush=True)
                print(traceback.format_exc().rstrip(), flush=True)
            else:
                print(f"selftest: ok    {title}: {detail}", flush=True)
    print(f"selftest: {len(checks) - failed} passed, {failed} failed", flush=True)
    return failed


def main() -> int:
    return run()
