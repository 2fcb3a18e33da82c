# moodmusic-proto-sha256: 2157ce3746a9134ab9cff7db8d2c8061caf16389db2b69c4fdf396d5447bb35c Protos/video.proto
from . import emotion_pb2 as _emotion_pb2
from . import recommender_pb2 as _recommender_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AnalyzeVideoRequest(_message.Message):
    __slots__ = ["options", "recommend", "video"]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    RECOMMEND_FIELD_NUMBER: _ClassVar[int]
    VIDEO_FIELD_NUMBER: _ClassVar[int]
    options: VideoOptions
    recommend: _recommender_pb2.RecommendRequest
    video: bytes
    def __init__(self, video: _Optional[bytes] = ..., options: _Optional[_Union[VideoOptions, _Mapping]] = ..., recommend: _Optional[_Union[_recommender_pb2.RecommendRequest, _Mapping]] = ...) -> None: ...

class AnalyzeVideoResponse(_message.Message):
    __slots__ = ["analysis"]
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    analysis: VideoAnalysis
    def __init__(self, analysis: _Optional[_Union[VideoAnalysis, _Mapping]] = ...) -> None: ...

class CloseLiveSessionRequest(_message.Message):
    __slots__ = ["session_id"]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class CloseLiveSessionResponse(_message.Message):
    __slots__ = ["frames"]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    frames: int
    def __init__(self, frames: _Optional[int] = ...) -> None: ...

class EmotionSegment(_message.Message):
    __slots__ = ["emotion", "end_seconds", "probabilities", "start_seconds"]
    EMOTION_FIELD_NUMBER: _ClassVar[int]
    END_SECONDS_FIELD_NUMBER: _ClassVar[int]
    PROBABILITIES_FIELD_NUMBER: _ClassVar[int]
    START_SECONDS_FIELD_NUMBER: _ClassVar[int]
    emotion: _emotion_pb2.Emotion
    end_seconds: float
    probabilities: _containers.RepeatedScalarFieldContainer[float]
    start_seconds: float
    def __init__(self, start_seconds: _Optional[float] = ..., end_seconds: _Optional[float] = ..., emotion: _Optional[_Union[_emotion_pb2.Emotion, str]] = ..., probabilities: _Optional[_Iterable[float]] = ...) -> None: ...

class FaceTrack(_message.Message):
    __slots__ = ["emotion", "first_seen_seconds", "frame_count", "last_seen_seconds", "presence", "probabilities", "track_id"]
    EMOTION_FIELD_NUMBER: _ClassVar[int]
    FIRST_SEEN_SECONDS_FIELD_NUMBER: _ClassVar[int]
    FRAME_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_SECONDS_FIELD_NUMBER: _ClassVar[int]
    PRESENCE_FIELD_NUMBER: _ClassVar[int]
    PROBABILITIES_FIELD_NUMBER: _ClassVar[int]
    TRACK_ID_FIELD_NUMBER: _ClassVar[int]
    emotion: _emotion_pb2.Emotion
    first_seen_seconds: float
    frame_count: int
    last_seen_seconds: float
    presence: float
    probabilities: _containers.RepeatedScalarFieldContainer[float]
    track_id: int
    def __init__(self, track_id: _Optional[int] = ..., first_seen_seconds: _Optional[float] = ..., last_seen_seconds: _Optional[float] = ..., frame_count: _Optional[int] = ..., presence: _Optional[float] = ..., probabilities: _Optional[_Iterable[float]] = ..., emotion: _Optional[_Union[_emotion_pb2.Emotion, str]] = ...) -> None: ...

class LiveFrameRequest(_message.Message):
    __slots__ = ["image", "session_id"]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    image: bytes
    session_id: str
    def __init__(self, session_id: _Optional[str] = ..., image: _Optional[bytes] = ...) -> None: ...

class LiveFrameResult(_message.Message):
    __slots__ = ["faces", "frame_probabilities", "sequence", "smoothed_emotion", "smoothed_probabilities"]
    FACES_FIELD_NUMBER: _ClassVar[int]
    FRAME_PROBABILITIES_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    SMOOTHED_EMOTION_FIELD_NUMBER: _ClassVar[int]
    SMOOTHED_PROBABILITIES_FIELD_NUMBER: _ClassVar[int]
    faces: _containers.RepeatedCompositeFieldContainer[TrackedFace]
    frame_probabilities: _containers.RepeatedScalarFieldContainer[float]
    sequence: int
    smoothed_emotion: _emotion_pb2.Emotion
    smoothed_probabilities: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, sequence: _Optional[int] = ..., faces: _Optional[_Iterable[_Union[TrackedFace, _Mapping]]] = ..., frame_probabilities: _Optional[_Iterable[float]] = ..., smoothed_probabilities: _Optional[_Iterable[float]] = ..., smoothed_emotion: _Optional[_Union[_emotion_pb2.Emotion, str]] = ...) -> None: ...

