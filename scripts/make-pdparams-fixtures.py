#!/usr/bin/python3
"""Writes small .pdparams-style pickles (and the values numpy sees in them) to tests/fixtures/pdparams/.

Run with Debian's python3 and numpy (`apt-get install -y python3-numpy`, then `/usr/bin/python3
scripts/make-pdparams-fixtures.py`). Only numpy and the standard library are used: no Paddle. The
files are what `paddle.save(layer.state_dict(), path, protocol=...)` writes: a plain dict of
float32 C-order arrays plus a `StructuredToParameterName@@` name table.

The malicious fixtures are built but never loaded here.
"""
import hashlib
import json
import os
import pickle
import pickletools
import subprocess
import sys
import types

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'fixtures', 'pdparams')
STRUCTURED = 'StructuredToParameterName@@'

# numpy 2.x pickles name `numpy._core.multiarray._reconstruct`; Debian 12 ships numpy 1.24, whose
# function lives in `numpy.core.multiarray`. To write the 2.x path honestly we register an alias
# module under the 2.x name holding a wrapper that calls the real function, and pickle arrays through
# it (reducer_override below). The bytes are then what numpy 2 writes for this global; the check at
# the end loads every such file back through the alias to prove it is a valid pickle.
_np2_multiarray = types.ModuleType('numpy._core.multiarray')


def _reconstruct(*args):
    return np.core.multiarray._reconstruct(*args)


_reconstruct.__module__ = 'numpy._core.multiarray'
_reconstruct.__qualname__ = '_reconstruct'
_np2_multiarray._reconstruct = _reconstruct
sys.modules.setdefault('numpy._core', types.ModuleType('numpy._core'))
sys.modules['numpy._core.multiarray'] = _np2_multiarray


class Numpy2Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        if type(obj) is np.ndarray:
            _, args, state = obj.__reduce__()
            return (_reconstruct, args, state)
        return NotImplemented


def dumps(obj, protocol, numpy2=False):
    if not numpy2:
        return pickle.dumps(obj, protocol=protocol)
    import io
    buf = io.BytesIO()
    Numpy2Pickler(buf, protocol=protocol).dump(obj)
    return buf.getvalue()


def state_dict(arrays):
    """A Paddle-style state dict: the arrays plus the name table (same key objects, as Paddle does)."""
    d = dict(arrays)
    d[STRUCTURED] = {k: 'param_%d.w_0' % i for i, k in enumerate(arrays)}
    return d


