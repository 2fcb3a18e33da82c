"""CurveZMQ key files, as `mmctl keys generate` writes them (docs/deploy.md, security).

A key-pair file has the lines ``public <Z85>`` and ``secret <Z85>``; a public-key file has the
``public`` line alone.
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple


def _fields(path: str) -> Dict[str, str]:
    fields = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split(None, 1)
            if len(parts) == 2:
                key = parts[1].strip()
                if len(key) != 40:
                    raise ValueError(f"{path}: the {parts[0]} key is not 40 Z85 characters")
                fields[parts[0]] = key
    return fields


def load_keys(key_pair_file: Optional[str], gateway_key_file: Optional[str]) -> Optional[Tuple[bytes, bytes, bytes]]:
    """(public, secret, gateway public) as Z85 bytes, or None when neither file is given."""
    if key_pair_file is None and gateway_key_file is None:
        return None
    if key_pair_file is None or gateway_key_file is None:
        raise ValueError("CURVE needs both a key-pair file (curve_keys) and the gateway's public key (gateway_key)")
    pair = _fields(key_pair_file)
    if "public" not in pair or "secret" not in pair:
        raise ValueError(f"{key_pair_file} is not a key-pair file (needs 'public' and 'secret' lines)")
    server = _fields(gateway_key_file).get("public")
    if server is None:
        raise ValueError(f"{gateway_key_file} has no 'public' line")
    return pair["public"].encode(), pair["secret"].encode(), server.encode()
