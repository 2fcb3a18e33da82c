# moodmusic-proto-sha256: a50061be541e4a9349ba23086bfa953a16fd54e9d1306474464bf51e08c20e5b Protos/wire.proto
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

ABORTED: StatusCode
ALREADY_EXISTS: StatusCode
CANCELLED: StatusCode
DATA_LOSS: StatusCode
DEADLINE_EXCEEDED: StatusCode
DESCRIPTOR: _descriptor.FileDescriptor
FAILED_PRECONDITION: StatusCode
INTERNAL: StatusCode
INVALID_ARGUMENT: StatusCode
NOT_FOUND: StatusCode
OK: StatusCode
OUT_OF_RANGE: StatusCode
PERMISSION_DENIED: StatusCode
RESOURCE_EXHAUSTED: StatusCode
UNAUTHENTICATED: StatusCode
UNAVAILABLE: StatusCode
UNIMPLEMENTED: StatusCode
UNKNOWN: StatusCode

class RequestHeader(_message.Message):
    __slots__ = ["metadata", "request_id", "timeout_ms", "wait_for_ready"]
    class MetadataEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    METADATA_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    WAIT_FOR_READY_FIELD_NUMBER: _ClassVar[int]
    metadata: _containers.ScalarMap[str, str]
    request_id: int
    timeout_ms: int
    wait_for_ready: bool
    def __init__(self, request_id: _Optional[int] = ..., timeout_ms: _Optional[int] = ..., wait_for_ready: bool = ..., metadata: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ResponseHeader(_message.Message):
    __slots__ = ["code", "message", "metadata", "request_id"]
    class MetadataEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    code: StatusCode
    message: str
    metadata: _containers.ScalarMap[str, str]
    request_id: int
    def __init__(self, request_id: _Optional[int] = ..., code: _Optional[_Union[StatusCode, str]] = ..., message: _Optional[str] = ..., metadata: _Optional[_Mapping[str, str]] = ...) -> None: ...

class WorkerReady(_message.Message):
    __slots__ = ["capacity", "heartbeat_ms", "name", "services", "shard"]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_MS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    SHARD_FIELD_NUMBER: _ClassVar[int]
    capacity: int
    heartbeat_ms: int
    name: str
    services: _containers.RepeatedScalarFieldContainer[str]
    shard: str
    def __init__(self, services: _Optional[_Iterable[str]] = ..., capacity: _Optional[int] = ..., name: _Optional[str] = ..., heartbeat_ms: _Optional[int] = ..., shard: _Optional[str] = ...) -> None: ...

class StatusCode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
