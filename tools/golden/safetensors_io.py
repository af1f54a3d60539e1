"""Dependency-free reader and writer of the safetensors format, for torch tensors.

Layout (https://github.com/huggingface/safetensors): an 8-byte little-endian unsigned header length N, N bytes
of UTF-8 JSON padded with spaces to a multiple of 8, then the raw little-endian tensor bytes, row-major, laid
out back to back in header order starting at offset 0. The JSON maps each tensor name to
{"dtype", "shape", "data_offsets": [begin, end]} and the optional key "__metadata__" to a str -> str map.

The writer emits compact JSON with "__metadata__" first, as the official writer does, so its files load in the
official library. The reader validates the whole header before it trusts any offset.
"""

import ctypes
import json
import os
import sys

import torch

# The official library refuses larger headers; so do we, before allocating anything for one.
MAX_HEADER_BYTES = 100_000_000

# safetensors name -> (torch dtype, bytes per element); torch 1.13's dtypes do not know their own size.
_DTYPES = {
    "F64": (torch.float64, 8),
    "F32": (torch.float32, 4),
    "F16": (torch.float16, 2),
    "BF16": (torch.bfloat16, 2),
    "I64": (torch.int64, 8),
    "I32": (torch.int32, 4),
    "I16": (torch.int16, 2),
    "I8": (torch.int8, 1),
    "U8": (torch.uint8, 1),
    "BOOL": (torch.bool, 1),
}
_NAMES = {dtype: name for name, (dtype, _) in _DTYPES.items()}
# Formats the official library knows but torch 1.13 has no dtype for: named in the error instead of "unknown".
_UNSUPPORTED = {"U16", "U32", "U64", "F8_E4M3", "F8_E5M2"}


class SafetensorsError(ValueError):
    """A file that is not valid safetensors, or tensors that cannot be written as safetensors."""


def _require_little_endian():
    if sys.byteorder != "little":
        raise SafetensorsError("safetensors_io: safetensors data is little-endian and this host is %s-endian"
                               % sys.byteorder)


def _tensor_bytes(t):
    t = t.detach().cpu().contiguous()
    nbytes = t.numel() * t.element_size()
    return ctypes.string_at(t.data_ptr(), nbytes) if nbytes else b""


