"""The HTTP/JSON bridge against a real gateway and workers: every route, the error mapping,
limits and deadlines."""

import json
import re
from pathlib import Path

import yaml
from openapi_spec_validator import validate

from conftest import REPO, Bridge, multipart

TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def error_of(status, body):
    payload = json.loads(body)
    assert set(payload) == {"code", "message"} and payload["message"], payload
    return status, payload["code"]


def test_photo_to_songs_multipart_like_curl(bridge, astronaut_png):
    body, headers = multipart([("image", "astronaut.png", "image/png", astronaut_png)])
    status, response_headers, answer = bridge.request("POST", "/v1/recommendations:forImage", body, {**headers, "traceparent": TRACE})
    assert status == 200, answer
    result = json.loads(answer)
    assert len(result["emotions"]["faces"]) == 1
    tracks = result["recommendations"]["tracks"]
    assert len(tracks) == 40
    assert all(t["url"] == f"https://open.spotify.com/track/{t['id']}" and t["artists"] and t["reason"] for t in tracks)
    # The trace continues: same trace id, a new span id for the bridge's hop.
    trace = response_headers["traceparent"]
    assert trace.startswith("00-4bf92f3577b34da6a3ce929d0e0e4736-") and trace != TRACE


def test_for_image_options_part(bridge, astronaut_png):
    options = json.dumps({"recommend": {"k": 5, "policy": "MOOD_POLICY_UPLIFT"}}).encode()
    body, headers = multipart([("image", "a.png", "image/png", astronaut_png), ("options", None, "application/json", options)])
    status, _, answer = bridge.request("POST", "/v1/recommendations:forImage", body, headers)
    assert status == 200, answer
    assert len(json.loads(answer)["recommendations"]["tracks"]) == 5


def test_detect_raw_body_and_form(bridge, astronaut_png):
    status, _, answer = bridge.request("POST", "/v1/emotions:detect", astronaut_png, {"Content-Type": "image/png"})
    assert status == 200, answer
    raw = json.loads(answer)
    assert len(raw["faces"]) == 1 and len(raw["faces"][0]["probabilities"]) == 7
    body, headers = multipart([("image", "a.png", "image/png", astronaut_png)])
    status, _, answer = bridge.request("POST", "/v1/emotions:detect", body, headers)
    assert status == 200 and json.loads(answer)["faces"] == raw["faces"]


def test_bad_images_and_bodies_are_invalid_argument(bridge):
    assert error_of(*bridge.request("POST", "/v1/emotions:detect", b"not an image", {"Content-Type": "image/png"})[::2]) == (400, "INVALID_ARGUMENT")
    assert error_of(*bridge.request("POST", "/v1/emotions:detect", b"x", {"Content-Type": "text/plain"})[::2]) == (400, "INVALID_ARGUMENT")
    body, headers = multipart([("photo", "a.png", "image/png", b"x")])
    assert error_of(*bridge.request("POST", "/v1/recommendations:forImage", body, headers)[::2]) == (400, "INVALID_ARGUMENT")


def test_recommendations_json(bridge):
    request = {"emotion": "EMOTION_SAD", "policy": "MOOD_POLICY_UPLIFT", "k": 40}
    status, _, answer = bridge.request("POST", "/v1/recommendations", json.dumps(request).encode(), {"Content-Type": "application/json"})
    assert status == 200, answer
    result = json.loads(answer)
    assert len(result["tracks"]) == 40 and result["emotion"] == "EMOTION_SAD"
    for bad in (b'{"emotion": "EMOTION_SAD", "k": 501}', b'{"emotion": "BORED"}', b"{", b'{"k": -3}'):
        assert error_of(*bridge.request("POST", "/v1/recommendations", bad, {"Content-Type": "application/json"})[::2]) == (400, "INVALID_ARGUMENT"), bad


def test_health(bridge):
    status, _, answer = bridge.request("GET", "/v1/health")
    assert status == 200 and json.loads(answer)["status"] == "SERVING"
    status, _, answer = bridge.request("GET", "/v1/health?service=moodmusic.v1.Nothing")
    assert error_of(status, answer) == (404, "NOT_FOUND")


def test_deadlines(bridge, astronaut_png):
    png = {"Content-Type": "image/png"}
    assert error_of(*bridge.request("POST", "/v1/emotions:detect", astronaut_png, {**png, "grpc-timeout": "soon"})[::2]) == (400, "INVALID_ARGUMENT")
    assert error_of(*bridge.request("POST", "/v1/emotions:detect?timeout=0s", astronaut_png, png)[::2]) == (504, "DEADLINE_EXCEEDED")
    # 1 ns is rounded up to the gateway's smallest deadline, 1 ms: no photo is detected that fast.
    assert error_of(*bridge.request("POST", "/v1/emotions:detect", astronaut_png, {**png, "grpc-timeout": "1n"})[::2]) == (504, "DEADLINE_EXCEEDED")
    status, _, _ = bridge.request("POST", "/v1/emotions:detect?timeout=60s", astronaut_png, png)
    assert status == 200


def test_unknown_route_and_method(bridge):
    assert error_of(*bridge.request("GET", "/v1/nothing")[::2]) == (404, "NOT_FOUND")
    status, _, body = bridge.request("GET", "/v1/recommendations")
    code = error_of(status, body)
    assert code in ((404, "NOT_FOUND"), (501, "UNIMPLEMENTED")), code


def test_body_limit(full_cluster, tmp_path, astronaut_png):
    small = Bridge(full_cluster, tmp_path, "--max-body-bytes", "1000")
    try:
        status, _, body = small.request("POST", "/v1/emotions:detect", astronaut_png, {"Content-Type": "image/png"})
        assert error_of(status, body) == (429, "RESOURCE_EXHAUSTED")
    finally:
        small.stop()


def test_unavailable_without_workers(echo_cluster, tmp_path, astronaut_png):
    b = Bridge(echo_cluster, tmp_path)
    try:
        status, _, body = b.request("POST", "/v1/emotions:detect", astronaut_png, {"Content-Type": "image/png"})
        assert error_of(status, body) == (503, "UNAVAILABLE")
        status, _, body = b.request("GET", "/v1/health")
        assert status == 503 and json.loads(body)["status"] == "NOT_SERVING"
    finally:
        b.stop()


def test_openapi_page_and_metrics(bridge):
    status, headers, spec = bridge.request("GET", "/openapi.yaml")
    assert status == 200 and spec == (REPO / "web" / "openapi.yaml").read_bytes()
    document = yaml.safe_load(spec)
    validate(document)
    assert {"/v1/emotions:detect", "/v1/recommendations", "/v1/recommendations:forImage", "/v1/health"} <= set(document["paths"])
    status, _, page = bridge.request("GET", "/")
    assert status == 200 and b'<input id="photo"' in page
    status, _, metrics = bridge.request("GET", "/metrics")
    assert status == 200
    assert re.search(rb'moodmusic_http_requests_total\{[^}]*route="/openapi.yaml"', metrics), metrics[:2000]
