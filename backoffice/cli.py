"""``backoffice …``: the command line.

Sub-commands are :class:`Command` entries in :func:`commands`. To add one,
declare its arguments here (``configure(parser)``), write ``run(args) -> int``
next to the code it drives (``backoffice/store/cli.py`` for ``backoffice store
…``) and add one line to :func:`commands`. A command with sub-commands of its
own passes ``run=None`` and sets ``run`` on each of its sub-parsers with
``parser.set_defaults(run=...)``.

Building the parser imports nothing heavy: every command's arguments are
declared in this module, and a command's module is imported only by its run
function (:func:`_lazy`). So ``backoffice --version`` and ``backoffice app``
do not pay for SQLAlchemy and Alembic (about half a second) before the window
paints; ``tests/test_cli.py`` checks ``sys.modules``.

Help texts are written here in English; their Chinese is a line each in
:data:`backoffice.cli_help.ZH` (``tests/test_cli_help.py`` finds one
missing), used when ``--lang`` or the environment asks for Chinese.

Exit codes: one per kind of failure, the same for every command, listed in
:mod:`backoffice.exit_codes` (and ``backoffice --help``): 0 success; 1
unexpected error (logged with traceback); 2 bad usage (argparse) or another
worded refusal; 4 and up the remote layer's kinds (offline, not signed in,
sign-in refused …); 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

from backoffice import (
    __version__,
    cli_help,
    cli_text,
    cli_values,
    exit_codes,
    logs,
    messages,
    paths,
)
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
    """Every sub-command, by name. Nothing heavy is imported here: see :func:`_lazy`."""
    return {
        "app": Command("start the desktop app", add_app_arguments, _run_app),
        "paths": Command("show (and create) the per-user folders and the store path",
                         _no_arguments, _run_paths),
        "store": Command("look at or migrate the local store", _configure_store),
        "sandbox": Command("the sandbox central platform: serve, seed, users",
                           _configure_sandbox),
        "login": Command("sign in to a platform (the password is asked for)", _configure_login,
                         _lazy(_SYNC_CLI, "run_login")),
        "logout": Command("sign out; queued changes stay for this account's next sign-in", _no_arguments,
                          _lazy(_SYNC_CLI, "run_logout")),
        "sync": Command("sync the local store with the platform", _configure_sync,
                        _lazy(_SYNC_CLI, "run_sync")),
        "status": Command("platform, user, local store, queued changes, conflicts, last sync",
                          _json_only, _lazy(_SYNC_CLI, "run_status")),
        "tasks": Command("the department's review tasks in the local store", _configure_tasks,
                         _lazy(_SYNC_CLI, "run_tasks")),
        "case": Command("one case as the local store has it", _configure_case,
                        _lazy(_SYNC_CLI, "run_case")),
        "claim": Command("claim your department's task of a case (queued; works offline)",
                         _case_code_only, _lazy(_SYNC_CLI, "run_claim")),
        "comment": Command("add a comment to a case (queued; works offline)", _configure_comment,
                           _lazy(_SYNC_CLI, "run_comment")),
        "conflicts": Command("list conflicted changes; re-apply or discard one",
                             _configure_conflicts, _lazy(_SYNC_CLI, "run_conflicts")),
        "efficiency": Command("the department's efficiency for a period: on-time completion, "
                              "immediate cases, overdue cases (local store)",
                              _configure_efficiency,
                              _lazy("backoffice.supervision_cli", "run_efficiency")),
        "inspections": Command("the joint site inspections in the local store", _json_only,
                               _lazy("backoffice.inspections.cli", "run_inspections")),
        "plan": Command("joint inspection planning: find slots for a planning problem",
                        _configure_plan),
        "document": Command("decision documents: render one from case data to PDF",
                            _configure_document),
        "seal": Command("apply the department's e-seal to a PDF (PKCS#12 file or PKCS#11 token)",
                        _configure_seal, _lazy(_SIGNING_CLI, "run_seal")),
        "timestamp": Command("add the awaited timestamp and revocation info to a sealed PDF",
                             _configure_timestamp, _lazy(_SIGNING_CLI, "run_timestamp")),
        "verify": Command("verify the seals of a PDF: exit 0 only if intact, trusted, not revoked",
                          _configure_verify, _lazy(_SIGNING_CLI, "run_verify")),
        "archive": Command("the sealed archive package of a case: create or verify",
                           _configure_archive),
    }


_SYNC_CLI = "backoffice.sync.cli"


# The values' checks: backoffice/cli_values.py.
_text, _path = cli_values.nonempty, cli_values.path


# --- sign-in, sync and the local store ------------------------------------------


def _configure_login(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", required=True, type=_text,
                        help="the platform's URL (https://…)")
    parser.add_argument("--user", required=True, type=_text, help="your user name on the platform")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input")
    parser.add_argument("--ca-bundle", type=_path, metavar="PEM",
                        help="extra trusted CA certificates, on top of the system's")


def _configure_sync(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--once", action="store_true",
                        help="one sync, then exit (otherwise: keep syncing until stopped)")
    parser.add_argument("--interval", type=cli_values.interval, default=300.0,
                        help="seconds between syncs when running continuously (from "
                             f"{cli_values.MIN_INTERVAL:g} to {cli_values.MAX_INTERVAL:g}, a day)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="show the records and files received so far on stderr "
                             "(default: when stderr is a terminal)")
    parser.add_argument("--password-stdin", action="store_true",
                        help="sign in with the password on the first line of standard input; "
                             "without a usable keyring, for this process only")


def _json_only(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def _configure_tasks(parser: argparse.ArgumentParser) -> None:
    _json_only(parser)
    parser.add_argument("--limit", type=cli_values.limit, default=100,
                        help="at most this many tasks (1 or more)")
    parser.add_argument("--all", action="store_true",
                        help="also finished tasks (default: the department's open tasks, "
                             "whoever holds them)")


def _case_code_only(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case_code", type=_text, metavar="CASE_CODE")


def _configure_case(parser: argparse.ArgumentParser) -> None:
    _case_code_only(parser)
    _json_only(parser)


def _configure_comment(parser: argparse.ArgumentParser) -> None:
    _case_code_only(parser)
    parser.add_argument("text", type=_text, metavar="TEXT")


def _configure_conflicts(parser: argparse.ArgumentParser) -> None:
    _json_only(parser)
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--reapply", type=_text, metavar="ID",
                        help="queue it again on the current version")
    action.add_argument("--discard", type=_text, metavar="ID", help="give it up")


def _configure_efficiency(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=cli_values.day, metavar="DATE",
                        help="first day of the period, YYYY-MM-DD (default: the first of the "
                             "month of --to, else of this month, Beijing time)")
    parser.add_argument("--to", dest="end", type=cli_values.day, metavar="DATE",
                        help="last day of the period, YYYY-MM-DD, included (default: the last "
                             "of the month of --from, else of this month)")
    _json_only(parser)


def _lazy(module: str, function: str) -> Run:
    """A run function that imports ``module`` only when the command runs."""

    def run(args: argparse.Namespace) -> int:
        target: Run = getattr(importlib.import_module(module), function)
        return target(args)

    run.__name__ = run.__qualname__ = f"{module}.{function}"
    return run


# --- language ---------------------------------------------------------------


def add_lang_argument(parser: argparse.ArgumentParser, *, after_command: bool = False) -> None:
    """``--lang zh|en``: the one definition, before a command and after ``app``.

    After a command the default is *suppressed*: argparse copies a
    sub-parser's defaults over the main parser's values, so a default there
    would undo ``backoffice --lang en app``. ``args.lang`` is None when no
    ``--lang`` was given anywhere (then ``BACKOFFICE_LANG`` and the locale
    decide, see :func:`backoffice.messages.resolve_language`).
    """
    parser.add_argument(
        "--lang", choices=messages.LANGUAGES,
        default=argparse.SUPPRESS if after_command else None,
        help=f"language of the interface and messages (default: ${messages.ENV_LANG}, "
             "then the locale, then zh)",
    )


# --- app -----------------------------------------------------------------


def add_app_arguments(parser: argparse.ArgumentParser, *, after_command: bool = True) -> None:
    """Options of the desktop app, shared by ``backoffice app`` and ``backoffice-gui``.

    ``backoffice-gui`` has no command before them: it passes
    ``after_command=False`` so ``args.lang`` is always set.
    """
    add_lang_argument(parser, after_command=after_command)
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
        help="save a PNG of the main window once painted, then exit (implies --smoke); "
             "a failed start-up step is pictured too, and the exit code still fails",
    )


def _run_app(args: argparse.Namespace) -> int:
    # The composition root is the one place where backoffice reaches up to
    # the GUI. Importing it by name, at call time, keeps `import backoffice`
    # (and every other command) free of Qt: tests/test_layering.py checks it.
    ui_app = importlib.import_module("ui.app")
    return int(ui_app.run(args))


# --- store ---------------------------------------------------------------


def _configure_store(parser: argparse.ArgumentParser) -> None:
    # Declared here, run in backoffice/store/cli.py: SQLAlchemy and Alembic
    # are imported only when a store action runs.
    sub = parser.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    info = sub.add_parser("info", help="show the store's schema, row counts and outbox (read-only)")
    _store_target(info)
    info.add_argument("--json", action="store_true", help="print JSON for scripts")
    info.set_defaults(run=_lazy("backoffice.store.cli", "run_info"))
    migrate = sub.add_parser("migrate", help="create the store or upgrade its schema")
    _store_target(migrate)
    migrate.set_defaults(run=_lazy("backoffice.store.cli", "run_migrate"))


def _store_target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--path", type=_path,
                        help="a store file (default: the signed-in person's store)")
    parser.add_argument("--profile", type=_text, help="the profile's store (a folder name under "
                                          "<data dir>/profiles)")


# --- sandbox -------------------------------------------------------------


def _configure_sandbox(parser: argparse.ArgumentParser) -> None:
    # Declared here, run in backoffice/sandbox/cli.py: FastAPI, uvicorn and
    # SQLAlchemy are imported only when a sandbox action runs.
    sub = parser.add_subparsers(dest="sandbox_command", metavar="ACTION", required=True)
    db_help = "database: a SQLite file path or a SQLAlchemy URL " \
              "(default: <data dir>/sandbox/platform.sqlite3)"
    serve = sub.add_parser("serve", help="serve the platform API over HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=cli_values.port, default=8765,
                       help="port (0: any free port)")
    serve.add_argument("--db", help=db_help)
    serve.add_argument("--live", action="store_true",
                       help="play the one-window desk and the applicants (new cases, answers)")
    serve.set_defaults(run=_lazy("backoffice.sandbox.cli", "run_serve"))
    seed = sub.add_parser("seed", help="replace the database with reproducible demo data")
    seed.add_argument("--db", help=db_help)
    seed.add_argument("--cases", type=int, required=True, help="number of cases")
    seed.add_argument("--seed", type=int, required=True, help="random seed (same seed, same data)")
    seed.add_argument("--demo-password", metavar="PW",
                      help="every user's password (default: generated and printed once)")
    seed.set_defaults(run=_lazy("backoffice.sandbox.cli", "run_seed"))
    users = sub.add_parser("users", help="list the accounts with department and roles")
    users.add_argument("--db", help=db_help)
    users.add_argument("--json", action="store_true", help="print JSON for scripts")
    users.set_defaults(run=_lazy("backoffice.sandbox.cli", "run_users"))


# --- plan ----------------------------------------------------------------


def _configure_plan(parser: argparse.ArgumentParser) -> None:
    # Declared here, run in backoffice/planning/cli.py: pydantic and the
    # planning engine are imported only when a plan action runs.
    sub = parser.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    slots = sub.add_parser("slots", help="the earliest slots of a planning problem "
                                         "(JSON, see docs/planning.md), with team and explanation")
    slots.add_argument("--problem", type=_path, required=True, metavar="FILE",
                       help="the planning problem as JSON")
    slots.add_argument("--json", action="store_true", help="print JSON for scripts")
    slots.set_defaults(run=_lazy("backoffice.planning.cli", "run_slots"))


# --- documents, seals, verification, archive ---------------------------------

_SIGNING_CLI = "backoffice.signing.cli"
_DOCUMENT_KINDS = ("grant", "refuse", "escalate", "refuse_acceptance", "correction_notice",
                   "inspection_notice")


def _configure_document(parser: argparse.ArgumentParser) -> None:
    # Declared here, run in backoffice/signing/cli.py: reportlab and pyHanko are
    # imported only when a signing command runs.
    sub = parser.add_subparsers(dest="document_command", metavar="ACTION", required=True)
    render = sub.add_parser("render", help="render a decision document to PDF (GB/T 9704)")
    # Named in the help, not in braces: six of them made an unbreakable line of 86 columns.
    render.add_argument("--kind", choices=_DOCUMENT_KINDS, metavar="KIND",
                        help="overrides the JSON's kind: %(choices)s")
    render.add_argument("--case-json", type=_path, required=True, metavar="FILE",
                        help="the document's data as JSON (see docs/signing.md)")
    render.add_argument("--number", type=_text, metavar="文号",
                        help="the document number; without it the document is a draft")
    render.add_argument("--out", type=_path, required=True, metavar="PDF")
    render.set_defaults(run=_lazy(_SIGNING_CLI, "run_document_render"))


def _key_arguments(parser: argparse.ArgumentParser) -> None:
    key = parser.add_argument_group("the seal's key (PKCS#12 file or PKCS#11 token)")
    source = key.add_mutually_exclusive_group(required=True)
    source.add_argument("--p12", type=_path, metavar="FILE", help="a PKCS#12 (.p12/.pfx) file")
    source.add_argument("--pkcs11-lib", type=_path, metavar="LIB",
                        help="the token's PKCS#11 library (.so/.dll)")
    key.add_argument("--token-label", help="PKCS#11: the token's label")
    key.add_argument("--key-label", help="PKCS#11: the key's label")
    key.add_argument("--cert-label", help="PKCS#11: the certificate's label (default: key label)")
    key.add_argument("--password-stdin", "--pin-stdin", action="store_true",
                     dest="password_stdin",
                     help="read the password or PIN from the first line of standard input "
                          "(otherwise it is asked for; never on the command line)")
    parser.add_argument("--tsa", type=_text, metavar="URL",
                        help="RFC 3161 timestamp authority; unreachable: sealed, awaiting timestamp")
    parser.add_argument("--trust", type=_path, action="append", default=[], metavar="PEM",
                        help="trusted root certificate(s): the seal's certificate must chain "
                             "to one (repeatable; default: the PEM files in <data dir>/trust/)")


def _configure_seal(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=_path, metavar="IN.pdf")
    parser.add_argument("--out", type=_path, required=True, metavar="OUT.pdf")
    _key_arguments(parser)
    parser.add_argument("--crl", type=_path, action="append", default=[], metavar="FILE",
                        help="a CRL (DER or PEM): a certificate on it does not seal (repeatable)")
    parser.add_argument("--purpose", default="行政许可专用章",
                        help="the text under the star of the seal image")
    parser.add_argument("--allow-draft", action="store_true",
                        help="seal a draft (a document without its document number)")


def _configure_timestamp(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=_path, metavar="IN.pdf")
    parser.add_argument("--out", type=_path, required=True, metavar="OUT.pdf")
    parser.add_argument("--tsa", required=True, type=_text, metavar="URL",
                        help="RFC 3161 timestamp authority")
    parser.add_argument("--trust", type=_path, action="append", default=[], metavar="PEM",
                        help="trusted root certificate(s) (repeatable)")


def _verify_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--trust", type=_path, action="append", default=[], metavar="PEM",
                        help="trusted root certificate(s) (repeatable; default: the PEM files "
                             "in <data dir>/trust/)")
    _check_arguments(parser)
    parser.add_argument("--at", type=_text, metavar="DATE-TIME",
                        help="judge the seals as of this moment, e.g. \"2026-03-01 10:00\" "
                             "(China time unless a zone is given): was it valid then?")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    # archive create checks what it makes as archive verify will, with the same options.
    parser.add_argument("--crl", type=_path, action="append", default=[], metavar="FILE",
                        help="a CRL (DER or PEM) to check revocation against (repeatable)")
    parser.add_argument("--allow-fetching", action="store_true",
                        help="fetch CRLs/OCSP named in the certificates (network)")
    parser.add_argument("--revocation", choices=("require", "warn", "ignore"), default="require",
                        help="when no revocation information is found: reject (default), "
                             "warn, or ignore")
    parser.add_argument("--require-timestamp", action="store_true",
                        help="reject a seal that is still awaiting its timestamp")
    parser.add_argument("--signer", default="", metavar="DEPARTMENT",
                        help="reject a seal whose certificate names another organisation "
                             "than this department (every department's certificate chains "
                             "to the same root)")


def _configure_verify(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=_path, metavar="FILE.pdf")
    _verify_arguments(parser)


def _configure_archive(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="archive_command", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="package the sealed decision and the case's files; "
                                           "the manifest is sealed and timestamped")
    create.add_argument("--case-code", required=True, type=_text)
    create.add_argument("--decision", type=_path, required=True, metavar="PDF",
                        help="the sealed decision document")
    for flag, what in (("--material", "a material"), ("--correction", "a correction notice"),
                       ("--inspection", "an inspection record")):
        create.add_argument(flag, type=_path, action="append", default=[], metavar="FILE",
                            help=f"{what} (repeatable)")
    create.add_argument("--out", type=_path, required=True, metavar="ZIP")
    _key_arguments(create)
    _check_arguments(create)
    create.set_defaults(run=_lazy(_SIGNING_CLI, "run_archive_create"))
    verify = sub.add_parser("verify", help="check the package: manifest seal, every file, "
                                           "the decision's seal")
    verify.add_argument("input", type=_path, metavar="FILE.zip")
    _verify_arguments(verify)
    verify.set_defaults(run=_lazy(_SIGNING_CLI, "run_archive_verify"))


# --- paths ---------------------------------------------------------------


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def _run_paths(args: argparse.Namespace) -> int:
    from backoffice.sync import accounts  # light: no store, no SQLAlchemy

    lang = messages.resolve_language(args.lang)
    found = paths.ensure_all()
    # The store the app and `store info` use: once someone signed in, theirs
    # under profiles/, not the default one that then stays unused.
    account = accounts.current()
    if account is not None:
        found["store"] = account.store_path()
    log_file = logs.log_file()
    rows = [[cli_text.word(name, lang, "paths"), str(path)] for name, path in found.items()]
    rows.append([cli_text.word("log_file", lang, "paths"), str(log_file) if log_file else "-"])
    for line in cli_text.table(rows):
        print(line)
    return 0


# --- main ----------------------------------------------------------------


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The whole command line; its help in ``lang`` (see :mod:`backoffice.cli_help`)."""
    parser = argparse.ArgumentParser(
        prog="backoffice",
        description="OneVisit Back Office — the department back office of 'One Visit Only'.",
        epilog=exit_codes.epilog(lang),
    )
    parser.add_argument("--version", action="version", version=f"backoffice {__version__}")
    add_lang_argument(parser)
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also log to stderr (the log file is always written)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in commands().items():
        child = sub.add_parser(name, help=command.help, description=command.help)
        command.configure(child)
        if command.run is not None:
            child.set_defaults(run=command.run)
    cli_help.translate_parser(parser, lang)
    return parser


