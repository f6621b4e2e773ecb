"""Training mode: the sandbox platform in the background, signed in as a demo reviewer.

``backoffice app --demo`` (and the welcome page's "Training mode") runs the
sandbox platform in this process, on a free loopback port, over a database
in the per-user data directory that is seeded **once** with demo data (a
later start reuses it, so the trainee's work is still there), with the live
desk on, so cases keep arriving (the trainee's department's among them, in
the service hall's hours) and applicants answer, and the other departments on
the trainee's cases are played by the desk (``backoffice/sandbox/live_colleagues.py``):
they claim their tasks, review their materials and add their items to the
combined notice or give their opinion, minutes later; where one of them leads
the case, it decides it once every opinion is in (drafted, sealed, issued:
``backoffice/sandbox/live_decisions.py``). The app signs in as
the demo reviewer chosen at seeding: a reviewer of the department that
leads the first of the training data's fresh cases (just routed to two or
more departments, nothing claimed), so a trainee always has a whole review
to practise, up to the one combined correction notice the lead issues.
Seeding also walks another case of that department on until a colleague's
decision is submitted for its seal (``backoffice/sandbox/practice.py``), so
the department's signer has one to practise on too. Everything runs on a
worker thread; nothing here is Qt, so it can be tested and timed on its own.

The training store has its own profile (``training``): demo data never mixes
with real work, and the refresh token stays in memory (the password is the
app's own and the platform is local).

The trainee may sign in as another demo account of the same department on
the running platform (an inspector, the signer: ``ui/training_roles.py``).
One store per platform and user holds here too: the default reviewer keeps
``training`` (stores made before this stay theirs), every other account
gets ``training-<username>``. Each start signs in as the default reviewer.

A trainer starts training afresh with "Reset training data…" in the Switch
user dialog, or prepares the next class with the same button on the welcome
page (:func:`reset`): the platform's folder and every training store of the
workstation removed, the next start seeds anew. While a window of the app
(of this user: the training data is per user) runs training mode it holds a
lock of its own in the training folder (:func:`using`); a reset finds it held
and refuses (:class:`TrainingInUse`) rather than pull the data from under it. The
operating system drops a lock whose app ended, crashed or killed, so a lock
left behind never blocks a reset.

Every training sign-in also writes the department's seal certificate of the
training platform's PKI into the training folder (:func:`certificate_file`,
password :data:`CERTIFICATE_PASSWORD`), which the decision desk's local seal
offers in training mode only: a trainee signer has no certificate of their own.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import os
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from backoffice import paths
from backoffice.domain import clock

if TYPE_CHECKING:
    from backoffice.sandbox.pki import SandboxPki

_log = logging.getLogger("ui.training")

Clock = Callable[[], dt.datetime]

TRAINING_PROFILE = "training"
# The demo accounts' password in the training sandbox. Not a secret: the
# sandbox listens on loopback only and holds fictional data.
TRAINING_PASSWORD = "training-demo"
TRAINING_CASES = 2000
# A smaller training platform, for tests and slow machines.
CASES_ENV = "BACKOFFICE_TRAINING_CASES"
_ACCOUNT_FILE = "training-account.json"
# Set in the account file once a decision was walked to the signer (older folders lack it).
_PRACTICE = "signer_practice"
_OPEN = ("unclaimed", "in_review", "awaiting_applicant", "suspended")
# Untouched multi-department cases in the training data (fewer if it is small).
TRAINING_FRESH = 10
# What may not be in a store's profile name (backoffice.paths.valid_profile).
_UNSAFE = re.compile(r"[^\w.-]")
# The password of the training seal certificate, said in the desk and the docs. Not
# a secret: the certificate is issued by the training platform's own test PKI,
# which only that platform and the training stores trust.
CERTIFICATE_PASSWORD = "training-seal"


# The order roles are listed in when the trainee picks another one.
ROLES = ("reviewer", "inspector", "signer", "coordinator")


@dataclass(frozen=True, slots=True)
class TrainingPlatform:
    url: str
    username: str  # who signs in now
    reviewer: str = ""  # the account chosen at seeding, who signs in at each start

    @property
    def profile(self) -> str:
        """The store's profile of ``username``: its own for every account."""
        if self.username == (self.reviewer or self.username):
            return TRAINING_PROFILE
        return _account_profile(self.username)


