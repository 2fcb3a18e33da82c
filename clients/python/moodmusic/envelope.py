"""The MMC1 client envelope (docs/protocol.md §1): building request frames, reading responses.

Pure functions over bytes, shared by the threaded and any other client, and checked against
the golden frames in Tests/Conformance/envelope-frames.json.
"""

from __future__ import annotations

from typing import List, Mapping, Optional, Sequence, Tuple

from google.protobuf.message import DecodeError

from .proto import wire_pb2

PROTOCOL_ID = b"MMC1"


class NotAResponse(ValueError):
    """The frames are not an MMC1 response; a client drops such a message."""


def encode_request(method: str, payload: bytes, *, request_id: int, timeout_ms: int, wait_for_ready: bool = False,
                   metadata: Optional[Mapping[str, str]] = None) -> List[bytes]:
    """The five frames a DEALER sends for one call."""
    header = wire_pb2.RequestHeader(request_id=request_id, timeout_ms=timeout_ms, wait_for_ready=wait_for_ready,
                                    metadata=dict(metadata or {}))
    return [b"", PROTOCOL_ID, method.encode("utf-8"), header.SerializeToString(deterministic=True), payload]


def decode_response(frames: Sequence[bytes]) -> Tuple[wire_pb2.ResponseHeader, bytes]:
    """The header and payload of a response; raises NotAResponse for anything else."""
    if len(frames) != 4 or frames[0] != b"" or frames[1] != PROTOCOL_ID:
        raise NotAResponse(f"not an MMC1 response ({len(frames)} frames)")
    try:
        header = wire_pb2.ResponseHeader.FromString(frames[2])
    except DecodeError as exc:
        raise NotAResponse(f"unreadable ResponseHeader: {exc}") from exc
    return header, frames[3]
