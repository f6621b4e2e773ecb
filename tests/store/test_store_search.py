"""Full-text search in Chinese for every term length, and what must not break it."""

from __future__ import annotations

import dataclasses
import importlib
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from store_factories import make_case, make_material

from backoffice.domain.model import Case, Material
from backoffice.store import Store
from backoffice.store.search import SEPARATOR, Query, document, grams, normalize

CASES = [
    (make_case(1, applicant="王芳", accepted_day=1), ["营业执照", "食品安全管理制度"]),
    (
        make_case(2, applicant="长春味道餐饮有限公司", item="公共场所卫生许可", accepted_day=2),
        ["卫生检测报告"],
    ),
    (make_case(3, applicant="李长春", item="建设工程规划许可证核发", accepted_day=3), ["规划图"]),
    (
        make_case(
            4,
            applicant="张伟",
            item="公众聚集场所投入使用营业前消防安全检查",
            case_code="JLCC-Food-000004",
            accepted_day=4,
        ),
        [],
    ),
    (make_case(5, applicant="长春市第一餐厅", accepted_day=5), []),
    (make_case(6, applicant="100%_纯净水公司", accepted_day=6), []),
]


def _load(store: Store, cases: list[tuple[Case, list[str]]]) -> None:
    records: list[Case | Material] = []
    m = 0
    for case, names in cases:
        records.append(case)
        for name in names:
            m += 1
            records.append(make_material(m, case=int(case.case_code[-6:]), name=name))
    store.apply_confirmed(records)


@pytest.fixture
def loaded(store: Store) -> Store:
    _load(store, CASES)
    return store


def codes(store: Store, query: str) -> list[int]:
    return [int(c.case_code[-6:]) for c in store.search(query, limit=1000)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("长", [5, 3, 2]),  # one character; newest accepted first
        ("长春", [5, 3, 2]),  # two characters: the common case
        ("长春市", [5]),  # three characters: served by the trigram index
        ("餐饮", [2]),
        ("王芳", [1]),
        ("芳", [1]),
        ("李长春", [3]),
        ("食品经营许可", [6, 5, 1]),  # service item name
        ("营业执照", [1]),  # material names
        ("检测报告", [2]),
        ("规划图", [3]),
        ("2025-000003", [3]),  # case code substrings
        ("000003", [3]),
        ("03", [3]),
        ("food", [4]),  # Latin, case-insensitive
        ("FOOD", [4]),
        ("jlcc-FOOD", [4]),
        ("ＦＯＯＤ", [4]),  # full-width input
        ("Fo", [4]),
        ("长春 餐饮", [2]),  # several terms: all must match
        ("长春  李", [3]),
        ("王芳 营业执照", [1]),
        ("王芳 长春", []),
        ("不存在的词", []),
        ("龘", []),
        ("", []),
        ("   ", []),
    ],
)
def test_search(loaded: Store, query: str, expected: list[int]) -> None:
    assert codes(loaded, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("%", [6]),  # a literal percent sign, not "anything"
        ("_", [6]),  # a literal underscore, not "any character"
        ("0%_", [6]),
        ("%_纯", [6]),
        ("%%%", []),
        ('"', []),
        ('""', []),
        ('"长春"', []),  # quotes are text, not FTS syntax
        ("长春*", []),
        ("*", []),
        ("'", []),
        ("'; DROP TABLE cases; --", []),
        ("\\", []),
        ("长春 OR 王芳", []),  # no FTS operators either
        ("NEAR(长春 王芳)", []),
        ("长春 AND", []),
        ("a\x1fb", []),
        # Control characters (a NUL pasted from a PDF) separate terms: SQLite
        # stops reading a bound string at a NUL.
        ("餐饮\x00", [2]),
        ("长春市\x00", [5]),
        ("\x00长春市", [5]),
        ("营业\x00执照", [1]),
        ("\x00", []),
        ("\x00\x01\x7f\x85", []),
        ("长春\ud800", [5, 3, 2]),  # a lone surrogate cannot even be encoded for SQLite
    ],
)
def test_special_characters_neither_break_nor_inject(
    loaded: Store, query: str, expected: list[int]
) -> None:
    assert codes(loaded, query) == expected
    with loaded.read() as uow:
        assert uow.cases.count() == len(CASES)


def test_count_and_paging(loaded: Store) -> None:
    with loaded.read() as uow:
        assert uow.search_count("长") == 3
        assert uow.search_count("") == 0
        assert [c.case_code[-1] for c in uow.search("长", limit=2)] == ["5", "3"]
        assert [c.case_code[-1] for c in uow.search("长", limit=2, offset=2)] == ["2"]


