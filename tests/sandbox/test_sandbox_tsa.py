"""``POST /api/v1/pki/tsa``: an RFC 3161 query is answered; anything else gets its own code."""

from __future__ import annotations

import hashlib
import os

import requests
from asn1crypto import algos, tsp  # type: ignore[import-untyped]  # no stubs

from backoffice.sandbox.server import Sandbox

QUERY = "application/timestamp-query"


def _post(sandbox: Sandbox, body: bytes) -> requests.Response:
    return requests.post(f"{sandbox.url}/api/v1/pki/tsa", data=body,
                         headers={"Content-Type": QUERY}, timeout=10)


def test_a_query_is_stamped_and_garbage_is_no_json_error(sandbox: Sandbox) -> None:
    query = tsp.TimeStampReq({
        "version": 1, "cert_req": True, "nonce": int.from_bytes(os.urandom(8), "big"),
        "message_imprint": tsp.MessageImprint({
            "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "hashed_message": hashlib.sha256(b"decision").digest()})})
    stamped = _post(sandbox, query.dump())
    assert stamped.status_code == 200
    assert stamped.headers["content-type"] == "application/timestamp-reply"
    assert tsp.TimeStampResp.load(stamped.content)["status"]["status"].native == "granted"

    for garbage in (b"not a query", b"{\"json\": true}", b"\x30\x03\x02\x01"):
        refused = _post(sandbox, garbage)
        assert refused.status_code == 400
        error = refused.json()["error"]
        assert error["code"] == "tsa.bad_request"  # it was request.bad_json: "not valid JSON"
        assert "JSON" not in error["message"]["en"] and "3161" in error["message"]["en"]
