"""Self-check of the golden tooling: safetensors_io against the format (exact bytes, every dtype, malformed
files), then every golden file against the naming conventions and the size budget. When the official
`safetensors` package is importable, each golden file is also loaded with it and compared bit for bit.

Run: /usr/bin/python3 tools/golden/check_roundtrip.py   (exit status 1 on any failure)
"""

import glob
import json
import os
import struct
import sys
import traceback

import torch

import safetensors_io as sio
from golden_common import OUT_DIR, check_file

GOLDEN_FILES = ["elementwise", "linalg", "conv", "norm", "reduce_shape", "loss", "optim"]
# Written by gen_nn.py: a plain PyTorch state dict and the model's behaviour, outside the case conventions.
MODEL_FILES = ["nn_state", "nn_io"]
MAX_TOTAL_BYTES = 2 * 1024 * 1024
CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def bits_equal(a, b):
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    view = {1: torch.uint8, 2: torch.int16, 4: torch.int32, 8: torch.int64}[a.element_size()]
    return torch.equal(a.contiguous().view(view), b.contiguous().view(view))


def expect_error(data, fragment):
    try:
        sio.deserialize(data)
    except sio.SafetensorsError as e:
        assert fragment in str(e), "error %r does not mention %r" % (str(e), fragment)
        return
    raise AssertionError("accepted a malformed file (expected an error about %r)" % fragment)


def header_bytes(header_text, data=b""):
    text = header_text.encode("utf-8")
    return len(text).to_bytes(8, "little") + text + data


@check
def exact_bytes_of_the_official_writer():
    # The byte layouts the official writer produces for these inputs (its own serialization tests).
    t = torch.arange(6, dtype=torch.float32).reshape(1, 2, 3)
    data = struct.pack("<6f", *range(6))
    header = b'{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}'
    assert len(header) == 64
    assert sio.serialize({"attn.0": t}) == (64).to_bytes(8, "little") + header + data
    header = b'{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}' + b" " * 7
    assert sio.serialize({"attn0": t.reshape(1, 1, 2, 3)}) == (72).to_bytes(8, "little") + header + data
    assert sio.serialize({}) == (8).to_bytes(8, "little") + b"{}" + b" " * 6
    header = b'{"__metadata__":{"framework":"pt"}}' + b" " * 5
    assert sio.serialize({}, {"framework": "pt"}) == (40).to_bytes(8, "little") + header


