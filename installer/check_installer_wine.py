"""Install, upgrade and uninstall the Windows installer silently under Wine, and check each step.

    .venv/bin/python installer/check_installer_wine.py [dist/OneVisitBackOffice-<version>-setup.exe]

Run by ``./bootstrap.sh bundle`` (and so by CI) after ``make_installer.py``
when Debian's ``wine64`` is installed. On Linux the installer packs the Linux
bundle, so the app itself is not started here; what is checked is the
installer's own behaviour, as IT deploys it (docs/install.md):

1. ``/S /PATH`` per user, no admin rights: the program files, the uninstall
   entry (mode, folder, version, quiet uninstall command), the Start-menu
   shortcut, the console tool's folder on the user's PATH, the archive
   package association;
2. the person's data (local store, settings) is created as the app would;
3. the same installer again: an upgrade in place — same folder, PATH choice
   kept, data untouched;
4. the quiet uninstall command from the uninstall entry: program, entry,
   shortcut, PATH entry and association gone, **data kept**;
5. install again and uninstall with ``/REMOVEDATA``: the data goes too;
6. ``/S /AllUsers`` per machine: Program Files and HKLM; then its uninstall.

A fresh Wine prefix in a temporary folder each run; Wine's own start-up
messages are silenced. Exits 0 when every check holds, 1 with each failed
check named otherwise, 2 when it cannot run (no wine64, no installer).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contents  # installer/contents.py: names shared with the spec

PRODUCT = "OneVisit Back Office"
UNINST = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\OneVisitBackOffice"
SETTINGS = r"Software\OneVisit\OneVisitBackOffice"
DATA = r"OneVisit\OneVisitBackOffice"
ARCHIVE_KEY = r"Software\Classes\.ovarchive"
PROGID_KEY = r"Software\Classes\OneVisit.ArchivePackage"
TIMEOUT = 300
# How long a quiet uninstall may take to remove its entry after the wine server settled.
UNINSTALL_WAIT_S = 60


def find_wine() -> str | None:
    return shutil.which("wine64") or next(
        (p for p in ("/usr/lib/wine/wine64", "/usr/lib64/wine/wine64") if Path(p).is_file()), None)


class Wine:
    """One throwaway prefix."""

    def __init__(self, wine: str, prefix: Path) -> None:
        self.wine = wine
        server = Path(wine).with_name("wineserver")
        self.env = dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all",
                        # no Mono/Gecko download prompts in a fresh prefix
                        WINEDLLOVERRIDES="mscoree,mshtml=", LANG="C.UTF-8")
        if server.is_file():
            self.env["WINESERVER"] = str(server)
        self.server = str(server) if server.is_file() else "wineserver"
        self.prefix = prefix

    def run(self, *argv: str, check: bool = False,
            settle: bool = False) -> subprocess.CompletedProcess[str]:
        """``settle``: also wait for every process it started (installers, uninstallers)."""
        done = subprocess.run([self.wine, *argv], env=self.env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=TIMEOUT, check=False)
        if settle:
            self.idle()
        if check and done.returncode != 0:
            raise RuntimeError(f"wine {' '.join(argv)} exited {done.returncode}: "
                               f"{done.stderr.strip()[-500:]}")
        return done

    def idle(self) -> None:
        # An NSIS uninstaller copies itself to %TEMP% and returns at once; the
        # copy does the work. Waiting for the server waits for every process.
        subprocess.run([self.server, "-w"], env=self.env, timeout=TIMEOUT, check=False)

    def reg_value(self, key: str, name: str | None = None) -> str | None:
        """The value (default value when ``name`` is None) as ``reg query`` prints it, or None."""
        argv = ["reg", "query", key] + (["/v", name] if name else ["/ve"])
        done = self.run(*argv)
        if done.returncode != 0:
            return None
        for line in done.stdout.splitlines():
            parts = line.strip().split(None, 2)
            if len(parts) >= 2 and parts[1].startswith("REG_") and \
                    (parts[0] == name or (name is None and parts[0] == "(Default)")):
                return parts[2] if len(parts) == 3 else ""
        return None

    def key_exists(self, key: str) -> bool:
        return self.run("reg", "query", key).returncode == 0

    def query(self, *argv: str) -> str:
        """The output of a command that changes nothing, tried again once if it fails.

        Started while the previous wineserver is still exiting (after
        :meth:`idle`), a wine command can fail with nothing said: CI saw
        ``winepath`` exit 1 right after an upgrade, and pass on a rerun.
        """
        done = self.run(*argv)
        if done.returncode != 0:
            self.idle()
            done = self.run(*argv, check=True)
        return done.stdout.strip()

    def unix(self, windows_path: str) -> Path:
        return Path(self.query("winepath", "-u", windows_path))

    def expand(self, variable: str) -> str:
        return self.query("cmd", "/c", "echo", f"%{variable}%")


class Checks:
    def __init__(self) -> None:
        self.failed: list[str] = []
        self.passed = 0

    def that(self, condition: bool, what: str) -> None:
        if condition:
            self.passed += 1
            print(f"  ok    {what}")
        else:
            self.failed.append(what)
            print(f"  FAIL  {what}")


def _installed(w: Wine, c: Checks, root: str, install_dir: Path, *, per_user: bool,
               path_added: bool) -> None:
    gui, cli = contents.GUI_EXE + _suffix(install_dir), contents.CLI_EXE + _suffix(install_dir)
    c.that((install_dir / gui).is_file() and (install_dir / cli).is_file(),
           f"the windowed app and the console tool are in {install_dir.name}")
    c.that((install_dir / "_internal").is_dir(), "the bundle's _internal folder is there")
    c.that((install_dir / "uninstall.exe").is_file(), "an uninstaller is there")
    mode = w.reg_value(rf"{root}\{UNINST}", "InstallMode")
    c.that(mode == ("CurrentUser" if per_user else "AllUsers"),
           f"the uninstall entry records the mode ({mode})")
    location = w.reg_value(rf"{root}\{UNINST}", "InstallLocation") or ""
    c.that(bool(location) and w.unix(location) == install_dir,
           f"the uninstall entry records the folder ({location})")
    c.that(w.reg_value(rf"{root}\{UNINST}", "DisplayVersion") == contents.version(),
           "the uninstall entry carries this version")
    quiet = w.reg_value(rf"{root}\{UNINST}", "QuietUninstallString") or ""
    c.that("/S" in quiet and "uninstall.exe" in quiet, "a quiet uninstall command is recorded")
    menu = w.unix(w.expand("APPDATA" if per_user else "ProgramData"))
    link = menu / "Microsoft" / "Windows" / "Start Menu" / "Programs" / f"{PRODUCT}.lnk"
    c.that(link.is_file(), "the Start-menu shortcut is there")
    c.that(w.reg_value(rf"{root}\{ARCHIVE_KEY}") == "OneVisit.ArchivePackage",
           ".ovarchive opens with the app's verifier")
    if per_user:
        path = w.reg_value(r"HKCU\Environment", "Path") or ""
        entries = [w.unix(p) for p in path.split(";") if p]
        c.that((install_dir in entries) == path_added,
               f"the install folder is {'on' if path_added else 'not on'} the user's PATH")


def _removed(w: Wine, c: Checks, root: str, install_dir: Path, *, per_user: bool) -> None:
    c.that(not any(install_dir.glob("*")) if install_dir.exists() else True,
           "the program files are gone")
    c.that(not w.key_exists(rf"{root}\{UNINST}"), "the uninstall entry is gone")
    c.that(not w.key_exists(rf"{root}\{PROGID_KEY}"), "the archive association is gone")
    menu = w.unix(w.expand("APPDATA" if per_user else "ProgramData"))
    c.that(not (menu / "Microsoft" / "Windows" / "Start Menu" / "Programs"
                / f"{PRODUCT}.lnk").exists(), "the Start-menu shortcut is gone")
    if per_user:
        path = w.reg_value(r"HKCU\Environment", "Path") or ""
        c.that(all(w.unix(p) != install_dir for p in path.split(";") if p),
               "the install folder is off the user's PATH")


def _suffix(install_dir: Path) -> str:
    # The CI installer packs the Linux bundle (no .exe); a Windows build's has it.
    return ".exe" if (install_dir / (contents.GUI_EXE + ".exe")).is_file() else ""


def _uninstall(w: Wine, root: str, *extra: str) -> None:
    quiet = w.reg_value(rf"{root}\{UNINST}", "QuietUninstallString")
    if not quiet:
        raise RuntimeError("no QuietUninstallString to uninstall with")
    argv = shlex.split(quiet.replace("\\", "/"))
    done = w.run(argv[0].replace("/", "\\"), *argv[1:], *extra, settle=True)
    # The uninstaller's copy in %TEMP% does the work after the original has
    # returned; waiting for the wine server covers it, but one CI run (of
    # dozens) found nothing removed. Wait for its last act, the uninstall
    # entry going, and say what is known if it never goes.
    waited = time.monotonic()
    while w.key_exists(rf"{root}\{UNINST}") and time.monotonic() - waited < UNINSTALL_WAIT_S:
        time.sleep(1)
        w.idle()
    if w.key_exists(rf"{root}\{UNINST}"):
        temp = w.unix(w.expand("TEMP"))
        left = sorted(p.name for p in temp.glob("*")) if temp.is_dir() else []
        print(f"  note  the uninstaller ({' '.join(argv + list(extra))}) exited "
              f"{done.returncode}; after {UNINSTALL_WAIT_S} s its entry is still there; "
              f"%TEMP% holds {left}; stderr: {done.stderr.strip()[-500:]!r}")


def check(installer: Path, wine: str) -> Checks:
    c = Checks()
    with tempfile.TemporaryDirectory(prefix="onevisit-wine-") as tmp:
        w = Wine(wine, Path(tmp) / "prefix")
        started = time.monotonic()

        def step(text: str) -> None:
            print(f"[{time.monotonic() - started:5.1f} s] {text}")

        w.run("wineboot", "-i", settle=True)
        step("a fresh wine prefix")
        exe = str(installer)
        local = w.unix(w.expand("LOCALAPPDATA"))
        per_user_dir = local / "Programs" / PRODUCT

        step("1. silent per-user install with the console tool on PATH")
        done = w.run(exe, "/S", "/PATH", settle=True)
        c.that(done.returncode == 0, f"the installer exits 0 ({done.returncode})")
        _installed(w, c, "HKCU", per_user_dir, per_user=True, path_added=True)

        step("2. the person's data, as the app keeps it")
        data_dir = local / "OneVisit" / "OneVisitBackOffice"
        (data_dir / "profiles").mkdir(parents=True, exist_ok=True)
        store = data_dir / "profiles" / "store.sqlite3"
        store.write_bytes(b"SQLite format 3\x00 the person's work")
        w.run("reg", "add", rf"HKCU\{SETTINGS}", "/v", "language", "/d", "zh", "/f", check=True)

        step("3. the same installer again: upgrade in place")
        done = w.run(exe, "/S", settle=True)
        c.that(done.returncode == 0, f"the upgrade exits 0 ({done.returncode})")
        _installed(w, c, "HKCU", per_user_dir, per_user=True, path_added=True)
        c.that(store.is_file(), "the data is untouched by the upgrade")

        step("4. the recorded quiet uninstall: the program goes, the data stays")
        _uninstall(w, "HKCU")
        _removed(w, c, "HKCU", per_user_dir, per_user=True)
        c.that(store.read_bytes().endswith(b"the person's work"), "the local store is kept")
        c.that(w.reg_value(rf"HKCU\{SETTINGS}", "language") == "zh", "the settings are kept")

        step("5. install again, uninstall with /REMOVEDATA: the data goes too")
        w.run(exe, "/S", settle=True)
        _uninstall(w, "HKCU", "/REMOVEDATA")
        _removed(w, c, "HKCU", per_user_dir, per_user=True)
        c.that(not data_dir.exists(), "the data folder is removed on request")
        c.that(not w.key_exists(rf"HKCU\{SETTINGS}"), "the settings are removed on request")

        step("6. silent per-machine install and its uninstall")
        machine_dir = w.unix(w.expand("ProgramFiles")) / PRODUCT
        done = w.run(exe, "/S", "/AllUsers", settle=True)
        c.that(done.returncode == 0, f"the per-machine installer exits 0 ({done.returncode})")
        _installed(w, c, "HKLM", machine_dir, per_user=False, path_added=False)
        _uninstall(w, "HKLM")
        _removed(w, c, "HKLM", machine_dir, per_user=False)
    return c


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("installer", nargs="?", type=Path,
                        default=contents.ROOT / "dist" / f"{contents.BUNDLE}-"
                        f"{contents.version()}-setup.exe")
    args = parser.parse_args(argv)
    wine = find_wine()
    if wine is None:
        print("check_installer_wine: wine64 is not installed (apt-get install wine64)",
              file=sys.stderr)
        return 2
    if not args.installer.is_file():
        print(f"check_installer_wine: no installer at {args.installer} "
              "(installer/make_installer.py builds it)", file=sys.stderr)
        return 2
    started = time.monotonic()
    checks: Checks = check(args.installer.resolve(), wine)
    took = time.monotonic() - started
    if checks.failed:
        print(f"check_installer_wine: {len(checks.failed)} of "
              f"{len(checks.failed) + checks.passed} checks failed in {took:.0f} s:",
              file=sys.stderr)
        for what in checks.failed:
            print(f"  - {what}", file=sys.stderr)
        return 1
    print(f"check_installer_wine: all {checks.passed} checks passed in {took:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

