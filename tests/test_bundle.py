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
import importlib.util
import tomllib
from pathlib import Path
from types import ModuleType

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
