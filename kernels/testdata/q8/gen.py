"""Writes maps.txt: bitsandbytes' dynamic quantization maps, signed and unsigned, as float32 bits, for kernels'
TestQ8MapsAgainstTorch. bitsandbytes is not needed: the construction is written out here in torch float32 tensor
operations, in the order bitsandbytes' create_dynamic_map(signed, max_exponent_bits=7, total_bits=8) performs
them (torch.linspace, the means of neighbouring boundaries, a Python scalar power of ten times a float32 tensor,
a sort). Run with any PyTorch (Debian's python3-torch 1.13 wrote the committed file):

    python3 gen.py > maps.txt

Each line is "signed i bits" or "unsigned i bits", i the code (0..255) and bits the map entry's float32 bits in hex.
"""
import struct

import torch


def dynamic_map(signed):
    # Each decade 10^(i-6), i = 0..6, holds a linear run of fractions in [0.1, 1]: the midpoints of a linspace
    # with 2^i (signed) or 2^(i+1) (unsigned) intervals; a signed map mirrors each run below zero. 0 and 1 close it.
    entries = []
    for i in range(7):
        intervals = 2**i if signed else 2 ** (i + 1)
        edges = torch.linspace(0.1, 1, intervals + 1)
        mids = (edges[:-1] + edges[1:]) / 2.0
        decade = 10 ** (i - 6)
        entries += (decade * mids).tolist()
        if signed:
            entries += (-decade * mids).tolist()
    entries += [0, 1.0]
    assert len(entries) == 256
    entries.sort()
    return torch.tensor(entries, dtype=torch.float32)


for name, signed in (("signed", True), ("unsigned", False)):
    for i, v in enumerate(dynamic_map(signed).tolist()):
        print("%s %d %08x" % (name, i, struct.unpack("<I", struct.pack("<f", v))[0]))
