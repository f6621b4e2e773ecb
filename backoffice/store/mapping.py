"""How each domain dataclass maps to its table (and child tables).

One generic mapping, driven by the dataclass fields and a few declarations
per entity, instead of eleven hand-written pairs of functions that drift
apart from the model: a column is named after its field; ``version`` is
``confirmed_version`` (the effective state is always based on the confirmed
version); a nested dataclass (the case's applicant) is flattened into
prefixed columns; a tuple field listed as a child becomes rows of a child
table keyed by (parent, position), any other tuple a JSON list (of dicts,
for a tuple of dataclasses); ``derived`` columns are not fields but
computed by the store (:mod:`.deadline_columns`) and ignored when reading.
``tests/store/test_store_roundtrip.py`` checks that every column of every
table is covered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast, get_args

from sqlalchemy import Table

from backoffice.domain.commands import INSPECTION_PART, INSPECTION_REQUEST, MATERIAL, REVIEW_TASK
from backoffice.domain.inspections import InspectionPart, InspectionRequest
from backoffice.domain.model import (
    Case,
    CorrectionNotice,
    Decision,
    DeferredMaterial,
    Department,
    Extension,
    Inspection,
    Material,
    ReviewTask,
    ServiceItem,
    SpecialProcedure,
)
from backoffice.domain.notes import Comment, Notification
from backoffice.store import codec
from backoffice.store.schema import (
    CASE_DEADLINE_COLUMNS,
    TASK_DEADLINE_COLUMNS,
    Base,
    CaseRow,
    CommentRow,
    CorrectionItemRow,
    CorrectionNoticeRow,
    CorrectionRemovedItemRow,
    DecisionRow,
    DeferredMaterialRow,
    DepartmentRow,
    ExtensionRow,
    InspectionDepartmentRow,
    InspectionPartRow,
    InspectionRequestRow,
    InspectionRow,
    MaterialRow,
    NotificationRow,
    ReviewTaskRow,
    ServiceItemRow,
    SpecialProcedureRow,
    table_of,
)

Entity = (
    Department
    | ServiceItem
    | Case
    | Material
    | DeferredMaterial
    | ReviewTask
    | CorrectionNotice
    | SpecialProcedure
    | Extension
    | Inspection
    | InspectionRequest
    | InspectionPart
    | Decision
    | Comment
    | Notification
)
E = TypeVar("E", bound=Entity)

VERSION_COLUMN = "confirmed_version"

# A result row as SQLAlchemy hands it out (RowMapping) or a plain dict.
RowLike = Mapping[Any, Any]


# Values SQLAlchemy takes as they are: most of a record's fields, checked by
# exact type first because a pull converts millions of them (a StrEnum is
# not a str here, so it still goes on to become its value).
_AS_IS = frozenset({str, int, bool, float, type(None), dt.date, dt.datetime})


def column_value(value: Any) -> Any:
    """A field value as SQLAlchemy wants it (dates stay dates; enums as values)."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, enum.Enum):
        # _value_, not .value: the property lookup costs more than the rest.
        return value._value_
    if isinstance(value, tuple):
        return [codec.dump_value(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class ChildSpec:
    """A tuple field stored as rows of a child table, in order."""

    field: str
    model: type[Base]
    parent_column: str
    # For a tuple of plain values: the one column holding the value.
    value_column: str | None = None

    @property
    def table(self) -> Table:
        return table_of(self.model)


class EntitySpec(Generic[E]):
    def __init__(
        self,
        kind: str,
        cls: type[E],
        model: type[Base],
        key: str,
        *,
        rank: int = 2,
        flatten: Sequence[str] = (),
        children: Sequence[ChildSpec] = (),
        derived: Sequence[str] = (),
    ) -> None:
        self.kind = kind
        self.cls = cls
        self.model = model
        self.key = key
        # Parents first within a pull page, so foreign keys hold row by row.
        self.rank = rank
        self.flatten = tuple(flatten)
        self.children = tuple(children)
        self.derived = tuple(derived)
        self._child_fields = {c.field for c in self.children}
        self._fields = dataclasses.fields(cast(Any, cls))
        self.versioned = any(f.name == "version" for f in self._fields)
        # to_row's plan, worked out once: (field, column), column None when
        # the field is flattened; child fields are rows of their own tables.
        self._columns: tuple[tuple[str, str | None], ...] = tuple(
            (f.name, None if f.name in self.flatten
             else VERSION_COLUMN if f.name == "version" else f.name)
            for f in self._fields
            if f.name not in self._child_fields
        )

    @property
    def table(self) -> Table:
        return table_of(self.model)

    def key_of(self, obj: E) -> str:
        return cast(str, getattr(obj, self.key))

    def version_of(self, obj: E) -> int:
        return cast(int, getattr(obj, "version", 0))

    def case_code_of(self, obj: E) -> str | None:
        return cast("str | None", getattr(obj, "case_code", None))

    def to_row(self, obj: E) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for name, column in self._columns:
            value = getattr(obj, name)
            if column is None:  # flattened: one prefixed column per sub-field
                for sub in codec.field_names(type(value)):
                    row[f"{name}_{sub}"] = column_value(getattr(value, sub))
            else:
                row[column] = column_value(value)
        return row

    def child_rows(self, obj: E) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        key = self.key_of(obj)
        for child in self.children:
            rows = []
            for position, element in enumerate(getattr(obj, child.field)):
                row: dict[str, Any] = {child.parent_column: key, "position": position}
                if child.value_column is not None:
                    row[child.value_column] = column_value(element)
                else:
                    for sub in codec.field_names(type(element)):
                        row[sub] = column_value(getattr(element, sub))
                rows.append(row)
            out[child.field] = rows
        return out

    def from_row(self, row: RowLike, children: Mapping[str, Sequence[RowLike]]) -> E:
        hints = codec.hints(self.cls)
        kwargs: dict[str, Any] = {}
        for f in self._fields:
            hint = hints[f.name]
            if f.name in self._child_fields:
                kwargs[f.name] = self._load_children(f.name, hint, children.get(f.name, ()))
            elif f.name == "version":
                kwargs[f.name] = row[VERSION_COLUMN]
            elif f.name in self.flatten:
                sub_hints = codec.hints(hint)
                kwargs[f.name] = hint(
                    **{
                        sub.name: codec.load_value(sub_hints[sub.name], row[f"{f.name}_{sub.name}"])
                        for sub in dataclasses.fields(hint)
                    }
                )
            else:
                kwargs[f.name] = codec.load_value(hint, row[f.name])
        return self.cls(**kwargs)

    def _load_children(self, name: str, hint: Any, rows: Sequence[RowLike]) -> tuple[Any, ...]:
        child = next(c for c in self.children if c.field == name)
        (element_type, *_rest) = get_args(hint)
        ordered = sorted(rows, key=lambda r: cast(int, r["position"]))
        if child.value_column is not None:
            return tuple(codec.load_value(element_type, r[child.value_column]) for r in ordered)
        sub_hints = codec.hints(element_type)
        return tuple(
            element_type(
                **{
                    sub.name: codec.load_value(sub_hints[sub.name], r[sub.name])
                    for sub in dataclasses.fields(element_type)
                }
            )
            for r in ordered
        )


DEPARTMENTS = EntitySpec("department", Department, DepartmentRow, "code", rank=0)
SERVICE_ITEMS = EntitySpec("service_item", ServiceItem, ServiceItemRow, "code", rank=0)
CASES = EntitySpec(
    "case",
    Case,
    CaseRow,
    "case_code",
    rank=1,
    flatten=("applicant",),
    derived=CASE_DEADLINE_COLUMNS,
)
# A material's checks are a JSON column (a tuple of dataclasses, as column_value dumps it).
MATERIALS = EntitySpec(MATERIAL, Material, MaterialRow, "id")
DEFERRED_MATERIALS = EntitySpec("deferred_material", DeferredMaterial, DeferredMaterialRow, "id")
REVIEW_TASKS = EntitySpec(
    REVIEW_TASK, ReviewTask, ReviewTaskRow, "id", derived=TASK_DEADLINE_COLUMNS
)
CORRECTION_NOTICES = EntitySpec(
    "correction_notice",
    CorrectionNotice,
    CorrectionNoticeRow,
    "id",
    children=(
        ChildSpec("items", CorrectionItemRow, "notice_id"),
        ChildSpec("removed", CorrectionRemovedItemRow, "notice_id"),
    ),
)
SPECIAL_PROCEDURES = EntitySpec("special_procedure", SpecialProcedure, SpecialProcedureRow, "id")
EXTENSIONS = EntitySpec("extension", Extension, ExtensionRow, "id")
INSPECTIONS = EntitySpec(
    "inspection",
    Inspection,
    InspectionRow,
    "id",
    children=(
        ChildSpec("departments", InspectionDepartmentRow, "inspection_id", "department_code"),
    ),
)
INSPECTION_REQUESTS = EntitySpec(
    INSPECTION_REQUEST, InspectionRequest, InspectionRequestRow, "id"
)
INSPECTION_PARTS = EntitySpec(INSPECTION_PART, InspectionPart, InspectionPartRow, "id")
DECISIONS = EntitySpec("decision", Decision, DecisionRow, "id")
COMMENTS = EntitySpec("comment", Comment, CommentRow, "id")
NOTIFICATIONS = EntitySpec("notification", Notification, NotificationRow, "id")

SPECS: tuple[EntitySpec[Any], ...] = (
    DEPARTMENTS,
    SERVICE_ITEMS,
    CASES,
    MATERIALS,
    DEFERRED_MATERIALS,
    REVIEW_TASKS,
    CORRECTION_NOTICES,
    SPECIAL_PROCEDURES,
    EXTENSIONS,
    INSPECTIONS,
    INSPECTION_REQUESTS,
    INSPECTION_PARTS,
    DECISIONS,
    COMMENTS,
    NOTIFICATIONS,
)
BY_KIND: Mapping[str, EntitySpec[Any]] = {s.kind: s for s in SPECS}
BY_CLASS: Mapping[type, EntitySpec[Any]] = {s.cls: s for s in SPECS}


def spec_of(obj: E) -> EntitySpec[E]:
    try:
        return cast(EntitySpec[E], BY_CLASS[type(obj)])
    except KeyError:
        raise TypeError(f"the store does not keep {type(obj).__name__}") from None
