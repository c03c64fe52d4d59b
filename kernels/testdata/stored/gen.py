#!/usr/bin/python3
"""Writes torch.json: trajectories of Adam over weights, gradients and state stored in bfloat16 or float16, from
PyTorch, for kernels' TestStoredAgainstTorch. Run with Debian's python3-torch (1.13 wrote the committed file):

    /usr/bin/python3 gen.py > torch.json

PyTorch >= 2.4's fused CPU Adam computes low-precision tensors in float32 and rounds once per stored value; torch
1.13 has no such kernel (and its float32 Adam still uses mul_/add_ where 2.x uses lerp_), so each step is written
out in float32 tensor operations, one rounding each, in PyTorch 2.x's order (the equations kernels.Adam documents):
widen the stored tensors with .float(), step, and round back with .to(dtype). The scalars are computed in float64
and rounded to float32 once, as the kernels round their step's scalars. The gradient of the separable quadratic,
g = c*(w - t), is computed in float32 from the widened weights and stored in the gradients' type. Modes: all 16-bit (fused Adam on bf16/fp16 parameters), float32 weights with 16-bit moments,
and float32 Adam writing a 16-bit copy of the weights. Values are the stored bits in hex.
"""
import json
import math
import struct
import sys

import torch

STEPS = 20
RECORD = [1, 2, 5, 20]
TYPES = {"f32": torch.float32, "bf16": torch.bfloat16, "f16": torch.float16}


def hexs(x):
    if x.dtype == torch.float32:
        return " ".join(struct.pack(">f", v).hex() for v in x.tolist())
    return " ".join("%04x" % (v & 0xFFFF) for v in x.view(torch.int16).tolist())


def f32(x):
    return torch.tensor(x, dtype=torch.float32)


def adam_step(k, config, w, g, m, v, vmax):
    """One Adam step at step k over float32 tensors, in PyTorch 2.x's order; returns the new w, m, v, vmax."""
    lr, (b1, b2), eps, wd = config["lr"], config["betas"], config["eps"], config["weight_decay"]
    bc1, bc2 = 1 - b1 ** k, 1 - b2 ** k
    nss, bc2sqrt = f32(-(lr / bc1)), f32(math.sqrt(bc2))
    decay = f32(1 - lr * wd) if config["decoupled"] else f32(1.0)
    gi = g
    if wd != 0 and not config["decoupled"]:
        gi = torch.add(gi, torch.mul(f32(wd), w))
    wi = torch.mul(w, decay)
    wt = 1 - b1  # lerp(m, gi, wt): measured from m below a weight of 0.5, from gi above
    if abs(wt) < 0.5:
        m = torch.add(m, torch.mul(f32(wt), torch.sub(gi, m)))
    else:
        m = torch.add(gi, torch.mul(f32(-(1 - wt)), torch.sub(gi, m)))
    v = torch.add(torch.mul(v, f32(b2)), torch.mul(torch.mul(f32(1 - b2), gi), gi))
    vi = v
    if config["amsgrad"]:
        vmax = torch.maximum(vmax, v)
        vi = vmax
    den = torch.add(torch.div(torch.sqrt(vi), bc2sqrt), f32(eps))
    return torch.add(wi, torch.div(torch.mul(nss, m), den)), m, v, vmax


def run(types, config, n, seed):
    g = torch.Generator().manual_seed(seed)
    w0 = torch.randn(n, generator=g, dtype=torch.float64).to(torch.float32)
    c = (0.5 + 1.5 * torch.rand(n, generator=g, dtype=torch.float64)).to(torch.float32)
    t = torch.randn(n, generator=g, dtype=torch.float64).to(torch.float32)
    wt, gt, st = TYPES[types["w"]], TYPES[types["g"]], TYPES[types["state"]]
    w = w0.to(wt)
    m, v, vmax = torch.zeros(n, dtype=st), torch.zeros(n, dtype=st), torch.zeros(n, dtype=st)
    rec = {}
    for k in range(1, STEPS + 1):
        grad = torch.mul(c, torch.sub(w.float(), t)).to(gt)
        w32, m32, v32, vmax32 = adam_step(k, config, w.float(), grad.float(), m.float(), v.float(), vmax.float())
        w, m, v, vmax = w32.to(wt), m32.to(st), v32.to(st), vmax32.to(st)
        if k in RECORD:
            r = {"w": hexs(w), "m": hexs(m), "v": hexs(v)}
            if config["amsgrad"]:
                r["vmax"] = hexs(vmax)
            if "copy" in types:
                r["copy"] = hexs(w32.to(TYPES[types["copy"]]))
            rec[str(k)] = r
    return {"w0": hexs(w0.to(wt)), "c": hexs(c), "t": hexs(t), "steps": rec}


def main():
    torch.set_num_threads(1)
    adam = {"lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False, "decoupled": False}
    adamw = dict(adam, weight_decay=0.1, decoupled=True, amsgrad=True, betas=[0.8, 0.99])
    l2 = dict(adam, weight_decay=0.01, lr=0.003)
    modes = [
        ("all bf16", {"w": "bf16", "g": "bf16", "state": "bf16"}),
        ("all f16", {"w": "f16", "g": "f16", "state": "f16"}),
        ("bf16 moments", {"w": "f32", "g": "f32", "state": "bf16"}),
        ("f16 moments", {"w": "f32", "g": "f32", "state": "f16"}),
        ("bf16 copy", {"w": "f32", "g": "f32", "state": "f32", "copy": "bf16"}),
        ("f16 copy", {"w": "f32", "g": "f32", "state": "f32", "copy": "f16"}),
    ]
    out = {"torch": torch.__version__, "cases": []}
    seed = 0
    for mname, types in modes:
        for cname, config in (("Adam", adam), ("AdamW amsgrad", adamw), ("Adam L2", l2)):
            seed += 1
            case = {"name": mname + ", " + cname, "types": types, "config": config}
            case.update(run(types, config, 67, seed))
            out["cases"].append(case)
    json.dump(out, sys.stdout, indent=0)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
