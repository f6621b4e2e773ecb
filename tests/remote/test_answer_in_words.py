"""Why the platform's answer could not be read, said in words, not the client's codes.

"sent an answer this app cannot read (not_json)" told the person nothing;
``reason`` stays the code the client decides on (a cut download is resumed).
"""

from __future__ import annotations

import json

import pytest
from pydantic import TypeAdapter, ValidationError

from backoffice import messages
from backoffice.remote.errors import ANSWER_REASONS, BAD_PAYLOAD, RemoteError
from backoffice.remote.validate import unreadable_json

REASONS = ("not_json", "wrong_shape", "truncated", "wrong_offset", "encoding", "corrupt",
           "too_large", "unexpected_status", "no_location", "wrong_range")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("reason", REASONS)
def test_each_reason_is_said_in_words(reason: str, lang: str) -> None:
    error = RemoteError(BAD_PAYLOAD, host="platform.example", reason=reason)
    said = messages.render(error, lang)
    assert reason not in said and "system." not in said, said
    assert "platform.example" in said
    assert error.params["reason"] == reason  # the client's decisions still read the code


def test_every_worded_reason_has_both_languages() -> None:
    for code in ANSWER_REASONS:
        assert set(messages.CATALOG[code]) == {"zh", "en"}, code


def test_an_unknown_reason_is_said_in_general_words() -> None:
    said = messages.render(RemoteError(BAD_PAYLOAD, host="h", reason="new_kind"), "en")
    assert "new_kind" not in said and "Error" not in said, said


@pytest.mark.parametrize(("body", "why"), [
    (b'{"changes": [{"id": 1}, {"id"', "truncated"),
    (b'{"next_cursor": "abc', "truncated"),
    (b"<html><body>proxy login</body></html>", "not_json"),
    (b'{"changes": nope}', "not_json"),
])
def test_a_json_answer_cut_short_is_told_from_one_that_is_not_json(body: bytes, why: str) -> None:
    with pytest.raises(ValueError) as plain:
        json.loads(body)
    assert unreadable_json(body, plain.value) == why
    with pytest.raises(ValidationError) as typed:
        TypeAdapter(dict).validate_json(body)  # the client's other parser
    assert unreadable_json(body, ValueError(typed.value.errors()[0]["msg"])) == why
