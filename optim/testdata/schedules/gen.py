#!/usr/bin/python3
"""Records PyTorch's learning-rate schedules for optim's schedule tests (schedule_torch_test.go).

Run from this directory with a Python that has torch (Debian: apt-get install python3-torch):

    /usr/bin/python3 gen.py > torch.json

Every case drives an SGD optimizer with two parameter groups of different base rates and records, for each
optimizer step, the rate of each group during that step: the value set at construction for step 0, then the one
each scheduler.step() sets after an optimizer step. ReduceLROnPlateau cases also record the metric fed after each
epoch and the scheduler's counters after it. The "momentum" cases drive OneCycleLR over SGD with momentum and over
Adam, with max_lr and cycle_momentum, and record each group's momentum (betas[0] for Adam) too, one step past the
end included. Floats are written as Python's repr, which reads back exactly.
"""

import json
import math
import platform
import random
import sys
import warnings

import torch
from torch.optim import lr_scheduler as sched

BASE_LRS = [0.1, 0.0035]

# Each schedule is a dict of PyTorch's class name ("kind") and keyword arguments; SequentialLR and
# ChainedScheduler hold others under "schedulers". The Go test builds the same schedule from it.
CASES = [
    ("ConstantLR defaults", 100, {"kind": "ConstantLR", "factor": 1.0 / 3, "total_iters": 5}),
    ("ConstantLR long", 120, {"kind": "ConstantLR", "factor": 0.25, "total_iters": 40}),
    ("StepLR 7 0.5", 200, {"kind": "StepLR", "step_size": 7, "gamma": 0.5}),
    ("StepLR 30 0.1", 200, {"kind": "StepLR", "step_size": 30, "gamma": 0.1}),
    ("MultiStepLR duplicate milestone", 200,
     {"kind": "MultiStepLR", "milestones": [30, 80, 80, 150], "gamma": 0.3}),
    ("MultiStepLR 10 50", 120, {"kind": "MultiStepLR", "milestones": [10, 50], "gamma": 0.1}),
    ("ExponentialLR 0.97", 300, {"kind": "ExponentialLR", "gamma": 0.97}),
    ("ExponentialLR growth", 200, {"kind": "ExponentialLR", "gamma": 1.013}),
    ("CosineAnnealingLR 100 past T_max", 300, {"kind": "CosineAnnealingLR", "T_max": 100, "eta_min": 0.0}),
    ("CosineAnnealingLR 37 eta_min", 300, {"kind": "CosineAnnealingLR", "T_max": 37, "eta_min": 1e-3}),
    ("CosineAnnealingLR 250", 250, {"kind": "CosineAnnealingLR", "T_max": 250, "eta_min": 1e-5}),
    ("LinearLR defaults", 100, {"kind": "LinearLR", "start_factor": 1.0 / 3, "end_factor": 1.0, "total_iters": 5}),
    ("LinearLR warmup", 120, {"kind": "LinearLR", "start_factor": 0.01, "end_factor": 1.0, "total_iters": 50}),
    ("LinearLR decay", 200, {"kind": "LinearLR", "start_factor": 1.0, "end_factor": 0.05, "total_iters": 120}),
    ("PolynomialLR defaults", 100, {"kind": "PolynomialLR", "total_iters": 5, "power": 1.0}),
    ("PolynomialLR square", 150, {"kind": "PolynomialLR", "total_iters": 100, "power": 2.0}),
    ("PolynomialLR sqrt", 300, {"kind": "PolynomialLR", "total_iters": 250, "power": 0.5}),
    ("OneCycleLR cos defaults", 200, {"kind": "OneCycleLR", "total_steps": 200}),
    ("OneCycleLR linear", 200,
     {"kind": "OneCycleLR", "total_steps": 200, "pct_start": 0.25, "anneal_strategy": "linear",
      "div_factor": 10.0, "final_div_factor": 100.0}),
    ("OneCycleLR cos fractional phase", 97, {"kind": "OneCycleLR", "total_steps": 97, "pct_start": 0.33}),
    ("OneCycleLR three_phase cos", 250, {"kind": "OneCycleLR", "total_steps": 250, "three_phase": True}),
    ("OneCycleLR three_phase linear", 150,
     {"kind": "OneCycleLR", "total_steps": 150, "pct_start": 0.4, "anneal_strategy": "linear",
      "div_factor": 5.0, "final_div_factor": 1e3, "three_phase": True}),
    ("SequentialLR warmup cosine", 300,
     {"kind": "SequentialLR", "milestones": [10], "schedulers": [
         {"kind": "LinearLR", "start_factor": 0.01, "end_factor": 1.0, "total_iters": 10},
         {"kind": "CosineAnnealingLR", "T_max": 190, "eta_min": 1e-4}]}),
    ("SequentialLR constant exponential", 100,
     {"kind": "SequentialLR", "milestones": [2], "schedulers": [
         {"kind": "ConstantLR", "factor": 0.1, "total_iters": 2},
         {"kind": "ExponentialLR", "gamma": 0.9}]}),
    ("SequentialLR three", 200,
     {"kind": "SequentialLR", "milestones": [5, 65], "schedulers": [
         {"kind": "LinearLR", "start_factor": 0.1, "end_factor": 1.0, "total_iters": 5},
         {"kind": "StepLR", "step_size": 20, "gamma": 0.5},
         {"kind": "ExponentialLR", "gamma": 0.98}]}),
    ("ChainedScheduler constant exponential", 200,
     {"kind": "ChainedScheduler", "schedulers": [
         {"kind": "ConstantLR", "factor": 0.1, "total_iters": 20},
         {"kind": "ExponentialLR", "gamma": 0.9}]}),
    ("ChainedScheduler warmup cosine", 200,
     {"kind": "ChainedScheduler", "schedulers": [
         {"kind": "LinearLR", "start_factor": 0.05, "end_factor": 1.0, "total_iters": 25},
         {"kind": "CosineAnnealingLR", "T_max": 200, "eta_min": 0.0}]}),
    ("ChainedScheduler three", 200,
     {"kind": "ChainedScheduler", "schedulers": [
         {"kind": "StepLR", "step_size": 25, "gamma": 0.5},
         {"kind": "MultiStepLR", "milestones": [40, 120], "gamma": 0.2},
         {"kind": "PolynomialLR", "total_iters": 300, "power": 1.5}]}),
]


