"""What the commands of :mod:`backoffice.sync.cli` and :mod:`backoffice.sync.status_cli` share."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from backoffice import messages
from backoffice.store import Store
from backoffice.sync import accounts
from backoffice.sync.accounts import Account


def say(args: argparse.Namespace, code: str, **params: Any) -> None:
    print(messages.render_code(code, params, getattr(args, "lang", None)))


@contextmanager
def open_store(account: Account) -> Iterator[Store]:
    store = accounts.open_store(account)
    try:
        yield store
    finally:
        store.close()


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
