# moodmusic-proto-sha256: cb9f4c903d5a6516a0bab4607c2368fb2582d00ca5d586cbc346e055f9eee478 Protos/moodmusic.proto
from . import emotion_pb2 as _emotion_pb2
from . import recommender_pb2 as _recommender_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
FACE_COMBINATION_LARGEST: FaceCombination
FACE_COMBINATION_MEAN: FaceCombination
FACE_COMBINATION_SIZE_WEIGHTED: FaceCombination
FACE_COMBINATION_UNSPECIFIED: FaceCombination

class RecommendForImageRequest(_message.Message):
    __slots__ = ["detection", "face_combination", "image", "recommend"]
    DETECTION_FIELD_NUMBER: _ClassVar[int]
    FACE_COMBINATION_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    RECOMMEND_FIELD_NUMBER: _ClassVar[int]
    detection: _emotion_pb2.DetectionOptions
    face_combination: FaceCombination
    image: bytes
    recommend: _recommender_pb2.RecommendRequest
    def __init__(self, image: _Optional[bytes] = ..., detection: _Optional[_Union[_emotion_pb2.DetectionOptions, _Mapping]] = ..., recommend: _Optional[_Union[_recommender_pb2.RecommendRequest, _Mapping]] = ..., face_combination: _Optional[_Union[FaceCombination, str]] = ...) -> None: ...

class RecommendForImageResponse(_message.Message):
    __slots__ = ["emotions", "face_combination", "recommendations", "used_neutral_fallback"]
    EMOTIONS_FIELD_NUMBER: _ClassVar[int]
    FACE_COMBINATION_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    USED_NEUTRAL_FALLBACK_FIELD_NUMBER: _ClassVar[int]
    emotions: _emotion_pb2.DetectEmotionsResponse
    face_combination: FaceCombination
    recommendations: _recommender_pb2.RecommendResponse
    used_neutral_fallback: bool
    def __init__(self, emotions: _Optional[_Union[_emotion_pb2.DetectEmotionsResponse, _Mapping]] = ..., recommendations: _Optional[_Union[_recommender_pb2.RecommendResponse, _Mapping]] = ..., used_neutral_fallback: bool = ..., face_combination: _Optional[_Union[FaceCombination, str]] = ...) -> None: ...

class FaceCombination(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
