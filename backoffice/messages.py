"""The words for a :class:`BackofficeError`, in Chinese or English.

Errors carry a stable ``code`` and ``params``; this module is the one place
that turns them into a sentence for a person (the CLI prints it, the UI may
show it). Templates use :meth:`str.format` placeholders named after the
error's params. ``tests/test_messages.py`` checks that both languages of a
template use the same placeholders, and that every code raised in
``backoffice`` has an entry here.

Some params hold identifiers, not words: the kind of a record
(``review_task``), a state (``opinion_given``), an action (``claim``), a
check (``legality``). For the params named in :data:`TERM_PARAMS`, such a
value is worded from :data:`TERMS` before it goes into the template, so the
user reads 审核任务 / "review task", never the identifier; ``a/b`` (the
targets of an action with several) is worded part by part. A value not in
:data:`TERMS` is shown as it is.

To add a code, add one line to :data:`CATALOG`, which lives in
:mod:`backoffice.message_catalog` (sealing, verification and archive codes in
:mod:`backoffice.message_catalog_signing`); to add a state, an action or
a kind of record, add one line to :data:`TERMS`, which lives in
:mod:`backoffice.message_terms` (a test checks that every state and action of
the state machines has one).
"""

from __future__ import annotations

import locale
import os
import string
from collections.abc import Iterable, Mapping
from typing import Any

from backoffice import logs
from backoffice.domain.errors import BackofficeError
from backoffice.message_catalog import CATALOG as CATALOG  # noqa: PLC0414
from backoffice.message_counts import COUNTED_BY as COUNTED_BY  # noqa: PLC0414
from backoffice.message_fallbacks import with_fallbacks as with_fallbacks  # noqa: PLC0414

# Re-exported (mypy needs the alias): callers keep using messages.TERMS.
from backoffice.message_terms import TERM_PARAMS as TERM_PARAMS  # noqa: PLC0414
from backoffice.message_terms import TERMS as TERMS  # noqa: PLC0414
from backoffice.message_terms import Language as Language  # noqa: PLC0414

LANGUAGES: tuple[Language, ...] = ("zh", "en")
SYSTEM = "system."  # the codes of backoffice.system_reasons
DEFAULT_LANGUAGE: Language = "zh"
ENV_LANG = "BACKOFFICE_LANG"



# Shown when a code has no entry (or its template does not fit the params):
# still tells support exactly what happened.
_FALLBACK: dict[Language, str] = {
    "en": "Error {code}{details}",
    "zh": "错误 {code}{details}",
}


def _normalize(value: str | None) -> Language | None:
    """Map "zh_CN.UTF-8", "en-GB", "Chinese (Simplified)_China" … to a language."""
    if not value:
        return None
    low = value.strip().lower()
    if low.startswith(("zh", "chinese")):
        return "zh"
    if low.startswith(("en", "english")):
        return "en"
    return None


def _locale_language() -> Language | None:
    # POSIX order: the first of these that is set decides, even when it names
    # neither language ("C.UTF-8" → default). Python's getlocale would map
    # C.UTF-8 to en_US, so it is asked only when none is set (Windows).
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").strip()
        if value:
            return _normalize(value)
    try:
        current = locale.getlocale()[0]
    except ValueError:
        current = None
    return _normalize(current)


def resolve_language(explicit: str | None = None) -> Language:
    """The language for the user: argument > ``BACKOFFICE_LANG`` > locale > zh.

    Values that name neither language are skipped, so ``LANG=C.UTF-8`` on a
    server falls through to Chinese, the language of the people served.
    """
    return (
        _normalize(explicit)
        or _normalize(os.environ.get(ENV_LANG))
        or _locale_language()
        or DEFAULT_LANGUAGE
    )


def placeholders(template: str) -> set[str]:
    """Names of the ``str.format`` fields in ``template``."""
    return {
        field.split(".")[0].split("[")[0]
        for _, field, _, _ in string.Formatter().parse(template)
        if field is not None
    }


def _details(params: Mapping[str, Any]) -> str:
    if not params:
        return ""
    inner = ", ".join(f"{k}={v!r}" for k, v in sorted(params.items()))
    return f" ({inner})"


def term(value: str, lang: str | None = None) -> str:
    """The word for an identifier (``"review_task"`` → 审核任务); unknown ones as they are.

    ``"a/b"`` is worded part by part, and only when every part is known.
    """
    language = resolve_language(lang)
    entry = TERMS.get(value)
    if entry is not None:
        return entry[language]
    parts = value.split("/")
    if len(parts) > 1 and all(p in TERMS for p in parts):
        return "/".join(TERMS[p][language] for p in parts)
    return value


# Between the items of a list in a sentence: 甲、乙 in Chinese, "A, B" in English.
LIST_SEPARATOR: dict[Language, str] = {"en": ", ", "zh": "、"}


def joined(values: Iterable[Any], lang: str | None = None) -> str:
    """Several names as ``lang`` lists them in a sentence (甲、乙 / A, B)."""
    return LIST_SEPARATOR[resolve_language(lang)].join(str(v) for v in values)


def _worded(params: Mapping[str, Any], language: Language) -> dict[str, Any]:
    """Identifiers worded (:data:`TERM_PARAMS`, each of a list too); a list or tuple
    joined as the language lists.

    A ``system.*`` code (:func:`backoffice.system_reasons.reason`: why the
    system refused a file) is said in the sentence's language.
    """
    return {
        k: CATALOG[v][language] if isinstance(v, str) and v.startswith(SYSTEM) and v in CATALOG
        else term(v, language) if k in TERM_PARAMS and isinstance(v, str)
        else joined([term(str(x), language) for x in v], language)
        if k in TERM_PARAMS and isinstance(v, (list, tuple))
        else joined(v, language) if isinstance(v, (list, tuple)) else v
        for k, v in params.items()
    }


def render_code(code: str, params: Mapping[str, Any], lang: str | None = None) -> str:
    """The sentence for ``code`` with ``params`` in ``lang`` (resolved if None)."""
    language = resolve_language(lang)
    params = with_fallbacks(code, params)
    if code in COUNTED_BY and str(params.get(COUNTED_BY[code])) == "1":  # 1 or "1"
        code = f"{code}.one"
    entry = CATALOG.get(code)
    if entry is not None:
        try:
            return entry[language].format(**_worded(params, language))
        except (KeyError, IndexError, ValueError, AttributeError):
            # Raised with params that do not fit its template: better the raw
            # code than a second exception while reporting the first.
            pass
    return _FALLBACK[language].format(code=code, details=_details(params))


def render(error: BackofficeError, lang: str | None = None) -> str:
    """The sentence for ``error`` in ``lang`` (resolved if None)."""
    return render_code(error.code, error.params, lang)


def describe(exc: object, lang: str | None = None) -> str:
    """The sentence for any failure: a :class:`BackofficeError` in its words, else "unexpected".

    For anything that is not ours, the person gets the kind of error and where
    the log is (the traceback is there), never the exception's own text.
    """
    if isinstance(exc, BackofficeError):
        return render(exc, lang)
    return render_code(
        "cli.unexpected",
        {"kind": type(exc).__name__, "log": str(logs.log_file() or "stderr")},
        lang,
    )
