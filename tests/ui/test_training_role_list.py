"""File → Switch user in training mode: which accounts it lists, how and in what order
(pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.training import TrainingAccount
from ui.training_roles import TrainingRoleDialog

WORDS = {"Reviewer", "Inspector", "Signer", "Coordinator"}


def test_only_accounts_with_a_role_to_practise_are_listed_in_words_reviewers_first(
        qtbot: QtBot) -> None:
    accounts = [
        TrainingAccount("zj.jl.auditor1", "审计员（演示）", ("auditor",)),
        TrainingAccount("zj.jl.signer1", "金娟宇（演示）", ("signer",)),
        TrainingAccount("zj.jl.coordinator1", "张娟国（演示）", ("coordinator",)),
        TrainingAccount("zj.jl.inspector1", "于刚英（演示）", ("coordinator", "inspector")),
        TrainingAccount("zj.jl.reviewer2", "孙丹佳（演示）", ("signer", "admin", "reviewer")),
        TrainingAccount("zj.jl.nobody", "无角色（演示）", ()),
        TrainingAccount("zj.jl.reviewer1", "蔡强国（演示）", ("reviewer",)),
    ]
    dialog = TrainingRoleDialog(None, accounts, current="zj.jl.reviewer1", department="住建局")
    qtbot.addWidget(dialog)
    items = [dialog.accounts.item(r) for r in range(dialog.accounts.count())]
    listed = [str(i.data(Qt.ItemDataRole.UserRole)) for i in items]
    assert listed == ["zj.jl.reviewer1", "zj.jl.reviewer2", "zj.jl.inspector1",
                      "zj.jl.signer1", "zj.jl.coordinator1"]
    texts = {u: i.text() for u, i in zip(listed, items, strict=True)}
    for text in texts.values():
        roles = text.split(" — ")[0]
        assert set(roles.split(", ")) <= WORDS, text  # words, never a role code
    assert texts["zj.jl.reviewer2"].startswith("Reviewer, Signer — 孙丹佳（演示）")
    assert texts["zj.jl.inspector1"].startswith("Inspector, Coordinator — ")
    # The current account: marked, and not to be chosen; the next one is offered.
    current = items[0]
    assert current.text().endswith("signed in now")
    assert not current.flags() & Qt.ItemFlag.ItemIsEnabled
    assert dialog.chosen == "zj.jl.reviewer2" and dialog.sign_in_button.isEnabled()