def _account_profile(username: str) -> str:
    """The training store's profile of an account other than the default reviewer."""
    return f"{TRAINING_PROFILE}-{_UNSAFE.sub('_', username)[:80]}"


@dataclass(frozen=True, slots=True)
class TrainingAccount:
    """A demo account of the training platform."""

    username: str
    display_name: str
    roles: tuple[str, ...]


def department_accounts(department_code: str) -> list[TrainingAccount]:
    """The demo accounts of one department on the training platform a trainee can be."""
    from sqlalchemy import select

    from backoffice.sandbox import db

    engine = db.make_engine(database())
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(db.users.c.username, db.users.c.display_name,
                                       db.users.c.roles)
                                .where(db.users.c.department_code == department_code)).all()
    finally:
        engine.dispose()
    return practicable(TrainingAccount(r.username, r.display_name, tuple(r.roles.split()))
                       for r in rows)


def practicable(accounts: Iterable[TrainingAccount]) -> list[TrainingAccount]:
    """The accounts a trainee can be: those with a role of :data:`ROLES`, by their
    first one in that order (reviewers first), then by user name.

    An account with none of them (an administrator's, a role this app does not
    know) has nothing to practise here, and no words to be listed with.
    """
    usable = [a for a in accounts if set(a.roles) & set(ROLES)]
    return sorted(usable, key=lambda a: (min(ROLES.index(r) for r in a.roles if r in ROLES),
                                         a.username))


def folder() -> Path:
    path = paths.data_dir() / "training"
    path.mkdir(parents=True, exist_ok=True)
    return path


def database() -> Path:
    return folder() / "platform.sqlite3"


def certificate_file(department_code: str) -> Path:
    """Where training mode puts the training seal certificate of ``department_code``.

    Only a path: nothing is made, so asking outside training leaves no trace.
    """
    name = f"{_UNSAFE.sub('_', department_code)[:80]}-training-seal.p12"
    return paths.data_dir() / "training" / "certificates" / name


def certificate_offer(account: Any) -> tuple[Path, str] | None:
    """The training seal certificate the decision desk offers a trainee signer, who has
    no certificate of their own, and the words saying so; None before it is written
    (at sign-in)."""
    path = certificate_file(account.department_code)
    if not path.is_file():
        return None
    return path, QCoreApplication.translate(
        "DecisionDesk", "Training certificate of {department}'s seal, for the training "
        "platform only. Its password: {password}").format(
            department=getattr(account, "department_name", "") or account.department_code,
            password=CERTIFICATE_PASSWORD)


def training_stores() -> list[Path]:
    """The training stores' folders of this workstation (``<data>/profiles/<profile>``).

    Only the profiles training mode gives the training platform's accounts
    (``training``, ``training-<username>``): a real platform's store whose
    name happens to begin with "training" is not one of them.
    """
    profiles = paths.data_dir() / "profiles"
    names = {TRAINING_PROFILE}
    platform = paths.data_dir() / "training" / "platform.sqlite3"  # not made if missing
    if platform.is_file():
        from sqlalchemy import select

        from backoffice.sandbox import db

        engine = db.make_engine(platform)
        try:
            with engine.connect() as conn:
                users = conn.execute(select(db.users.c.username)).scalars().all()
        finally:
            engine.dispose()
        names |= {_account_profile(str(u)) for u in users}
    return sorted(profiles / n for n in names if (profiles / n).is_dir())


class TrainingInUse(Exception):
    """The training data is in use by another window of the app in training mode."""


def _users_folder() -> Path:
    return paths.data_dir() / "training" / "in-use"


@contextlib.contextmanager
def using() -> Iterator[None]:
    """This app's use of the training data, seen by :func:`in_use` of any app here.

    One lock file per use, locked by the operating system for as long as it
    lasts: several apps may train at once, and one that dies lets go of it.
    """
    from backoffice.sync.files_lock import HashLocks

    folder = _users_folder()
    folder.mkdir(parents=True, exist_ok=True)
    # A random hex name, which is all HashLocks asks of its names.
    with HashLocks(folder).hold(uuid.uuid4().hex, blocking=False):
        yield


