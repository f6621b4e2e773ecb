"""What the bundle carries beyond what PyInstaller finds by following imports.

Kept out of ``backoffice.spec`` so that ``tests/test_bundle.py`` can check it
without PyInstaller installed and without building anything: a new migration,
a new resource or a new module imported by name must not be able to slip
out of the bundle unnoticed.

Plain Python, no PyInstaller import: the spec adds PyInstaller's own
collections (``collect_data_files`` …) on top of these lists.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Our packages. Every module of them goes in as a hidden import: the CLI
# imports its command modules with importlib.import_module (backoffice.cli's
# _lazy, backoffice.sandbox.cli's generator(), ``backoffice app`` → ui.app),
# which PyInstaller's import scan cannot see. The whole of both is under
# 2 MB of bytecode, so listing modules one by one would only add a way to
# forget one.
PACKAGES = ("backoffice", "ui")

# Modules of other packages that our code imports by name (importlib), which
# the import scan cannot see; tests/test_bundle.py fails on one not listed.
THIRD_PARTY_HIDDEN: tuple[str, ...] = ()

# Name of the one-folder bundle (dist/<BUNDLE>/) and of its two executables.
BUNDLE = "OneVisitBackOffice"
GUI_EXE = "OneVisitBackOffice"  # windowed (no console on Windows): ui.app:main
CLI_EXE = "backoffice"  # console: backoffice.cli:main

# What Windows shows: the version resource of both executables (Explorer →
# Properties → Details), the installer's and the uninstall entry's names.
PRODUCT = "OneVisit Back Office"
PUBLISHER = "OneVisit"
COPYRIGHT = "© OneVisit"
# The application icon (drawn by installer/make_icon.py): the executables'
# icon on Windows, the installer's and the file association's.
ICON = ROOT / "resources" / "icons" / "onevisit.ico"
# The extension the installer associates with the app for archive packages
# (docs/install.md, "File association").
ARCHIVE_EXTENSION = ".ovarchive"

# Not needed at run time, yet reachable by import from something we ship
# (test tools are in the same venv as the app). Excluding them keeps the
# bundle small and makes sure nothing at run time depends on them.
EXCLUDES = (
    # test and development tools (the [test] extra)
    "pytest", "_pytest", "pytestqt", "pytest_timeout", "hypothesis", "schemathesis",
    "mypy", "mypyc", "psycopg", "psycopg_binary", "psycopg_c",
    # the standard library's GUI, docs and test parts
    "tkinter", "_tkinter", "turtle", "idlelib", "pydoc_data", "test", "lib2to3",
    # packaging machinery (setuptools' vendored libraries are large)
    "setuptools", "pkg_resources", "pip", "wheel",
    # optional extras of our dependencies that the app never reaches: YAML
    # log configs (uvicorn), syntax highlighting of template errors (mako),
    # pretty-printing of schemas (pydantic → rich → markdown_it). Each is
    # imported by them inside a try or a function that we do not call.
    "yaml", "pygments", "rich", "markdown_it",
    # Qt modules the app does not use. PyInstaller only collects the Qt
    # modules that are imported, but an optional import in a dependency
    # would otherwise drag in QML/Quick (tens of MB).
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtDBus",
    "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp", "PySide6.QtXml",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtConcurrent",
    "PySide6.QtQuickTest",
)

# Qt's own translations: the app loads qtbase_zh_CN only (ui/app.py); the
# Qt hooks would bring every language of every module.
QT_TRANSLATIONS_KEPT = ("_zh_CN.qm",)


def our_modules(root: Path = ROOT) -> list[str]:
    """Every module of :data:`PACKAGES`, as dotted names, from the source tree."""
    modules: list[str] = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts:
                continue  # loaded by Alembic from files (see datas), not imported
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules.append(".".join(parts))
    return modules


def datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, folder in the bundle) for the files read at run time.

    - The Alembic migrations: Alembic loads ``env.py`` and each revision in
      ``versions/`` by file name, not by import, and
      ``backoffice/store/migrate.py`` finds them next to itself
      (``Path(__file__).with_name("migrations")``); in the bundle
      ``__file__`` of a module is ``_internal/backoffice/store/migrate.pyc``,
      so they go to ``backoffice/store/migrations`` there.
    - ``resources/`` (translations, and templates, icons, fonts as they
      arrive): ``backoffice.paths.resources_dir()`` looks in ``sys._MEIPASS/resources``.
      Translation sources (``.ts``) stay out: Qt loads the compiled ``.qm``.
    """
    found: list[tuple[str, str]] = []
    migrations = root / "backoffice" / "store" / "migrations"
    for path in sorted(migrations.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in {
            ".py", ".mako", ".ini"
        }:
            found.append((str(path), str(path.parent.relative_to(root))))
    resources = root / "resources"
    for path in sorted(resources.rglob("*")):
        if path.is_file() and path.suffix != ".ts" and not path.name.startswith("."):
            found.append((str(path), str(path.parent.relative_to(root))))
    return found


def version() -> str:
    """``backoffice.__version__`` of this source tree, read without importing it."""
    import re

    text = (ROOT / "backoffice" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not found:
        raise ValueError("no __version__ in backoffice/__init__.py")
    return found.group(1)


def version_tuple(text: str) -> tuple[int, int, int, int]:
    """Four numbers for a Windows version resource: ``1.2.3rc1`` → (1, 2, 3, 0).

    Windows wants exactly four 16-bit numbers; the leading numeric parts of
    the version are kept, a pre-release or local suffix is dropped (the full
    text still goes into the resource's ProductVersion string).
    """
    import re

    found = re.match(r"\d+(?:\.\d+)*", text)
    if found is None:
        raise ValueError(f"not a version: {text!r}")
    numbers = [int(part) for part in found.group(0).split(".")[:4]]
    numbers += [0] * (4 - len(numbers))
    if any(n > 0xFFFF for n in numbers):
        raise ValueError(f"a Windows version number is at most 65535: {text!r}")
    return (numbers[0], numbers[1], numbers[2], numbers[3])