# OneCycleLR as PyTorch's users call it: max_lr apart from the optimizer's rates, momentum cycled (SGD's momentum,
# Adam's betas[0]), and one step past the end (PyTorch allows stepping to t = total_steps). Each records the rate
# and the momentum of each group at every step t = 0 … total_steps.
MOMENTUM_CASES = [
    ("OneCycleLR SGD cos max_lr", "SGD", {"total_steps": 100, "max_lr": 0.5}),
    ("OneCycleLR SGD linear", "SGD",
     {"total_steps": 80, "max_lr": 0.05, "pct_start": 0.25, "anneal_strategy": "linear", "div_factor": 10.0,
      "final_div_factor": 100.0}),
    ("OneCycleLR SGD three_phase cos", "SGD",
     {"total_steps": 90, "max_lr": 0.2, "three_phase": True, "base_momentum": 0.8, "max_momentum": 0.9}),
    ("OneCycleLR Adam cos max_lr", "Adam", {"total_steps": 120, "max_lr": 1e-2}),
    ("OneCycleLR Adam three_phase linear", "Adam",
     {"total_steps": 150, "max_lr": 3e-3, "pct_start": 0.4, "anneal_strategy": "linear", "three_phase": True,
      "base_momentum": 0.7, "max_momentum": 0.92}),
    ("OneCycleLR Adam max_lr no momentum", "Adam", {"total_steps": 60, "max_lr": 2e-2, "cycle_momentum": False}),
]


