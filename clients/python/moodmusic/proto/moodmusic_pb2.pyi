# moodmusic-proto-sha256: 6d3203f01979378e4d588fa5518ea8cdee44283044109dbadca391679ef93ae4 Protos/moodmusic.proto
from . import emotion_pb2 as _emotion_pb2
from . import recommender_pb2 as _recommender_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RecommendForImageRequest(_message.Message):
    __slots__ = ["detection", "image", "recommend"]
    DETECTION_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    RECOMMEND_FIELD_NUMBER: _ClassVar[int]
    detection: _emotion_pb2.DetectionOptions
    image: bytes
    recommend: _recommender_pb2.RecommendRequest
    def __init__(self, image: _Optional[bytes] = ..., detection: _Optional[_Union[_emotion_pb2.DetectionOptions, _Mapping]] = ..., recommend: _Optional[_Union[_recommender_pb2.RecommendRequest, _Mapping]] = ...) -> None: ...

class RecommendForImageResponse(_message.Message):
    __slots__ = ["emotions", "recommendations", "used_neutral_fallback"]
    EMOTIONS_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    USED_NEUTRAL_FALLBACK_FIELD_NUMBER: _ClassVar[int]
    emotions: _emotion_pb2.DetectEmotionsResponse
    recommendations: _recommender_pb2.RecommendResponse
    used_neutral_fallback: bool
    def __init__(self, emotions: _Optional[_Union[_emotion_pb2.DetectEmotionsResponse, _Mapping]] = ..., recommendations: _Optional[_Union[_recommender_pb2.RecommendResponse, _Mapping]] = ..., used_neutral_fallback: bool = ...) -> None: ...
