"""Tests that need no running service: status codes, errors, argument parsing, local deadlines."""

import pickle
import socket
import time

import pytest

import moodmusic
from moodmusic import StatusCode, wire_pb2


def test_status_codes_match_the_wire_enum():
    assert len(StatusCode) == 17
    for code in StatusCode:
        assert wire_pb2.StatusCode.Name(int(code)) == code.name
    assert set(wire_pb2.StatusCode.values()) == {int(c) for c in StatusCode}


@pytest.mark.parametrize("code", [c for c in StatusCode if c != StatusCode.OK])
def test_error_for_every_code_has_a_subclass_with_that_code(code):
    err = moodmusic.error_for(int(code), "why", metadata={"worker": "w"})
    assert isinstance(err, moodmusic.RpcError)
    assert type(err) is not moodmusic.RpcError
    assert err.code is code and err.message == "why" and err.metadata == {"worker": "w"}
    assert str(err) == f"{code.name}: why"
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err) and again.code is code and again.message == "why"


def test_named_subclasses():
    assert isinstance(moodmusic.error_for(3), moodmusic.InvalidArgument)
    assert isinstance(moodmusic.error_for(4), moodmusic.DeadlineExceeded)
    assert isinstance(moodmusic.error_for(14), moodmusic.Unavailable)
    assert moodmusic.Unimplemented("x").code == StatusCode.UNIMPLEMENTED
    assert moodmusic.error_for(99).code == StatusCode.UNKNOWN


def test_parse_emotion_and_policy():
    assert moodmusic.parse_emotion("sad") == moodmusic.emotion_pb2.EMOTION_SAD
    assert moodmusic.parse_emotion("EMOTION_HAPPY") == 4
    assert moodmusic.parse_emotion(7) == 7
    assert moodmusic.emotion_name(5) == "sad"
    with pytest.raises(ValueError):
        moodmusic.parse_emotion("bored")
    assert moodmusic.parse_policy("uplift") == moodmusic.recommender_pb2.MOOD_POLICY_UPLIFT
    with pytest.raises(ValueError):
        moodmusic.parse_policy("louder")


def _silent_endpoint():
    """A loopback port where nothing listens: a gateway that is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{s.getsockname()[1]}"


def test_local_give_up_when_the_gateway_is_silent():
    with moodmusic.Client(_silent_endpoint(), timeout=0.3, grace=0.2) as client:
        start = time.monotonic()
        with pytest.raises(moodmusic.DeadlineExceeded) as info:
            client.echo(b"anyone?")
        elapsed = time.monotonic() - start
        assert 0.3 <= elapsed < 1.5, elapsed
        assert "no response from the gateway" in info.value.message
        assert client.in_flight == 0


def test_close_cancels_calls_in_flight_and_refuses_new_ones():
    client = moodmusic.Client(_silent_endpoint(), timeout=30)
    call = client.submit(moodmusic.Method.ECHO)
    client.close()
    with pytest.raises(moodmusic.Cancelled):
        call.result(timeout=5)
    with pytest.raises(RuntimeError):
        client.echo(b"x")
    client.close()  # again: nothing happens
    assert client.closed


def test_bad_arguments_fail_before_sending():
    with moodmusic.Client(_silent_endpoint()) as client:
        with pytest.raises(ValueError):
            client.echo(b"x", timeout=0)
        with pytest.raises(TypeError):
            client.detect_emotions("not bytes")
        with pytest.raises(ValueError):
            client.recommend(emotion="bored")
        assert client.in_flight == 0


def test_a_malformed_endpoint_is_a_value_error():
    with pytest.raises(ValueError):
        moodmusic.Client("not-an-endpoint")


def test_spotify_playlist_goes_into_the_recommend_request():
    build = moodmusic.Client._recommend_request
    request = build("sad", None, None, "match", 40, False, 0, 0, 0,
                    " https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M?si=x ")
    assert request.spotify_playlist == "https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M?si=x"
    assert build("sad", None, None, "match", 40, False, 0, 0, 0).spotify_playlist == ""
    again = moodmusic.recommender_pb2.RecommendRequest.FromString(request.SerializeToString())
    assert again.spotify_playlist == request.spotify_playlist
    with pytest.raises(TypeError):
        build("sad", None, None, "match", 40, False, 0, 0, 0, "   ")