def test_the_index_follows_every_write(loaded: Store) -> None:
    case1 = CASES[0][0]
    renamed = dataclasses.replace(
        case1, applicant=dataclasses.replace(case1.applicant, name="赵敏"), version=2
    )
    loaded.apply_confirmed([renamed])
    assert codes(loaded, "王芳") == []
    assert codes(loaded, "赵敏") == [1]
    loaded.apply_confirmed([make_material(50, case=2, name="健康证明")])
    assert codes(loaded, "健康证明") == [2]
    assert codes(loaded, "健康") == [2]
    with loaded.write() as uow:
        uow.materials.delete("M-000050")
    assert codes(loaded, "健康") == []
    with loaded.write() as uow:
        uow.cases.delete(make_case(3).case_code)
    assert codes(loaded, "长春") == [5, 2]
    with loaded.write() as uow:
        # FTS5's own consistency check between the index and its content table.
        uow.session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"))
    assert_grams_match_documents(loaded)


def gram_postings(store: Store) -> dict[str, set[str]]:
    """Every token of the gram index → the case codes it finds (by MATCH)."""
    with store.write() as uow:
        conn = uow.session.connection()
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.grams_vocab "
            "USING fts5vocab(main, search_fts_grams, row)")
        terms = [t for (t,) in conn.exec_driver_sql("SELECT term FROM temp.grams_vocab")]
        out = {}
        for term in terms:
            out[term] = {c for (c,) in conn.exec_driver_sql(
                "SELECT case_code FROM search_documents WHERE doc_id IN "
                "(SELECT rowid FROM search_fts_grams WHERE search_fts_grams MATCH ?)",
                ('"' + term.replace('"', '""') + '"',))}
        conn.exec_driver_sql("DROP TABLE temp.grams_vocab")
        return out


def assert_grams_match_documents(store: Store) -> None:
    """The gram index holds exactly the documents' characters and pairs, no stale posting."""
    with store.write() as uow:
        conn = uow.session.connection()
        # Contentless: this checks the index's own structure and counts.
        conn.exec_driver_sql("INSERT INTO search_fts_grams(search_fts_grams) "
                             "VALUES ('integrity-check')")
        bodies = dict(conn.exec_driver_sql("SELECT case_code, body FROM search_documents").all())
        # The index's own row count (first varint of its averages record, id 1;
        # a contentless detail=none table cannot be scanned): no deleted
        # document left behind, none missing.
        averages = conn.exec_driver_sql(
            "SELECT block FROM search_fts_grams_data WHERE id = 1").scalar()
        assert _varint(bytes(averages or b"\x00")) == len(bodies)
    postings = gram_postings(store)
    for term, found in postings.items():
        assert found == {c for c, body in bodies.items() if term in body}, term
    every = {g for body in bodies.values() for g in (*body, *(body[i:i + 2] for i in range(len(body))))}
    splits = {chr(c) for c in range(0x21)} | {'"', "'", "\x7f"}
    assert {g for g in every if splits.isdisjoint(g)} == set(postings)


def _varint(data: bytes) -> int:
    value = 0
    for byte in data[:9]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            break
    return value


def test_the_gram_index_follows_deletes_updates_and_a_rebuild(loaded: Store) -> None:
    from backoffice.store import search

    for n in range(1, 5):  # each rewrite removes the old postings first
        case = CASES[0][0]
        loaded.apply_confirmed([dataclasses.replace(
            case, applicant=dataclasses.replace(case.applicant, name=f"王{'芳' * n} x-y"),
            version=1 + n)])
    with loaded.write() as uow:
        uow.cases.delete(make_case(2).case_code)  # cascades to the document
    loaded.apply_confirmed([make_case(7, applicant="新案件")])  # may reuse the doc_id
    assert codes(loaded, "长春") == [5, 3]
    assert codes(loaded, "芳芳") == [1]
    assert codes(loaded, "y") == [1]
    assert_grams_match_documents(loaded)
    with loaded.write() as uow:
        search.rebuild_index(uow.session)
    assert_grams_match_documents(loaded)
    assert codes(loaded, "王") == [1]


def test_query_parsing() -> None:
    q = Query.parse("  长春　ＡＢＣ 长春 x ")
    assert q.long_terms == ("abc",)
    assert q.short_terms == ("长春", "x")  # duplicates dropped
    assert q.gram_terms == ("长春", "x") and q.like_terms == ()
    odd = Query.parse("a' \"b 5- (长 \x01")
    assert odd.gram_terms == ("5-", "(长") and odd.like_terms == ("a'", '"b')
    assert odd.grams_expression() == '"5-" AND "(长"'
    assert Query.parse('a"bc').fts_expression() == '"a""bc"'
    nul = Query.parse("餐饮\x00有限\x9f公司\x00")
    assert (nul.long_terms, nul.short_terms) == ((), ("餐饮", "有限", "公司"))
    assert Query.parse("\x00\x1b").empty
    assert normalize("ＡＢＣ") == "abc"
    assert "\x1f" in document("c", "a", "s", ["m"])