@check
def every_dtype_round_trips():
    g = torch.Generator().manual_seed(7)
    tensors = {
        "f64": torch.randn(3, 2, dtype=torch.float64, generator=g),
        "f32": torch.randn(5, generator=g),
        "f16": torch.randn(3, generator=g).half(),
        "bf16": torch.randn(3, generator=g).bfloat16(),
        "i64": torch.tensor([-(2 ** 40), 3]),
        "i32": torch.tensor([-7, 0, 2 ** 30], dtype=torch.int32),
        "i16": torch.tensor([-300, 5], dtype=torch.int16),
        "i8": torch.tensor([-128, 127], dtype=torch.int8),
        "u8": torch.tensor([0, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 3),
        "negzero": torch.tensor([-0.0, float("inf"), float("nan")]),
        "strided": torch.randn(4, 6, generator=g).t(),
    }
    back, meta = sio.deserialize(sio.serialize(tensors, {"k": "v", "json": '{"op": "x"}'}))
    assert meta == {"k": "v", "json": '{"op": "x"}'}
    assert set(back) == set(tensors)
    for name, t in tensors.items():
        assert bits_equal(back[name], t.contiguous()), name
    assert sio.deserialize(sio.serialize({"a": torch.ones(1)}))[1] == {}


@check
def tensors_are_aligned_and_contiguous():
    tensors = {"a": torch.ones(3, dtype=torch.uint8), "b": torch.ones(3), "c": torch.ones(1, dtype=torch.int64),
               "d": torch.ones(3, dtype=torch.float16)}
    data = sio.serialize(tensors)
    n = int.from_bytes(data[:8], "little")
    assert n % 8 == 0
    header = json.loads(data[8:8 + n])
    end = 0
    for name in header:
        begin, stop = header[name]["data_offsets"]
        assert begin == end, "gap before %s" % name
        assert begin % tensors[name].element_size() == 0, "%s misaligned at %d" % (name, begin)
        end = stop
    assert 8 + n + end == len(data)


@check
def writer_refuses_what_safetensors_cannot_hold():
    for tensors, meta in [({"c": torch.ones(2, dtype=torch.complex64)}, None), ({"__metadata__": torch.ones(1)}, None),
                          ({"x": [1.0]}, None), ({"x": torch.ones(1)}, {"k": 1})]:
        try:
            sio.serialize(tensors, meta)
        except sio.SafetensorsError:
            continue
        raise AssertionError("serialized %r with metadata %r" % (tensors, meta))


@check
def reader_rejects_malformed_files():
    good = sio.serialize({"a": torch.ones(2), "b": torch.ones(3)})
    expect_error(good[:5], "shorter than")
    expect_error(good[:-1], "data area")
    expect_error(good + b"\0" * 4, "data area")
    expect_error((10 ** 9).to_bytes(8, "little") + good[8:], "exceeds")
    expect_error((len(good)).to_bytes(8, "little") + good[8:], "runs past")
    expect_error(header_bytes('  {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', b"\0" * 4), "start with")
    expect_error(header_bytes('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}', b"\0" * 4), "not valid JSON")
    expect_error(header_bytes('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', b"\0" * 4), "needs 8")
    expect_error(header_bytes('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', b"\0" * 8), "gap or overlap")
    expect_error(header_bytes('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                              '"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', b"\0" * 4), "gap or overlap")
    expect_error(header_bytes('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                              '"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', b"\0" * 8), "duplicate")
    expect_error(header_bytes('{"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}', b"\0" * 4), "unknown dtype")
    expect_error(header_bytes('{"a":{"dtype":"U32","shape":[1],"data_offsets":[0,4]}}', b"\0" * 4), "no torch")
    expect_error(header_bytes('{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', b"\0" * 4), "non-negative")
    expect_error(header_bytes('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}', b"\0" * 4), "begin <= end")
    expect_error(header_bytes('{"__metadata__":{"k":1}}'), "str -> str")
    expect_error(len(b"\xff{}").to_bytes(8, "little") + b"\xff{}", "not UTF-8")


@check
def golden_files_follow_the_conventions():
    total = 0
    paths = glob.glob(os.path.join(OUT_DIR, "*.safetensors"))
    found = sorted(os.path.basename(p)[:-len(".safetensors")] for p in paths)
    expected = sorted(GOLDEN_FILES + MODEL_FILES)
    assert found == expected, "golden files %s, expected %s" % (found, expected)
    for name in GOLDEN_FILES:
        path = os.path.join(OUT_DIR, name + ".safetensors")
        check_file(path)
        total += os.path.getsize(path)
    for name in MODEL_FILES:
        path = os.path.join(OUT_DIR, name + ".safetensors")
        sio.load(path)
        total += os.path.getsize(path)
    assert total < MAX_TOTAL_BYTES, "golden files total %d bytes, over %d" % (total, MAX_TOTAL_BYTES)


@check
def official_library_reads_the_golden_files():
    try:
        from safetensors import safe_open
    except ImportError:
        print("  (official safetensors package not importable: cross-check skipped)")
        return
    for name in GOLDEN_FILES:
        path = os.path.join(OUT_DIR, name + ".safetensors")
        ours, meta = sio.load(path)
        with safe_open(path, framework="pt") as f:
            assert f.metadata() == meta, "%s: metadata differs" % path
            assert set(f.keys()) == set(ours), "%s: tensor names differ" % path
            for key in f.keys():
                assert bits_equal(f.get_tensor(key), ours[key]), "%s: %s differs" % (path, key)


def main():
    failed = 0
    for fn in CHECKS:
        try:
            fn()
            print("ok    %s" % fn.__name__)
        except Exception:
            failed += 1
            print("FAIL  %s" % fn.__name__)
            traceback.print_exc()
    print("%d passed, %d failed" % (len(CHECKS) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
