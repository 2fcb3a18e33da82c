# moodmusic-proto-sha256: eebd929bdf7adf6b4c0faa7b896f13cea415ef36ea796fa85421ef28cb79912c Protos/emotion.proto
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
EMOTION_ANGRY: Emotion
EMOTION_DISGUST: Emotion
EMOTION_FEAR: Emotion
EMOTION_HAPPY: Emotion
EMOTION_NEUTRAL: Emotion
EMOTION_SAD: Emotion
EMOTION_SURPRISE: Emotion
EMOTION_UNSPECIFIED: Emotion
FACE_DETECTOR_BLAZEFACE_FULL: FaceDetector
FACE_DETECTOR_BLAZEFACE_SHORT: FaceDetector
FACE_DETECTOR_HAAR: FaceDetector
FACE_DETECTOR_UNSPECIFIED: FaceDetector

class BoundingBox(_message.Message):
    __slots__ = ["height", "width", "x", "y"]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    height: int
    width: int
    x: int
    y: int
    def __init__(self, x: _Optional[int] = ..., y: _Optional[int] = ..., width: _Optional[int] = ..., height: _Optional[int] = ...) -> None: ...

class DetectEmotionsRequest(_message.Message):
    __slots__ = ["image", "options"]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    image: bytes
    options: DetectionOptions
    def __init__(self, image: _Optional[bytes] = ..., options: _Optional[_Union[DetectionOptions, _Mapping]] = ...) -> None: ...

class DetectEmotionsResponse(_message.Message):
    __slots__ = ["compute_micros", "detector", "dominant_emotion", "emotion_model", "faces", "image_height", "image_width", "mean_probabilities"]
    COMPUTE_MICROS_FIELD_NUMBER: _ClassVar[int]
    DETECTOR_FIELD_NUMBER: _ClassVar[int]
    DOMINANT_EMOTION_FIELD_NUMBER: _ClassVar[int]
    EMOTION_MODEL_FIELD_NUMBER: _ClassVar[int]
    FACES_FIELD_NUMBER: _ClassVar[int]
    IMAGE_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    IMAGE_WIDTH_FIELD_NUMBER: _ClassVar[int]
    MEAN_PROBABILITIES_FIELD_NUMBER: _ClassVar[int]
    compute_micros: int
    detector: FaceDetector
    dominant_emotion: Emotion
    emotion_model: str
    faces: _containers.RepeatedCompositeFieldContainer[Face]
    image_height: int
    image_width: int
    mean_probabilities: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, faces: _Optional[_Iterable[_Union[Face, _Mapping]]] = ..., dominant_emotion: _Optional[_Union[Emotion, str]] = ..., mean_probabilities: _Optional[_Iterable[float]] = ..., image_width: _Optional[int] = ..., image_height: _Optional[int] = ..., compute_micros: _Optional[int] = ..., detector: _Optional[_Union[FaceDetector, str]] = ..., emotion_model: _Optional[str] = ...) -> None: ...

class DetectionOptions(_message.Message):
    __slots__ = ["align_faces", "detector", "emotion_model", "max_size", "min_neighbors", "min_size", "scale_factor", "score_threshold"]
    ALIGN_FACES_FIELD_NUMBER: _ClassVar[int]
    DETECTOR_FIELD_NUMBER: _ClassVar[int]
    EMOTION_MODEL_FIELD_NUMBER: _ClassVar[int]
    MAX_SIZE_FIELD_NUMBER: _ClassVar[int]
    MIN_NEIGHBORS_FIELD_NUMBER: _ClassVar[int]
    MIN_SIZE_FIELD_NUMBER: _ClassVar[int]
    SCALE_FACTOR_FIELD_NUMBER: _ClassVar[int]
    SCORE_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    align_faces: bool
    detector: FaceDetector
    emotion_model: str
    max_size: int
    min_neighbors: int
    min_size: int
    scale_factor: float
    score_threshold: float
    def __init__(self, scale_factor: _Optional[float] = ..., min_neighbors: _Optional[int] = ..., min_size: _Optional[int] = ..., max_size: _Optional[int] = ..., detector: _Optional[_Union[FaceDetector, str]] = ..., score_threshold: _Optional[float] = ..., align_faces: bool = ..., emotion_model: _Optional[str] = ...) -> None: ...

class Face(_message.Message):
    __slots__ = ["box", "confidence", "emotion", "landmarks", "neighbors", "probabilities", "score"]
    BOX_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    EMOTION_FIELD_NUMBER: _ClassVar[int]
    LANDMARKS_FIELD_NUMBER: _ClassVar[int]
    NEIGHBORS_FIELD_NUMBER: _ClassVar[int]
    PROBABILITIES_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    box: BoundingBox
    confidence: float
    emotion: Emotion
    landmarks: FaceLandmarks
    neighbors: int
    probabilities: _containers.RepeatedScalarFieldContainer[float]
    score: float
    def __init__(self, box: _Optional[_Union[BoundingBox, _Mapping]] = ..., neighbors: _Optional[int] = ..., probabilities: _Optional[_Iterable[float]] = ..., emotion: _Optional[_Union[Emotion, str]] = ..., confidence: _Optional[float] = ..., score: _Optional[float] = ..., landmarks: _Optional[_Union[FaceLandmarks, _Mapping]] = ...) -> None: ...

class FaceLandmarks(_message.Message):
    __slots__ = ["left_ear", "left_eye", "mouth", "nose_tip", "right_ear", "right_eye"]
    LEFT_EAR_FIELD_NUMBER: _ClassVar[int]
    LEFT_EYE_FIELD_NUMBER: _ClassVar[int]
    MOUTH_FIELD_NUMBER: _ClassVar[int]
    NOSE_TIP_FIELD_NUMBER: _ClassVar[int]
    RIGHT_EAR_FIELD_NUMBER: _ClassVar[int]
    RIGHT_EYE_FIELD_NUMBER: _ClassVar[int]
    left_ear: LandmarkPoint
    left_eye: LandmarkPoint
    mouth: LandmarkPoint
    nose_tip: LandmarkPoint
    right_ear: LandmarkPoint
    right_eye: LandmarkPoint
    def __init__(self, right_eye: _Optional[_Union[LandmarkPoint, _Mapping]] = ..., left_eye: _Optional[_Union[LandmarkPoint, _Mapping]] = ..., nose_tip: _Optional[_Union[LandmarkPoint, _Mapping]] = ..., mouth: _Optional[_Union[LandmarkPoint, _Mapping]] = ..., right_ear: _Optional[_Union[LandmarkPoint, _Mapping]] = ..., left_ear: _Optional[_Union[LandmarkPoint, _Mapping]] = ...) -> None: ...

class LandmarkPoint(_message.Message):
    __slots__ = ["x", "y"]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    x: float
    y: float
    def __init__(self, x: _Optional[float] = ..., y: _Optional[float] = ...) -> None: ...

class Emotion(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class FaceDetector(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
