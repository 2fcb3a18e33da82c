# moodmusic-proto-sha256: aa775c9dea45cb5e66d9c6c863d16065acb149ae8a91b6114d0365e7ab501f3b Protos/diagnostics.proto
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class EchoRequest(_message.Message):
    __slots__ = ["delay_ms", "payload"]
    DELAY_MS_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    delay_ms: int
    payload: bytes
    def __init__(self, payload: _Optional[bytes] = ..., delay_ms: _Optional[int] = ...) -> None: ...

class EchoResponse(_message.Message):
    __slots__ = ["payload", "served_by"]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    SERVED_BY_FIELD_NUMBER: _ClassVar[int]
    payload: bytes
    served_by: str
    def __init__(self, payload: _Optional[bytes] = ..., served_by: _Optional[str] = ...) -> None: ...