# Chinese, Latin in both cases, full-width forms, the LIKE wildcards, quotes,
# punctuation the gram index keeps as tokens, and a control character, which
# separates terms.
ALPHABET = "长春市餐饮王芳李aB%_\"*'-（Ｃ\x01"


@pytest.fixture(scope="module")
def random_corpus(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Store, dict[str, str]]]:
    rng = random.Random(20250303)
    path: Path = tmp_path_factory.mktemp("corpus") / "store.sqlite"
    store = Store.open(path)
    cases = []
    for n in range(1, 301):
        name = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 6)))
        materials = [
            "".join(rng.choice(ALPHABET) for _ in range(4)) for _ in range(rng.randint(0, 2))
        ]
        cases.append(
            (make_case(n, applicant=name, item="事项", accepted_day=1 + n % 28), materials)
        )
    _load(store, cases)
    bodies = {
        c.case_code: document(c.case_code, c.applicant.name, c.service_item_name, names)
        for c, names in cases
    }
    assert_grams_match_documents(store)
    yield store, bodies
    store.close()


@settings(max_examples=300)
@given(st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), min_size=1, max_size=3))
def test_search_equals_substring_matching(
    random_corpus: tuple[Store, dict[str, str]], terms: list[str]
) -> None:
    """For every term length (1, 2: gram index or LIKE; 3, 4: trigram): exactly the
    cases whose text contains every term."""
    store, bodies = random_corpus
    words = [w for t in terms for w in normalize(t).replace("\x01", " ").split()]
    # Nothing but separators is no search: it finds nothing, like an empty one.
    expected = {code for code, body in bodies.items()
                if words and all(w in body for w in words)}
    found = {c.case_code for c in store.search(" ".join(terms), limit=10_000)}
    assert found == expected


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["芳", "伟", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "春", "杰"]
ITEMS = ["食品经营许可证核发", "公共场所卫生许可", "建设工程规划许可证核发", "餐饮服务备案"]


def test_search_over_50000_cases(tmp_path: Path) -> None:
    cases = []
    for n in range(1, 50_001):
        applicant = SURNAMES[n % 20] + GIVEN[n % 12] + ("（长春市）" if n % 997 == 0 else "")
        cases.append(make_case(n, applicant=applicant, item=ITEMS[n % 4], accepted_day=1 + n % 28))
    with Store.open(tmp_path / "big.sqlite") as store:
        with store.write() as uow:
            uow.cases.upsert_many(cases)
        bodies = {
            c.case_code: document(c.case_code, c.applicant.name, c.service_item_name, [])
            for c in cases
        }
        for query in ["长春市", "长春", "长", "王芳", "餐饮", "2025-012345", "芳 餐饮"]:
            terms = [normalize(t) for t in query.split()]
            expected = {k for k, body in bodies.items() if all(t in body for t in terms)}
            with store.read() as uow:
                assert uow.search_count(query) == len(expected), query
            found = {c.case_code for c in store.search(query, limit=100)}
            assert found <= expected and len(found) == min(100, len(expected)), query


_GRAMS = SimpleNamespace(TOKENIZE=importlib.import_module(
    "backoffice.store.migrations.versions.0008_search_grams")._TOKENIZE)


def _token_counts(conn: sqlite3.Connection, text_: str) -> dict[str, int]:
    """How often the gram index's tokenizer (migration 0008) yields each token of ``text_``."""
    conn.execute("DELETE FROM t")
    conn.execute("INSERT INTO t (x) VALUES (?)", (text_,))
    return dict(conn.execute("SELECT term, cnt FROM v"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="长春市营业执照 a-Z'\"(\x1f\t0", max_size=8), min_size=1,
                max_size=6))
def test_grams_built_field_by_field_are_the_tokens_of_every_character_and_pair(
        fields: list[str]) -> None:
    """What the delete triggers compute from the body, token for token, as often."""
    body = SEPARATOR.join(fields)
    whole = " ".join(body) + " " + " ".join(map(str.__add__, body, body[1:] + " "))
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize=\"{_GRAMS.TOKENIZE}\")")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, row)")
        assert _token_counts(conn, grams(body)) == _token_counts(conn, whole)
    finally:
        conn.close()
