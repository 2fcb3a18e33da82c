"""The transport against a real gateway with one echo worker (no emotion or recommender worker)."""

import concurrent.futures
import threading
import time

import pytest
import zmq

import moodmusic
from moodmusic import StatusCode
from moodmusic.proto import diagnostics_pb2, health_pb2, wire_pb2


@pytest.fixture
def raw(echo_cluster):
    """A bare pyzmq DEALER connected to the gateway, with a 5 s receive timeout."""
    ctx = zmq.Context()
    sock = ctx.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.setsockopt(zmq.RCVTIMEO, 5000)
    sock.connect(echo_cluster.frontend)
    yield sock
    sock.close(0)
    ctx.term()


def _header(request_id, timeout_ms=5000):
    return wire_pb2.RequestHeader(request_id=request_id, timeout_ms=timeout_ms).SerializeToString()


def _recv_response(sock):
    frames = sock.recv_multipart()
    assert len(frames) == 4, frames
    assert frames[0] == b"" and frames[1] == b"MMC1"
    return wire_pb2.ResponseHeader.FromString(frames[2]), frames[3]


def test_raw_echo_round_trip_with_only_generated_protobuf(raw):
    """A Python client with no Swift and none of moodmusic.Client completes a round trip."""
    body = diagnostics_pb2.EchoRequest(payload=b"\x00hello\xff").SerializeToString()
    raw.send_multipart([b"", b"MMC1", b"/moodmusic.v1.Diagnostics/Echo", _header(77), body])
    header, payload = _recv_response(raw)
    assert header.request_id == 77
    assert header.code == wire_pb2.OK, header.message
    reply = diagnostics_pb2.EchoResponse.FromString(payload)
    assert reply.payload == b"\x00hello\xff"
    assert reply.served_by  # the worker's name


def test_raw_unknown_method_is_unimplemented(raw):
    raw.send_multipart([b"", b"MMC1", b"/moodmusic.v1.Nope/Nothing", _header(5), b""])
    header, payload = _recv_response(raw)
    assert header.request_id == 5
    assert header.code == wire_pb2.UNIMPLEMENTED
    assert payload == b""


@pytest.mark.parametrize("frames", [
    [b"garbage"],
    [b"", b"MMC1", b"/moodmusic.v1.Diagnostics/Echo", b"\xff\xff\xff\xff", b""],  # unreadable header
    [b"", b"MMC9", b"/moodmusic.v1.Diagnostics/Echo", _header(9), b""],            # other protocol id
    [b"", b"MMC1", b"/moodmusic.v1.Diagnostics/Echo", _header(9)],                 # a frame missing
    [b"", b"MMC1", b"/moodmusic.v1.Diagnostics/Echo", _header(9), b"", b"extra"],  # a frame too many
    [b"", b"MMC1", b"/moodmusic.v1.Diagnostics/Echo", _header(9), b"\xff\xff\xff"],  # bad payload
], ids=["one-frame", "bad-header", "bad-protocol-id", "four-frames", "six-frames", "bad-payload"])
def test_raw_garbage_gets_invalid_argument_and_the_gateway_keeps_serving(raw, frames):
    raw.send_multipart(frames)
    header, payload = _recv_response(raw)
    assert header.code == wire_pb2.INVALID_ARGUMENT, header
    assert header.message
    assert payload == b""
    # Still serving, on the same connection:
    raw.send_multipart([b"", b"MMC1", b"/moodmusic.v1.Diagnostics/Echo", _header(10),
                        diagnostics_pb2.EchoRequest(payload=b"ok").SerializeToString()])
    header, payload = _recv_response(raw)
    assert (header.request_id, header.code) == (10, wire_pb2.OK)
    assert diagnostics_pb2.EchoResponse.FromString(payload).payload == b"ok"


def test_client_echo(client):
    reply = client.echo(b"ping")
    assert reply.payload == b"ping"
    assert reply.served_by.startswith("test-echo")
    assert client.echo("texte").payload == "texte".encode()
    big = bytes(range(256)) * 4096  # 1 MiB
    assert client.echo(big).payload == big


def test_client_health(client):
    overall = client.health()
    assert overall.status == health_pb2.HealthCheckResponse.NOT_SERVING  # no emotion/recommender worker
    by_name = {s.service: s for s in overall.services}
    assert by_name["moodmusic.v1.Diagnostics"].status == health_pb2.HealthCheckResponse.SERVING
    assert by_name["moodmusic.v1.Diagnostics"].live_workers == 1
    assert by_name["moodmusic.v1.EmotionService"].live_workers == 0
    assert client.health("Diagnostics").status == health_pb2.HealthCheckResponse.SERVING
    assert client.health("moodmusic.v1.Health").status == health_pb2.HealthCheckResponse.SERVING
    with pytest.raises(moodmusic.NotFound):
        client.health("moodmusic.v1.NoSuchService")