def serialize(tensors, metadata=None):
    """Returns the bytes of a safetensors file holding `tensors` (name -> torch.Tensor) and `metadata`."""
    _require_little_endian()
    if metadata is not None:
        if not isinstance(metadata, dict):
            raise SafetensorsError("serialize: metadata must be a dict of str -> str, got %s"
                                   % type(metadata).__name__)
        for k, v in metadata.items():
            if not isinstance(k, str) or not isinstance(v, str):
                raise SafetensorsError("serialize: metadata must map str -> str, got %r -> %r" % (k, v))
    entries = []
    for name, t in tensors.items():
        if not isinstance(name, str) or name == "" or name == "__metadata__":
            raise SafetensorsError("serialize: invalid tensor name %r" % (name,))
        if not isinstance(t, torch.Tensor):
            raise SafetensorsError("serialize: %r is a %s, not a torch.Tensor" % (name, type(t).__name__))
        if t.dtype not in _NAMES:
            raise SafetensorsError("serialize: %r has dtype %s, which safetensors cannot hold" % (name, t.dtype))
        entries.append((name, t))
    # Larger elements first (stable, so insertion order otherwise): with an 8-byte-aligned header every
    # tensor then starts at a multiple of its element size, which zero-copy readers rely on.
    entries.sort(key=lambda e: -e[1].element_size())

    header = {}
    if metadata:
        header["__metadata__"] = dict(metadata)
    chunks = []
    offset = 0
    for name, t in entries:
        data = _tensor_bytes(t)
        header[name] = {"dtype": _NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        chunks.append(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return b"".join([len(text).to_bytes(8, "little"), text] + chunks)


def save(tensors, path, metadata=None):
    """Writes `tensors` (name -> torch.Tensor) and optional `metadata` (str -> str) to `path` atomically."""
    data = serialize(tensors, metadata)
    tmp = "%s.tmp%d" % (path, os.getpid())
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _check_entry(name, info):
    where = "tensor %r" % name
    if not isinstance(info, dict) or set(info) != {"dtype", "shape", "data_offsets"}:
        raise SafetensorsError("%s: expected exactly dtype, shape and data_offsets, got %r" % (where, info))
    dtype, shape, offsets = info["dtype"], info["shape"], info["data_offsets"]
    if dtype in _UNSUPPORTED:
        raise SafetensorsError("%s: dtype %s has no torch %s equivalent" % (where, dtype, torch.__version__))
    if dtype not in _DTYPES:
        raise SafetensorsError("%s: unknown dtype %r" % (where, dtype))
    if not isinstance(shape, list) or not all(type(d) is int and d >= 0 for d in shape):
        raise SafetensorsError("%s: shape must be a list of non-negative integers, got %r" % (where, shape))
    if (not isinstance(offsets, list) or len(offsets) != 2
            or not all(type(o) is int and o >= 0 for o in offsets) or offsets[1] < offsets[0]):
        raise SafetensorsError("%s: data_offsets must be [begin, end] with 0 <= begin <= end, got %r"
                               % (where, offsets))
    count = 1
    for d in shape:
        count *= d
    nbytes = count * _DTYPES[dtype][1]
    if offsets[1] - offsets[0] != nbytes:
        raise SafetensorsError("%s: data_offsets %r span %d bytes but %s %r needs %d"
                               % (where, offsets, offsets[1] - offsets[0], dtype, shape, nbytes))


def _no_duplicates(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise SafetensorsError("header: duplicate key %r" % (k,))
        out[k] = v
    return out


def deserialize(data, source="<bytes>"):
    """Parses the bytes of a safetensors file; returns (name -> torch.Tensor, metadata dict)."""
    _require_little_endian()
    size = len(data)
    if size < 8:
        raise SafetensorsError("%s: %d bytes, shorter than the 8-byte header length" % (source, size))
    n = int.from_bytes(data[:8], "little")
    if n > MAX_HEADER_BYTES:
        raise SafetensorsError("%s: header length %d exceeds the %d-byte limit" % (source, n, MAX_HEADER_BYTES))
    if 8 + n > size:
        raise SafetensorsError("%s: header length %d runs past the end of the %d-byte file" % (source, n, size))
    try:
        text = bytes(data[8:8 + n]).decode("utf-8")
    except UnicodeDecodeError as e:
        raise SafetensorsError("%s: header is not UTF-8 (%s)" % (source, e)) from None
    if not text.startswith("{"):
        raise SafetensorsError("%s: header does not start with '{'" % source)
    try:
        header = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as e:
        raise SafetensorsError("%s: header is not valid JSON (%s)" % (source, e)) from None
    if not isinstance(header, dict):
        raise SafetensorsError("%s: header is not a JSON object" % source)

    metadata = header.pop("__metadata__", None)
    if metadata is None:
        metadata = {}
    elif not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise SafetensorsError("%s: __metadata__ must map str -> str" % source)
    for name, info in header.items():
        _check_entry(name, info)

    # Offsets must tile the data area exactly: sorted by offset, each tensor starts where the last ended.
    data_size = size - 8 - n
    end = 0
    for name, info in sorted(header.items(), key=lambda e: tuple(e[1]["data_offsets"])):
        begin, stop = info["data_offsets"]
        if begin != end:
            raise SafetensorsError("%s: tensor %r starts at offset %d, expected %d (gap or overlap)"
                                   % (source, name, begin, end))
        end = stop
    if end != data_size:
        raise SafetensorsError("%s: tensors cover %d bytes but the data area holds %d" % (source, end, data_size))

    tensors = {}
    base = 8 + n
    for name, info in header.items():
        dtype, shape = _DTYPES[info["dtype"]][0], info["shape"]
        begin, stop = info["data_offsets"]
        if begin == stop:
            tensors[name] = torch.empty(shape, dtype=dtype)
        else:
            raw = bytearray(data[base + begin:base + stop])
            tensors[name] = torch.frombuffer(raw, dtype=dtype).reshape(shape)
    return tensors, metadata


def load(path):
    """Reads a safetensors file; returns (name -> torch.Tensor, metadata dict, empty when absent)."""
    with open(path, "rb") as f:
        data = f.read()
    return deserialize(data, source=str(path))
