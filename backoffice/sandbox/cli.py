"""``backoffice sandbox serve|seed|users``; arguments are declared in ``backoffice/cli.py``."""

from __future__ import annotations

import argparse
import importlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select

from backoffice import logs, messages, paths
from backoffice.domain.errors import BackofficeError
from backoffice.sandbox import db


def default_db() -> Path:
    return paths.data_dir() / "sandbox" / "platform.sqlite3"


def _db(args: argparse.Namespace) -> str:
    return db.url_of(args.db or default_db())


def _existing_db(args: argparse.Namespace) -> str:
    """The URL of a database that is there: ``users`` only reads, so a
    mistyped path is said, never made (with its folders) and listed empty."""
    given = str(args.db or default_db())
    if "://" not in given and not Path(given).expanduser().is_file():
        raise BackofficeError("sandbox.db_missing", path=given)
    return db.url_of(given)


def _unusable(url: str, exc: Exception) -> BackofficeError:
    """A database that cannot be read (not one, unreachable, no driver), in words."""
    from sqlalchemy.engine import make_url

    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL SQLAlchemy cannot parse is shown as given
        shown = url
    orig = getattr(exc, "orig", None) or exc
    reason = " ".join(str(orig).split()) or type(orig).__name__
    return BackofficeError("sandbox.db_unusable", database=shown, reason=reason[:300])


def generator() -> Callable[..., Any]:
    """The demo generator's ``generate`` (a module or a package, whichever landed)."""
    for name in ("backoffice.sandbox.demo_data", "backoffice.sandbox.demo"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        if hasattr(module, "generate"):
            return cast(Callable[..., Any], module.generate)
    raise BackofficeError("sandbox.no_demo_generator")


def run_serve(args: argparse.Namespace) -> int:
    from backoffice.sandbox.server import serve

    url = _db(args)
    code = "sandbox.serving_live" if args.live else "sandbox.serving"

    def listening(address: str) -> None:
        print(messages.render_code(code, {"address": address, "database": url}, args.lang),
              flush=True)

    from sqlalchemy.exc import SQLAlchemyError

    try:
        serve(args.host, args.port, url, live=args.live, listening=listening)
    except (SQLAlchemyError, ImportError) as exc:  # no driver, not a database, unreachable
        raise _unusable(url, exc) from None
    return 0


def run_seed(args: argparse.Namespace) -> int:
    from backoffice.domain import clock
    from backoffice.sandbox.seed import seed

    if args.cases < 0:
        raise BackofficeError("sandbox.negative_cases", cases=args.cases)
    if args.demo_password:
        logs.register_secret(args.demo_password)
    started = time.monotonic()
    # The platform's day is Shanghai's, whatever the machine's zone.
    now = clock.now()  # no case is accepted after it (a plan's later hours go a day back)
    today = clock.today(now)
    data = generator()(cases=args.cases, seed=args.seed, today=today, now=now)
    engine = db.make_engine(_db(args))
    passwords = seed(engine, data, password=args.demo_password, today=today)
    print(messages.render_code("sandbox.seeded", {
        "cases": len(data.cases), "users": len(passwords),
        "seconds": f"{time.monotonic() - started:.1f}"}, args.lang), flush=True)
    if not args.demo_password:
        # Printed once, on purpose: the only place generated passwords exist.
        for user, password in sorted(passwords.items()):
            print(f"{user}\t{password}")
    return 0


def run_users(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    url = _existing_db(args)
    try:
        engine = db.make_engine(url)
        db.create_schema(engine)
        with engine.connect() as conn:
            rows = conn.execute(select(db.users.c.username, db.users.c.display_name,
                                       db.users.c.department_code, db.users.c.roles)
                                .order_by(db.users.c.department_code,
                                          db.users.c.username)).all()
    except (SQLAlchemyError, ImportError) as exc:
        raise _unusable(url, exc) from None
    users = [{"username": r.username, "display_name": r.display_name,
              "department_code": r.department_code, "roles": r.roles.split()} for r in rows]
    if args.json:
        print(json.dumps(users, ensure_ascii=False, indent=2))
    else:
        for u in users:
            print(f"{u['username']}\t{u['department_code']}\t{','.join(u['roles'])}\t"
                  f"{u['display_name']}")
    return 0
