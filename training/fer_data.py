"""FER2013 records as tensors: headerless 2305-byte records (label byte, 48x48 pixels), xz or gzip compressed."""
import gzip
import lzma

import numpy as np
import torch

RECORD = 1 + 48 * 48
CLASSES = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]


def read_records(path, limit=None):
    """Returns (images uint8 [N, 1, 48, 48], labels int64 [N]) as CPU tensors."""
    opener = lzma.open if path.endswith(".xz") else gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read() if limit is None else f.read(RECORD * limit)
    if len(raw) % RECORD:
        raise ValueError(f"{path}: {len(raw)} bytes is not a whole number of {RECORD}-byte records")
    table = np.frombuffer(raw, dtype=np.uint8).reshape(-1, RECORD)
    labels = table[:, 0].astype(np.int64)
    if labels.max(initial=0) >= len(CLASSES):
        raise ValueError(f"{path}: label {labels.max()} out of range")
    images = table[:, 1:].reshape(-1, 1, 48, 48).copy()
    return torch.from_numpy(images), torch.from_numpy(labels)


def normalize(images_uint8):
    """The runtime's preprocessing (FerFacePreprocessing.scale): (x / 255 - 0.5) * 2, float32."""
    return (images_uint8.float() / 255.0 - 0.5) * 2.0
