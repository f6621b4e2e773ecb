"""``backoffice …``: the command line.

Sub-commands are :class:`Command` entries in :func:`commands`. To add one,
write ``configure(parser)`` and ``run(args) -> int`` next to the code they
drive (``backoffice/store/cli.py`` for ``backoffice store …``) and add one line
to :func:`commands`. A command with sub-commands of its own passes
``run=None`` and sets ``run`` on each of its sub-parsers with
``parser.set_defaults(run=...)``.

Exit codes: 0 success; 1 unexpected error (logged with traceback); 2 a
:class:`BackofficeError` (message in the user's language) or bad usage
(argparse); 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass

from backoffice import __version__, logs, messages, paths
from backoffice.domain.errors import BackofficeError

_log = logging.getLogger("backoffice.cli")

Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class Command:
    help: str
    configure: Configure
    run: Run | None = None


def commands() -> dict[str, Command]:
    """Every sub-command, by name (imports happen here, when a parser is built)."""
    return {
        "app": Command("start the desktop app", add_app_arguments, _run_app),
        "paths": Command("show (and create) the per-user folders and the store path",
                         _no_arguments, _run_paths),
        "store": Command("look at or migrate the local store", _configure_store),
    }


# --- app -----------------------------------------------------------------


def add_app_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the desktop app, shared by ``backoffice app`` and ``backoffice-gui``."""
    parser.add_argument(
        "--demo", action="store_true",
        help="training mode: the window says so; nothing is sent to a real platform",
    )
    parser.add_argument(
        "--smoke", action="store_true",
        help="show the main window, run about a second, exit 0 (no dialogs; for checks)",
    )
    parser.add_argument(
        "--screenshot", metavar="PATH",
        help="save a PNG of the main window once painted, then exit (implies --smoke)",
    )


def _run_app(args: argparse.Namespace) -> int:
    # The composition root is the one place where backoffice reaches up to
    # the GUI. Importing it by name, at call time, keeps `import backoffice`
    # (and every other command) free of Qt: tests/test_layering.py checks it.
    ui_app = importlib.import_module("ui.app")
    return int(ui_app.run(args))


# --- store ---------------------------------------------------------------


def _configure_store(parser: argparse.ArgumentParser) -> None:
    # SQLAlchemy and Alembic are imported only when this command is used.
    from backoffice.store import cli as store_cli

    store_cli.configure(parser)


# --- paths ---------------------------------------------------------------


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def _run_paths(args: argparse.Namespace) -> int:
    del args
    found = paths.ensure_all()
    log_file = logs.log_file()
    rows = [(name, str(path)) for name, path in found.items()]
    rows.append(("log file", str(log_file) if log_file else "-"))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    return 0


# --- main ----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backoffice",
        description="OneVisit Back Office — the department back office of 'One Visit Only'.",
    )
    parser.add_argument("--version", action="version", version=f"backoffice {__version__}")
    parser.add_argument(
        "--lang", choices=messages.LANGUAGES,
        help=f"language of messages (default: ${messages.ENV_LANG}, then the locale, then zh)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also log to stderr (the log file is always written)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in commands().items():
        child = sub.add_parser(name, help=command.help, description=command.help)
        command.configure(child)
        if command.run is not None:
            child.set_defaults(run=command.run)
    return parser


def handle_failure(exc: BaseException, *, lang: str | None = None, context: str = "command") -> int:
    """Log ``exc``, tell the user in their language on stderr, return the exit code."""
    language = messages.resolve_language(lang)
    if isinstance(exc, BackofficeError):
        # Params are promised to be secret-free; the log filter checks anyway.
        _log.warning("%s failed: %s", context, exc)
        _say(messages.render(exc, language))
        return 2
    if isinstance(exc, KeyboardInterrupt):
        _log.info("%s interrupted", context)
        return 130
    _log.error("%s failed unexpectedly", context, exc_info=exc)
    where = logs.log_file()
    _say(messages.render_code(
        "cli.unexpected",
        {"kind": type(exc).__name__, "log": str(where) if where else "stderr"},
        language,
    ))
    return 1


def _say(text: str) -> None:
    # A windowed executable has no stderr; the log already has the event.
    if sys.stderr is not None:
        print(f"backoffice: {text}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logs.setup_logging(console_level=logging.INFO if args.verbose else None)
    run: Run = args.run
    _log.info("backoffice %s: %s", __version__, args.command)
    try:
        return run(args)
    except BaseException as exc:  # every failure gets a message and an exit code
        if isinstance(exc, SystemExit):
            raise
        return handle_failure(exc, lang=args.lang, context=args.command)


if __name__ == "__main__":
    sys.exit(main())
