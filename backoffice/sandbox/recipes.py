"""Demo files by recipe: registered at seeding, drawn one page at a time on request.

Seeding stores no bytes (the files are ~5 KB each, ~800 MB for 20,000
cases). :func:`register_demo_files` records each material's file — size and
media type in ``files``, who may read it in ``file_refs``. A page shows
only what never changes about its material: the material's name, the case
code and the applicant (:class:`~backoffice.sandbox.demo.files.Recipe`), so
its recipe is read from the records the file belongs to (:func:`recipe_for`)
and storing it again would only slow seeding down (160,000 rows for 20,000
cases). The first download of a file draws that one page (:func:`render`,
milliseconds once the font is loaded) and
:class:`backoffice.sandbox.files.FileStore` checks its hash and caches it in
the blob directory — instead of re-running the generator for the whole data
set, which took ~35 s for 20,000 cases.

A page the platform makes later that the records cannot tell — a corrected
material in live mode, with the day it came in (:func:`add_page`) — keeps
its recipe in ``file_recipes``, so a lost blob directory (a temporary one for
PostgreSQL) costs nothing but a re-draw.

The bytes depend on the CJK font: a server on a machine with another font
draws other bytes, the hash check fails and the download is 404.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Connection, Engine, and_, delete, select

from backoffice.sandbox import db

if TYPE_CHECKING:  # the demo package pulls in Pillow: only when a page is drawn
    from backoffice.sandbox.demo.files import MaterialImages, Recipe

DEMO_MEDIA_TYPE = "image/png"
_CHUNK = 5000


class DemoFilesLike(Protocol):
    """What :func:`register_demo_files` needs of ``DemoData``."""

    @property
    def materials(self) -> Any: ...
    @property
    def files(self) -> Mapping[str, bytes]: ...


def _row(sha: str, recipe: Recipe) -> dict[str, Any]:
    return {"sha256": sha, "material_name": recipe.material_name,
            "case_code": recipe.case_code, "applicant": recipe.applicant,
            "corrected_on": recipe.corrected_on.isoformat() if recipe.corrected_on else None}


def register_demo_files(engine: Engine, data: DemoFilesLike) -> int:
    """Record the seeded materials' files (not their bytes); returns the count.

    Walks ``data.files`` in its order (each file not recorded yet is rendered
    once, to learn its size, and dropped) and links every material to its file.
    :func:`~backoffice.sandbox.seed.seed` calls it: a second call renders nothing.
    """
    refs = [{"sha256": mat.file_sha256, "entity": "material", "id": mat.id}
            for mat in data.materials if mat.file_sha256]
    with engine.begin() as conn:
        db.metadata.create_all(conn, tables=[db.files, db.file_refs, db.file_recipes])
        conn.execute(delete(db.file_refs).where(db.file_refs.c.entity == "material"))
        known = set(conn.execute(select(db.files.c.sha256)).scalars())
        fresh = [{"sha256": sha, "size": len(data.files[sha]), "media_type": DEMO_MEDIA_TYPE,
                  "content": None, "created_at": None} for sha in data.files if sha not in known]
        for start in range(0, len(fresh), _CHUNK):
            conn.execute(db.files.insert(), fresh[start:start + _CHUNK])
        for start in range(0, len(refs), _CHUNK):
            conn.execute(db.file_refs.insert(), refs[start:start + _CHUNK])
    return len(data.files)


def recipe_for(conn: Connection, sha: str) -> Recipe | None:
    """How to draw file ``sha`` again: its stored recipe, else its material's page."""
    from backoffice.sandbox.demo.files import Recipe

    row = conn.execute(select(db.file_recipes).where(db.file_recipes.c.sha256 == sha)).first()
    if row is not None:
        corrected = dt.date.fromisoformat(row.corrected_on) if row.corrected_on else None
        return Recipe(row.material_name, row.case_code, row.applicant, corrected)
    r, fr = db.records.c, db.file_refs.c
    material = conn.execute(select(r.body).select_from(db.records.join(
        db.file_refs, and_(fr.entity == "material", fr.id == r.id))).where(
        r.entity == "material", fr.sha256 == sha).limit(1)).scalar()
    if material is None:
        return None
    body = json.loads(material)
    case = conn.execute(select(r.body).where(r.entity == "case",
                                             r.id == body["case_code"])).scalar()
    if case is None:
        return None
    return Recipe(str(body["name"]), str(body["case_code"]),
                  str(json.loads(case)["applicant"]["name"]))


@functools.lru_cache(maxsize=1)
def images() -> MaterialImages:
    """The process's page drawer: the font is found and loaded once."""
    from backoffice.sandbox.demo.files import MaterialImages, find_cjk_font

    return MaterialImages(find_cjk_font())


def render(recipe: Recipe) -> bytes:
    return images().page(recipe)


def add_page(conn: Connection, recipe: Recipe, *, write: Callable[[str, bytes], None],
             created_at: int) -> str:
    """Draw a new page, keep its bytes (``write``), metadata and recipe; its SHA-256.

    Idempotent: the same recipe is the same file, recorded once.
    """
    content = render(recipe)
    sha = hashlib.sha256(content).hexdigest()
    write(sha, content)
    if conn.execute(select(db.files.c.sha256).where(db.files.c.sha256 == sha)).first() is None:
        conn.execute(db.files.insert().values(sha256=sha, size=len(content),
                                              media_type=DEMO_MEDIA_TYPE, content=None,
                                              created_at=created_at))
    if conn.execute(select(db.file_recipes.c.sha256)
                    .where(db.file_recipes.c.sha256 == sha)).first() is None:
        conn.execute(db.file_recipes.insert().values(**_row(sha, recipe)))
    return sha