def describe(name, arr):
    f32 = np.ascontiguousarray(arr, dtype='<f4')
    return {
        'name': name,
        'shape': list(arr.shape),
        'dtype_in_file': arr.dtype.str,
        'sha256_f32': hashlib.sha256(f32.tobytes()).hexdigest(),
        'first': [float(x) for x in f32.reshape(-1)[:4]],
        'sum_f64': float(f32.astype(np.float64).sum()),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20220613)
    f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32)

    # Shapes like the real checkpoints (conv, linear [in, out], BN vectors, a PReLU [1]) plus one
    # array over 64 KiB, which protocol 4 writes outside its frames.
    arrays = {
        'predictor.encoder.4.conv.weight': f32(3, 32, 3, 3),
        'predictor.encoder.4.conv.bias': f32(3),
        'EncoderModulation.0.style.weight': f32(512, 3),
        'prelu._weight': np.array([0.25], dtype=np.float32),
        'final.2._variance': np.abs(f32(8)) + 0.5,
        'mask.0.2.weight': f32(128, 160, 1, 1),
    }
    expected = {'files': {}, 'refused': {}, 'rejected': {}}

    def write(fname, obj, protocol, numpy2=False):
        data = dumps(obj, protocol, numpy2)
        with open(os.path.join(OUT, fname), 'wb') as f:
            f.write(data)
        return data

    for protocol in (2, 4):
        for numpy2 in (False, True):
            fname = 'small_p%d_np%d.pdparams' % (protocol, 2 if numpy2 else 1)
            write(fname, state_dict(arrays), protocol, numpy2)
            expected['files'][fname] = {
                'protocol': protocol,
                'numpy_module': 'numpy._core' if numpy2 else 'numpy.core',
                'tensors': [describe(k, v) for k, v in arrays.items()],
                'structured_names': {k: 'param_%d.w_0' % i for i, k in enumerate(arrays)},
                'converted': [],
            }

    # float64 / float16 arrays: converted to float32 by the reader (with a note).
    mixed = {'a.float64': rng.standard_normal((4, 5)), 'b.float16': f32(7).astype(np.float16), 'c.float32': f32(3)}
    write('mixed_dtypes_p4.pdparams', state_dict(mixed), 4)
    expected['files']['mixed_dtypes_p4.pdparams'] = {
        'protocol': 4,
        'numpy_module': 'numpy.core',
        'tensors': [describe(k, v) for k, v in mixed.items()],
        'structured_names': {k: 'param_%d.w_0' % i for i, k in enumerate(mixed)},
        'converted': ['a.float64', 'b.float16'],
    }

    # Layouts and dtypes the engine must refuse, naming the tensor.
    rejects = {
        'bigendian_p4.pdparams': ('x.weight', f32(2, 3).astype('>f4'), 'big-endian'),
        'fortran_p4.pdparams': ('x.weight', np.asfortranarray(f32(3, 4)), 'Fortran'),
        'int64_p2.pdparams': ('x.weight', np.arange(6, dtype=np.int64).reshape(2, 3), 'not a float'),
    }
    for fname, (key, arr, reason) in rejects.items():
        write(fname, state_dict({key: arr}), int(fname[-10]))
        expected['rejected'][fname] = {'tensor': key, 'reason': reason}

    # Malicious pickles: each references a global that would run code in Python.
    # 1) protocol 2, hand-assembled so the file literally names `os.system` (pickling os.system
    #    itself would write `posix.system`): {'evil': os.system('echo pwned')}
    evil_os = (
        b'\x80\x02}q\x00X\x04\x00\x00\x00evilq\x01cos\nsystem\nq\x02'
        b'X\x0a\x00\x00\x00echo pwnedq\x03\x85q\x04Rq\x05s.'
    )
    pickletools.dis(evil_os, out=open(os.devnull, 'w'))  # well-formed; never loaded
    with open(os.path.join(OUT, 'malicious_os_system_p2.pdparams'), 'wb') as f:
        f.write(evil_os)
    expected['refused']['malicious_os_system_p2.pdparams'] = 'os.system'

    # 2) protocol 4, builtins.eval hidden after a legitimate array in an otherwise valid state dict.
    class Eval:
        def __reduce__(self):
            return (eval, ("__import__('os').system('echo pwned')",))

    write('malicious_builtins_eval_p4.pdparams', {'conv1.weight': f32(2, 2), 'bn1.weight': Eval()}, 4)
    expected['refused']['malicious_builtins_eval_p4.pdparams'] = 'builtins.eval'

    # 3) protocol 4, subprocess.Popen as a dict value (protocol 2 would rename it `commands.Popen`
    #    for Python 2 compatibility).
    class Popen:
        def __reduce__(self):
            return (subprocess.Popen, (['echo', 'pwned'],))

    write('malicious_subprocess_p4.pdparams', {'fc.weight': Popen()}, 4)
    expected['refused']['malicious_subprocess_p4.pdparams'] = 'subprocess.Popen'

    # Self-check: numpy reads every benign file back to the values described above.
    for fname, spec in expected['files'].items():
        with open(os.path.join(OUT, fname), 'rb') as f:
            loaded = pickle.load(f, encoding='latin1')
        assert loaded.pop(STRUCTURED) == spec['structured_names'], fname
        got = [describe(k, v) for k, v in loaded.items()]
        assert got == spec['tensors'], fname

    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=2)
        f.write('\n')
    print('wrote %d files to %s' % (len(os.listdir(OUT)), os.path.normpath(OUT)))


if __name__ == '__main__':
    main()
