"""Writes torch.txt: how PyTorch rounds float32 values to bfloat16 and float16, and widens float16, for
kernels' TestHalfAgainstTorch. Run with any PyTorch (Debian's python3-torch 1.13 wrote the committed file):

    python3 gen.py > torch.txt

Each line is "r x bf16 f16" for a rounding (x the float32's bits) or "w h f32" for a widening (h the float16's
bits), in hex. The values: every special and boundary of both formats, the rounding ties and their neighbours at
every binary16 exponent, and random bit patterns from a fixed seed.
"""
import numpy as np
import torch

rng = np.random.default_rng(20261205)
xs = [0, 0x80000000, 1, 0x7FFFFF, 0x800000, 0x7F7FFFFF, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000,
      0x7F800001, 0x7FBFFFFF, 0x3F800000, 0xBF800000]
for e in range(0, 256):
    base = e << 23
    for low in (0, 1, 0x7FFF, 0x8000, 0x8001, 0x18000, 0xFFF, 0x1000, 0x1001, 0x3000, 0x7FFFFF):
        xs += [base | low, 0x80000000 | base | low]
# binary16's subnormal ties: k + 1/2 units of 2^-24 for small k, and the values just off them.
for k in range(0, 64):
    v = np.float32((k + 0.5) * 2.0**-24)
    b = int(np.array([v]).view(np.uint32)[0])
    xs += [b - 1, b, b + 1]
xs += [int(v) for v in rng.integers(0, 2**32, 6000, dtype=np.uint64)]
# random values of ordinary magnitudes, where weights and moments live
xs += [int(v) for v in np.float32(rng.standard_normal(2000) * 10.0 ** rng.integers(-12, 6, 2000)).view(np.uint32)]

x = torch.from_numpy(np.array(xs, dtype=np.uint32).view(np.float32))
bf = x.to(torch.bfloat16).view(torch.int16).numpy().view(np.uint16)
f16 = x.to(torch.float16).numpy().view(np.uint16)
for xi, b, h in zip(xs, bf, f16):
    print("r %08x %04x %04x" % (xi, b, h))

hs = list(range(0, 65536, 7)) + [0x7C00, 0xFC00, 0x7C01, 0x7E00, 0xFE00, 0x7FFF, 0x0001, 0x8001, 0x03FF, 0x0400]
h = torch.from_numpy(np.array(hs, dtype=np.uint16).view(np.float16))
w = h.to(torch.float32).numpy().view(np.uint32)
for hi, wi in zip(hs, w):
    print("w %04x %08x" % (hi, wi))