def in_use() -> bool:
    """Whether an app of this user (this one included) runs training mode now.

    A lock file nobody holds is one a dead app left: removed on the way.
    """
    from backoffice.sync.files_lock import HashLocks

    folder = _users_folder()
    if not folder.is_dir():
        return False
    locks = HashLocks(folder)
    for path in sorted(folder.glob("*.lock")):
        with locks.hold(path.stem, blocking=False) as free:
            if not free:
                return True
    return False


def reset() -> list[Path]:
    """Remove the training data of this workstation; what was removed.

    The training platform's folder (its database, files, PKI, account file and
    certificates) and every training store: the next start of training mode
    seeds the platform anew and every account starts with an empty store, so
    no store keeps records of the old platform (a from-scratch store holds
    nothing a new platform's records would have to replace). Call it with the
    training platform stopped and no training store open; refused
    (:class:`TrainingInUse`), nothing removed, while an app runs training mode.
    """
    import shutil

    if in_use():
        raise TrainingInUse("the training data is in use by an app in training mode")
    removed = training_stores()  # read from the platform's database, before it goes
    platform = paths.data_dir() / "training"
    if platform.exists():
        removed.append(platform)
    for path in removed:
        shutil.rmtree(path)
        _log.info("training data removed: %s", path)
    return removed


