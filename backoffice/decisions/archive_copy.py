"""The archive package of an issued decision, for the desk to consult and keep (8.1.7, 9.8).

The platform files one package per issued decision (``archive_sha256`` on the
decision record; downloadable by the deciding department only: it holds
every department's materials). The desk brings it through the file cache
like any platform file — resumed, its SHA-256 checked, never pinned (it is
the platform's record, kept here only while the cache has room) — and
checks it with :func:`backoffice.signing.archive.verify_archive` against the
platform's trust kept for the seals, the manifest and the decision held to
the deciding department's name. A copy is written where the person asks.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backoffice.decisions.fetching import department_name
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Decision
from backoffice.remote.errors import RemoteError

if TYPE_CHECKING:
    from backoffice.decisions.sealing import Sealer
    from backoffice.signing.archive import ArchiveReport


@dataclass(frozen=True, slots=True)
class ArchiveCheck:
    decision_id: str
    case_code: str
    sha256: str
    path: Path  # in the file cache: copy it before the cache evicts it
    report: ArchiveReport


def fetch_archive(sealer: Sealer, decision: Decision) -> ArchiveCheck:
    """Bring the decision's archive package (from the cache when it is there) and verify it.

    Raises ``decision.no_archive`` when the platform has filed none yet (not
    issued, or the issue not yet back with the sync), and what the download
    raises (offline, ``files.hash_mismatch`` …).
    """
    from backoffice.decisions.sealing import ROOT_KEY
    from backoffice.signing.archive import verify_archive

    sha = decision.archive_sha256
    if not sha:
        raise DomainError("decision.no_archive", decision=decision.id,
                          case_code=decision.case_code)
    path = sealer.cache.path(sha)
    if path is None:
        if sealer.client is None:
            raise RemoteError("remote.offline", host="")
        path = sealer.cache.fetch(sealer.client, sha)
    with sealer.store.read() as uow:
        trusted = uow.sync_state.get(ROOT_KEY) is not None
    if not trusted:  # checked against the platform's root, kept for offline use too
        sealer.refresh_trust()
    policy = sealer.policy(signer=department_name(sealer.store, decision.department_code))
    report = verify_archive(path.read_bytes(), policy)
    return ArchiveCheck(decision.id, decision.case_code, sha, path, report)


def save_copy(check: ArchiveCheck, target: Path) -> Path:
    """Write the package to ``target`` whole or not at all (a temporary file renamed)."""
    target = target.expanduser()
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as out, check.path.open("rb") as source:
            shutil.copyfileobj(source, out)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        # The system's own words (disk full, no permission), after ours.
        raise DomainError("decision.archive_not_saved", path=str(target),
                          reason=exc.strerror or type(exc).__name__) from exc
    return target


__all__ = ["ArchiveCheck", "fetch_archive", "save_copy"]
