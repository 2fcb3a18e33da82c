"""The moodmusic client: protobuf requests to the gateway over one ZeroMQ DEALER socket.

The wire protocol is docs/protocol.md (client protocol ``MMC1``). In short, a request is the five
frames ``["", "MMC1", method, RequestHeader, request]`` and a response the four frames
``["", "MMC1", ResponseHeader, response]``; responses come back in completion order and are paired
with their request by ``request_id``.

One background thread per :class:`Client` owns the socket (ZeroMQ sockets must not be shared
between threads). Callers hand it requests through a queue and wait on a
:class:`concurrent.futures.Future`; that makes the client safe to use from many threads and lets
any number of calls be in flight at once (:meth:`Client.submit`).
"""

from __future__ import annotations

import collections
import concurrent.futures
import heapq
import itertools
import logging
import math
import os
import threading
import time
import weakref
from typing import Any, Dict, Iterable, Mapping, Optional, Sequence, Tuple, Type, Union

import zmq
from google.protobuf.message import DecodeError, Message

from .curve import load_keys
from .envelope import PROTOCOL_ID, NotAResponse, decode_response, encode_request
from .errors import Cancelled, DeadlineExceeded, Internal, RpcError, StatusCode, error_for
from .proto import (
    diagnostics_pb2,
    emotion_pb2,
    health_pb2,
    moodmusic_pb2,
    recommender_pb2,
    video_pb2,
    wire_pb2,
)

__all__ = [
    "Client",
    "Call",
    "Method",
    "METHODS",
    "DEFAULT_GATEWAY",
    "PROTOCOL_ID",
    "parse_emotion",
    "parse_policy",
    "emotion_name",
]

log = logging.getLogger("moodmusic")

#: Client protocol id and version (frame 1 of every request and response).
#: Where :class:`Client` connects when neither an endpoint nor ``MOODMUSIC_GATEWAY`` is given.
DEFAULT_GATEWAY = "tcp://127.0.0.1:5555"

_MAX_TIMEOUT_MS = 2**32 - 1  # RequestHeader.timeout_ms is a uint32


class Method:
    """The fully qualified method names (frame 2 of a request)."""

    DETECT_EMOTIONS = "/moodmusic.v1.EmotionService/DetectEmotions"
    RECOMMEND = "/moodmusic.v1.RecommenderService/Recommend"
    RECOMMEND_FOR_IMAGE = "/moodmusic.v1.MoodMusic/RecommendForImage"
    HEALTH_CHECK = "/moodmusic.v1.Health/Check"
    ECHO = "/moodmusic.v1.Diagnostics/Echo"
    ANALYZE_VIDEO = "/moodmusic.v1.VideoService/AnalyzeVideo"
    RECOMMEND_FOR_VIDEO = "/moodmusic.v1.VideoService/RecommendForVideo"
    OPEN_LIVE_SESSION = "/moodmusic.v1.LiveSession/Open"
    LIVE_FRAME = "/moodmusic.v1.LiveSession/Frame"
    CLOSE_LIVE_SESSION = "/moodmusic.v1.LiveSession/Close"
    VIDEO_PROGRESS = "/moodmusic.v1.VideoProgress/Get"


#: Every method of the contract with its (request type, response type).
METHODS: Dict[str, Tuple[Type[Message], Type[Message]]] = {
    Method.DETECT_EMOTIONS: (emotion_pb2.DetectEmotionsRequest, emotion_pb2.DetectEmotionsResponse),
    Method.RECOMMEND: (recommender_pb2.RecommendRequest, recommender_pb2.RecommendResponse),
    Method.RECOMMEND_FOR_IMAGE: (moodmusic_pb2.RecommendForImageRequest, moodmusic_pb2.RecommendForImageResponse),
    Method.HEALTH_CHECK: (health_pb2.HealthCheckRequest, health_pb2.HealthCheckResponse),
    Method.ECHO: (diagnostics_pb2.EchoRequest, diagnostics_pb2.EchoResponse),
    # Client-streaming: every chunk but the last is answered with a VideoUploadAck.
    Method.ANALYZE_VIDEO: (video_pb2.VideoUploadChunk, video_pb2.AnalyzeVideoResponse),
    Method.RECOMMEND_FOR_VIDEO: (video_pb2.VideoUploadChunk, video_pb2.RecommendForVideoResponse),
    Method.OPEN_LIVE_SESSION: (video_pb2.OpenLiveSessionRequest, video_pb2.OpenLiveSessionResponse),
    Method.LIVE_FRAME: (video_pb2.LiveFrameRequest, video_pb2.LiveFrameResult),
    Method.CLOSE_LIVE_SESSION: (video_pb2.CloseLiveSessionRequest, video_pb2.CloseLiveSessionResponse),
    Method.VIDEO_PROGRESS: (video_pb2.VideoProgressRequest, video_pb2.VideoProgressResponse),
}

