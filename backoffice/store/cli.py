"""``backoffice store …``: look at and migrate the local store without the GUI.

IT staff and support use these on a workstation where the app refuses to
start (a store from a newer version, a damaged file): ``info`` reads the file
without changing it; ``migrate`` does what the app does at start-up.

The arguments are declared in :mod:`backoffice.cli` (``_configure_store``),
which imports this module only when an action runs: building the parser must
not import SQLAlchemy and Alembic.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from backoffice import cli_text, messages, paths
from backoffice.domain.errors import StoreError
from backoffice.store import migrate
from backoffice.store.store import Store, describe


def _path(args: argparse.Namespace, *, create: bool) -> Path:
    """The store asked for; else the one ``status`` and the app use: the signed-in person's.

    ``create``: make the store's folder (``migrate``); ``info`` only reads,
    so a profile named there must not leave an empty folder behind.
    """
    if args.path is not None:
        return Path(args.path)
    if args.profile is not None:
        return paths.store_path(args.profile, create=create)
    from backoffice.sync import accounts

    account = accounts.current()
    profile = account.profile if account is not None else paths.DEFAULT_PROFILE
    return paths.store_path(profile, create=create)


def _refuse_what_is_no_store(path: Path) -> None:
    """A path named by hand outside the app's data folder that holds no store: refused
    (``info`` and ``migrate``).

    ``store.not_a_database`` tells a person to move their own damaged store
    aside, so that the app makes a new one: right for the file the app
    keeps, wrong for any other (``/etc/passwd``, a folder, another
    program's database). Those were never this app's, so the refusal says
    so and where the store is, and suggests doing nothing to the file. A
    copy of a store elsewhere is shown as usual.
    """
    if not path.exists() or _in_data_folder(path):
        return
    if path.is_dir():
        raise StoreError("store.info_folder", path=str(path))
    try:
        state = migrate.read_state(path)
    except StoreError as exc:
        if exc.code != "store.not_a_database":
            raise
        raise StoreError("store.info_not_a_store", path=str(path)) from None
    if state.revision is None and any(t != migrate.VERSION_TABLE for t in state.tables):
        raise StoreError("store.info_not_a_store", path=str(path))  # another program's database


def _in_data_folder(path: Path) -> bool:
    """Where the app keeps its stores: one missing there is made at the next start."""
    return path.resolve().is_relative_to(paths.data_dir(create=False).resolve())


def run_info(args: argparse.Namespace) -> int:
    path = _path(args, create=False)
    if args.path is not None and not path.parent.is_dir():
        # "Created at the first start of the app" would be untrue: the app
        # never makes a store named by hand, least of all in no folder.
        raise StoreError("store.folder_missing", folder=str(path.parent), path=str(path))
    if args.path is not None:
        _refuse_what_is_no_store(path)
    info = describe(path)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    lang = messages.resolve_language(args.lang)

    def say(code: str, **params: Any) -> str:
        return messages.render_code(code, params, lang)

    rows = [["path", info["path"]]]
    if not info["exists"]:
        # A path named by hand outside the data folder: no start of the app makes it.
        named = args.path is not None and not _in_data_folder(path)
        rows.append(["exists", say("store.info_missing_named" if named else "store.info_missing")])
    else:
        state = "up_to_date" if info["up_to_date"] else (
            "newer" if info["newer"] else "needs_migration")
        wal = cli_text.word("on" if info["wal"] else "off", lang, "wal")
        rows += [
            ["schema", say("store.info_schema", revision=info["revision"],
                           state=cli_text.word(state, lang, "schema"),
                           supported=info["supported"])],
            ["size", say("store.info_size", size=f"{info['size_bytes']:,}", wal=wal)],
            ["outbox", {"en": "; ", "zh": "；"}[lang].join(  # a state's words may hold a comma
                f"{cli_text.word(k, lang)} {v}" for k, v in sorted(info["outbox"].items()))],
        ]
    for line in cli_text.table([[cli_text.word(k, lang, "info"), v] for k, v in rows]):
        print(line)
    if info["exists"]:
        for line in cli_text.table([[table, f"{count:,}"] for table, count in sorted(
                info["tables"].items())], right=frozenset({1}), indent="  "):
            print(line)
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    path = _path(args, create=True)
    if args.path is not None:
        _refuse_what_is_no_store(path)  # as info: never "move that file" of /etc/passwd
    with Store.open(path) as store:
        print(messages.render_code("store.migrated", {"path": str(store.path),
                                                      "revision": store.revision}, args.lang))
    return 0
