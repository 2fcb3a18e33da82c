"""Videos and live streams: the client-streaming upload and the live-session generator.

Both follow docs/protocol.md: an upload is a sequence of ``VideoUploadChunk`` requests on one
method, each acked, at most ``window`` unacked, the last one answered with the result; a live
session is Open, one Frame at a time, Close.
"""

from __future__ import annotations

import collections
import concurrent.futures
import random
import uuid
from typing import Iterable, Iterator, Optional

from .errors import NotFound, RpcError
from .proto import recommender_pb2, video_pb2

__all__ = ["analyze_video", "recommend_for_video", "live_session"]


def _options(fps: Optional[float], max_frames: Optional[int], detector=None, align_faces: bool = False) -> video_pb2.VideoOptions:
    """VideoOptions; ``detector`` ("full", "short", "haar", or a ``FaceDetector`` name or number) and
    ``align_faces`` apply to every sampled frame, as in :meth:`moodmusic.Client.detect_emotions`."""
    from .client import _detection_options

    options = video_pb2.VideoOptions()
    if fps is not None:
        options.fps = fps
    if max_frames is not None:
        options.max_frames = max_frames
    detection = _detection_options(None, None, None, None, detector, align_faces)
    if detection is not None:
        options.detection.CopyFrom(detection)
    return options


def _chunks(video: bytes, upload_id: int, chunk_bytes: int, options: video_pb2.VideoOptions,
            recommend: Optional[recommender_pb2.RecommendRequest]) -> Iterator[video_pb2.VideoUploadChunk]:
    """The upload's chunks in order; the first carries the size, the options and ``recommend``."""
    offset = 0
    while True:
        end = min(len(video), offset + chunk_bytes)
        chunk = video_pb2.VideoUploadChunk(upload_id=upload_id, offset=offset, data=video[offset:end],
                                           last=end == len(video))
        if offset == 0:
            chunk.total_bytes = len(video)
            chunk.options.CopyFrom(options)
            if recommend is not None:
                chunk.recommend.CopyFrom(recommend)
        yield chunk
        if chunk.last:
            return
        offset = end


def _session_options(smoothing: Optional[float], idle_timeout: Optional[float]) -> video_pb2.LiveSessionOptions:
    options = video_pb2.LiveSessionOptions()
    if smoothing is not None:
        options.smoothing = smoothing
    if idle_timeout is not None:
        options.idle_timeout_ms = max(1, int(round(idle_timeout * 1000)))
    return options


def upload(client, method: str, video: bytes, *, options: video_pb2.VideoOptions,
           recommend: Optional[recommender_pb2.RecommendRequest] = None, chunk_bytes: int = 1 << 20,
           window: int = 4, timeout: Optional[float] = None, progress=None, frame_progress=None):
    """Streams ``video`` to an upload method and returns the last chunk's answer.

    ``progress(received_bytes, total_bytes)`` is called after each ack; then, when given,
    ``frame_progress(frames_decoded, frames_analysed)`` about every 250 ms until the answer comes
    (VideoProgress.Get). Raises the first RpcError the gateway or the video worker answers with.
    """
    from .client import METHODS  # late: client imports nothing from here

    if chunk_bytes < 1 or window < 1:
        raise ValueError("chunk_bytes and window must be >= 1")
    video = bytes(video)
    result_type = METHODS[method][1]
    pending = collections.deque()
    upload_id = random.getrandbits(63) + 1
    chunks = _chunks(video, upload_id, chunk_bytes, options, recommend)
    sent_last = False
    while True:
        while not sent_last and len(pending) < window:
            chunk = next(chunks)
            response_type = result_type if chunk.last else video_pb2.VideoUploadAck
            pending.append((chunk.last, client.submit(method, chunk, response_type=response_type, timeout=timeout)))
            sent_last = chunk.last
        is_last, call = pending.popleft()
        if is_last and frame_progress is not None:
            _report_frames(client, call, upload_id, frame_progress)
        answer = call.result()  # raises the call's RpcError
        if is_last:
            return answer
        if progress is not None:
            progress(answer.received_bytes, len(video))


def _report_frames(client, call, upload_id: int, frame_progress) -> None:
    """Asks VideoProgress.Get every 250 ms until ``call`` is answered."""
    from .client import Method

    while True:
        try:
            call.result(timeout=0.25)
            return
        except concurrent.futures.TimeoutError:
            pass
        except RpcError:
            return  # the caller raises it
        try:
            counts = client.submit(Method.VIDEO_PROGRESS, video_pb2.VideoProgressRequest(upload_id=upload_id),
                                   timeout=5.0).result()
        except RpcError:
            continue  # answered meanwhile (NOT_FOUND), or the gateway is busy: the call decides
        if not counts.uploading:
            frame_progress(counts.frames_decoded, counts.frames_analysed)