_EMOTION_ORDER = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")


def emotion_name(emotion: int) -> str:
    """``"happy"`` for ``EMOTION_HAPPY`` (4), ``"unspecified"`` for 0 or an unknown number."""
    return _EMOTION_ORDER[emotion - 1] if 1 <= int(emotion) <= 7 else "unspecified"


def parse_emotion(value: Union[int, str]) -> int:
    """The ``Emotion`` enum number for ``value``.

    Accepts the number itself (``5``), or a name in any case with or without the prefix:
    ``"sad"``, ``"SAD"``, ``"EMOTION_SAD"``.
    """
    if isinstance(value, bool):
        raise TypeError("emotion must be an int or a str, not bool")
    if isinstance(value, int):
        if value not in emotion_pb2.Emotion.values():
            raise ValueError(f"unknown emotion number {value}")
        return value
    name = str(value).strip().upper()
    if not name.startswith("EMOTION_"):
        name = "EMOTION_" + name
    try:
        return emotion_pb2.Emotion.Value(name)
    except ValueError:
        raise ValueError(f"unknown emotion {value!r}; expected one of {', '.join(_EMOTION_ORDER)}") from None


def parse_policy(value: Union[int, str]) -> int:
    """The ``MoodPolicy`` enum number for ``"match"``, ``"uplift"``, ``"MOOD_POLICY_UPLIFT"`` or a number."""
    if isinstance(value, bool):
        raise TypeError("policy must be an int or a str, not bool")
    if isinstance(value, int):
        if value not in recommender_pb2.MoodPolicy.values():
            raise ValueError(f"unknown mood policy number {value}")
        return value
    name = str(value).strip().upper()
    if not name.startswith("MOOD_POLICY_"):
        name = "MOOD_POLICY_" + name
    try:
        return recommender_pb2.MoodPolicy.Value(name)
    except ValueError:
        raise ValueError(f"unknown mood policy {value!r}; expected 'match' or 'uplift'") from None


PlaylistItem = Union[str, Tuple[str, int], "recommender_pb2.PlaylistEntry", Mapping[str, Any]]


def _playlist_entries(playlist: Optional[Iterable[PlaylistItem]]) -> list:
    entries = []
    for item in playlist or ():
        if isinstance(item, recommender_pb2.PlaylistEntry):
            entries.append(item)
        elif isinstance(item, str):
            entries.append(recommender_pb2.PlaylistEntry(track_id=item))
        elif isinstance(item, Mapping):
            entries.append(recommender_pb2.PlaylistEntry(track_id=item["track_id"],
                                                         added_unix=int(item.get("added_unix", 0))))
        else:
            track_id, added_unix = item
            entries.append(recommender_pb2.PlaylistEntry(track_id=track_id, added_unix=int(added_unix)))
    return entries


_DETECTORS = {
    "full": emotion_pb2.FACE_DETECTOR_BLAZEFACE_FULL,
    "short": emotion_pb2.FACE_DETECTOR_BLAZEFACE_SHORT,
    "haar": emotion_pb2.FACE_DETECTOR_HAAR,
}


def parse_detector(detector) -> int:
    """The ``FaceDetector`` enum number for ``"full"``, ``"short"``, ``"haar"``, an enum name or a number."""
    if isinstance(detector, int):
        return detector
    if isinstance(detector, str):
        if detector.lower() in _DETECTORS:
            return _DETECTORS[detector.lower()]
        if detector in emotion_pb2.FaceDetector.keys():
            return emotion_pb2.FaceDetector.Value(detector)
    raise ValueError(f"unknown detector {detector!r}: use 'full', 'short' or 'haar'")


def _detection_options(scale_factor, min_neighbors, min_size, max_size, detector=None, align_faces=False):
    if (scale_factor is None and min_neighbors is None and min_size is None and max_size is None
            and detector is None and not align_faces):
        return None
    return emotion_pb2.DetectionOptions(
        scale_factor=scale_factor or 0.0,
        min_neighbors=min_neighbors or 0,
        min_size=min_size or 0,
        max_size=max_size or 0,
        detector=0 if detector is None else parse_detector(detector),
        align_faces=bool(align_faces),
    )


