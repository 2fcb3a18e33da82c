"""Status codes and the exceptions a failed call raises.

Every failed call raises a subclass of :class:`RpcError`; the subclass is chosen by the status
code (``InvalidArgument`` for ``INVALID_ARGUMENT`` and so on), so callers can catch either the
base class or the specific failure they can handle.
"""

from __future__ import annotations

import enum
from typing import Dict, Mapping, Optional, Type

__all__ = [
    "StatusCode",
    "RpcError",
    "Cancelled",
    "Unknown",
    "InvalidArgument",
    "DeadlineExceeded",
    "NotFound",
    "AlreadyExists",
    "PermissionDenied",
    "ResourceExhausted",
    "FailedPrecondition",
    "Aborted",
    "OutOfRange",
    "Unimplemented",
    "Internal",
    "Unavailable",
    "DataLoss",
    "Unauthenticated",
    "error_for",
]


class StatusCode(enum.IntEnum):
    """The 17 status codes of gRPC, with gRPC's numbers (``StatusCode`` in ``wire.proto``)."""

    OK = 0
    CANCELLED = 1
    UNKNOWN = 2
    INVALID_ARGUMENT = 3
    DEADLINE_EXCEEDED = 4
    NOT_FOUND = 5
    ALREADY_EXISTS = 6
    PERMISSION_DENIED = 7
    RESOURCE_EXHAUSTED = 8
    FAILED_PRECONDITION = 9
    ABORTED = 10
    OUT_OF_RANGE = 11
    UNIMPLEMENTED = 12
    INTERNAL = 13
    UNAVAILABLE = 14
    DATA_LOSS = 15
    UNAUTHENTICATED = 16

    @classmethod
    def coerce(cls, value: int) -> "StatusCode":
        """The member for ``value``; ``UNKNOWN`` for a number outside the 17 codes."""
        try:
            return cls(int(value))
        except ValueError:
            return cls.UNKNOWN


class RpcError(Exception):
    """A call that did not succeed.

    Attributes:
        code: the :class:`StatusCode`.
        message: the explanation sent by the gateway or worker (or made up locally, for
            failures the client detects itself, such as a silent gateway).
        metadata: the response header's metadata (empty for local failures).
        method: the method that was called, when known.
    """

    #: The code this class stands for; ``None`` on the base class.
    status_code: Optional[StatusCode] = None

    def __init__(
        self,
        code: int,
        message: str = "",
        *,
        metadata: Optional[Mapping[str, str]] = None,
        method: str = "",
    ) -> None:
        self.code = StatusCode.coerce(code)
        self.message = message
        self.metadata: Dict[str, str] = dict(metadata or {})
        self.method = method
        super().__init__(f"{self.code.name}: {message}" if message else self.code.name)

    def __reduce__(self):  # keep exceptions picklable (e.g. across multiprocessing)
        return (_rebuild_error, (int(self.code), self.message, self.metadata, self.method))


def _rebuild_error(code, message, metadata, method):
    return error_for(code, message, metadata=metadata, method=method)


def _subclass(name: str, code: StatusCode, doc: str) -> Type[RpcError]:
    def __init__(self, message: str = "", *, metadata=None, method: str = ""):
        RpcError.__init__(self, code, message, metadata=metadata, method=method)

    return type(name, (RpcError,), {"__doc__": doc, "status_code": code, "__init__": __init__})


Cancelled = _subclass("Cancelled", StatusCode.CANCELLED, "The call was cancelled (for example: the client was closed).")
Unknown = _subclass("Unknown", StatusCode.UNKNOWN, "An error with no better code.")
InvalidArgument = _subclass("InvalidArgument", StatusCode.INVALID_ARGUMENT, "Malformed request: bad frames, bad protobuf, a bad image, a missing field, a bad option.")
DeadlineExceeded = _subclass("DeadlineExceeded", StatusCode.DEADLINE_EXCEEDED, "The deadline passed (reported by the gateway, or detected locally when the gateway stayed silent).")
NotFound = _subclass("NotFound", StatusCode.NOT_FOUND, "A named entity does not exist (e.g. an unknown service in Health.Check).")
AlreadyExists = _subclass("AlreadyExists", StatusCode.ALREADY_EXISTS, "The entity already exists.")
PermissionDenied = _subclass("PermissionDenied", StatusCode.PERMISSION_DENIED, "The caller may not do this.")
ResourceExhausted = _subclass("ResourceExhausted", StatusCode.RESOURCE_EXHAUSTED, "A queue or size limit was hit; retry later with backoff.")
FailedPrecondition = _subclass("FailedPrecondition", StatusCode.FAILED_PRECONDITION, "The system is not in a state that allows the call.")
Aborted = _subclass("Aborted", StatusCode.ABORTED, "Aborted by a concurrency conflict.")
OutOfRange = _subclass("OutOfRange", StatusCode.OUT_OF_RANGE, "A value is outside its valid range.")
Unimplemented = _subclass("Unimplemented", StatusCode.UNIMPLEMENTED, "The method is unknown or not served.")
Internal = _subclass("Internal", StatusCode.INTERNAL, "An invariant broke inside the service (or the response could not be parsed).")
Unavailable = _subclass("Unavailable", StatusCode.UNAVAILABLE, "No worker can take the call now; safe to retry.")
DataLoss = _subclass("DataLoss", StatusCode.DATA_LOSS, "Unrecoverable data loss.")
Unauthenticated = _subclass("Unauthenticated", StatusCode.UNAUTHENTICATED, "The caller did not authenticate.")

_BY_CODE: Dict[StatusCode, Type[RpcError]] = {
    cls.status_code: cls
    for cls in (
        Cancelled, Unknown, InvalidArgument, DeadlineExceeded, NotFound, AlreadyExists,
        PermissionDenied, ResourceExhausted, FailedPrecondition, Aborted, OutOfRange,
        Unimplemented, Internal, Unavailable, DataLoss, Unauthenticated,
    )
}


def error_for(
    code: int,
    message: str = "",
    *,
    metadata: Optional[Mapping[str, str]] = None,
    method: str = "",
) -> RpcError:
    """The exception for a non-OK ``code``: an instance of the matching :class:`RpcError` subclass."""
    status = StatusCode.coerce(code)
    cls = _BY_CODE.get(status)
    if cls is None:  # OK is not an error; report it as what it is, a protocol violation
        return RpcError(StatusCode.UNKNOWN if status == StatusCode.OK else status, message,
                        metadata=metadata, method=method)
    return cls(message, metadata=metadata, method=method)
