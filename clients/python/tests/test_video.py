"""Videos and live sessions from Python against a real gateway on loopback."""

import math
import shutil
import subprocess
import time

import pytest

import moodmusic
from moodmusic.proto import emotion_pb2, video_pb2

from conftest import Cluster


@pytest.fixture(scope="module")
def video_cluster(tmp_path_factory):
    """Gateway + `worker emotion` + `worker video`."""
    cluster = Cluster(tmp_path_factory.mktemp("video-cluster"), ["emotion", "video"]).start()
    cluster.require("emotion", "video")
    yield cluster
    cluster.stop()


@pytest.fixture
def video_client(video_cluster):
    with video_cluster.client(timeout=60.0) as c:
        yield c


@pytest.fixture(scope="module")
def clip(tmp_path_factory, astronaut_png):
    """4 s at 640x360: grey for 2 s, then the astronaut's face (ffmpeg, from the bundled photo)."""
    if shutil.which("ffmpeg") is None:
        pytest.fail("the ffmpeg command is not installed (run scripts/install-deps)", pytrace=False)
    directory = tmp_path_factory.mktemp("clip")
    (directory / "face.png").write_bytes(astronaut_png)
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-threads", "1",
                    "-f", "lavfi", "-i", "color=c=gray:size=640x360:rate=10:duration=4", "-loop", "1", "-i", "face.png",
                    "-filter_complex", "[1]crop=190:190:130:20,scale=200:200[b];"
                    "[0][b]overlay=400:80:enable='gte(t,2)',format=yuv420p[out]",
                    "-map", "[out]", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "clip.mp4"],
                   cwd=directory, check=True)
    return (directory / "clip.mp4").read_bytes()


def test_analyze_video_streams_chunks_and_the_timeline_follows_the_face(video_client, clip):
    acked, frames = [], []
    reply = video_client.analyze_video(clip, fps=2, chunk_bytes=4096, window=3,
                                       progress=lambda done, total: acked.append(done),
                                       frame_progress=lambda decoded, analysed: frames.append((decoded, analysed)))
    assert acked and acked == sorted(acked) and acked[-1] < len(clip)
    # VideoProgress.Get while the frames are analysed; how many reports depends on speed.
    assert all(analysed <= decoded <= 8 for decoded, analysed in frames)
    assert [a for _, a in frames] == sorted(a for _, a in frames)
    analysis = reply.analysis
    assert [f.time_seconds for f in analysis.frames] == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]
    assert [len(f.faces) for f in analysis.frames] == [0, 0, 0, 0, 1, 1, 1, 1]
    assert {t.track_id for f in analysis.frames for t in f.faces} == {analysis.dominant_track_id}
    assert analysis.segments[0].emotion == emotion_pb2.EMOTION_UNSPECIFIED
    assert analysis.segments[-1].emotion != emotion_pb2.EMOTION_UNSPECIFIED
    assert math.isclose(sum(analysis.distribution), 1.0, abs_tol=1e-3)


def test_a_corrupt_video_is_invalid_argument_and_the_next_one_works(video_client, clip):
    with pytest.raises(moodmusic.InvalidArgument) as info:
        video_client.analyze_video(b"\x00\x01not a video" * 1000, chunk_bytes=1024)
    assert "video" in info.value.message
    assert len(video_client.analyze_video(clip, fps=1).analysis.frames) == 4


def test_analyze_video_takes_the_detector_for_every_frame(video_client, clip):
    default = video_client.analyze_video(clip, fps=1).analysis.frames
    haar = video_client.analyze_video(clip, fps=1, detector="haar").analysis.frames
    assert [len(f.faces) for f in default] == [0, 0, 1, 1] and [len(f.faces) for f in haar] == [0, 0, 1, 1]
    # BlazeFace (the default) gives a score and six keypoints; the cascade gives neither.
    assert all(t.face.HasField("landmarks") and t.face.score > 0.5 for f in default for t in f.faces)
    assert not any(t.face.HasField("landmarks") for f in haar for t in f.faces)
    with pytest.raises(ValueError):
        video_client.analyze_video(clip, detector="nonsense")


def test_live_session_yields_a_result_per_frame_with_a_running_emotion(video_client, astronaut_png):
    frames = [astronaut_png] * 3
    results = list(video_client.live_session(frames, smoothing=0.5))
    assert [r.sequence for r in results] == [0, 1, 2]
    for r in results:
        assert len(r.faces) == 1 and r.faces[0].track_id == 1
        assert len(r.frame_probabilities) == 7 and len(r.smoothed_probabilities) == 7
        assert r.smoothed_emotion != emotion_pb2.EMOTION_UNSPECIFIED
    # Identical frames: the moving average stays on the frame's probabilities.
    for a, b in zip(results[-1].smoothed_probabilities, results[0].frame_probabilities):
        assert math.isclose(a, b, abs_tol=1e-4)


def test_a_live_session_is_closed_when_the_caller_stops_early(video_client, astronaut_png):
    session = video_client.live_session(iter([astronaut_png] * 10), session_id="stops-early")
    assert next(session).sequence == 0
    session.close()  # leaves the generator: the session is closed on the gateway
    with pytest.raises(moodmusic.NotFound):
        video_client.call(moodmusic.Method.LIVE_FRAME,
                          video_pb2.LiveFrameRequest(session_id="stops-early", image=astronaut_png))
    # The id is free again.
    assert len(list(video_client.live_session([astronaut_png], session_id="stops-early"))) == 1


def test_an_idle_live_session_ends_and_a_duplicate_id_is_refused(video_client, astronaut_png):
    def slow_frames():
        yield astronaut_png
        time.sleep(0.6)  # longer than the idle timeout below
        yield astronaut_png

    session = video_client.live_session(slow_frames(), session_id="idle", idle_timeout=0.3)
    assert next(session).sequence == 0
    with pytest.raises(moodmusic.NotFound):
        next(session)

    blocker = video_client.live_session(iter([astronaut_png]), session_id="twice")
    next(blocker)
    with pytest.raises(moodmusic.AlreadyExists):
        next(video_client.live_session([astronaut_png], session_id="twice"))
    blocker.close()


def test_the_asyncio_client_streams_videos_and_runs_live_sessions(video_cluster, clip, astronaut_png):
    import asyncio

    import moodmusic.aio

    async def main():
        async with moodmusic.aio.Client(video_cluster.frontend, timeout=60) as client:
            reply = await client.analyze_video(clip, fps=1, chunk_bytes=4096, window=2)
            results = [r async for r in client.live_session([astronaut_png, astronaut_png], smoothing=1.0)]
            return reply, results

    reply, results = asyncio.run(main())
    assert [len(f.faces) for f in reply.analysis.frames] == [0, 0, 1, 1]
    assert [r.sequence for r in results] == [0, 1] and all(len(r.faces) == 1 for r in results)
