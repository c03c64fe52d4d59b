#!/usr/bin/python3
"""Writes the safetensors files of PyTorch optimizer states that optim's TestTorchStateFiles reads, and checks
that PyTorch loads the files fastgrad writes.

Run with Debian's python3-torch (apt-get install python3-torch), from this directory:

    /usr/bin/python3 gen.py          # torch/<case>.safetensors and cases.json
    /usr/bin/python3 gen.py check    # loads every go/<case>.safetensors (written by go test -run TorchStateFiles
                                     # -update) into PyTorch, continues the run, compares with cases.json

Every case PyTorch runs itself (../pytorch/gen.py's CASES), float32 and float64, over two parameters w (5
elements) and b (3) in one group, with the gradient g = c*(w - t): 3 steps, then the state and the values are
saved with torchstate.save; cases.json holds w0, c, t and the values after 3 more steps (IEEE bits in hex).
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pytorch"))
import torchstate  # noqa: E402
from gen import CASES, DTYPES, hexs, problem  # noqa: E402


def slug(name, dtype):
    return name.lower().replace(" ", "-") + "-" + dtype


def build(make, dtype, seed):
    cls, kwargs = make.torch
    named, cs, ts = [], [], []
    for name, n in (("w", 5), ("b", 3)):
        seed += 1
        w0, c, t = problem(n, dtype, seed)
        p = torch.nn.Parameter(w0.clone())
        p.grad = torch.zeros_like(p)
        named.append((name, p))
        cs.append(c)
        ts.append(t)
    return named, cs, ts, cls([p for _, p in named], **kwargs)


def steps(named, cs, ts, opt, k):
    for _ in range(k):
        with torch.no_grad():
            for (_, p), c, t in zip(named, cs, ts):
                p.grad.copy_(c * (p.detach() - t))
        opt.step()


def cases():
    seed = 5000
    for name, optimizer, config, make in CASES:
        if not hasattr(make, "torch"):
            continue
        for dname, dtype in DTYPES.items():
            seed += 10
            yield name, optimizer, config, make, dname, dtype, seed


def main():
    torch.set_num_threads(1)
    if sys.argv[1:] == ["check"]:
        with open("cases.json") as f:
            recorded = {c["file"]: c for c in json.load(f)["cases"]}
        for name, optimizer, config, make, dname, dtype, seed in cases():
            case = recorded[slug(name, dname)]
            named, cs, ts, opt = build(make, dtype, seed)
            torchstate.load(os.path.join("go", case["file"] + ".safetensors"), opt, named)
            steps(named, cs, ts, opt, 3)
            for (pname, p), want in zip(named, case["w6"]):
                got = hexs(p.detach(), dtype)
                if got != want:
                    print("%s: %s after 3 steps in PyTorch from fastgrad's file: %s, want %s" % (case["file"], pname, got, want))
                    sys.exit(1)
        print("PyTorch %s loaded and continued every file fastgrad wrote: %d cases" % (torch.__version__, len(recorded)))
        return
    out = {"torch": torch.__version__, "cases": []}
    os.makedirs("torch", exist_ok=True)
    for name, optimizer, config, make, dname, dtype, seed in cases():
        named, cs, ts, opt = build(make, dtype, seed)
        w0 = [hexs(p.detach(), dtype) for _, p in named]
        steps(named, cs, ts, opt, 3)
        torchstate.save(os.path.join("torch", slug(name, dname) + ".safetensors"), opt, named)
        steps(named, cs, ts, opt, 3)
        out["cases"].append({"file": slug(name, dname), "name": name, "optimizer": optimizer, "config": config,
                             "dtype": dname, "w0": w0, "c": [hexs(c, dtype) for c in cs],
                             "t": [hexs(t, dtype) for t in ts], "w6": [hexs(p.detach(), dtype) for _, p in named]})
    with open("cases.json", "w") as f:
        json.dump(out, f, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
