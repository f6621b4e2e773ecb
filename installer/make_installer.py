"""Build the Windows installer from the bundle: sign, compile installer/onevisit.nsi, sign, check.

    python installer/make_installer.py [--bundle DIR] [--out FILE] [--compression lzma|zlib|off]
                                       [--require-signature]

Steps (each prints one line; installer/sign.py says what it signs):

1. sign the bundle's two executables, if a certificate is configured
   (``ONEVISIT_SIGN_PFX`` …, see installer/sign.py) — they are what runs on
   the workstation, so they carry the signature too;
2. ``makensis`` with the bundle's layout passed as defines (folder, the two
   executables' names — no ``.exe`` on Linux —, version, icon, output), and
   the uninstaller signed from inside makensis (``!uninstfinalize``);
3. sign the installer; if signed, verify the signature (``signtool verify
   /pa``, or ``osslsigncode verify`` with ``ONEVISIT_SIGN_CAFILE`` as the
   trusted roots when given).

Without a certificate, step 1 and 3 say "not configured" and the installer is
unsigned; ``--require-signature`` (the release workflow) makes that an
error. On Linux (CI) the result is a real PE installer packing the Linux
bundle — good for checking that the script compiles and signs, not for
installing; ``--compression off`` keeps it to seconds.

makensis: on PATH, or ``%ProgramFiles(x86)%\\NSIS`` (``choco install nsis``,
``winget install NSIS.NSIS``); Debian: ``apt-get install nsis``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import contents
import sign

SCRIPT = HERE / "onevisit.nsi"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
ENV_CAFILE = "ONEVISIT_SIGN_CAFILE"


def say(text: str) -> None:
    print(f"installer: {text}", file=sys.stderr, flush=True)


def find_makensis() -> str | None:
    found = shutil.which("makensis")
    if found:
        return found
    for root in filter(None, (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"))):
        candidate = Path(root, "NSIS", "makensis.exe")
        if candidate.is_file():
            return str(candidate)
    return None


def default_out(version: str) -> Path:
    return contents.ROOT / "dist" / f"{contents.BUNDLE}-{version}-setup.exe"


def makensis_argv(makensis: str, *, bundle: Path, out: Path, version: str, compression: str,
                  sign_command: str | None) -> list[str]:
    numbers = ".".join(str(n) for n in contents.version_tuple(version))
    defines = {
        "VERSION": version,
        "VERSION4": numbers,
        "BUNDLE_DIR": str(bundle),
        "GUI_EXE": contents.GUI_EXE + EXE_SUFFIX,
        "CLI_EXE": contents.CLI_EXE + EXE_SUFFIX,
        "ICON": str(contents.ICON),
        "OUTFILE": str(out),
        "COMPRESSION": compression,
    }
    if sign_command:
        defines["SIGN_COMMAND"] = sign_command
    # -V3: the script's log, printed by main() only when makensis fails;
    # -WX: a warning fails the build (a misspelt define or page shows up as
    # a warning first); the script is UTF-8 (Chinese strings) without a BOM.
    argv = [makensis, "-V3", "-WX", "-INPUTCHARSET", "UTF8"]
    argv += [f"-D{name}={value}" for name, value in defines.items()]
    return argv + [str(SCRIPT)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the NSIS installer from the bundle.")
    parser.add_argument("--bundle", type=Path, default=contents.ROOT / "dist" / contents.BUNDLE,
                        help="the one-folder bundle (default: dist/%(default)s)")
    parser.add_argument("--out", type=Path, help="the installer (default: "
                        "dist/OneVisitBackOffice-<version>-setup.exe)")
    parser.add_argument("--compression", choices=("lzma", "zlib", "off"), default="lzma",
                        help="lzma for a release (default); off for a quick compile check")
    parser.add_argument("--require-signature", action="store_true",
                        help="fail when no certificate is configured (release builds; "
                             f"also {sign.ENV_REQUIRED}=1)")
    args = parser.parse_args(argv)

    started = time.monotonic()
    version = contents.version()
    bundle: Path = args.bundle.resolve()
    out: Path = (args.out or default_out(version)).resolve()
    executables = [bundle / f"{name}{EXE_SUFFIX}" for name in (contents.GUI_EXE, contents.CLI_EXE)]
    missing = [p for p in executables if not p.is_file()]
    if missing:
        say(f"no bundle in {bundle} (missing {', '.join(p.name for p in missing)}): "
            "build it first (installer/build.sh, bootstrap.ps1 bundle)")
        return 1
    makensis = find_makensis()
    if not makensis:
        say("makensis not found: install NSIS 3 (Windows: choco install nsis, or winget install "
            "NSIS.NSIS; Debian: apt-get install nsis)")
        return 1

    try:
        config = sign.config_from_env()
    except sign.SigningError as exc:
        say(f"signing is configured but cannot work: {exc}")
        return 1
    if config is None:
        if args.require_signature or sign.required_by_env():
            say(f"no certificate configured ({sign.ENV_PFX} or {sign.ENV_THUMBPRINT}) and "
                f"--require-signature or {sign.ENV_REQUIRED}=1: stopping")
            return 1
        say(f"signing: not configured ({sign.ENV_PFX} is not set): the installer and the "
            "executables stay unsigned")
    else:
        say(f"signing with {config.describe()}")
        if not config.timestamp_url:
            say(f"warning: no {sign.ENV_TIMESTAMP}: the signatures end with the certificate")

    try:
        # 1. the executables in the bundle (skipped on Linux: not PE files)
        if config:
            for path in executables:
                sign.sign_file(config, path)
        # 2. makensis; the uninstaller is signed by the same script from inside it
        sign_command = None
        if config:
            sign_command = f'"{sys.executable}" "{HERE / "sign.py"}"'
        out.parent.mkdir(parents=True, exist_ok=True)
        command = makensis_argv(makensis, bundle=bundle, out=out, version=version,
                                compression=args.compression, sign_command=sign_command)
        say(f"makensis {SCRIPT.name} ({args.compression}) → {out}")
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", check=False)
        log = (done.stdout + done.stderr).splitlines()
        # The signing lines of the uninstaller (sign.py prints them on stderr).
        for line in log:
            if line.startswith("signing:"):
                print(line, file=sys.stderr, flush=True)
        if done.returncode != 0:
            tail = "\n".join(f"    {line}" for line in log[-40:])
            say(f"makensis failed (exit {done.returncode}):\n{tail}")
            return 1
        # 3. the installer, then its signature checked
        if config and sign.sign_file(config, out):
            cafile = os.environ.get(ENV_CAFILE) or None
            check = sign.verify_command(config, out, Path(cafile) if cafile else None)
            verified = subprocess.run(check, capture_output=True, text=True, check=False)
            if verified.returncode != 0:
                say(f"the installer's signature does not verify ({' '.join(check)}):\n"
                    f"{verified.stdout}{verified.stderr}")
                return 1
            say("the installer's signature verifies")
    except sign.SigningError as exc:
        say(f"signing failed: {exc}")
        return 1

    size = out.stat().st_size / 1e6
    signed = "signed" if config else "unsigned"
    say(f"{out.name}: {size:.0f} MB, {signed}, made in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