class LiveSessionOptions(_message.Message):
    __slots__ = ["detection", "idle_timeout_ms", "smoothing"]
    DETECTION_FIELD_NUMBER: _ClassVar[int]
    IDLE_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    SMOOTHING_FIELD_NUMBER: _ClassVar[int]
    detection: _emotion_pb2.DetectionOptions
    idle_timeout_ms: int
    smoothing: float
    def __init__(self, smoothing: _Optional[float] = ..., idle_timeout_ms: _Optional[int] = ..., detection: _Optional[_Union[_emotion_pb2.DetectionOptions, _Mapping]] = ...) -> None: ...

class OpenLiveSessionRequest(_message.Message):
    __slots__ = ["options", "session_id"]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    options: LiveSessionOptions
    session_id: str
    def __init__(self, session_id: _Optional[str] = ..., options: _Optional[_Union[LiveSessionOptions, _Mapping]] = ...) -> None: ...

class OpenLiveSessionResponse(_message.Message):
    __slots__ = ["idle_timeout_ms", "session_id", "smoothing"]
    IDLE_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    SMOOTHING_FIELD_NUMBER: _ClassVar[int]
    idle_timeout_ms: int
    session_id: str
    smoothing: float
    def __init__(self, session_id: _Optional[str] = ..., smoothing: _Optional[float] = ..., idle_timeout_ms: _Optional[int] = ...) -> None: ...

class RecommendForVideoResponse(_message.Message):
    __slots__ = ["analysis", "recommendations", "used_neutral_fallback"]
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    USED_NEUTRAL_FALLBACK_FIELD_NUMBER: _ClassVar[int]
    analysis: VideoAnalysis
    recommendations: _recommender_pb2.RecommendResponse
    used_neutral_fallback: bool
    def __init__(self, analysis: _Optional[_Union[VideoAnalysis, _Mapping]] = ..., recommendations: _Optional[_Union[_recommender_pb2.RecommendResponse, _Mapping]] = ..., used_neutral_fallback: bool = ...) -> None: ...

class TrackedFace(_message.Message):
    __slots__ = ["face", "track_id"]
    FACE_FIELD_NUMBER: _ClassVar[int]
    TRACK_ID_FIELD_NUMBER: _ClassVar[int]
    face: _emotion_pb2.Face
    track_id: int
    def __init__(self, track_id: _Optional[int] = ..., face: _Optional[_Union[_emotion_pb2.Face, _Mapping]] = ...) -> None: ...

class VideoAnalysis(_message.Message):
    __slots__ = ["distribution", "dominant_emotion", "dominant_track_id", "duration_seconds", "frames", "height", "sample_interval_seconds", "segments", "stats", "tracks", "width"]
    DISTRIBUTION_FIELD_NUMBER: _ClassVar[int]
    DOMINANT_EMOTION_FIELD_NUMBER: _ClassVar[int]
    DOMINANT_TRACK_ID_FIELD_NUMBER: _ClassVar[int]
    DURATION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_INTERVAL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    STATS_FIELD_NUMBER: _ClassVar[int]
    TRACKS_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    distribution: _containers.RepeatedScalarFieldContainer[float]
    dominant_emotion: _emotion_pb2.Emotion
    dominant_track_id: int
    duration_seconds: float
    frames: _containers.RepeatedCompositeFieldContainer[VideoFrame]
    height: int
    sample_interval_seconds: float
    segments: _containers.RepeatedCompositeFieldContainer[EmotionSegment]
    stats: VideoDecodeStats
    tracks: _containers.RepeatedCompositeFieldContainer[FaceTrack]
    width: int
    def __init__(self, width: _Optional[int] = ..., height: _Optional[int] = ..., duration_seconds: _Optional[float] = ..., sample_interval_seconds: _Optional[float] = ..., frames: _Optional[_Iterable[_Union[VideoFrame, _Mapping]]] = ..., tracks: _Optional[_Iterable[_Union[FaceTrack, _Mapping]]] = ..., dominant_track_id: _Optional[int] = ..., distribution: _Optional[_Iterable[float]] = ..., dominant_emotion: _Optional[_Union[_emotion_pb2.Emotion, str]] = ..., segments: _Optional[_Iterable[_Union[EmotionSegment, _Mapping]]] = ..., stats: _Optional[_Union[VideoDecodeStats, _Mapping]] = ...) -> None: ...