def analyze_video(client, video: bytes, *, fps: Optional[float] = None, max_frames: Optional[int] = None,
                  detector=None, align_faces: bool = False, **kwargs) -> video_pb2.AnalyzeVideoResponse:
    """AnalyzeVideo: frames with their times and tracked faces, tracks, distribution, segments.

    ``detector`` picks the face detector for every frame ("full", the server's default, "short" or
    "haar"); an unknown name raises ``ValueError`` before anything is sent."""
    from .client import Method

    return upload(client, Method.ANALYZE_VIDEO, video, options=_options(fps, max_frames, detector, align_faces), **kwargs)


def recommend_for_video(client, video: bytes, *, k: int = 40, fps: Optional[float] = None,
                        max_frames: Optional[int] = None, detector=None, align_faces: bool = False,
                        **kwargs) -> video_pb2.RecommendForVideoResponse:
    """RecommendForVideo: the analysis plus songs for the clip's emotion distribution."""
    from .client import Method

    return upload(client, Method.RECOMMEND_FOR_VIDEO, video, options=_options(fps, max_frames, detector, align_faces),
                  recommend=recommender_pb2.RecommendRequest(k=k), **kwargs)


def live_session(client, frames: Iterable[bytes], *, session_id: Optional[str] = None,
                 smoothing: Optional[float] = None, idle_timeout: Optional[float] = None,
                 timeout: Optional[float] = None) -> Iterator[video_pb2.LiveFrameResult]:
    """A generator: opens a live session, sends each JPEG/PNG of ``frames`` once the previous one
    is answered, and yields each frame's ``LiveFrameResult`` (its faces with track ids, its own
    probabilities and the running ``smoothed_probabilities``).

    The session is closed when ``frames`` runs out, when the caller stops iterating (``close()``
    on the generator, or leaving a ``for`` loop early) or on an error. ``smoothing`` is the newest
    frame's weight in (0, 1]; ``idle_timeout`` in seconds ends the session on the gateway when no
    frame comes for that long (a later frame then raises NotFound).
    """
    from .client import Method

    session_id = session_id or uuid.uuid4().hex
    options = _session_options(smoothing, idle_timeout)
    client.call(Method.OPEN_LIVE_SESSION, video_pb2.OpenLiveSessionRequest(session_id=session_id, options=options),
                timeout=timeout)
    try:
        for image in frames:
            yield client.call(Method.LIVE_FRAME, video_pb2.LiveFrameRequest(session_id=session_id, image=bytes(image)),
                              timeout=timeout)
    finally:
        try:
            client.call(Method.CLOSE_LIVE_SESSION, video_pb2.CloseLiveSessionRequest(session_id=session_id),
                        timeout=timeout)
        except NotFound:
            pass  # already ended by its idle timeout


# -- asyncio forms, for moodmusic.aio.Client ------------------------------------------------

async def upload_async(client, method: str, video: bytes, *, options: video_pb2.VideoOptions,
                       recommend: Optional[recommender_pb2.RecommendRequest] = None, chunk_bytes: int = 1 << 20,
                       window: int = 4, timeout: Optional[float] = None, progress=None):
    """:func:`upload` on an asyncio client: the same chunks, acks and window."""
    from .client import METHODS

    if chunk_bytes < 1 or window < 1:
        raise ValueError("chunk_bytes and window must be >= 1")
    video = bytes(video)
    result_type = METHODS[method][1]
    pending = collections.deque()
    chunks = _chunks(video, random.getrandbits(63) + 1, chunk_bytes, options, recommend)
    sent_last = False
    try:
        while True:
            while not sent_last and len(pending) < window:
                chunk = next(chunks)
                response_type = result_type if chunk.last else video_pb2.VideoUploadAck
                pending.append((chunk.last, client.submit(method, chunk, response_type=response_type, timeout=timeout)))
                sent_last = chunk.last
            is_last, task = pending.popleft()
            answer = await task
            if is_last:
                return answer
            if progress is not None:
                progress(answer.received_bytes, len(video))
    finally:
        for _, task in pending:
            task.cancel()


async def live_session_async(client, frames, *, session_id: Optional[str] = None, smoothing: Optional[float] = None,
                             idle_timeout: Optional[float] = None, timeout: Optional[float] = None):
    """:func:`live_session` as an async generator; ``frames`` may be an iterable or an async iterable."""
    from .client import Method

    session_id = session_id or uuid.uuid4().hex
    options = _session_options(smoothing, idle_timeout)
    await client.call(Method.OPEN_LIVE_SESSION, video_pb2.OpenLiveSessionRequest(session_id=session_id, options=options),
                      timeout=timeout)

    async def each():
        if hasattr(frames, "__aiter__"):
            async for image in frames:
                yield image
        else:
            for image in frames:
                yield image

    try:
        async for image in each():
            yield await client.call(Method.LIVE_FRAME, video_pb2.LiveFrameRequest(session_id=session_id, image=bytes(image)),
                                    timeout=timeout)
    finally:
        try:
            await client.call(Method.CLOSE_LIVE_SESSION, video_pb2.CloseLiveSessionRequest(session_id=session_id),
                              timeout=timeout)
        except NotFound:
            pass
