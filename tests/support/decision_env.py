"""The decision desk against the real sandbox: devices with their own store and file cache.

Shared by ``tests/decisions`` and the decision form's UI tests. One sandbox
per module, its clock fixed on the seed's day and moved on by tests
(``clock.now``); each test walks its own fresh case to ``deciding``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from support.platform_env import FAST
from support.sandbox_env import PASSWORD, Client, demo_data, start, user, version
from support.verdicts import pass_on_platform

from backoffice.decisions.desk import DecisionDesk
from backoffice.decisions.sealing import Sealer
from backoffice.remote import PlatformClient
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache

FRESH = 8
DEMO = demo_data(fresh=FRESH)
CST = dt.timezone(dt.timedelta(hours=8))


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2025, 3, 3, 10, 0, tzinfo=CST)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory, clock: Clock) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=clock)


@dataclass
class Device:
    store: Store
    client: PlatformClient
    engine: SyncEngine
    cache: FileCache
    sealer: Sealer
    desk: DecisionDesk
    username: str


@pytest.fixture
def device(sandbox: Sandbox, tmp_path: Path, clock: Clock) -> Iterator[Callable[..., Device]]:
    """``device(username, name=None)``: signed in, its own store and file cache; the sealer's
    clock is the platform's, so back-off and the service's delay move together."""
    opened: list[Device] = []

    def make(username: str, name: str | None = None) -> Device:
        roles = next(u.roles for u in DEMO.users if u.username == username)
        department = next(u.department_code for u in DEMO.users if u.username == username)
        # No retries inside the HTTP layer: a 429 reaches the sealer's back-off.
        client = PlatformClient(sandbox.url, settings=replace(FAST, retries=0), transient=True)
        client.login(username, PASSWORD)
        folder = tmp_path / (name or username)
        folder.mkdir(exist_ok=True)
        store = Store.open(folder / "store.sqlite3")
        cache = FileCache(folder / "files")
        sealer = Sealer(store, client, cache, username=username,
                        clock=lambda: clock.now.timestamp())
        desk = DecisionDesk(store, sealer, username=username, roles=tuple(roles),
                            department_code=department, today=lambda: clock.now.date())
        dev = Device(store, client, SyncEngine(store, client), cache, sealer, desk, username)
        opened.append(dev)
        return dev

    yield make
    for dev in opened:
        dev.cache.close()
        dev.store.close()


def walk_to_deciding(sandbox: Sandbox, n: int, *, skip: str | None = None) -> Any:
    """Case ``fresh_cases[n]`` with every department's opinion in (but ``skip``'s)."""
    case = next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[n])
    for task in [t for t in DEMO.tasks if t.case_code == case.case_code]:
        if task.department_code == skip:
            continue
        client = Client(sandbox.url, user(DEMO, task.department_code)).login()
        for kind, payload in (("task.claim", {}), ("task.give_opinion", {"opinion": "同意。"})):
            if kind == "task.give_opinion":
                pass_on_platform(sandbox, client, task.id)
            r = client.command(kind, "review_task", task.id,
                               version(sandbox, "review_task", task.id), payload)
            assert r["status"] == "applied", r
    return case


def signer_on_submitted(sandbox: Sandbox, device: Callable[..., Device],
                        n: int) -> tuple[Any, Any, Device]:
    """Case ``fresh_cases[n]`` with its grant drafted and submitted by a reviewer; its
    signer's workstation synced, with the platform's trust and reserved numbers."""
    case = walk_to_deciding(sandbox, n)
    lead = case.lead_department
    reviewer = device(user(DEMO, lead))
    reviewer.engine.sync_once()
    draft = reviewer.desk.draft(case.case_code, {**GRANT, "joint": len(departments(case)) > 1},
                                submit=True)
    reviewer.engine.sync_once()
    signer = device(user(DEMO, lead, "signer"))
    signer.engine.sync_once()
    signer.sealer.refresh_trust()
    signer.sealer.reserve_numbers()
    return case, draft, signer


def sealed_by_platform(sandbox: Sandbox, device: Callable[..., Device],
                       n: int) -> tuple[Any, Any, Device]:
    """Case ``fresh_cases[n]``'s grant sealed by the signing service; (case, the sealed
    decision as the signer's desk has it, the signer's device, synced)."""
    from backoffice.decisions import jobs

    case, draft, signer = signer_on_submitted(sandbox, device, n)
    sandbox.app.state.platform.signing.delay = 0
    signer.sealer.seal_with_platform(draft.id)
    signer.sealer.follow()
    signer.sealer.clock = lambda: 1e12  # the back-off is over
    [job] = signer.sealer.follow()
    assert job.state == jobs.SIGNED, job
    signer.engine.sync_once()
    [sealed] = signer.desk.decisions(case.case_code)
    return case, sealed.decision, signer


def departments(case: Any) -> list[str]:
    others = sorted({t.department_code for t in DEMO.tasks if t.case_code == case.case_code}
                    - {case.lead_department})
    return [case.lead_department, *others]


GRANT = {"kind": "grant", "legal_basis": "《食品经营许可和备案管理办法》第二十一条"}


def seal_p12(sandbox: Sandbox, department: str, password: bytes, **shape: Any) -> bytes:
    """A seal .p12 naming ``department`` under the sandbox's PKI (see :func:`issue_p12`)."""
    pki = sandbox.app.state.platform.pki.pki
    return issue_p12(pki, pki.names[department], password, **shape)


def issue_p12(pki: Any, org: str, password: bytes, *, valid_days: tuple[int, int] = (-1, 730),
              revoked: bool = False, foreign_ca: bool = False) -> bytes:
    """A seal certificate and key of ``pki`` (a ``TestPki``) as a .p12, naming ``org``.

    ``valid_days``: not before / not after, in days from now (an expired one:
    ``(-400, -3)``). ``revoked``: the serial of the CRL's revoked certificate,
    so the CRL revokes it while it names ``org``. ``foreign_ca``: issued by a
    root nobody trusts.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    from backoffice.signing.testpki import Issued, _key, _name

    issuer_key, issuer_name = pki.root.key, pki.root.certificate.subject
    if foreign_ca:
        issuer_key = _key()
        issuer_name = _name("他省电子印章根证书（测试）", "他省测试认证中心")
    now = dt.datetime.now(dt.UTC)
    key = _key()
    serial = pki.revoked.certificate.serial_number if revoked else x509.random_serial_number()
    cert = (x509.CertificateBuilder().subject_name(_name(f"{org}电子印章", org))
            .issuer_name(issuer_name).public_key(key.public_key()).serial_number(serial)
            .not_valid_before(now + dt.timedelta(days=valid_days[0]))
            .not_valid_after(now + dt.timedelta(days=valid_days[1]))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer_key.public_key()), critical=False)
            .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                [x509.UniformResourceIdentifier(pki.crl_url)], None, None, None)]),
                critical=False)
            .sign(issuer_key, hashes.SHA256()))
    return pki.pkcs12(Issued(cert, key), password)
