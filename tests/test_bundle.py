"""What the PyInstaller bundle must carry, checked without building it.

PyInstaller follows ``import`` statements only. These tests fail when a
change would leave the bundle without something it needs — a migration or
resource that is not declared as data, a module imported by name, an import
of a package the spec excludes, a child process started with
``sys.executable`` — long before CI's bundle step (``bootstrap.sh bundle``)
or a workstation finds out. What the bundle carries is declared in
``installer/contents.py``; see ``installer/README.md``.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("backoffice", "ui")


def _contents() -> ModuleType:
    # installer/ is no package; load its module by path, under its own name.
    spec = importlib.util.spec_from_file_location(
        "installer_contents", REPO / "installer" / "contents.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


contents = _contents()


def _sources() -> list[Path]:
    return [p for package in PACKAGES for p in sorted((REPO / package).rglob("*.py"))]


def _bundled(datas: list[tuple[str, str]]) -> set[str]:
    """The bundle-relative paths of the declared data files."""
    return {(Path(dest) / Path(src).name).as_posix() for src, dest in datas}


def test_migrations_are_declared_as_data() -> None:
    # Alembic reads env.py and versions/*.py from files next to
    # backoffice/store/migrate.py; imports would not do.
    bundled = _bundled(contents.datas())
    migrations = REPO / "backoffice" / "store" / "migrations"
    expected = {
        p.relative_to(REPO).as_posix()
        for p in migrations.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert "backoffice/store/migrations/env.py" in expected
    assert any("/versions/" in p for p in expected)
    assert expected <= bundled, f"not in the bundle: {sorted(expected - bundled)}"


def test_resources_are_declared_as_data() -> None:
    bundled = _bundled(contents.datas())
    resources = [p for p in (REPO / "resources").rglob("*") if p.is_file()]
    for path in resources:
        rel = path.relative_to(REPO).as_posix()
        if path.suffix == ".ts":
            # The source of a translation stays out; its compiled .qm goes in.
            assert path.with_suffix(".qm").relative_to(REPO).as_posix() in bundled, rel
        elif not path.name.startswith("."):
            assert rel in bundled, f"{rel} is not in the bundle"


def test_entry_scripts_are_the_project_scripts() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    entries = {
        "cli_main.py": project["scripts"]["backoffice"],
        "gui_main.py": project["gui-scripts"]["backoffice-gui"],
    }
    for script, entry in entries.items():
        module, function = entry.split(":")
        tree = ast.parse((REPO / "installer" / script).read_text(encoding="utf-8"))
        imports = {
            (node.module, alias.name)
            for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        assert (module, function) in imports, f"installer/{script} should run {entry}"


def _string_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "string" assignments (e.g. ``_SYNC_CLI``)."""
    found = {}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def _imported_by_name() -> list[tuple[str, str]]:
    """(file, module) for every import_module(...) / _lazy(...) with a literal module."""
    found = []
    for path in _sources():
        rel = path.relative_to(REPO).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        constants = _string_constants(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in ("import_module", "__import__", "_lazy"):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((rel, arg.value))
            elif isinstance(arg, ast.Name) and arg.id in constants:
                found.append((rel, constants[arg.id]))
    return found


def test_modules_imported_by_name_are_hidden_imports() -> None:
    # The CLI imports its command modules (and `backoffice app` the GUI) with
    # importlib; the import scan cannot see those, the hidden imports must.
    hidden = set(contents.our_modules()) | set(contents.THIRD_PARTY_HIDDEN)
    dynamic = _imported_by_name()
    assert ("backoffice/cli.py", "ui.app") in dynamic  # the check finds what it should
    missing = [f"{rel}: {module}" for rel, module in dynamic if module not in hidden]
    assert not missing, (
        "imported by name but not collected into the bundle (a module of ours that does "
        "not exist, or another package's: add it to THIRD_PARTY_HIDDEN in "
        f"installer/contents.py): {missing}")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, node.module)]
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def test_nothing_we_import_is_excluded_from_the_bundle() -> None:
    excluded = set(contents.EXCLUDES)
    wrong = []
    for path in _sources():
        for line, module in _imports(path):
            parts = module.split(".")
            prefixes = {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
            if prefixes & excluded:
                wrong.append(f"{path.relative_to(REPO)}:{line} imports {module}")
    assert not wrong, (
        "installer/contents.py excludes these from the bundle, so the frozen app would fail "
        f"to import them: {wrong}")


# Calls that start a program: subprocess, os.exec*/spawn*, asyncio, QProcess.
_STARTERS = {
    "run", "Popen", "call", "check_call", "check_output", "create_subprocess_exec",
    "execv", "execve", "execl", "execlp", "execvp", "spawnv", "spawnl", "posix_spawn",
    "start", "startDetached", "execute",
}


def _is_sys_executable(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "executable"
            and isinstance(node.value, ast.Name) and node.value.id == "sys")


def test_no_child_process_of_our_own_python() -> None:
    # In the bundle sys.executable is the app itself: `sys.executable -m
    # module` starts the app again instead of the module. Run it in a thread
    # (the sandbox: backoffice.sandbox.server.running_sandbox) instead.
    # Showing it (the diagnostics) is fine.
    wrong = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in _STARTERS:
                continue
            arguments = [*node.args, *(k.value for k in node.keywords)]
            if any(_is_sys_executable(n) for arg in arguments for n in ast.walk(arg)):
                wrong.append(f"{path.relative_to(REPO)}:{node.lineno} {name}(sys.executable …)")
    assert not wrong, f"the app starts its own Python, which a bundle does not have: {wrong}"


# --- the Windows installer (installer/onevisit.nsi, make_installer.py, sign.py) -----------------

NSI = REPO / "installer" / "onevisit.nsi"


def _installer_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"installer_{name}", REPO / "installer" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


sign = _installer_module("sign")


def _nsi_defines() -> dict[str, str]:
    text = NSI.read_text(encoding="utf-8")
    return dict(re.findall(r'^\s*!define\s+(?:/ifndef\s+)?(\w+)\s+"([^"]*)"', text, re.MULTILINE))


def test_version_resource_numbers() -> None:
    assert contents.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert contents.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    assert contents.version_tuple("2026.3.14.7+local") == (2026, 3, 14, 7)
    with pytest.raises(ValueError):
        contents.version_tuple("70000.0")  # Windows takes 16 bits a number
    # This tree's version fits (the spec and the installer both use it).
    contents.version_tuple(contents.version())


def test_application_icon_has_the_windows_sizes() -> None:
    from PIL import Image

    assert contents.ICON.is_file(), "run installer/make_icon.py"
    with Image.open(contents.ICON) as icon:
        sizes = icon.info["sizes"]
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(sizes)
    assert contents.ICON.with_suffix(".png").is_file()


def test_installer_script_agrees_with_the_app() -> None:
    # The script names files and folders that the bundle and the app decide:
    # a rename on one side must not leave the installer pointing elsewhere.
    from backoffice import paths

    defines = _nsi_defines()
    assert defines["GUI_EXE"] == f"{contents.GUI_EXE}.exe"
    assert defines["CLI_EXE"] == f"{contents.CLI_EXE}.exe"
    assert defines["PRODUCT"] == contents.PRODUCT
    assert defines["PUBLISHER"] == contents.PUBLISHER
    assert defines["ARCHIVE_EXT"] == contents.ARCHIVE_EXTENSION
    # What the uninstaller removes on /REMOVEDATA is where the app keeps it.
    assert defines["DATA_FOLDER"] == f"{paths.APP_AUTHOR}\\{paths.APP_NAME}"
    assert defines["SETTINGS_KEY"] == f"Software\\{paths.APP_AUTHOR}\\{paths.APP_NAME}"
    text = NSI.read_text(encoding="utf-8")
    # The data folder is removed only by the unselected uninstall section.
    removals = [line for line in text.splitlines() if "DATA_FOLDER}" in line and "RMDir" in line]
    assert len(removals) == 1
    data_section = text[text.index('Section /o "un.$(SEC_UNDATA)"'):]
    assert removals[0] in data_section
    # Never remove the install folder recursively (/D= may name a shared one).
    assert not re.search(r'RMDir\s+/r\s+"\$INSTDIR"\s*$', text, re.MULTILINE)


def test_signing_not_configured_says_so(capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    for name in (sign.ENV_PFX, sign.ENV_THUMBPRINT, sign.ENV_REQUIRED):
        monkeypatch.delenv(name, raising=False)
    target = tmp_path / "x.exe"
    target.write_bytes(b"MZ")
    assert sign.main([str(target)]) == 0
    assert "not configured" in capsys.readouterr().err
    assert sign.main(["--require", str(target)]) == 1
    assert "signing is required" in capsys.readouterr().err


@pytest.mark.skipif(not shutil.which("makensis"),
                    reason="needs makensis (apt-get install nsis; ./bootstrap.sh bundle installs it)")
def test_installer_required_signed_by_the_environment_stops_unsigned(tmp_path: Path) -> None:
    # docs/install.md: ONEVISIT_SIGN_REQUIRED=1 is the same as --require-signature
    # (a release pipeline sets the variable once for every step).
    suffix = ".exe" if sys.platform == "win32" else ""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    for name in (contents.GUI_EXE, contents.CLI_EXE):
        (bundle / f"{name}{suffix}").write_bytes(b"MZ")
    env = {k: v for k, v in os.environ.items() if k not in (sign.ENV_PFX, sign.ENV_THUMBPRINT)}
    env[sign.ENV_REQUIRED] = "1"
    out = tmp_path / "unsigned-installer.exe"
    done = subprocess.run(
        [sys.executable, str(REPO / "installer" / "make_installer.py"), "--bundle", str(bundle),
         "--out", str(out), "--compression", "off"],
        env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "stopping" in done.stderr
    assert not out.exists()


def test_signing_commands_keep_the_password_out_of_the_log(tmp_path: Path) -> None:
    pfx = tmp_path / "c.pfx"
    pfx.write_bytes(b"")
    config = sign.Config(pfx=pfx, password="pa ss-w0rd", thumbprint=None,
                         timestamp_url="http://tsa.example/", tool="/usr/bin/osslsigncode")
    argv, stdin = sign.command(config, tmp_path / "a.exe", tmp_path / "a.exe.signed")
    assert "pa ss-w0rd" not in argv  # osslsigncode reads it from stdin
    assert stdin == "pa ss-w0rd\n"
    assert ["-ts", "http://tsa.example/"] == argv[argv.index("-ts"):argv.index("-ts") + 2]
    windows = sign.Config(pfx=pfx, password="pa ss-w0rd", thumbprint=None,
                          timestamp_url="http://tsa.example/", tool="C:/SDK/signtool.exe")
    argv, stdin = sign.command(windows, tmp_path / "a.exe", tmp_path / "a.exe")
    assert stdin is None and ["/tr", "http://tsa.example/", "/td", "SHA256"] == argv[-5:-1]
    assert "pa ss-w0rd" not in sign.shown(argv, windows)
    assert "pa ss-w0rd" not in config.describe() + windows.describe()


def _code_signing_pfx(folder: Path, password: bytes) -> tuple[Path, Path]:
    """A throwaway self-signed code-signing certificate: (pfx, cert.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "OneVisit TEST ONLY code signing")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False),
                       critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
        .sign(key, hashes.SHA256())
    )
    pfx = folder / "codesign.pfx"
    pfx.write_bytes(pkcs12.serialize_key_and_certificates(
        b"codesign", key, cert, None, serialization.BestAvailableEncryption(password)))
    pem = folder / "codesign.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return pfx, pem


@pytest.mark.skipif(not shutil.which("makensis") or not shutil.which("osslsigncode"),
                    reason="needs makensis and osslsigncode (apt-get install nsis osslsigncode; "
                           "./bootstrap.sh bundle installs them)")
def test_installer_compiles_signs_and_verifies(tmp_path: Path) -> None:
    # The real script and build step against a tiny stand-in of the bundle's
    # layout (the real bundle is built by `bootstrap.sh bundle`, which compiles
    # the script against it). makensis on Linux writes a real PE installer, so
    # the osslsigncode path of installer/sign.py is tested end to end: the
    # uninstaller signed from inside makensis, the installer after, an RFC 3161
    # timestamp from the signing tests' TSA, the password never in the output.
    from backoffice.signing.testpki import PkiServer, TestPki

    suffix = ".exe" if sys.platform == "win32" else ""
    bundle = tmp_path / "bundle"
    (bundle / "_internal" / "resources").mkdir(parents=True)
    (bundle / f"{contents.GUI_EXE}{suffix}").write_bytes(b"gui")
    (bundle / f"{contents.CLI_EXE}{suffix}").write_bytes(b"cli")
    (bundle / "_internal" / "resources" / "x.txt").write_text("x")
    password = "throwaway-Pw-7f3a"
    pfx, pem = _code_signing_pfx(tmp_path, password.encode())
    # Not "setup.exe": makensis warns (Windows applies compatibility shims to that name).
    out = tmp_path / f"{contents.BUNDLE}-test-installer.exe"
    with PkiServer() as server:
        pki = TestPki.generate(server.base_url)
        server.serve(pki)
        root = pki.write(tmp_path / "tsa", b"unused")["root"]
        env = dict(os.environ)
        env.update({sign.ENV_PFX: str(pfx), sign.ENV_PASSWORD: password,
                    sign.ENV_TIMESTAMP: pki.tsa_url, "ONEVISIT_SIGN_CAFILE": str(pem)})
        done = subprocess.run(
            [sys.executable, str(REPO / "installer" / "make_installer.py"), "--bundle", str(bundle),
             "--out", str(out), "--compression", "off", "--require-signature"],
            env=env, capture_output=True, text=True, timeout=120, check=False)
        output = done.stdout + done.stderr
        assert done.returncode == 0, output
        assert password not in output
        assert output.count("signing makensis") == 1, output  # the uninstaller, via !uninstfinalize
        assert "the installer's signature verifies" in output
        verified = subprocess.run(
            ["osslsigncode", "verify", "-in", str(out), "-CAfile", str(pem), "-TSA-CAfile", str(root)],
            capture_output=True, text=True, timeout=60, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Timestamp Server Signature verification: ok" in verified.stdout
    assert out.read_bytes()[:2] == b"MZ"