def _as_bytes(data, what: str) -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"{what} must be bytes (the encoded file), not {type(data).__name__}; "
                    f"read a file with open(path, 'rb').read()")


class Call(concurrent.futures.Future):
    """One call in flight: a :class:`concurrent.futures.Future` of the response message.

    ``result()`` returns the response protobuf message or raises an :class:`~moodmusic.RpcError`;
    the call is always completed, at the latest when the client gives up locally a little after
    its deadline. ``cancel()`` makes the client forget the call (a late response is discarded);
    the gateway still runs it. Works with ``concurrent.futures.wait`` and ``as_completed``.

    Attributes:
        request_id: the id sent in the RequestHeader.
        method: the fully qualified method.
        timeout: the deadline in seconds.
        response_metadata: the ResponseHeader's metadata once the call completed (for example
            ``{"worker": "emotion-123"}``), else ``{}``.
    """

    def __init__(self, request_id: int, method: str, timeout: float) -> None:
        super().__init__()
        self.request_id = request_id
        self.method = method
        self.timeout = timeout
        self.response_metadata: Dict[str, str] = {}

    def __repr__(self) -> str:  # pragma: no cover - cosmetic
        return f"<Call {self.method} id={self.request_id} {self._state}>"


class _Pending:
    __slots__ = ("call", "response_type", "give_up_at")

    def __init__(self, call: Call, response_type: Type[Message], give_up_at: float) -> None:
        self.call = call
        self.response_type = response_type
        self.give_up_at = give_up_at


def _complete(call: Call, *, result=None, error: Optional[BaseException] = None) -> None:
    """Completes ``call`` unless the caller cancelled it meanwhile."""
    try:
        if error is not None:
            call.set_exception(error)
        else:
            call.set_result(result)
    except concurrent.futures.InvalidStateError:
        pass  # cancelled by the caller: the result is dropped, as documented


