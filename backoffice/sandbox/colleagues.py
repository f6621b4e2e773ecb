"""A department's reviewers: who a review task can be handed over to.

``GET /api/v1/departments/{code}/users`` answers for the caller's own
department only (another department's staff is not its business: ``404``,
as for anything outside its scope) and lists names and roles — never a
password hash or a session. ``task.transfer`` with ``to_user`` checks the
colleague against the same list.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from backoffice.api import v1
from backoffice.sandbox import db
from backoffice.sandbox.errors import ApiError

# Who reviews: the roles that may claim a task.
REVIEW_ROLES = frozenset({"reviewer", "coordinator"})


def department_users(conn: Connection, department: str, caller_department: str
                     ) -> v1.DepartmentUsers:
    if department != caller_department:
        raise ApiError(404, "not_found", entity="department_users", id=department[:64])
    rows = conn.execute(
        select(db.users.c.username, db.users.c.display_name, db.users.c.roles)
        .where(db.users.c.department_code == department)
        .order_by(db.users.c.username)).all()
    return v1.DepartmentUsers(department_code=department, users=[
        v1.DepartmentUser(username=r.username, display_name=r.display_name,
                          roles=sorted(r.roles.split()))
        for r in rows])


def is_reviewer(conn: Connection, username: str, department: str) -> bool:
    row = conn.execute(select(db.users.c.roles).where(
        db.users.c.username == username, db.users.c.department_code == department)).first()
    return row is not None and bool(REVIEW_ROLES & set(row.roles.split()))


def display_name(conn: Connection, username: str) -> str:
    """The person's name as colleagues read it; the user name when there is none."""
    name = conn.execute(select(db.users.c.display_name).where(
        db.users.c.username == username)).scalar()
    return str(name) if name else username
