"""Where a record set aside is not as agreed, in glossary words, never a field path.

``backoffice status`` (and the diagnostics) said a malformed record's reason
with the contract's path in it: "(at record.department.version)". A person
reads the field and the kind of record in words ("the version number of the
department", 部门的版本号); a field without a word is "a field of" its record,
and a path naming no known record kind is not said at all. The stored reason
(``--json``'s ``raw_reason``) keeps the path for support.
"""

from __future__ import annotations

import json
import re
import subprocess
import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.platform_env import PASSWORD, start, user

from backoffice import messages
from backoffice.api import convert
from backoffice.api.records import WireRecord
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync import accounts
from backoffice.sync.engine import SyncEngine
from backoffice.sync.reasons import set_aside_reason

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
# An identifier as the contract spells it: a dotted path or a snake_case name.
_IDENTIFIER = re.compile(r"\b[a-z]+(?:[._][a-z0-9]+)+\b")
_MODELS = typing.get_args(typing.get_args(WireRecord)[0])


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


def test_the_field_and_its_record_are_said_in_words() -> None:
    reason = "record.department.version: Input should be greater than or equal to 0"
    assert "(in the version number of the department)" in set_aside_reason(reason, "en")
    assert "（部门的版本号不符合约定）" in set_aside_reason(reason, "zh")
    # A nested field is named by the record's own field that holds it.
    nested = set_aside_reason("record.case.applicant.name: Field required", "en")
    assert "(in the applicant of the case)" in nested
    assert "the escalate-by date of the decision" in set_aside_reason(
        "related.0.decision.report_by: Input should be a valid date", "en")
    # A change's own field, a command result's.
    assert "变更序号" in set_aside_reason("seq: Input should be a valid integer", "zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_field_of_any_record_is_said_as_the_contract_spells_it(lang: str) -> None:
    for model in _MODELS:
        entity = model.model_fields["entity"].default
        for name in model.model_fields:
            for path in (f"record.{entity}.{name}", f"record.{entity}.{name}.0.some_part",
                         f"related.2.{entity}.{name}"):
                said = set_aside_reason(f"{path}: Input should be a valid string", lang)
                assert _IDENTIFIER.search(said) is None, (path, said)
                assert messages.term(entity, lang) in said, (path, said)


def test_a_path_without_a_known_record_is_not_said() -> None:
    for reason in ("zz_top.yy: x", "record: Input tag 'zzz' found using 'entity'"):
        assert set_aside_reason(reason, "en") == messages.render_code(
            "sync.set_aside_malformed.unnamed", {}, "en")


def test_every_time_a_record_can_carry_has_words() -> None:
    # record.naive_time and record.time_out_of_range name the field (convert._check_times).
    for name in {f for fields in convert._TIMES.values() for f in fields}:
        for lang in ("en", "zh"):
            said = messages.render_code("record.time_out_of_range", {
                "field": name, "entity": "comment", "id": "c-1", "value": "0001-01-01"}, lang)
            assert name not in said, said


def test_status_says_where_in_words_and_json_keeps_the_path(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox) -> None:
    sandbox.faults.malform("/api/v1/changes", how="bad_record")
    account, client = accounts.sign_in(sandbox.url, user(), PASSWORD)
    with Store.open(account.store_path()) as store:
        assert SyncEngine(store, client).sync_once().pull.quarantined == 1
        with store.read() as uow:
            (kept,) = [q.reason for q in uow.quarantine.entries()]
    path = kept.split(": ", 1)[0]
    assert "." in path, kept  # record.<entity>.version, as the contract spells it
    for lang, words in (("en", "(in the version number of the "), ("zh", "的版本号不符合约定")):
        shown = run_cli("--lang", lang, "status", env=NO_KEYRING)
        assert shown.returncode == 0, shown.stderr
        assert path not in shown.stdout
        assert set_aside_reason(kept, lang) in shown.stdout and words in shown.stdout
    as_json = run_cli("status", "--json", env=NO_KEYRING)
    (entry,) = json.loads(as_json.stdout)["set_aside"]
    assert entry["raw_reason"].startswith(f"{path}: ")