class _Transport:
    """The socket, the calls in flight and the thread that moves frames. Internal."""

    def __init__(self, endpoint: str, context: Optional[zmq.Context], grace: float,
                 curve: Optional[Tuple[bytes, bytes, bytes]] = None) -> None:
        self.endpoint = endpoint
        self.grace = grace
        self._own_context = context is None
        self._context = context or zmq.Context()
        self._socket = self._context.socket(zmq.DEALER)
        self._socket.setsockopt(zmq.LINGER, 0)
        if curve is not None:
            self._socket.curve_publickey, self._socket.curve_secretkey, self._socket.curve_serverkey = curve
        try:
            self._socket.connect(endpoint)
        except zmq.ZMQError as exc:
            self._socket.close(0)
            if self._own_context:
                self._context.term()
            raise ValueError(f"cannot connect to {endpoint!r}: {exc}") from exc
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._lock = threading.Lock()
        self._pending: Dict[int, _Pending] = {}
        self._deadlines: list = []  # heap of (give_up_at, request_id)
        self._outbox: collections.deque = collections.deque()
        self._ids = itertools.count(1)
        self._closing = False
        self._closed = False
        #: Responses that matched no call in flight (late, cancelled or foreign) and were dropped.
        self.stale_responses = 0
        #: Messages that were not valid MMC1 responses and were dropped.
        self.malformed_responses = 0
        self._thread = threading.Thread(target=self._run, name=f"moodmusic-io {endpoint}", daemon=True)
        self._thread.start()

    # -- caller side -----------------------------------------------------------------------

    def submit(self, method: str, payload: bytes, response_type: Type[Message], timeout: float,
               wait_for_ready: bool, metadata: Optional[Mapping[str, str]]) -> Call:
        timeout_ms = min(_MAX_TIMEOUT_MS, max(1, math.ceil(timeout * 1000)))
        with self._lock:
            if self._closing:
                raise RuntimeError("the moodmusic Client is closed")
            request_id = next(self._ids)
            call = Call(request_id, method, timeout)
            give_up_at = time.monotonic() + timeout + self.grace_for(timeout)
            self._pending[request_id] = _Pending(call, response_type, give_up_at)
            heapq.heappush(self._deadlines, (give_up_at, request_id))
            self._outbox.append((request_id, encode_request(method, payload, request_id=request_id,
                                                            timeout_ms=timeout_ms, wait_for_ready=wait_for_ready,
                                                            metadata=metadata)))
        self._wake()
        return call

    def grace_for(self, timeout: float) -> float:
        """How long after the deadline the client waits for the gateway's own answer."""
        return self.grace + min(2.0, 0.05 * timeout)

    def in_flight(self) -> int:
        with self._lock:
            return len(self._pending)

    def close(self) -> None:
        with self._lock:
            if self._closing:
                return
            self._closing = True
        self._wake()
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout=5.0)
        with self._lock:
            pending = list(self._pending.values())
            self._pending.clear()
            self._deadlines.clear()
            self._outbox.clear()
        for entry in pending:
            _complete(entry.call, error=Cancelled("the client was closed before the response came",
                                                  method=entry.call.method))
        if not self._thread.is_alive():
            self._socket.close(0)
            if self._own_context:
                self._context.term()
        for fd in (self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError:
                pass
        self._closed = True

    def _wake(self) -> None:
        try:
            os.write(self._wake_w, b"\0")
        except (BlockingIOError, OSError):
            pass  # the pipe is full (the thread is already due to wake) or closed

    # -- I/O thread ------------------------------------------------------------------------

    def _run(self) -> None:
        poller = zmq.Poller()
        poller.register(self._wake_r, zmq.POLLIN)
        poller.register(self._socket, zmq.POLLIN)
        want_out = False
        try:
            while True:
                events = dict(poller.poll(self._poll_timeout_ms()))
                if self._wake_r in events:
                    try:
                        while os.read(self._wake_r, 4096):
                            pass
                    except BlockingIOError:
                        pass
                if self._closing:
                    return
                if events.get(self._socket, 0) & zmq.POLLIN:
                    self._receive()
                blocked = self._flush()
                if blocked != want_out:  # wait for POLLOUT only while the send queue is full
                    want_out = blocked
                    poller.modify(self._socket, zmq.POLLIN | (zmq.POLLOUT if blocked else 0))
                self._expire()
        except Exception:  # a bug: fail every call instead of leaving callers hanging
            log.exception("moodmusic client I/O thread failed")
            with self._lock:
                self._closing = True
                pending = list(self._pending.values())
                self._pending.clear()
                self._deadlines.clear()
            for entry in pending:
                _complete(entry.call, error=Internal("the client's I/O thread failed; see the log",
                                                     method=entry.call.method))

    def _poll_timeout_ms(self) -> int:
        with self._lock:
            if not self._deadlines:
                return 1000
            first = self._deadlines[0][0]
        return max(0, min(1000, math.ceil((first - time.monotonic()) * 1000)))

    def _flush(self) -> bool:
        """Sends what the outbox holds; True when the socket would block (its queue is full)."""
        while True:
            with self._lock:
                if not self._outbox:
                    return False
                request_id, frames = self._outbox[0]
                live = request_id in self._pending and not self._pending[request_id].call.done()
                if not live:
                    self._outbox.popleft()
                    continue
            try:
                self._socket.send_multipart(frames, flags=zmq.NOBLOCK, copy=len(frames[4]) < 65536)
            except zmq.Again:
                return True
            with self._lock:
                self._outbox.popleft()

    def _receive(self) -> None:
        for _ in range(10000):  # bounded, so that sends and expiries are not starved
            try:
                frames = self._socket.recv_multipart(flags=zmq.NOBLOCK)
            except zmq.Again:
                return
            self._dispatch(frames)

    def _dispatch(self, frames) -> None:
        try:
            header, payload = decode_response(frames)
        except NotAResponse as exc:
            self.malformed_responses += 1
            log.warning("moodmusic: dropped a message: %s", exc)
            return
        with self._lock:
            entry = self._pending.pop(header.request_id, None)
        if entry is None or entry.call.cancelled():
            self.stale_responses += 1
            log.debug("moodmusic: dropped a response for request %d (not in flight: late or cancelled)",
                      header.request_id)
            return
        call = entry.call
        call.response_metadata = dict(header.metadata)
        if header.code != wire_pb2.OK:
            _complete(call, error=error_for(header.code, header.message, metadata=header.metadata,
                                            method=call.method))
            return
        try:
            message = entry.response_type.FromString(payload)
        except DecodeError as exc:
            _complete(call, error=Internal(f"the {entry.response_type.DESCRIPTOR.full_name} in the "
                                           f"response could not be parsed: {exc}", method=call.method))
            return
        _complete(call, result=message)

    def _expire(self) -> None:
        now = time.monotonic()
        expired = []
        with self._lock:
            while self._deadlines and self._deadlines[0][0] <= now:
                _, request_id = heapq.heappop(self._deadlines)
                entry = self._pending.pop(request_id, None)  # None: answered already
                if entry is not None and not entry.call.cancelled():
                    expired.append(entry)
        for entry in expired:
            call = entry.call
            _complete(call, error=DeadlineExceeded(
                f"no response from the gateway at {self.endpoint} within {call.timeout:g} s "
                f"(plus {self.grace_for(call.timeout):.2f} s grace); is the gateway running?",
                method=call.method))


def _close_transport(transport: _Transport) -> None:
    transport.close()


class Client:
    """A connection to a moodmusic gateway.

    Args:
        gateway: the gateway's frontend endpoint. ``None`` means the environment variable
            ``MOODMUSIC_GATEWAY``, else ``tcp://127.0.0.1:5555``.
        timeout: the default deadline of each call, in seconds (each method takes ``timeout=`` to
            override it). It is sent to the gateway as ``timeout_ms``; the client also gives up on
            its own a little later (``grace`` seconds plus 5 % of the deadline, at most 2 s more)
            and raises :class:`~moodmusic.DeadlineExceeded`, so a silent or absent gateway never
            blocks a caller forever.
        grace: see ``timeout``.
        context: a ``zmq.Context`` to create the socket in; by default the client makes its own
            and terminates it in :meth:`close`.

    Every method returns the generated protobuf response message (``moodmusic.proto.*_pb2``) and
    raises a subclass of :class:`~moodmusic.RpcError` when the call fails. The client is
    thread-safe; use :meth:`submit` (or many threads) for calls in flight at the same time.
    Connecting does not wait for the gateway: ZeroMQ connects in the background and reconnects
    by itself.
    """

    def __init__(self, gateway: Optional[str] = None, timeout: float = 30.0, *, grace: float = 0.5,
                 context: Optional[zmq.Context] = None, curve_keys: Optional[str] = None,
                 gateway_key: Optional[str] = None) -> None:
        """``curve_keys`` (this client's key-pair file) and ``gateway_key`` (the gateway's public-key
        file) turn on CurveZMQ; both default to MOODMUSIC_CURVE_KEYS and MOODMUSIC_GATEWAY_KEY."""
        if timeout <= 0:
            raise ValueError("timeout must be > 0 seconds")
        self.gateway = gateway or os.environ.get("MOODMUSIC_GATEWAY") or DEFAULT_GATEWAY
        self.timeout = float(timeout)
        curve = load_keys(curve_keys or os.environ.get("MOODMUSIC_CURVE_KEYS"),
                          gateway_key or os.environ.get("MOODMUSIC_GATEWAY_KEY"))
        self._transport = _Transport(self.gateway, context, grace, curve)
        self._finalizer = weakref.finalize(self, _close_transport, self._transport)

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Closes the socket. Calls still in flight fail with :class:`~moodmusic.Cancelled`.
        Calling it again does nothing."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self.in_flight} in flight"
        return f"<moodmusic.Client {self.gateway} {state}>"

    @property
    def in_flight(self) -> int:
        """How many calls wait for their response."""
        return self._transport.in_flight()

    @property
    def stale_responses(self) -> int:
        """How many responses were dropped because no call in flight had their request_id."""
        return self._transport.stale_responses

    # -- generic calls ---------------------------------------------------------------------

    def submit(self, method: str, request: Union[Message, bytes, None] = None, *,
               response_type: Optional[Type[Message]] = None, timeout: Optional[float] = None,
               wait_for_ready: bool = False, metadata: Optional[Mapping[str, str]] = None) -> Call:
        """Sends a request without waiting and returns its :class:`Call` (a future).

        Args:
            method: the fully qualified method, e.g. ``Method.ECHO``
                (``"/moodmusic.v1.Diagnostics/Echo"``).
            request: the request message, or its already encoded bytes; ``None`` sends an empty
                payload (every field at its default).
            response_type: the message class to parse the response into; inferred for the
                methods of the contract (:data:`METHODS`), required for any other.
            timeout: the deadline in seconds; ``None`` uses the client's default.
            wait_for_ready: queue at the gateway until a worker joins instead of failing at once
                with ``UNAVAILABLE``.
            metadata: key/value pairs passed to the worker in the RequestHeader.
        """
        timeout = self.timeout if timeout is None else float(timeout)
        if not timeout > 0:
            raise ValueError("timeout must be > 0 seconds")
        if response_type is None:
            if method in METHODS:
                response_type = METHODS[method][1]
            else:
                # An unknown method should fail with UNIMPLEMENTED, whatever the response would be.
                response_type = diagnostics_pb2.EchoResponse
        if request is None:
            payload = b""
        elif isinstance(request, Message):
            payload = request.SerializeToString()
        else:
            payload = bytes(request)
        return self._transport.submit(method, payload, response_type, timeout, wait_for_ready, metadata)

    def call(self, method: str, request: Union[Message, bytes, None] = None, **kwargs) -> Message:
        """:meth:`submit` and wait: returns the response message or raises an RpcError."""
        return self.submit(method, request, **kwargs).result()

    # -- the service's methods -------------------------------------------------------------

    def submit_detect_emotions(self, image_bytes: bytes, *, scale_factor: Optional[float] = None,
                               min_neighbors: Optional[int] = None, min_size: Optional[int] = None,
                               max_size: Optional[int] = None, detector: Optional[str] = None,
                        align_faces: bool = False, timeout: Optional[float] = None,
                               wait_for_ready: bool = False,
                               metadata: Optional[Mapping[str, str]] = None) -> Call:
        """:meth:`detect_emotions` without waiting: returns a :class:`Call`."""
        request = emotion_pb2.DetectEmotionsRequest(image=_as_bytes(image_bytes, "image_bytes"))
        options = _detection_options(scale_factor, min_neighbors, min_size, max_size, detector, align_faces)
        if options is not None:
            request.options.CopyFrom(options)
        return self.submit(Method.DETECT_EMOTIONS, request, timeout=timeout,
                           wait_for_ready=wait_for_ready, metadata=metadata)

    def detect_emotions(self, image_bytes: bytes, *, scale_factor: Optional[float] = None,
                        min_neighbors: Optional[int] = None, min_size: Optional[int] = None,
                        max_size: Optional[int] = None, detector: Optional[str] = None,
                        align_faces: bool = False, timeout: Optional[float] = None,
                        wait_for_ready: bool = False,
                        metadata: Optional[Mapping[str, str]] = None) -> emotion_pb2.DetectEmotionsResponse:
        """Finds the faces in a JPEG or PNG image and scores seven emotions for each.

        Args:
            image_bytes: the encoded file's bytes.
            scale_factor, min_neighbors, min_size, max_size: face-detector settings; ``None``
                leaves the worker's default (1.1, 5, 50 px, no limit; the first two are the Haar
                cascade's only).
            detector: ``"full"`` or ``"short"`` (BlazeFace, with a ``score`` and six
                ``landmarks`` per face) or ``"haar"``; ``None`` is the worker's default, BlazeFace
                full range.
            align_faces: crop each face by its eye line for the emotion model (BlazeFace only).

        Returns:
            ``DetectEmotionsResponse``: ``faces`` (largest first; each with ``box``,
            ``probabilities`` in the order angry, disgust, fear, happy, sad, surprise, neutral,
            ``emotion`` and ``confidence``), ``dominant_emotion``, ``mean_probabilities``,
            ``image_width``/``image_height``. No face is not an error (``faces`` is empty).

        Raises:
            InvalidArgument: the image is empty, corrupt, of an unknown format or too large.
            Unavailable: no emotion worker is live.
        """
        return self.submit_detect_emotions(
            image_bytes, scale_factor=scale_factor, min_neighbors=min_neighbors, min_size=min_size,
            max_size=max_size, detector=detector, align_faces=align_faces, timeout=timeout, wait_for_ready=wait_for_ready, metadata=metadata,
        ).result()

    @staticmethod
    def _recommend_request(emotion, emotion_probabilities, playlist, policy, k, exclude_explicit,
                           year_min, year_max, now_unix, spotify_playlist=None) -> recommender_pb2.RecommendRequest:
        request = recommender_pb2.RecommendRequest(
            playlist=_playlist_entries(playlist), policy=parse_policy(policy), k=k,
            exclude_explicit=exclude_explicit, year_min=year_min, year_max=year_max, now_unix=now_unix,
        )
        if spotify_playlist is not None:
            if not isinstance(spotify_playlist, str) or not spotify_playlist.strip():
                raise TypeError("spotify_playlist must be a non-empty str (a link, spotify:playlist: URI or id)")
            request.spotify_playlist = spotify_playlist.strip()
        if emotion is not None:
            request.emotion = parse_emotion(emotion)
        if emotion_probabilities is not None:
            request.emotion_probabilities.extend(float(p) for p in emotion_probabilities)
        return request

    def submit_recommend(self, *, emotion: Union[int, str, None] = None,
                         emotion_probabilities: Optional[Sequence[float]] = None,
                         playlist: Optional[Iterable[PlaylistItem]] = None,
                         policy: Union[int, str] = "match", k: int = 40, exclude_explicit: bool = False,
                         year_min: int = 0, year_max: int = 0, now_unix: int = 0,
                         timeout: Optional[float] = None, wait_for_ready: bool = False,
                         metadata: Optional[Mapping[str, str]] = None,
                         spotify_playlist: Optional[str] = None) -> Call:
        """:meth:`recommend` without waiting: returns a :class:`Call`."""
        request = self._recommend_request(emotion, emotion_probabilities, playlist, policy, k,
                                          exclude_explicit, year_min, year_max, now_unix, spotify_playlist)
        return self.submit(Method.RECOMMEND, request, timeout=timeout, wait_for_ready=wait_for_ready,
                           metadata=metadata)

    def recommend(self, *, emotion: Union[int, str, None] = None,
                  emotion_probabilities: Optional[Sequence[float]] = None,
                  playlist: Optional[Iterable[PlaylistItem]] = None, policy: Union[int, str] = "match",
                  k: int = 40, exclude_explicit: bool = False, year_min: int = 0, year_max: int = 0,
                  now_unix: int = 0, timeout: Optional[float] = None, wait_for_ready: bool = False,
                  metadata: Optional[Mapping[str, str]] = None,
                  spotify_playlist: Optional[str] = None) -> recommender_pb2.RecommendResponse:
        """Ranks catalog tracks for an emotion (and optionally the listener's playlist).

        Args:
            emotion: ``"sad"``, ``"EMOTION_SAD"`` or ``5`` (see :func:`parse_emotion`).
            emotion_probabilities: seven probabilities in FER2013 order; take precedence over
                ``emotion``. One of the two is required (else ``InvalidArgument``).
            playlist: track ids, ``(track_id, added_unix)`` pairs, dicts with those keys or
                ``PlaylistEntry`` messages.
            policy: ``"match"`` or ``"uplift"``.
            k: how many tracks (at most 500; ``InvalidArgument`` beyond).
            exclude_explicit, year_min, year_max: filters (0 = no bound).
            now_unix: the "now" for playlist recency weighting; 0 = the worker's clock.
            spotify_playlist: a Spotify playlist (open.spotify.com link, ``spotify:playlist:`` URI
                or id) whose tracks seed the ranking; the worker reads it (docs/spotify.md).
                ``FailedPrecondition`` when the worker has no Spotify credentials or none of the
                playlist's tracks is in the catalog; ``NotFound`` for an unknown playlist.

        Returns:
            ``RecommendResponse``: ``tracks`` (best first, distinct ids), ``unknown_track_ids``,
            ``target_moods``, ``emotion``, ``candidates``, and ``spotify_playlist`` (found and
            missing counts) when one was given.
        """
        return self.submit_recommend(
            emotion=emotion, emotion_probabilities=emotion_probabilities, playlist=playlist,
            policy=policy, k=k, exclude_explicit=exclude_explicit, year_min=year_min,
            year_max=year_max, now_unix=now_unix, timeout=timeout, wait_for_ready=wait_for_ready,
            metadata=metadata, spotify_playlist=spotify_playlist,
        ).result()

    def submit_recommend_for_image(self, image_bytes: bytes, *,
                                   playlist: Optional[Iterable[PlaylistItem]] = None,
                                   policy: Union[int, str] = "match", k: int = 40,
                                   exclude_explicit: bool = False, year_min: int = 0, year_max: int = 0,
                                   now_unix: int = 0, scale_factor: Optional[float] = None,
                                   min_neighbors: Optional[int] = None, min_size: Optional[int] = None,
                                   max_size: Optional[int] = None, detector: Optional[str] = None,
                        align_faces: bool = False, timeout: Optional[float] = None,
                                   wait_for_ready: bool = False,
                                   metadata: Optional[Mapping[str, str]] = None,
                                   spotify_playlist: Optional[str] = None) -> Call:
        """:meth:`recommend_for_image` without waiting: returns a :class:`Call`."""
        request = moodmusic_pb2.RecommendForImageRequest(image=_as_bytes(image_bytes, "image_bytes"))
        options = _detection_options(scale_factor, min_neighbors, min_size, max_size, detector, align_faces)
        if options is not None:
            request.detection.CopyFrom(options)
        request.recommend.CopyFrom(self._recommend_request(None, None, playlist, policy, k,
                                                           exclude_explicit, year_min, year_max, now_unix,
                                                           spotify_playlist))
        return self.submit(Method.RECOMMEND_FOR_IMAGE, request, timeout=timeout,
                           wait_for_ready=wait_for_ready, metadata=metadata)

    def recommend_for_image(self, image_bytes: bytes, *, playlist: Optional[Iterable[PlaylistItem]] = None,
                            policy: Union[int, str] = "match", k: int = 40, exclude_explicit: bool = False,
                            year_min: int = 0, year_max: int = 0, now_unix: int = 0,
                            scale_factor: Optional[float] = None, min_neighbors: Optional[int] = None,
                            min_size: Optional[int] = None, max_size: Optional[int] = None, detector: Optional[str] = None,
                        align_faces: bool = False,
                            timeout: Optional[float] = None, wait_for_ready: bool = False,
                            metadata: Optional[Mapping[str, str]] = None,
                            spotify_playlist: Optional[str] = None,
                            ) -> moodmusic_pb2.RecommendForImageResponse:
        """Photo in, emotions and songs out (the gateway calls DetectEmotions, then Recommend).

        Takes the options of :meth:`detect_emotions` and :meth:`recommend` (the emotion comes
        from the faces). Returns ``RecommendForImageResponse``: ``emotions`` (a
        ``DetectEmotionsResponse``), ``recommendations`` (a ``RecommendResponse``) and
        ``used_neutral_fallback`` (true when no face was found). Both steps share one deadline.
        """
        return self.submit_recommend_for_image(
            image_bytes, playlist=playlist, policy=policy, k=k, exclude_explicit=exclude_explicit,
            year_min=year_min, year_max=year_max, now_unix=now_unix, scale_factor=scale_factor,
            min_neighbors=min_neighbors, min_size=min_size, max_size=max_size, detector=detector, align_faces=align_faces, timeout=timeout,
            wait_for_ready=wait_for_ready, metadata=metadata, spotify_playlist=spotify_playlist,
        ).result()

    def analyze_video(self, video: bytes, **kwargs) -> "video_pb2.AnalyzeVideoResponse":
        """AnalyzeVideo as a client-streaming upload; see :func:`moodmusic.video.analyze_video`."""
        from .video import analyze_video
        return analyze_video(self, video, **kwargs)

    def recommend_for_video(self, video: bytes, **kwargs) -> "video_pb2.RecommendForVideoResponse":
        """RecommendForVideo; see :func:`moodmusic.video.recommend_for_video`."""
        from .video import recommend_for_video
        return recommend_for_video(self, video, **kwargs)

    def live_session(self, frames: Iterable[bytes], **kwargs):
        """A generator of LiveFrameResult, one per frame; see :func:`moodmusic.video.live_session`."""
        from .video import live_session
        return live_session(self, frames, **kwargs)

    def health(self, service: str = "", *, timeout: Optional[float] = None) -> health_pb2.HealthCheckResponse:
        """Asks the gateway which services have live workers.

        Args:
            service: empty for the whole system (``SERVING`` only when every worker-backed
                service has a live worker), or a service name: fully qualified
                (``"moodmusic.v1.EmotionService"``) or short (``"EmotionService"``, which gets the
                ``moodmusic.v1.`` prefix).

        Returns:
            ``HealthCheckResponse``: ``status`` (compare with
            ``health_pb2.HealthCheckResponse.SERVING``) and ``services`` with per-service
            live workers, queued and in-flight calls. A system that is not serving is not an
            error; an unknown service name raises :class:`~moodmusic.NotFound`.
        """
        if service and "." not in service:
            service = "moodmusic.v1." + service
        return self.call(Method.HEALTH_CHECK, health_pb2.HealthCheckRequest(service=service), timeout=timeout)

    def echo(self, payload: Union[bytes, str] = b"", *, delay_ms: int = 0, timeout: Optional[float] = None,
             wait_for_ready: bool = False) -> diagnostics_pb2.EchoResponse:
        """Diagnostics.Echo: any worker returns ``payload`` (a ``str`` is sent as UTF-8).

        ``delay_ms`` asks the worker to wait that long (at most 10 000 ms) before answering, for
        testing deadlines; it needs a protocol version whose ``EchoRequest`` has that field.
        Returns ``EchoResponse`` with ``payload`` and ``served_by`` (the worker's name)."""
        if isinstance(payload, str):
            payload = payload.encode("utf-8")
        request = diagnostics_pb2.EchoRequest(payload=bytes(payload))
        if delay_ms:
            if "delay_ms" not in diagnostics_pb2.EchoRequest.DESCRIPTOR.fields_by_name:
                raise TypeError("this version of moodmusic.proto has no EchoRequest.delay_ms")
            request.delay_ms = int(delay_ms)
        return self.call(Method.ECHO, request, timeout=timeout, wait_for_ready=wait_for_ready)


# Keep StatusCode and RpcError importable from here too, for convenience.
_ = (StatusCode, RpcError)