def run_momentum(optimizer, kw):
    groups = [{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": lr} for lr in BASE_LRS]
    if optimizer == "SGD":
        opt = torch.optim.SGD(groups, lr=BASE_LRS[0], momentum=0.9)
    else:
        opt = torch.optim.Adam(groups, lr=BASE_LRS[0])
    s = sched.OneCycleLR(opt, **kw)
    out = {"lrs": [], "momenta": []}
    for t in range(kw["total_steps"] + 1):
        out["lrs"].append(rates(opt))
        out["momenta"].append([g["betas"][0] if optimizer == "Adam" else g["momentum"] for g in opt.param_groups])
        opt.step()
        if t < kw["total_steps"]:
            s.step()
    try:
        s.step()  # to total_steps + 1: PyTorch raises
        out["raises_past_end"] = False
    except ValueError:
        out["raises_past_end"] = True
    return out


def build(opt, spec):
    kw = {k: v for k, v in spec.items() if k not in ("kind", "schedulers")}
    kind = spec["kind"]
    if kind == "SequentialLR":
        return sched.SequentialLR(opt, [build(opt, s) for s in spec["schedulers"]], **kw)
    if kind == "ChainedScheduler":
        return sched.ChainedScheduler([build(opt, s) for s in spec["schedulers"]])
    if kind == "OneCycleLR":
        return sched.OneCycleLR(opt, max_lr=BASE_LRS, cycle_momentum=False, **kw)
    return getattr(sched, kind)(opt, **kw)


def optimizer():
    groups = [{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": lr} for lr in BASE_LRS]
    return torch.optim.SGD(groups, lr=BASE_LRS[0])


def rates(opt):
    return [g["lr"] for g in opt.param_groups]


def run(steps, spec):
    opt = optimizer()
    s = build(opt, spec)
    out = []
    for _ in range(steps):
        out.append(rates(opt))
        opt.step()
        s.step()
    return out


def loss_metrics(n, rng):
    # A loss that falls, stalls twice and wobbles, so that reductions, cooldowns and the floor all happen.
    out = []
    for k in range(n):
        trend = 1.0 / (1.0 + 0.08 * min(k, 40)) + (0.002 * (k - 90) if k > 90 else 0.0)
        out.append(trend + 0.01 * rng.uniform(-1, 1))
    return out


def accuracy_metrics(n, rng):
    return [0.9 * (1 - math.exp(-k / 15.0)) + 0.02 * rng.uniform(-1, 1) for k in range(n)]


PLATEAU = [
    ("min rel defaults", "loss", {}),
    ("min rel patience 3 factor 0.5", "loss", {"patience": 3, "factor": 0.5}),
    ("min abs cooldown min_lr", "loss",
     {"patience": 2, "factor": 0.3, "threshold": 0.01, "threshold_mode": "abs", "cooldown": 2, "min_lr": 1e-3}),
    ("min rel eps skips one group", "loss", {"patience": 2, "factor": 0.5, "eps": 0.004, "cooldown": 1}),
    ("max rel min_lr per group", "accuracy",
     {"mode": "max", "patience": 4, "factor": 0.3, "threshold": 1e-3, "cooldown": 3, "min_lr": [1e-4, 5e-5]}),
    ("max abs", "accuracy", {"mode": "max", "patience": 1, "threshold": 0.005, "threshold_mode": "abs"}),
]


def run_plateau(metrics, kw):
    opt = optimizer()
    s = sched.ReduceLROnPlateau(opt, **kw)
    rec = {"lrs": [rates(opt)], "best": [], "num_bad_epochs": [], "cooldown_counter": [], "last_epoch": []}
    for m in metrics:
        opt.step()
        s.step(m)
        rec["lrs"].append(rates(opt))
        rec["best"].append(s.best)
        rec["num_bad_epochs"].append(s.num_bad_epochs)
        rec["cooldown_counter"].append(s.cooldown_counter)
        rec["last_epoch"].append(s.last_epoch)
    return rec


def main():
    warnings.simplefilter("ignore")
    torch.set_default_dtype(torch.float64)
    rng = random.Random(5)
    series = {"loss": loss_metrics(150, rng), "accuracy": accuracy_metrics(150, rng)}
    doc = {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "base_lrs": BASE_LRS,
        "cases": [{"name": n, "schedule": spec, "lrs": run(steps, spec)} for n, steps, spec in CASES],
        "plateau": [dict({"name": n, "config": kw, "metrics": series[which]}, **run_plateau(series[which], kw))
                    for n, which, kw in PLATEAU],
        "momentum": [dict({"name": n, "optimizer": o, "schedule": kw}, **run_momentum(o, kw))
                     for n, o, kw in MOMENTUM_CASES],
    }
    # One case or record per line keeps diffs readable.
    w = sys.stdout.write
    w('{"torch": %s, "python": %s, "base_lrs": %s,\n' % (
        json.dumps(doc["torch"]), json.dumps(doc["python"]), json.dumps(BASE_LRS)))
    for key in ("cases", "plateau", "momentum"):
        w('"%s": [\n' % key)
        w(",\n".join(json.dumps(c, allow_nan=False) for c in doc[key]))
        w("\n]%s\n" % ("," if key != "momentum" else "}"))


if __name__ == "__main__":
    main()
