"""Authenticode-sign Windows executables when a certificate is configured.

    python installer/sign.py [--require] FILE...

installer/make_installer.py calls it for the two executables of the bundle,
for the uninstaller (from makensis, ``!uninstfinalize``) and for the
installer. With no certificate configured it says so and signs nothing (exit
0), unless ``--require`` (or ``ONEVISIT_SIGN_REQUIRED=1``) makes that an
error: a release build must not ship unsigned by accident.

Configuration, from the environment (docs/install.md, "Signing"):

``ONEVISIT_SIGN_PFX``
    the code-signing certificate with its key, a PKCS#12 file (.pfx/.p12);
``ONEVISIT_SIGN_PASSWORD``
    its password. Never printed. osslsigncode reads it from standard input;
    signtool has no such option and gets it as ``/p`` (visible to other
    processes of the same machine while it runs, as with any signtool use —
    on a shared machine use a thumbprint instead);
``ONEVISIT_SIGN_THUMBPRINT``
    Windows only, instead of a PFX: the SHA-1 thumbprint of a certificate in
    the certificate store (``/sha1``; a hardware token, an EV certificate, a
    PFX imported by the CI job);
``ONEVISIT_SIGN_TIMESTAMP_URL``
    an RFC 3161 timestamp server (e.g. ``http://timestamp.digicert.com``, or
    the department's). Without one the signature stops being valid when the
    certificate expires; the script warns;
``ONEVISIT_SIGN_TOOL``
    the signing program, if not found by itself: ``signtool.exe`` on Windows
    (PATH, then the newest Windows 10/11 SDK under ``Windows Kits``),
    ``osslsigncode`` elsewhere (Debian: ``apt-get install osslsigncode``).

Only PE files are signed; anything else (the Linux bundle's executables, in
CI's compile check) is skipped with a note.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_PFX = "ONEVISIT_SIGN_PFX"
ENV_PASSWORD = "ONEVISIT_SIGN_PASSWORD"
ENV_THUMBPRINT = "ONEVISIT_SIGN_THUMBPRINT"
ENV_TIMESTAMP = "ONEVISIT_SIGN_TIMESTAMP_URL"
ENV_TOOL = "ONEVISIT_SIGN_TOOL"
ENV_REQUIRED = "ONEVISIT_SIGN_REQUIRED"
DESCRIPTION = "OneVisit Back Office"
MASK = "***"


def say(text: str) -> None:
    print(f"signing: {text}", file=sys.stderr, flush=True)


class SigningError(Exception):
    pass


@dataclass(frozen=True)
class Config:
    pfx: Path | None
    password: str | None
    thumbprint: str | None
    timestamp_url: str | None
    tool: str

    def describe(self) -> str:
        """What signs, for the build log: never the password."""
        source = f"certificate store, thumbprint {self.thumbprint}" if self.thumbprint \
            else f"{self.pfx}"
        stamp = self.timestamp_url or "no timestamp"
        return f"{Path(self.tool).name} with {source} ({stamp})"


def is_windows() -> bool:
    return sys.platform == "win32"


def find_signtool() -> str | None:
    found = shutil.which("signtool")
    if found:
        return found
    # The Windows SDK does not put signtool on PATH: take the newest x64 one.
    roots = [os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")]
    candidates: list[Path] = []
    for root in filter(None, roots):
        candidates += Path(root, "Windows Kits", "10", "bin").glob("*/x64/signtool.exe")
        candidates += Path(root, "Windows Kits", "10", "App Certification Kit").glob(
            "signtool.exe")
    candidates.sort(key=lambda p: [int(x) if x.isdigit() else 0
                                   for x in p.parent.parent.name.split(".")])
    return str(candidates[-1]) if candidates else None


def config_from_env(env: dict[str, str] | None = None) -> Config | None:
    """The signing configuration, or None when no certificate is configured."""
    env = dict(os.environ if env is None else env)
    pfx = env.get(ENV_PFX, "").strip()
    thumbprint = env.get(ENV_THUMBPRINT, "").strip()
    if not pfx and not thumbprint:
        return None
    if thumbprint and not is_windows():
        raise SigningError(f"{ENV_THUMBPRINT} works with signtool on Windows only; "
                           f"set {ENV_PFX} instead")
    if pfx and not Path(pfx).is_file():
        raise SigningError(f"{ENV_PFX} names no file: {pfx}")
    tool = env.get(ENV_TOOL, "").strip() or (
        find_signtool() if is_windows() else shutil.which("osslsigncode"))
    if not tool:
        raise SigningError(
            "no signing tool: install the Windows SDK's signtool (or set ONEVISIT_SIGN_TOOL)"
            if is_windows() else
            "no signing tool: install osslsigncode (Debian: apt-get install osslsigncode)")
    return Config(
        pfx=Path(pfx) if pfx else None,
        password=env.get(ENV_PASSWORD) or None,
        thumbprint=thumbprint or None,
        timestamp_url=env.get(ENV_TIMESTAMP, "").strip() or None,
        tool=tool,
    )


def is_pe(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(2) == b"MZ"


def _uses_signtool(config: Config) -> bool:
    return Path(config.tool).name.lower().startswith("signtool")


def command(config: Config, path: Path, out: Path) -> tuple[list[str], str | None]:
    """(argv, stdin) that signs ``path`` (into ``out`` for osslsigncode)."""
    if _uses_signtool(config):
        argv = [config.tool, "sign", "/fd", "SHA256", "/d", DESCRIPTION]
        if config.thumbprint:
            argv += ["/sha1", config.thumbprint]
        else:
            argv += ["/f", str(config.pfx)]
            if config.password:
                argv += ["/p", config.password]
        if config.timestamp_url:
            argv += ["/tr", config.timestamp_url, "/td", "SHA256"]
        return argv + [str(path)], None
    argv = [config.tool, "sign", "-pkcs12", str(config.pfx), "-h", "sha256", "-n", DESCRIPTION]
    stdin = None
    if config.password:
        argv += ["-readpass", "-"]  # from standard input, not the command line
        stdin = config.password + "\n"
    if config.timestamp_url:
        argv += ["-ts", config.timestamp_url]
    return argv + ["-in", str(path), "-out", str(out)], stdin


def shown(argv: list[str], config: Config) -> str:
    """The command line for the log, with the password masked."""
    return " ".join(MASK if config.password and arg == config.password else
                    (f'"{arg}"' if " " in arg else arg) for arg in argv)


def sign_file(config: Config, path: Path) -> bool:
    """Sign one file in place; False when it is not a PE file (skipped)."""
    if not is_pe(path):
        say(f"skipped {path.name}: not a Windows executable")
        return False
    out = path.with_name(path.name + ".signed")
    argv, stdin = command(config, path, out)
    say(f"signing {path.name}: {shown(argv, config)}")
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True, check=False)
    output = (done.stdout + done.stderr).strip()
    if config.password:
        output = output.replace(config.password, MASK)
    if done.returncode != 0:
        out.unlink(missing_ok=True)
        raise SigningError(f"{Path(config.tool).name} failed on {path.name} "
                           f"(exit {done.returncode}):\n{output}")
    if not _uses_signtool(config):
        os.replace(out, path)
    return True


def verify_command(config: Config, path: Path, cafile: Path | None = None) -> list[str]:
    if _uses_signtool(config):
        return [config.tool, "verify", "/pa", str(path)]
    argv = [config.tool, "verify", "-in", str(path)]
    if cafile:
        argv += ["-CAfile", str(cafile)]
    return argv


def required_by_env() -> bool:
    """``ONEVISIT_SIGN_REQUIRED``: a build that must not go out unsigned (also make_installer)."""
    return os.environ.get(ENV_REQUIRED, "").strip().lower() in ("1", "true", "yes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Authenticode-sign files if configured.")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--require", action="store_true",
                        help=f"fail when no certificate is configured (also {ENV_REQUIRED}=1)")
    args = parser.parse_args(argv)
    required = args.require or required_by_env()
    try:
        config = config_from_env()
        if config is None:
            names = ", ".join(p.name for p in args.files)
            if required:
                raise SigningError(f"no certificate configured ({ENV_PFX} or {ENV_THUMBPRINT}) "
                                   f"and signing is required: {names} not signed")
            say(f"not configured ({ENV_PFX} is not set): {names} left unsigned")
            return 0
        if not config.timestamp_url:
            say(f"warning: no {ENV_TIMESTAMP}: the signature ends with the certificate")
        for path in args.files:
            sign_file(config, path)
    except SigningError as exc:
        say(f"error: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