class VideoDecodeStats(_message.Message):
    __slots__ = ["analyze_micros", "decode_micros", "decoded_frames", "sampled_frames", "seeks"]
    ANALYZE_MICROS_FIELD_NUMBER: _ClassVar[int]
    DECODED_FRAMES_FIELD_NUMBER: _ClassVar[int]
    DECODE_MICROS_FIELD_NUMBER: _ClassVar[int]
    SAMPLED_FRAMES_FIELD_NUMBER: _ClassVar[int]
    SEEKS_FIELD_NUMBER: _ClassVar[int]
    analyze_micros: int
    decode_micros: int
    decoded_frames: int
    sampled_frames: int
    seeks: int
    def __init__(self, sampled_frames: _Optional[int] = ..., decoded_frames: _Optional[int] = ..., seeks: _Optional[int] = ..., decode_micros: _Optional[int] = ..., analyze_micros: _Optional[int] = ...) -> None: ...

class VideoFrame(_message.Message):
    __slots__ = ["faces", "index", "time_seconds"]
    FACES_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    TIME_SECONDS_FIELD_NUMBER: _ClassVar[int]
    faces: _containers.RepeatedCompositeFieldContainer[TrackedFace]
    index: int
    time_seconds: float
    def __init__(self, index: _Optional[int] = ..., time_seconds: _Optional[float] = ..., faces: _Optional[_Iterable[_Union[TrackedFace, _Mapping]]] = ...) -> None: ...

class VideoOptions(_message.Message):
    __slots__ = ["detection", "fps", "max_frames"]
    DETECTION_FIELD_NUMBER: _ClassVar[int]
    FPS_FIELD_NUMBER: _ClassVar[int]
    MAX_FRAMES_FIELD_NUMBER: _ClassVar[int]
    detection: _emotion_pb2.DetectionOptions
    fps: float
    max_frames: int
    def __init__(self, fps: _Optional[float] = ..., max_frames: _Optional[int] = ..., detection: _Optional[_Union[_emotion_pb2.DetectionOptions, _Mapping]] = ...) -> None: ...

class VideoProgressRequest(_message.Message):
    __slots__ = ["upload_id"]
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    upload_id: int
    def __init__(self, upload_id: _Optional[int] = ...) -> None: ...

class VideoProgressResponse(_message.Message):
    __slots__ = ["frames_analysed", "frames_decoded", "upload_id", "uploading"]
    FRAMES_ANALYSED_FIELD_NUMBER: _ClassVar[int]
    FRAMES_DECODED_FIELD_NUMBER: _ClassVar[int]
    UPLOADING_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    frames_analysed: int
    frames_decoded: int
    upload_id: int
    uploading: bool
    def __init__(self, upload_id: _Optional[int] = ..., uploading: bool = ..., frames_decoded: _Optional[int] = ..., frames_analysed: _Optional[int] = ...) -> None: ...

class VideoUploadAck(_message.Message):
    __slots__ = ["received_bytes", "upload_id"]
    RECEIVED_BYTES_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    received_bytes: int
    upload_id: int
    def __init__(self, upload_id: _Optional[int] = ..., received_bytes: _Optional[int] = ...) -> None: ...

class VideoUploadChunk(_message.Message):
    __slots__ = ["data", "last", "offset", "options", "recommend", "total_bytes", "upload_id"]
    DATA_FIELD_NUMBER: _ClassVar[int]
    LAST_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    RECOMMEND_FIELD_NUMBER: _ClassVar[int]
    TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    last: bool
    offset: int
    options: VideoOptions
    recommend: _recommender_pb2.RecommendRequest
    total_bytes: int
    upload_id: int
    def __init__(self, upload_id: _Optional[int] = ..., offset: _Optional[int] = ..., data: _Optional[bytes] = ..., last: bool = ..., total_bytes: _Optional[int] = ..., options: _Optional[_Union[VideoOptions, _Mapping]] = ..., recommend: _Optional[_Union[_recommender_pb2.RecommendRequest, _Mapping]] = ...) -> None: ...