def asked_language(argv: list[str]) -> str | None:
    """The ``--lang`` of ``argv`` before it is parsed: the help and usage errors are in it.

    The last one wins, as when parsed (``--lang en app --lang zh`` is zh);
    nothing after ``--`` is an option.
    """
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


def handle_failure(exc: BaseException, *, lang: str | None = None, context: str = "command") -> int:
    """Log ``exc``, tell the user in their language on stderr, return the exit code."""
    language = messages.resolve_language(lang)
    refusal = cli_text.file_refusal(exc)
    if refusal is not None:
        _log.warning("%s failed: the system refused a file", context, exc_info=exc)
        exc = refusal
    if isinstance(exc, BackofficeError):
        # Params are promised to be secret-free; the log filter checks anyway.
        _log.warning("%s failed: %s", context, exc)
        _say(cli_text.not_signed_in_words(language)
             if exc.code == cli_text.NOT_SIGNED_IN and not exc.params
             else messages.render(exc, language))
        return exit_codes.for_error(exc.code, exc.params)
    if isinstance(exc, KeyboardInterrupt):
        _log.info("%s interrupted", context)
        return exit_codes.INTERRUPTED
    _log.error("%s failed unexpectedly", context, exc_info=exc)
    where = logs.log_file()
    _say(messages.render_code(
        "cli.unexpected",
        {"kind": type(exc).__name__, "log": str(where) if where else "stderr"},
        language,
    ))
    return exit_codes.UNEXPECTED


