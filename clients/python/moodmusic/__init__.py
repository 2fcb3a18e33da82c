"""Python client for moodmusic: photo in, emotions and songs out.

    >>> import moodmusic
    >>> with moodmusic.Client("tcp://127.0.0.1:5555", timeout=10) as client:
    ...     result = client.detect_emotions(open("face.png", "rb").read())
    ...     for face in result.faces:
    ...         print(face.box, moodmusic.emotion_name(face.emotion), face.confidence)

Methods return the generated protobuf messages of ``moodmusic.proto`` (package
``moodmusic.v1``, see Protos/ in the repository); failures raise :class:`RpcError` subclasses
that carry a :class:`StatusCode` and a message. The wire protocol is docs/protocol.md.
"""

from .client import (
    DEFAULT_GATEWAY,
    METHODS,
    PROTOCOL_ID,
    Call,
    Client,
    Method,
    emotion_name,
    parse_emotion,
    parse_detector,
    parse_policy,
)
from .errors import (
    Aborted,
    AlreadyExists,
    Cancelled,
    DataLoss,
    DeadlineExceeded,
    FailedPrecondition,
    Internal,
    InvalidArgument,
    NotFound,
    OutOfRange,
    PermissionDenied,
    ResourceExhausted,
    RpcError,
    StatusCode,
    Unauthenticated,
    Unavailable,
    Unimplemented,
    Unknown,
    error_for,
)
from .proto import diagnostics_pb2, emotion_pb2, health_pb2, moodmusic_pb2, recommender_pb2, video_pb2, wire_pb2

__version__ = "0.1.0"

#: Emotion names in the order of ``Face.probabilities`` and ``mean_probabilities``.
EMOTIONS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")

__all__ = [
    "Client", "Call", "Method", "METHODS", "DEFAULT_GATEWAY", "PROTOCOL_ID", "EMOTIONS",
    "emotion_name", "parse_detector", "parse_emotion", "parse_policy",
    "StatusCode", "RpcError", "error_for",
    "Cancelled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists",
    "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
    "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated",
    "diagnostics_pb2", "emotion_pb2", "health_pb2", "moodmusic_pb2", "recommender_pb2", "wire_pb2",
]
