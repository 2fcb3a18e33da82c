"""moodmusic.aio.Client against the real gateway and workers (the fixtures of conftest.py)."""

import asyncio
import inspect

import pytest

import moodmusic
import moodmusic.aio
from moodmusic import health_pb2

from conftest import free_port


def run(coroutine):
    return asyncio.run(coroutine)


def test_same_public_methods_as_the_threaded_client():
    threaded = {n for n, v in inspect.getmembers(moodmusic.Client) if not n.startswith("_") and callable(v)}
    aio = {n for n, v in inspect.getmembers(moodmusic.aio.Client) if not n.startswith("_") and callable(v)}
    assert threaded - aio == set()
    for name in ("call", "detect_emotions", "recommend", "recommend_for_image", "health", "echo"):
        assert inspect.iscoroutinefunction(getattr(moodmusic.aio.Client, name)), name


def test_echo_and_many_in_flight(echo_cluster):
    async def main():
        async with moodmusic.aio.Client(echo_cluster.frontend, timeout=10) as client:
            first = await client.echo(b"hello")
            answers = await asyncio.gather(*(client.echo(f"call {i}") for i in range(64)))
            return first, answers, client.in_flight
    first, answers, in_flight = run(main())
    assert first.payload == b"hello" and first.served_by
    assert [a.payload for a in answers] == [f"call {i}".encode() for i in range(64)]
    assert in_flight == 0


def test_health_and_the_same_exceptions(echo_cluster):
    async def main():
        async with moodmusic.aio.Client(echo_cluster.frontend, timeout=10) as client:
            health = await client.health("Diagnostics")
            with pytest.raises(moodmusic.NotFound):
                await client.health("moodmusic.v1.NoSuchService")
            with pytest.raises(moodmusic.Unimplemented):
                await client.call("/moodmusic.v1.Nothing/Here", b"")
            with pytest.raises(moodmusic.Unavailable):
                await client.detect_emotions(b"\x89PNG not served by this cluster")
            return health
    assert run(main()).status == health_pb2.HealthCheckResponse.SERVING


def test_deadline_from_the_gateway_and_cancellation(echo_cluster):
    async def main():
        async with moodmusic.aio.Client(echo_cluster.frontend, timeout=10) as client:
            with pytest.raises(moodmusic.DeadlineExceeded):
                await client.echo(b"slow", delay_ms=3000, timeout=0.3)
            task = client.submit(moodmusic.Method.ECHO, moodmusic.diagnostics_pb2.EchoRequest(payload=b"x", delay_ms=500))
            await asyncio.sleep(0.05)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            # The client still works after a cancelled call, and forgot it.
            assert (await client.echo(b"after")).payload == b"after"
            return client.in_flight
    assert run(main()) == 0


def test_no_gateway_gives_deadline_exceeded():
    async def main():
        async with moodmusic.aio.Client(f"tcp://127.0.0.1:{free_port()}", timeout=0.3, grace=0.1) as client:
            with pytest.raises(moodmusic.DeadlineExceeded):
                await client.health()
    run(main())


def test_close_fails_calls_in_flight_and_later_calls(echo_cluster):
    async def main():
        client = moodmusic.aio.Client(echo_cluster.frontend, timeout=10)
        task = client.submit(moodmusic.Method.ECHO, moodmusic.diagnostics_pb2.EchoRequest(payload=b"x", delay_ms=2000))
        await asyncio.sleep(0.1)
        await client.close()
        with pytest.raises(moodmusic.Cancelled):
            await task
        with pytest.raises(RuntimeError):
            await client.echo(b"closed")
        await client.close()  # idempotent
    run(main())


def test_photo_to_songs(full_cluster, astronaut_png):
    full_cluster.require("emotion", "recommender")

    async def main():
        async with moodmusic.aio.Client(full_cluster.frontend, timeout=60) as client:
            detected, recommended, both = await asyncio.gather(
                client.detect_emotions(astronaut_png),
                client.recommend(emotion="sad", policy="uplift", k=40),
                client.recommend_for_image(astronaut_png, k=40),
            )
            with pytest.raises(moodmusic.InvalidArgument):
                await client.detect_emotions(b"this is not an image")
            with pytest.raises(moodmusic.InvalidArgument):
                await client.recommend(emotion="sad", k=501)
            return detected, recommended, both
    detected, recommended, both = run(main())
    assert len(detected.faces) == 1
    assert len(recommended.tracks) == 40 and len({t.id for t in recommended.tracks}) == 40
    assert len(both.emotions.faces) == 1 and len(both.recommendations.tracks) == 40