def test_client_unknown_method_raises_unimplemented(client):
    with pytest.raises(moodmusic.Unimplemented) as info:
        client.call("/moodmusic.v1.Nope/Nothing", diagnostics_pb2.EchoRequest())
    assert info.value.code == StatusCode.UNIMPLEMENTED


def test_many_calls_in_flight_are_matched_by_request_id(client):
    calls = [client.submit(moodmusic.Method.ECHO, diagnostics_pb2.EchoRequest(payload=b"%d" % i))
             for i in range(300)]
    for i, call in enumerate(calls):
        assert call.result(timeout=20).payload == b"%d" % i
    assert len({c.request_id for c in calls}) == 300
    assert client.in_flight == 0


def test_one_client_shared_by_threads(client):
    errors = []

    def work(n):
        try:
            for i in range(50):
                payload = f"{n}-{i}".encode()
                assert client.echo(payload).payload == payload
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors


def test_futures_work_with_concurrent_futures(client):
    calls = [client.submit(moodmusic.Method.ECHO, diagnostics_pb2.EchoRequest(payload=b"a")),
             client.submit_detect_emotions(b"\x89PNG")]  # no emotion worker: fails
    done, not_done = concurrent.futures.wait(calls, timeout=10)
    assert not not_done
    assert calls[0].result().payload == b"a"
    assert isinstance(calls[1].exception(), moodmusic.Unavailable)


def test_no_worker_for_the_service_is_unavailable_at_once(client, astronaut_png):
    for call in (lambda: client.detect_emotions(astronaut_png),
                 lambda: client.recommend(emotion="sad"),
                 lambda: client.recommend_for_image(astronaut_png)):
        start = time.monotonic()
        with pytest.raises(moodmusic.Unavailable) as info:
            call()
        assert time.monotonic() - start < 1.0
        assert info.value.code == StatusCode.UNAVAILABLE and info.value.message
    assert client.echo(b"still fine").payload == b"still fine"


def test_deadline_is_sent_and_respected_by_the_gateway(echo_cluster):
    # wait_for_ready queues the call at the gateway, where no emotion worker will ever come:
    # the gateway must answer DEADLINE_EXCEEDED at the deadline we sent (0.5 s), not its default 30 s.
    # A long local grace makes sure that the answer is the gateway's, not the client's own give-up.
    with echo_cluster.client(timeout=10.0, grace=3.0) as client:
        start = time.monotonic()
        with pytest.raises(moodmusic.DeadlineExceeded) as info:
            client.detect_emotions(b"\x89PNG", timeout=0.5, wait_for_ready=True)
        elapsed = time.monotonic() - start
        assert 0.45 <= elapsed < 1.5, elapsed
        assert "no response from the gateway" not in info.value.message


def test_deadline_while_a_worker_runs_the_call(echo_cluster):
    if "delay_ms" not in diagnostics_pb2.EchoRequest.DESCRIPTOR.fields_by_name:
        pytest.skip("this protocol version has no EchoRequest.delay_ms")
    with echo_cluster.client(timeout=10.0, grace=3.0) as client:
        start = time.monotonic()
        with pytest.raises(moodmusic.DeadlineExceeded) as info:
            client.echo(b"slow", delay_ms=3000, timeout=0.5)
        assert time.monotonic() - start < 1.5
        assert "no response from the gateway" not in info.value.message
        # The worker is still busy with the slow call for a while; the next call is answered anyway
        # (by the same worker once it is free, well within its deadline).
        assert client.echo(b"fast", timeout=8).payload == b"fast"


def test_late_response_of_a_cancelled_call_is_discarded(client):
    stale_before = client.stale_responses
    slow = client.submit_detect_emotions(b"\x89PNG", timeout=0.4, wait_for_ready=True)
    time.sleep(0.1)  # sent by now (a call cancelled before it is sent is never sent)
    assert slow.cancel()
    time.sleep(0.8)  # the gateway answers DEADLINE_EXCEEDED for the cancelled call meanwhile
    assert client.echo(b"next").payload == b"next"
    assert slow.cancelled()
    assert client.stale_responses == stale_before + 1
    assert client.in_flight == 0
