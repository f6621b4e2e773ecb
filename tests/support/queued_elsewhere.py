"""A sign-in whose store keeps a command that has not gone out (a platform that then moves)."""

from __future__ import annotations

from support.platform_env import PASSWORD

from backoffice.domain.commands import Command
from backoffice.store import Store
from backoffice.sync import accounts
from backoffice.sync.engine import SyncEngine


def queue_a_comment(url: str, name: str) -> accounts.Account:
    """Signed in at ``url``, synced, then a comment queued that has not been sent."""
    account, client = accounts.sign_in(url, name, PASSWORD)
    with Store.open(account.store_path()) as store:
        SyncEngine(store, client).sync_once()
        with store.read() as uow:
            case = uow.cases.all()[0]
        store.record_command(Command.new("comment.add", case.case_code, case.version,
                                         {"text": "queued before the move"}, author=name))
    return account
