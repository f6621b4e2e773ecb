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

from backoffice import paths
from backoffice.store.store import Store, describe


def _path(args: argparse.Namespace) -> Path:
    if args.path is not None:
        return Path(args.path)
    return paths.store_path(args.profile)


def run_info(args: argparse.Namespace) -> int:
    info = describe(_path(args))
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    print(f"path        {info['path']}")
    if not info["exists"]:
        print("exists      no (created at the first start of the app)")
        return 0
    state = "up to date" if info["up_to_date"] else ("NEWER than this app" if info["newer"] else "needs migration")
    print(f"schema      {info['revision']} ({state}; this app: {info['supported']})")
    print(f"size        {info['size_bytes']:,} bytes; WAL {'on' if info['wal'] else 'off'}")
    outbox = ", ".join(f"{k} {v}" for k, v in sorted(info["outbox"].items()))
    print(f"outbox      {outbox}")
    for table, count in sorted(info["tables"].items()):
        print(f"  {table:<24} {count:>10,}")
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    path = _path(args)
    with Store.open(path) as store:
        print(f"{store.path}: schema {store.revision}")
    return 0
