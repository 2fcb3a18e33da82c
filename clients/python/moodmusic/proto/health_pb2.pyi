# moodmusic-proto-sha256: c1f30195c8d5ee47344b47a1c813b9c02e4db26c72cffb2cd209f12abd40f5f2 Protos/health.proto
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class HealthCheckRequest(_message.Message):
    __slots__ = ["service"]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    service: str
    def __init__(self, service: _Optional[str] = ...) -> None: ...

class HealthCheckResponse(_message.Message):
    __slots__ = ["services", "status"]
    class ServingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    NOT_SERVING: HealthCheckResponse.ServingStatus
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    SERVICE_UNKNOWN: HealthCheckResponse.ServingStatus
    SERVING: HealthCheckResponse.ServingStatus
    STATUS_FIELD_NUMBER: _ClassVar[int]
    UNKNOWN: HealthCheckResponse.ServingStatus
    services: _containers.RepeatedCompositeFieldContainer[ServiceHealth]
    status: HealthCheckResponse.ServingStatus
    def __init__(self, status: _Optional[_Union[HealthCheckResponse.ServingStatus, str]] = ..., services: _Optional[_Iterable[_Union[ServiceHealth, _Mapping]]] = ...) -> None: ...

class ServiceHealth(_message.Message):
    __slots__ = ["in_flight", "live_workers", "queued", "service", "status"]
    IN_FLIGHT_FIELD_NUMBER: _ClassVar[int]
    LIVE_WORKERS_FIELD_NUMBER: _ClassVar[int]
    QUEUED_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    in_flight: int
    live_workers: int
    queued: int
    service: str
    status: HealthCheckResponse.ServingStatus
    def __init__(self, service: _Optional[str] = ..., status: _Optional[_Union[HealthCheckResponse.ServingStatus, str]] = ..., live_workers: _Optional[int] = ..., queued: _Optional[int] = ..., in_flight: _Optional[int] = ...) -> None: ...
