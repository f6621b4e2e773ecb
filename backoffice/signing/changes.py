"""What may be added to a sealed PDF after its seal, judged with pyHanko's difference analysis.

A seal vouches for its revision; later incremental updates are accepted only when
they cannot change what the document says:

- revocation information (DSS/VRI) and document timestamps — pyHanko's
  ``LTA_UPDATES`` level;
- another seal (a co-seal): a new signature field is ``FORM_FILLING`` to pyHanko,
  accepted only when every field changed after the seal is the field of a later
  seal that is itself intact, trusted and covering. An unsigned field, whose
  appearance can draw anything over the page, is not.

pyHanko's default policy also lets ``/Info`` and the XMP metadata change at
``LTA_UPDATES``: a new title would show in every viewer's title bar and in file
lists as the document's. Here ``/Info`` may change only in what every
incremental writer updates (``/ModDate``, ``/Producer``), and an XMP metadata
stream not at all (our documents have none, nor do the updates we make).

Nothing may follow the document's last revision: bytes after its ``%%EOF``
(and one end of line) are no update, so no rule judges them and every reader
skips them, but the file is no longer the one sealed (:func:`trailing_bytes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DocInfoRule,
    DSSCompareRule,
    FormUpdatingRule,
    GenericFieldModificationRule,
    ModificationLevel,
    ObjectStreamRule,
    ReferenceUpdate,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    SuspiciousModification,
    XrefStreamRule,
)
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel

# What pyHanko's writer itself sets on every incremental update (a DSS, a timestamp).
WRITER_INFO_KEYS = frozenset({"/ModDate", "/Producer"})


def _info(resolver: HistoricalResolver) -> dict[str, object]:
    """The document info as ``resolver``'s revision has it, without the writer's entries.

    Read through the resolver itself: the trailer's reference resolves in the
    newest revision, so an info object rewritten in place (same number, as an
    editor saves it) would compare equal to itself.
    """
    if "/Info" not in resolver.trailer_view:
        return {}
    raw = resolver.trailer_view.raw_get("/Info")
    info = resolver.get_object(raw.reference) if isinstance(raw, generic.IndirectObject) else raw
    if not isinstance(info, generic.DictionaryObject):
        raise SuspiciousModification("/Info is not a dictionary")
    return {str(k): v for k, v in info.items() if k not in WRITER_INFO_KEYS}


class WriterInfoRule(DocInfoRule):
    """pyHanko's ``DocInfoRule``, but a change beyond the writer's own entries is suspicious."""

    def apply(self, old: HistoricalResolver,
              new: HistoricalResolver) -> Iterable[ReferenceUpdate]:
        if _info(old) != _info(new):
            raise SuspiciousModification("/Info changed after sealing")
        yield from super().apply(old, new)


# Two of pyHanko's rule constructors have no type hints.
SEALED_DIFF_POLICY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),  # type: ignore[no-untyped-call]
        WriterInfoRule().as_qualified(ModificationLevel.LTA_UPDATES),
        XrefStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        ObjectStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        DSSCompareRule().as_qualified(ModificationLevel.LTA_UPDATES),
    ],
    form_rule=FormUpdatingRule(field_rules=[
        SigFieldCreationRule(),  # type: ignore[no-untyped-call]
        SigFieldModificationRule(),
        GenericFieldModificationRule(),
    ]),
)
"""pyHanko's ``DEFAULT_DIFF_POLICY`` without ``MetadataUpdateRule`` and with
:class:`WriterInfoRule` for its ``DocInfoRule``."""


def covers(status: PdfSignatureStatus, co_seals: AbstractSet[str]) -> bool:
    """Whether the seal of ``status`` vouches for the whole document as it is now.

    ``co_seals``: the fields of later seals found intact, trusted and covering.
    """
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION or status.docmdp_ok is False:
        return False
    diff = status.diff_result
    level = status.modification_level
    if level is None or isinstance(diff, SuspiciousModification) or diff is None:
        return False
    if level <= ModificationLevel.LTA_UPDATES:
        return True
    return (level == ModificationLevel.FORM_FILLING
            and set(diff.changed_form_fields) <= set(co_seals))


def trailing_bytes(reader: PdfFileReader, data: bytes) -> int:
    """How many bytes of ``data`` (the file ``reader`` read) follow its last revision.

    The last revision ends at the first ``%%EOF`` after the cross-reference
    section that lies furthest into the file (of an incremental update, its
    own; of a linearised file, the main one at its end), and one end of line.
    Not the last ``%%EOF`` of the file: appended bytes may end in one, with the
    same ``startxref``, and a reader would take them for nothing new.
    """
    xrefs = reader.xrefs
    after = max(xrefs.get_xref_container_info(rev).end_location
                for rev in range(xrefs.total_revisions))
    marker = data.find(b"%%EOF", after)
    if marker < 0:
        return 0  # the reader found one: not reached in a file it read
    end = marker + len(b"%%EOF")
    for eol in (b"\r\n", b"\n", b"\r"):
        if data.startswith(eol, end):
            end += len(eol)
            break
    return len(data) - end