def training_cases() -> int:
    value = os.environ.get(CASES_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else TRAINING_CASES


def ensure_seeded(*, cases: int | None = None, now: Clock = clock.now) -> str:
    """Seed the training platform once; returns the demo reviewer's user name.

    ``now``: the platform's clock, which the data is generated for (tests pin it).

    The account file is written last: a start that was killed while seeding
    leaves no account file, and the next start seeds again from scratch.
    """
    account = folder() / _ACCOUNT_FILE
    if account.exists() and database().exists():
        data: dict[str, Any] = json.loads(account.read_text(encoding="utf-8"))
        username = str(data["username"])
        if not data.get(_PRACTICE):
            # Seeded before the signer's case was: walked now, once, the trainee's
            # work kept (no case they hold a task of, nor one nobody has touched:
            # which is the trainee's own review to practise is not known here).
            department = _department_of(username)
            if department is not None:
                _for_the_signer(department, username, now, untouched=False)
            account.write_text(json.dumps({**data, _PRACTICE: True}), encoding="utf-8")
        return username
    from backoffice.sandbox import db
    from backoffice.sandbox.demo import generate
    from backoffice.sandbox.files import register_demo_files
    from backoffice.sandbox.seed import seed

    cases = cases or training_cases()
    _log.info("seeding the training platform (%d cases)", cases)
    database().unlink(missing_ok=True)
    instant = now()  # the platform's clock: no case is accepted after it
    demo = generate(cases=cases, seed=1, today=clock.today(instant), fresh=_fresh(cases),
                    now=instant)
    engine = db.make_engine(database())
    try:
        seed(engine, demo, password=TRAINING_PASSWORD, today=clock.today(instant))
        register_demo_files(engine, demo)
    finally:
        engine.dispose()
    open_tasks = Counter(t.department_code for t in demo.tasks if t.status.value in _OPEN)
    reviewers = [u for u in demo.users if "reviewer" in u.roles]
    leads = {c.case_code: c.lead_department for c in demo.cases}
    if demo.fresh_cases:
        lead = leads[demo.fresh_cases[0]]
        reviewers = [u for u in reviewers if u.department_code == lead] or reviewers
    chosen = max(reviewers, key=lambda u: (open_tasks[u.department_code], u.username))
    _for_the_signer(chosen.department_code, chosen.username, now, avoid=demo.fresh_cases[:1])
    account.write_text(json.dumps({"username": chosen.username, _PRACTICE: True}),
                       encoding="utf-8")
    return chosen.username


def _for_the_signer(department: str, trainee: str, now: Clock, *, avoid: Sequence[str] = (),
                    untouched: bool = True) -> None:
    """A decision of ``department`` submitted for its seal, so its signer has one to practise.

    Walked on the platform's database before it serves (``backoffice/sandbox/practice.py``);
    ``avoid``: the trainee's own review to practise (the first fresh case), left as it
    is; ``untouched``: whether a case nobody has acted on yet may be walked.
    """
    from backoffice.sandbox import db
    from backoffice.sandbox.demo.catalog import build_catalog
    from backoffice.sandbox.demo.places import build_departments
    from backoffice.sandbox.practice import submit_for_sealing

    # The catalog the data was generated with: it depends on nothing but the code.
    bases = {e.item.code: e.legal_basis for e in build_catalog(build_departments())}
    engine = db.make_engine(database())
    try:
        submit_for_sealing(engine, department, bases, avoid=avoid, author_not=trainee,
                           untouched=untouched, clock=now)
    finally:
        engine.dispose()


def _fresh(cases: int) -> int:
    from backoffice.sandbox.demo.cases import COVERAGE

    return max(0, min(TRAINING_FRESH, cases - len(COVERAGE)))


class TrainingServer:
    """The running training sandbox; ``stop()`` (or the context manager) ends it.

    ``clock``: the platform's time, which its data is seeded for too; None:
    the app's (:mod:`backoffice.domain.clock`, the system's), so the app and
    the platform it carries read one clock, and a test that pins the app's
    pins both (the data then does not depend on the machine's day).
    """

    def __init__(self, *, clock: Clock | None = None) -> None:
        self.clock = clock
        self._stack = contextlib.ExitStack()
        self.platform: TrainingPlatform | None = None
        self._pki: SandboxPki | None = None

    def start(self, *, live: bool = True) -> TrainingPlatform:
        from backoffice.sandbox.server import running_sandbox

        now = self.clock or clock.now
        # Before seeding: a reset elsewhere must not remove what is being made.
        self._stack.enter_context(using())
        username = ensure_seeded(now=now)
        # Its answers dated by that clock too: a pinned one is not a clock off.
        sandbox = self._stack.enter_context(running_sandbox(str(database()), live=live,
                                                            clock=now, dated=True))
        _log.info("training platform at %s; signing in as %s", sandbox.url, username)
        department = _department_of(username)
        if sandbox.live is not None and department is not None:
            # The other departments on the trainee's cases are played by the desk,
            # and the trainee's department gets cases of its own now and then.
            sandbox.live.play_colleagues_of(department)
        self._pki = sandbox.platform.pki
        self._write_certificate(username)
        self.platform = TrainingPlatform(sandbox.url, username, reviewer=username)
        return self.platform

    def sign_in_as(self, username: str) -> TrainingPlatform:
        """The running platform, for another of its demo accounts (not restarted)."""
        if self.platform is None:
            raise RuntimeError("the training platform is not running")
        self._write_certificate(username)
        self.platform = dataclasses.replace(self.platform, username=username)
        return self.platform

    def _write_certificate(self, username: str) -> None:
        """The seal of ``username``'s department as a .p12 of the training platform's PKI.

        A trainee signer practises the local seal with it: the platform and the
        desk trust its root, so what it seals verifies. Written at every sign-in
        (the PKI is made once per training folder, the first time: a few
        seconds), so it is always the seal the platform expects. A failure
        only takes the offer away from the desk; training goes on.
        """
        if self._pki is None:
            return
        department = _department_of(username)
        if department is None:
            return
        path = certificate_file(department)
        try:
            data = self._pki.pkcs12(department, CERTIFICATE_PASSWORD.encode("utf-8"))
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_bytes(data)
            partial.replace(path)
        except (KeyError, OSError) as exc:
            _log.warning("the training certificate of %s could not be written: %s",
                         department, exc)

    def stop(self) -> None:
        self._stack.close()
        self.platform = None
        self._pki = None


def _department_of(username: str) -> str | None:
    from sqlalchemy import select

    from backoffice.sandbox import db

    engine = db.make_engine(database())
    try:
        with engine.connect() as conn:
            found = conn.execute(select(db.users.c.department_code)
                                 .where(db.users.c.username == username)).scalar()
    finally:
        engine.dispose()
    return None if found is None else str(found)