def _say(text: str) -> None:
    # A windowed executable has no stderr; the log already has the event.
    if sys.stderr is not None:
        print(f"backoffice: {text}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    plain = cli_text.fit_output()  # "en" where the output cannot hold Chinese
    lang = messages.resolve_language(asked_language(argv) or plain)
    with cli_help.argparse_words(lang):
        args = build_parser(lang).parse_args(argv)
    if args.lang is None and args.command != "app":  # the window is no terminal
        args.lang = plain
    logs.setup_logging(console_level=logging.INFO if args.verbose else None)
    run: Run = args.run
    _log.info("backoffice %s: %s", __version__, args.command)
    try:
        _check_encoding(args)
        code = run(args)
        if sys.stdout is not None:
            sys.stdout.flush()  # a closed pipe is met here, not at interpreter exit
        return code
    except BrokenPipeError:
        return _reader_gone()
    except BaseException as exc:  # every failure gets a message and an exit code
        if isinstance(exc, SystemExit):
            raise
        return handle_failure(exc, lang=args.lang, context=args.command)


def _check_encoding(args: argparse.Namespace) -> None:
    """Refuse an argument the terminal sent in another encoding than the locale's.

    Python keeps such bytes as lone surrogates (a GBK terminal under a UTF-8
    locale, say); stored, they would fail deep in the store with an
    "unexpected error", or be sent as text the platform cannot read.
    """
    for name, value in vars(args).items():
        if isinstance(value, str) and any("\udc80" <= c <= "\udcff" for c in value):
            raise BackofficeError("cli.bad_encoding", argument=name,
                                  encoding=sys.getfilesystemencoding())


def _reader_gone() -> int:
    """The output's reader closed early (``| head``): stop quietly, as other tools do.

    Python would otherwise report the pipe again when it flushes stdout at exit.
    """
    _log.info("the output's reader closed the pipe")
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return exit_codes.READER_GONE  # 128 + SIGPIPE, what a shell reports for a tool stopped this way


if __name__ == "__main__":
    sys.exit(main())
