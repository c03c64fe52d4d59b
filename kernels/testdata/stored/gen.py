#!/usr/bin/python3
"""Writes torch.json: trajectories of Adam, SGD, Lion and Adagrad over weights, gradients and state stored in
bfloat16 or float16, from PyTorch, for kernels' TestStoredAgainstTorch. Run with Debian's python3-torch (1.13 wrote
the committed file):

    /usr/bin/python3 gen.py > torch.json

PyTorch >= 2.4's fused CPU optimizers compute low-precision tensors in float32 and round once per stored value;
torch 1.13 has no such kernels (and its float32 Adam still uses mul_/add_ where 2.x uses lerp_), so each step is
written out in float32 tensor operations, one rounding each, in PyTorch 2.x's order (the equations fastgrad's
kernels document; Lion, which torch.optim lacks, as its paper and kernels.Lion define it): widen the stored tensors
with .float(), step, and round back with .to(dtype). The scalars are computed in float64 and rounded to float32
once, as the kernels round their step's scalars. The gradient of the separable quadratic, g = c*(w - t), is
computed in float32 from the widened weights and stored in the gradients' type.

Modes: all 16-bit (the fused optimizers on bf16/fp16 parameters), float32 weights with 16-bit state, and the
float32 step writing a 16-bit copy of the weights (DeepSpeed's offload step). Values are the stored bits in hex.
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


def sgd_step(k, config, w, g, state):
    """One SGD step at step k, in fastgrad's (and PyTorch's) order; state is [buf] with momentum, [] without."""
    gi = g
    if config["weight_decay"] != 0:
        gi = torch.add(gi, torch.mul(f32(config["weight_decay"]), w))
    mom = config["momentum"]
    if mom != 0:
        b = gi if k == 1 else torch.add(torch.mul(state[0], f32(mom)), torch.mul(f32(1 - config["dampening"]), gi))
        state = [b]
        gi = torch.add(gi, torch.mul(f32(mom), b)) if config["nesterov"] else b
    return torch.add(w, torch.mul(f32(-config["lr"]), gi)), state


def lion_step(k, config, w, g, state):
    """One Lion step: c = β1·m + (1 − β1)·g, w = decay·w − lr·sign(c), m = β2·m + (1 − β2)·g."""
    (b1, b2), lr, wd = config["betas"], config["lr"], config["weight_decay"]
    m = state[0]
    c = torch.add(torch.mul(m, f32(b1)), torch.mul(f32(1 - b1), g))
    w = torch.add(torch.mul(w, f32(1 - lr * wd)), torch.mul(f32(-lr), torch.sign(c)))
    return w, [torch.add(torch.mul(m, f32(b2)), torch.mul(f32(1 - b2), g))]


def adagrad_step(k, config, w, g, state):
    """One Adagrad step: sum += g'·g', w += (−clr·g')/(√sum + ε), clr = lr/(1 + (k − 1)·lr_decay)."""
    gi = g
    if config["weight_decay"] != 0:
        gi = torch.add(gi, torch.mul(f32(config["weight_decay"]), w))
    s = torch.add(state[0], torch.mul(gi, gi))
    clr = config["lr"] / (1 + (k - 1) * config["lr_decay"])
    den = torch.add(torch.sqrt(s), f32(config["eps"]))
    return torch.add(w, torch.div(torch.mul(f32(-clr), gi), den)), [s]


def adam_state_step(k, config, w, g, state):
    w, m, v, vmax = adam_step(k, config, w, g, state[0], state[1], state[2] if config["amsgrad"] else None)
    return w, [m, v, vmax] if config["amsgrad"] else [m, v]


OPTIMIZERS = {"Adam": adam_state_step, "SGD": sgd_step, "Lion": lion_step, "Adagrad": adagrad_step}


def initial_state(optimizer, config, n, st):
    if optimizer == "Adam":
        return [torch.zeros(n, dtype=st) for _ in range(3 if config["amsgrad"] else 2)]
    if optimizer == "SGD":
        return [torch.zeros(n, dtype=st)] if config["momentum"] != 0 else []
    if optimizer == "Adagrad":
        return [torch.full((n,), config["initial_accumulator_value"], dtype=torch.float32).to(st)]
    return [torch.zeros(n, dtype=st)]


def run(optimizer, types, config, n, seed):
    g = torch.Generator().manual_seed(seed)
    w0 = torch.randn(n, generator=g, dtype=torch.float64).to(torch.float32)
    c = (0.5 + 1.5 * torch.rand(n, generator=g, dtype=torch.float64)).to(torch.float32)
    t = torch.randn(n, generator=g, dtype=torch.float64).to(torch.float32)
    wt, gt, st = TYPES[types["w"]], TYPES[types["g"]], TYPES[types["state"]]
    w = w0.to(wt)
    state = initial_state(optimizer, config, n, st)
    rec = {}
    for k in range(1, STEPS + 1):
        grad = torch.mul(c, torch.sub(w.float(), t)).to(gt)
        w32, s32 = OPTIMIZERS[optimizer](k, config, w.float(), grad.float(), [x.float() for x in state])
        w, state = w32.to(wt), [x.to(st) for x in s32]
        if k in RECORD:
            r = {"w": hexs(w), "state": [hexs(x) for x in state]}
            if "copy" in types:
                r["copy"] = hexs(w32.to(TYPES[types["copy"]]))
            rec[str(k)] = r
    return {"w0": hexs(w0.to(wt)), "c": hexs(c), "t": hexs(t), "steps": rec}


def main():
    torch.set_num_threads(1)
    adam = {"lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False, "decoupled": False}
    sgd = {"lr": 0.05, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.01, "nesterov": True}
    adagrad = {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01, "eps": 1e-10, "initial_accumulator_value": 0.1}
    configs = [
        ("Adam", "Adam", adam),
        ("Adam", "AdamW amsgrad", dict(adam, weight_decay=0.1, decoupled=True, amsgrad=True, betas=[0.8, 0.99])),
        ("Adam", "Adam L2", dict(adam, weight_decay=0.01, lr=0.003)),
        ("SGD", "SGD nesterov", sgd),
        ("SGD", "SGD dampening", dict(sgd, nesterov=False, dampening=0.1, weight_decay=0.0)),
        ("SGD", "SGD plain", dict(sgd, momentum=0.0, nesterov=False)),
        ("Lion", "Lion", {"lr": 1e-3, "betas": [0.9, 0.99], "weight_decay": 0.1}),
        ("Adagrad", "Adagrad", adagrad),
    ]
    modes = [
        ("all bf16", {"w": "bf16", "g": "bf16", "state": "bf16"}),
        ("all f16", {"w": "f16", "g": "f16", "state": "f16"}),
        ("bf16 state", {"w": "f32", "g": "f32", "state": "bf16"}),
        ("f16 state", {"w": "f32", "g": "f32", "state": "f16"}),
        ("bf16 copy", {"w": "f32", "g": "f32", "state": "f32", "copy": "bf16"}),
        ("f16 copy", {"w": "f32", "g": "f32", "state": "f32", "copy": "f16"}),
    ]
    out = {"torch": torch.__version__, "cases": []}
    seed = 0
    for mname, types in modes:
        for optimizer, cname, config in configs:
            seed += 1
            case = {"name": mname + ", " + cname, "optimizer": optimizer, "types": types, "config": config}
            case.update(run(optimizer, types, config, 37, seed))
            out["cases"].append(case)
    json.dump(out, sys.stdout, indent=0)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
