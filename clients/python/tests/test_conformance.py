"""The Python side of Tests/Conformance/envelope-frames.json (the Swift and C clients read it too)."""

import json
from pathlib import Path

import pytest

from moodmusic.envelope import NotAResponse, decode_response, encode_request

CASES = json.loads((Path(__file__).resolve().parents[3] / "Tests" / "Conformance" / "envelope-frames.json").read_text())


def frames(case):
    return [bytes.fromhex(h) for h in case["frames_hex"]]


@pytest.mark.parametrize("case", CASES["requests"], ids=lambda c: c["name"])
def test_requests_encode_to_the_golden_frames(case):
    built = encode_request(case["method"], bytes.fromhex(case["payload_hex"]), request_id=int(case["request_id"]),
                           timeout_ms=case["timeout_ms"], wait_for_ready=case["wait_for_ready"],
                           metadata=case["metadata"])
    assert built == frames(case)


@pytest.mark.parametrize("case", CASES["responses"], ids=lambda c: c["name"])
def test_responses_decode_to_the_golden_fields(case):
    header, payload = decode_response(frames(case))
    assert header.request_id == int(case["request_id"])
    assert header.code == case["code"]
    assert header.message == case["message"]
    assert payload == bytes.fromhex(case["payload_hex"])


@pytest.mark.parametrize("case", CASES["not_responses"], ids=lambda c: c["name"])
def test_malformed_responses_are_rejected(case):
    with pytest.raises(NotAResponse):
        decode_response(frames(case))
