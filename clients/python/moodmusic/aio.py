"""The asyncio client: the same methods and exceptions as :class:`moodmusic.Client`, awaited.

    >>> import asyncio, moodmusic.aio
    >>> async def main():
    ...     async with moodmusic.aio.Client("tcp://127.0.0.1:5555", timeout=10) as client:
    ...         result = await client.recommend_for_image(open("face.png", "rb").read())
    ...         print(len(result.recommendations.tracks))
    >>> asyncio.run(main())

One DEALER socket (pyzmq's ``zmq.asyncio``) per client, used from the event loop that first
calls it; a reader task pairs responses with calls by ``request_id``, so any number of calls
may be in flight (``asyncio.gather``). Each call waits at most its deadline plus a little grace,
then raises :class:`~moodmusic.DeadlineExceeded`, as the threaded client does. Cancelling the
awaiting task forgets the call (a late response is dropped); the gateway still runs it.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import os
from typing import Dict, Iterable, Mapping, Optional, Sequence, Tuple, Type, Union

import zmq
import zmq.asyncio
from google.protobuf.message import DecodeError, Message

from .client import (
    _MAX_TIMEOUT_MS, DEFAULT_GATEWAY, METHODS, PROTOCOL_ID, Client as _ThreadedClient, Method, PlaylistItem,
    _as_bytes, _detection_options,
)
from .errors import Cancelled, DeadlineExceeded, Internal, error_for
from .proto import diagnostics_pb2, emotion_pb2, health_pb2, moodmusic_pb2, recommender_pb2, wire_pb2

__all__ = ["Client"]

log = logging.getLogger("moodmusic.aio")


class Client:
    """An asyncio connection to a moodmusic gateway; arguments as :class:`moodmusic.Client`."""

    def __init__(self, gateway: Optional[str] = None, timeout: float = 30.0, *, grace: float = 0.5,
                 context: Optional[zmq.asyncio.Context] = None) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be > 0 seconds")
        self.gateway = gateway or os.environ.get("MOODMUSIC_GATEWAY") or DEFAULT_GATEWAY
        self.timeout = float(timeout)
        self.grace = grace
        self._own_context = context is None
        self._context = context or zmq.asyncio.Context()
        self._socket = self._context.socket(zmq.DEALER)
        self._socket.setsockopt(zmq.LINGER, 0)
        try:
            self._socket.connect(self.gateway)
        except zmq.ZMQError as exc:
            self._socket.close(0)
            if self._own_context:
                self._context.term()
            raise ValueError(f"cannot connect to {self.gateway!r}: {exc}") from exc
        self._pending: Dict[int, Tuple[asyncio.Future, Type[Message], str]] = {}
        self._ids = itertools.count(1)
        self._reader: Optional[asyncio.Task] = None
        self._closed = False
        #: Responses that matched no call in flight (late or cancelled) and were dropped.
        self.stale_responses = 0

    # -- lifecycle -------------------------------------------------------------------------

    async def close(self) -> None:
        """Closes the socket; calls in flight fail with :class:`~moodmusic.Cancelled`. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass
        for future, _, method in self._pending.values():
            if not future.done():
                future.set_exception(Cancelled("the client was closed before the response came", method=method))
        self._pending.clear()
        self._socket.close(0)
        if self._own_context:
            self._context.term()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    async def __aenter__(self) -> "Client":
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()

    def __repr__(self) -> str:  # pragma: no cover - cosmetic
        state = "closed" if self._closed else f"{self.in_flight} in flight"
        return f"<moodmusic.aio.Client {self.gateway} {state}>"

    # -- generic calls ---------------------------------------------------------------------

    def grace_for(self, timeout: float) -> float:
        """How long after the deadline the client waits for the gateway's own answer."""
        return self.grace + min(2.0, 0.05 * timeout)

    async def call(self, method: str, request: Union[Message, bytes, None] = None, *,
                   response_type: Optional[Type[Message]] = None, timeout: Optional[float] = None,
                   wait_for_ready: bool = False, metadata: Optional[Mapping[str, str]] = None) -> Message:
        """Sends one request and awaits the response message; raises an RpcError subclass."""
        if self._closed:
            raise RuntimeError("the moodmusic aio Client is closed")
        timeout = self.timeout if timeout is None else float(timeout)
        if not timeout > 0:
            raise ValueError("timeout must be > 0 seconds")
        if response_type is None:
            response_type = METHODS[method][1] if method in METHODS else diagnostics_pb2.EchoResponse
        payload = b"" if request is None else request.SerializeToString() if isinstance(request, Message) else bytes(request)
        request_id = next(self._ids)
        header = wire_pb2.RequestHeader(request_id=request_id, timeout_ms=min(_MAX_TIMEOUT_MS, max(1, math.ceil(timeout * 1000))),
                                        wait_for_ready=wait_for_ready, metadata=dict(metadata or {}))
        future = asyncio.get_running_loop().create_future()
        self._pending[request_id] = (future, response_type, method)
        self._ensure_reader()
        try:
            await self._socket.send_multipart([b"", PROTOCOL_ID, method.encode("utf-8"), header.SerializeToString(), payload])
            return await asyncio.wait_for(future, timeout + self.grace_for(timeout))
        except asyncio.TimeoutError:
            raise DeadlineExceeded(
                f"no response from the gateway at {self.gateway} within {timeout:g} s "
                f"(plus {self.grace_for(timeout):.2f} s grace); is the gateway running?", method=method) from None
        finally:
            self._pending.pop(request_id, None)

    def submit(self, method: str, request: Union[Message, bytes, None] = None, **kwargs) -> "asyncio.Task[Message]":
        """:meth:`call` as a task started now (the asyncio form of the threaded ``submit``)."""
        return asyncio.ensure_future(self.call(method, request, **kwargs))

    def submit_detect_emotions(self, image_bytes: bytes, **kwargs) -> "asyncio.Task[emotion_pb2.DetectEmotionsResponse]":
        """:meth:`detect_emotions` as a task started now."""
        return asyncio.ensure_future(self.detect_emotions(image_bytes, **kwargs))

    def submit_recommend(self, **kwargs) -> "asyncio.Task[recommender_pb2.RecommendResponse]":
        """:meth:`recommend` as a task started now."""
        return asyncio.ensure_future(self.recommend(**kwargs))

    def submit_recommend_for_image(self, image_bytes: bytes, **kwargs) -> "asyncio.Task[moodmusic_pb2.RecommendForImageResponse]":
        """:meth:`recommend_for_image` as a task started now."""
        return asyncio.ensure_future(self.recommend_for_image(image_bytes, **kwargs))

    def _ensure_reader(self) -> None:
        if self._reader is None or self._reader.done():
            self._reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        while True:
            frames = await self._socket.recv_multipart()
            try:
                self._dispatch(frames)
            except Exception:  # a bug must not stop the reader: the calls would all time out
                log.exception("moodmusic aio client: dropped a response")

    def _dispatch(self, frames) -> None:
        if len(frames) != 4 or frames[0] != b"" or frames[1] != PROTOCOL_ID:
            log.warning("moodmusic: dropped a message that is not an MMC1 response (%d frames)", len(frames))
            return
        try:
            header = wire_pb2.ResponseHeader.FromString(frames[2])
        except DecodeError:
            log.warning("moodmusic: dropped a response with an unreadable header")
            return
        entry = self._pending.pop(header.request_id, None)
        if entry is None or entry[0].done():
            self.stale_responses += 1
            return
        future, response_type, method = entry
        if header.code != wire_pb2.OK:
            future.set_exception(error_for(header.code, header.message, metadata=header.metadata, method=method))
            return
        try:
            future.set_result(response_type.FromString(frames[3]))
        except DecodeError as exc:
            future.set_exception(Internal(f"the {response_type.DESCRIPTOR.full_name} in the response could not be parsed: {exc}",
                                          method=method))

    # -- the service's methods (arguments and results as moodmusic.Client) ------------------

    async def detect_emotions(self, image_bytes: bytes, *, scale_factor: Optional[float] = None,
                              min_neighbors: Optional[int] = None, min_size: Optional[int] = None,
                              max_size: Optional[int] = None, detector: Optional[str] = None,
                        align_faces: bool = False, timeout: Optional[float] = None,
                              wait_for_ready: bool = False,
                              metadata: Optional[Mapping[str, str]] = None) -> emotion_pb2.DetectEmotionsResponse:
        """See :meth:`moodmusic.Client.detect_emotions`."""
        request = emotion_pb2.DetectEmotionsRequest(image=_as_bytes(image_bytes, "image_bytes"))
        options = _detection_options(scale_factor, min_neighbors, min_size, max_size, detector, align_faces)
        if options is not None:
            request.options.CopyFrom(options)
        return await self.call(Method.DETECT_EMOTIONS, request, timeout=timeout, wait_for_ready=wait_for_ready, metadata=metadata)

    async def recommend(self, *, emotion: Union[int, str, None] = None,
                        emotion_probabilities: Optional[Sequence[float]] = None,
                        playlist: Optional[Iterable[PlaylistItem]] = None, policy: Union[int, str] = "match",
                        k: int = 40, exclude_explicit: bool = False, year_min: int = 0, year_max: int = 0,
                        now_unix: int = 0, timeout: Optional[float] = None, wait_for_ready: bool = False,
                        metadata: Optional[Mapping[str, str]] = None) -> recommender_pb2.RecommendResponse:
        """See :meth:`moodmusic.Client.recommend`."""
        request = _ThreadedClient._recommend_request(emotion, emotion_probabilities, playlist, policy, k,
                                                     exclude_explicit, year_min, year_max, now_unix)
        return await self.call(Method.RECOMMEND, request, timeout=timeout, wait_for_ready=wait_for_ready, metadata=metadata)

    async def recommend_for_image(self, image_bytes: bytes, *, playlist: Optional[Iterable[PlaylistItem]] = None,
                                  policy: Union[int, str] = "match", k: int = 40, exclude_explicit: bool = False,
                                  year_min: int = 0, year_max: int = 0, now_unix: int = 0,
                                  scale_factor: Optional[float] = None, min_neighbors: Optional[int] = None,
                                  min_size: Optional[int] = None, max_size: Optional[int] = None, detector: Optional[str] = None,
                        align_faces: bool = False,
                                  timeout: Optional[float] = None, wait_for_ready: bool = False,
                                  metadata: Optional[Mapping[str, str]] = None) -> moodmusic_pb2.RecommendForImageResponse:
        """See :meth:`moodmusic.Client.recommend_for_image`."""
        request = moodmusic_pb2.RecommendForImageRequest(image=_as_bytes(image_bytes, "image_bytes"))
        options = _detection_options(scale_factor, min_neighbors, min_size, max_size, detector, align_faces)
        if options is not None:
            request.detection.CopyFrom(options)
        request.recommend.CopyFrom(_ThreadedClient._recommend_request(None, None, playlist, policy, k, exclude_explicit,
                                                                      year_min, year_max, now_unix))
        return await self.call(Method.RECOMMEND_FOR_IMAGE, request, timeout=timeout, wait_for_ready=wait_for_ready,
                               metadata=metadata)

    async def analyze_video(self, video: bytes, *, fps: Optional[float] = None, max_frames: Optional[int] = None,
                            detector=None, align_faces: bool = False, **kwargs):
        """See :meth:`moodmusic.Client.analyze_video`."""
        from .video import _options, upload_async
        return await upload_async(self, Method.ANALYZE_VIDEO, video, options=_options(fps, max_frames, detector, align_faces),
                                  **kwargs)

    async def recommend_for_video(self, video: bytes, *, k: int = 40, fps: Optional[float] = None,
                                  max_frames: Optional[int] = None, detector=None, align_faces: bool = False, **kwargs):
        """See :meth:`moodmusic.Client.recommend_for_video`."""
        from .video import _options, upload_async
        return await upload_async(self, Method.RECOMMEND_FOR_VIDEO, video,
                                  options=_options(fps, max_frames, detector, align_faces),
                                  recommend=recommender_pb2.RecommendRequest(k=k), **kwargs)

    def live_session(self, frames, **kwargs):
        """An async generator of LiveFrameResult; see :meth:`moodmusic.Client.live_session`."""
        from .video import live_session_async
        return live_session_async(self, frames, **kwargs)

    async def health(self, service: str = "", *, timeout: Optional[float] = None) -> health_pb2.HealthCheckResponse:
        """See :meth:`moodmusic.Client.health`."""
        if service and "." not in service:
            service = "moodmusic.v1." + service
        return await self.call(Method.HEALTH_CHECK, health_pb2.HealthCheckRequest(service=service), timeout=timeout)

    async def echo(self, payload: Union[bytes, str] = b"", *, delay_ms: int = 0, timeout: Optional[float] = None,
                   wait_for_ready: bool = False) -> diagnostics_pb2.EchoResponse:
        """See :meth:`moodmusic.Client.echo`."""
        if isinstance(payload, str):
            payload = payload.encode("utf-8")
        request = diagnostics_pb2.EchoRequest(payload=bytes(payload))
        if delay_ms:
            request.delay_ms = int(delay_ms)
        return await self.call(Method.ECHO, request, timeout=timeout, wait_for_ready=wait_for_ready)
