"""Run the built bundle the way a user would, and fail on anything missing from it.

    .venv/bin/python installer/check_bundle.py [dist/OneVisitBackOffice]

Runs on Linux and Windows (``installer/build.sh --check``, ``bootstrap.sh
bundle``, ``bootstrap.ps1 bundle``), in a fresh temporary data folder
(``BACKOFFICE_DATA_DIR``), with ``QT_QPA_PLATFORM=offscreen``:

1. ``backoffice --version`` prints this source tree's version;
2. ``backoffice store migrate`` creates a store at the source tree's newest
   revision: every Alembic migration is inside (they are data files, not
   imports);
3. ``backoffice sandbox seed --cases 20 …`` then ``sandbox users``: the
   sandbox platform (FastAPI, SQLAlchemy, the demo data drawn with Pillow and
   a CJK font) works from the bundle;
4. the windowed executable with ``--demo --smoke``: the window is shown, the
   training mode starts, start-up completes, nothing was logged at ERROR;
5. ``backoffice app --smoke --lang en``: the console executable reaches the
   GUI through ``importlib`` (``backoffice app``), outside training mode;
6. the log has no ERROR and no missing translation (``ui/app.py`` only
   warns when a ``.qm`` is not found; in the bundle that is a packaging
   fault).

Before those, without running anything: every file ``installer/contents.py``
declares (migrations, translations, templates, fonts, icons) is in the
bundle, and so are Qt's ``qtbase_zh_CN.qm`` and pdfium's native library. After
them, the console executable

7. ``backoffice --bundle-selftest`` (``installer/bundle_selftest.py``): inside
   the frozen app, what no command reaches — the resources through the app's
   own lookups, every decision template, both translations, pypdfium2
   rendering a page and extracting Chinese text, icalendar with time zones,
   python-pkcs11;
8. the decision document chain with a throwaway test PKI served from this
   process (``backoffice.signing.testpki``: root, CRL, RFC 3161 timestamps):
   ``document render`` (reportlab, the bundled font and template),
   ``seal --tsa`` (pyHanko, a timestamp over HTTP, revocation info),
   ``verify`` (valid), ``archive create`` to a ``.ovarchive`` and
   ``archive verify`` (valid).

Each step prints one line; on failure its output follows; the last line is
``bundle: N passed, N failed``. The exit code is the number of failed steps
(0: all passed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import contents

# A demo smoke run takes about 15 s here (the first training start seeds its
# demo platform); the limit is for a hung run, not a slow one, and short
# enough that a hang costs CI minutes, not its whole budget.
TIMEOUT_S = 180
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
# The decision of tests/signing/sample_grant.json (fictitious), rendered,
# sealed and packaged by the bundle in check_documents().
SAMPLE_GRANT = {
    "kind": "grant",
    "issuing_body": "长春市市场监督管理局",
    "department_code": "MSA-220100",
    "case_code": "220100-2025-000123",
    "service_item_name": "食品经营许可证核发",
    "applicant_name": "长春市南关区福满楼餐饮有限公司（虚构）",
    "applicant_id": "91220102MA00000000（虚构）",
    "application_date": "2025-03-03",
    "issued_on": "2025-03-14",
    "legal_basis": "《中华人民共和国食品安全法》第三十五条和《食品经营许可和备案管理办法》第二十一条",
    "licence_number": "JY12201020004567",
    "licence_valid_until": "2030-03-13",
    "contact": "0431-8888 0000（虚构）",
}
# ui/app.py: "translation %s not found in %s; showing English for it"
_MISSING_TRANSLATION = re.compile(r"translation \S+ not found")
_LOG_LEVEL = re.compile(r"^\S+ \S+ (ERROR|CRITICAL) ")


def source_head() -> str:
    """The newest migration of the source tree: the one no other revises."""
    versions = contents.ROOT / "backoffice" / "store" / "migrations" / "versions"
    revisions, parents = set(), set()
    for path in versions.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        if found := re.search(r'^revision(?:: *\S+)? *= *"([^"]+)"', text, re.MULTILINE):
            revisions.add(found.group(1))
        if found := re.search(r'^down_revision(?:: *[^=]+)? *= *"([^"]+)"', text, re.MULTILINE):
            parents.add(found.group(1))
    heads = revisions - parents
    assert len(heads) == 1, f"migrations: expected one head, found {sorted(heads)}"
    return heads.pop()


def source_version() -> str:
    text = (contents.ROOT / "backoffice" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    assert found, "no __version__ in backoffice/__init__.py"
    return found.group(1)


class Checker:
    def __init__(self, bundle: Path, data_dir: Path) -> None:
        self.bundle = bundle
        self.data_dir = data_dir
        self.failed: list[str] = []
        self.passed = 0
        self.env = dict(os.environ)
        self.env.update({
            "BACKOFFICE_DATA_DIR": str(data_dir),
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": self.env.get("LANG") or "C.UTF-8",
        })
        # The interface language is the default (Chinese), so our .qm and
        # Qt's qtbase_zh_CN.qm are loaded and a missing one shows in the log.
        self.env.pop("BACKOFFICE_LANG", None)
        self.env.pop("BACKOFFICE_STARTUP_PROBE", None)

    def exe(self, name: str) -> Path:
        return self.bundle / f"{name}{EXE_SUFFIX}"

    def run(self, title: str, argv: Sequence[str | Path], *, expect: str | None = None,
            stdin: str | None = None) -> str:
        started = time.monotonic()
        try:
            done = subprocess.run(
                [str(a) for a in argv], env=self.env, capture_output=True, text=True,
                encoding="utf-8", errors="replace", timeout=TIMEOUT_S, check=False,
                input=stdin if stdin is not None else "",
            )
        except subprocess.TimeoutExpired:
            self.fail(title, f"still running after {TIMEOUT_S} s; killed")
            return ""
        except OSError as exc:
            self.fail(title, f"cannot start {argv[0]}: {exc}")
            return ""
        took = time.monotonic() - started
        output = (done.stdout or "") + (done.stderr or "")
        if done.returncode != 0:
            self.fail(title, f"exit code {done.returncode}\n{output}")
        elif expect is not None and not re.search(expect, output, re.MULTILINE):
            self.fail(title, f"output does not match {expect!r}\n{output}")
        else:
            self.ok(f"{title} ({took:.1f} s)")
        return output

    def ok(self, title: str) -> None:
        self.passed += 1
        print(f"bundle: ok    {title}", flush=True)

    def fail(self, title: str, detail: str) -> None:
        self.failed.append(title)
        indented = "\n".join(f"        {line}" for line in detail.rstrip().splitlines()[-40:])
        print(f"bundle: FAIL  {title}\n{indented}", flush=True)

    def check_log(self) -> None:
        title = "the log has no ERROR and no missing translation"
        logs = sorted((self.data_dir / "logs").glob("*.log*"))
        if not logs:
            self.fail(title, f"no log file in {self.data_dir / 'logs'}")
            return
        bad = [
            line for path in logs
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
            if _LOG_LEVEL.match(line) or _MISSING_TRANSLATION.search(line)
        ]
        if bad:
            self.fail(title, "\n".join(bad))
        else:
            self.ok(title)

    def check_files(self) -> None:
        """Every declared data file, Qt's Chinese translation and pdfium are in the bundle."""
        title = "the bundle has every declared resource and migration"
        internal = self.bundle / "_internal"
        missing = [
            f"{dest}/{Path(src).name}" for src, dest in contents.datas()
            if not (internal / dest / Path(src).name).is_file()
        ]
        if not missing:
            self.ok(f"{title} ({len(contents.datas())} files)")
        else:
            self.fail(title, "missing from the bundle:\n" + "\n".join(missing))
        for what, pattern in (
            ("Qt's qtbase_zh_CN.qm", "PySide6/**/translations/qtbase_zh_CN.qm"),
            ("pdfium's native library", "pypdfium2_raw/*pdfium*"),
        ):
            if any(internal.glob(pattern)):
                self.ok(f"the bundle has {what}")
            else:
                self.fail(f"the bundle has {what}", f"nothing matches _internal/{pattern}")

    def check_documents(self) -> None:
        """render → seal (timestamp) → verify → archive create → archive verify, from the bundle."""
        # The test PKI of the signing tests, made and served by this (source) Python:
        # the bundle only sees files and an HTTP timestamp authority, like at a department.
        from backoffice.signing.testpki import DEFAULT_DEPARTMENTS, PkiServer, TestPki

        cli = self.exe(contents.CLI_EXE)
        work = self.data_dir / "documents"
        work.mkdir()
        password = "check-only"
        with PkiServer() as server:
            pki = TestPki.generate(server.base_url)
            server.serve(pki)
            files = pki.write(work / "pki", password.encode())
            p12 = files[DEFAULT_DEPARTMENTS[0][0]]
            case_json = work / "grant.json"
            case_json.write_text(json.dumps(SAMPLE_GRANT, ensure_ascii=False), encoding="utf-8")
            draft, sealed = work / "grant.pdf", work / "grant-sealed.pdf"
            package = work / f"{SAMPLE_GRANT['case_code']}{contents.ARCHIVE_EXTENSION}"
            trust = ["--trust", files["root"]]
            self.run("backoffice document render (reportlab, template, font)", [
                cli, "document", "render", "--case-json", case_json,
                "--number", "长市监许〔2025〕123号", "--out", draft])
            self.run("backoffice seal --tsa (pyHanko, timestamp over HTTP)", [
                cli, "seal", draft, "--p12", p12, "--password-stdin", "--tsa", pki.tsa_url,
                *trust, "--out", sealed], stdin=password + "\n")
            self.run("backoffice verify (valid)", [cli, "verify", sealed, *trust, "--json"],
                     expect=r'"verdict": "valid"')
            self.run(f"backoffice archive create ({contents.ARCHIVE_EXTENSION})", [
                cli, "archive", "create", "--case-code", SAMPLE_GRANT["case_code"],
                "--decision", sealed, "--material", case_json, "--p12", p12, "--password-stdin",
                "--tsa", pki.tsa_url, *trust, "--crl", files["crl"], "--out", package],
                stdin=password + "\n")
            # The decision is verified before it is packed (hence --trust and --crl),
            # and the CRL travels in the manifest's seal; verify is given it too.
            self.run("backoffice archive verify (valid)",
                     [cli, "archive", "verify", package, *trust, "--crl", files["crl"], "--json"],
                     expect=r'"verdict": "valid"')

    def all(self) -> None:
        self.check_files()
        cli = self.exe(contents.CLI_EXE)
        gui = self.exe(contents.GUI_EXE)
        sandbox_db = self.data_dir / "check-sandbox.sqlite3"
        self.run("backoffice --version", [cli, "--version"],
                 expect=rf"^backoffice {re.escape(source_version())}$")
        # At this tree's newest revision: every migration is inside.
        self.run("backoffice store migrate (the migrations are inside)",
                 [cli, "--lang", "en", "store", "migrate"], expect=rf"schema {re.escape(source_head())}\b")
        self.run("backoffice sandbox seed --cases 20", [
            cli, "sandbox", "seed", "--cases", "20", "--seed", "1",
            "--demo-password", "check-only", "--db", sandbox_db])
        self.run("backoffice sandbox users", [cli, "sandbox", "users", "--db", sandbox_db],
                 expect=r"\treviewer")
        self.run(f"{gui.name} --demo --smoke", [gui, "--demo", "--smoke"])
        self.run("backoffice app --smoke --lang en", [cli, "app", "--smoke", "--lang", "en"])
        self.run("backoffice --bundle-selftest (pdfium, icalendar, translations, templates)",
                 [cli, "--bundle-selftest"], expect=r"^selftest: \d+ passed, 0 failed$")
        self.check_documents()
        self.check_log()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke-check the built bundle.")
    parser.add_argument("bundle", nargs="?", type=Path,
                        default=contents.ROOT / "dist" / contents.BUNDLE,
                        help="the one-folder bundle (default: dist/%(default)s)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="use this new folder as the data folder and keep it (logs, store, "
                             "documents) instead of a temporary one")
    args = parser.parse_args(argv)
    bundle: Path = args.bundle.resolve()
    if not (bundle / f"{contents.CLI_EXE}{EXE_SUFFIX}").is_file():
        print(f"bundle: no bundle in {bundle} (build it with installer/build.sh)", file=sys.stderr)
        return 1
    if args.keep:
        args.keep.mkdir(parents=True)  # a new folder: an old log would mislead the log check
        checker = Checker(bundle, args.keep.resolve())
        checker.all()
    else:
        with tempfile.TemporaryDirectory(prefix="backoffice-bundle-check-") as tmp:
            checker = Checker(bundle, Path(tmp))
            checker.all()
    if checker.failed:
        print(f"bundle: failed: {'; '.join(checker.failed)}", flush=True)
    # The plain closing line CI reads in any language.
    print(f"bundle: {checker.passed} passed, {len(checker.failed)} failed", flush=True)
    return min(len(checker.failed), 100)


if __name__ == "__main__":
    sys.exit(main())
