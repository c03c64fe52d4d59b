#!/usr/bin/python3
"""Writes trajectories.json: reference trajectories of every fastgrad optimizer and mode, from PyTorch.

Run with Debian's python3-torch (apt-get install python3-torch), from this directory:

    /usr/bin/python3 gen.py > trajectories.json
    /usr/bin/python3 gen.py states > states.json
    /usr/bin/python3 gen.py averages > averages.json
    /usr/bin/python3 gen.py clip > clip.json
    /usr/bin/python3 gen.py onecycle > onecycle.json

Each case minimises the separable quadratic whose gradient is g = c*(w - t) (elementwise, computed in the case's
dtype, as the Go test computes it) for STEPS steps from w0, and records w after the steps in RECORD. Values are
IEEE bit patterns in hex (8 digits for float32, 16 for float64), so nothing is lost in the file.

Options torch 1.13 lacks (decoupled weight decay for NAdam and RAdam, added in PyTorch 2.1), Lion (not in
torch.optim), the Keras modes, and NAdam (whose torch 1.13 step has a bug PyTorch 2.0 fixed; see nadam) are written
out here in torch tensor ops, following PyTorch 2.x and the equations fastgrad documents; they are marked "manual".
"""
import json
import math
import struct
import sys

import torch

STEPS = 30
RECORD = [1, 2, 3, 10, 30]
DTYPES = {"float32": torch.float32, "float64": torch.float64}


def hexs(x, dtype):
    if dtype == torch.float32:
        return " ".join(struct.pack(">f", v).hex() for v in x.tolist())
    return " ".join(struct.pack(">d", v).hex() for v in x.tolist())


def problem(n, dtype, seed):
    g = torch.Generator().manual_seed(seed)
    w0 = torch.randn(n, generator=g, dtype=torch.float64).to(dtype)
    c = (0.5 + 1.5 * torch.rand(n, generator=g, dtype=torch.float64)).to(dtype)
    t = torch.randn(n, generator=g, dtype=torch.float64).to(dtype)
    return w0, c, t


def run_torch(cls, kwargs):
    def step_fn(w):
        opt = cls([w], **kwargs)
        return lambda: opt.step()
    step_fn.torch = (cls, kwargs)  # for states(): the cases PyTorch itself runs have a state_dict to export
    return step_fn


# Manual optimizers: each returns a function of the parameter tensor that returns one step as a closure.

def keras_sgd(lr, momentum):
    def make(w):
        v = torch.zeros_like(w)

        def step():
            v.mul_(momentum).sub_(w.grad, alpha=lr)  # v = μv − lr·g
            w.data.add_(v)
        return step
    return make


def adagrad_eps_inside(lr, eps, lr_decay=0.0):
    def make(w):
        s = torch.zeros_like(w)
        k = [0]

        def step():
            k[0] += 1
            clr = lr / (1 + (k[0] - 1) * lr_decay)
            s.addcmul_(w.grad, w.grad, value=1)
            w.data.addcdiv_(w.grad, (s + eps).sqrt(), value=-clr)
        return step
    return make


def rmsprop_eps_inside(lr, alpha, eps):
    def make(w):
        sq = torch.zeros_like(w)

        def step():
            sq.mul_(alpha).addcmul_(w.grad, w.grad, value=1 - alpha)
            w.data.addcdiv_(w.grad, (sq + eps).sqrt(), value=-lr)
        return step
    return make


def adam_eps_hat(lr, b1, b2, eps):
    def make(w):
        m, v = torch.zeros_like(w), torch.zeros_like(w)
        k = [0]

        def step():
            k[0] += 1
            g = w.grad
            m.lerp_(g, 1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            step_size = lr * math.sqrt(1 - b2 ** k[0]) / (1 - b1 ** k[0])
            w.data.addcdiv_(m, v.sqrt().add_(eps), value=-step_size)
        return step
    return make


def nadam(lr, b1, b2, eps, wd, psi=0.004, decoupled=False):
    """PyTorch 2.x's NAdam. torch 1.13's multiplies mu_product by mu twice for the second term (it updates
    mu_product in place and then forms mu_product * mu * mu_next), which PyTorch 2.0 fixed."""
    def make(w):
        m, v = torch.zeros_like(w), torch.zeros_like(w)
        st = {"k": 0, "mu_product": 1.0}

        def step():
            st["k"] += 1
            k = st["k"]
            g = w.grad
            if decoupled:
                w.data.mul_(1 - lr * wd)
            elif wd != 0:
                g = g.add(w, alpha=wd)
            mu = b1 * (1 - 0.5 * 0.96 ** (k * psi))
            mu_next = b1 * (1 - 0.5 * 0.96 ** ((k + 1) * psi))
            st["mu_product"] *= mu
            mp = st["mu_product"]
            m.lerp_(g, 1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            denom = v.div(1 - b2 ** k).sqrt().add_(eps)
            w.data.addcdiv_(g, denom, value=-lr * (1 - mu) / (1 - mp))
            w.data.addcdiv_(m, denom, value=-lr * mu_next / (1 - mp * mu_next))
        return step
    return make


def radam_decoupled(lr, b1, b2, eps, wd):
    def make(w):
        m, v = torch.zeros_like(w), torch.zeros_like(w)
        k = [0]

        def step():
            k[0] += 1
            t = k[0]
            g = w.grad
            w.data.mul_(1 - lr * wd)
            m.lerp_(g, 1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            bc1 = 1 - b1 ** t
            bc2 = 1 - b2 ** t
            m_hat = m / bc1
            rho_inf = 2 / (1 - b2) - 1
            rho_t = rho_inf - 2 * t * (b2 ** t) / bc2
            if rho_t > 5.0:
                rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
                adaptive = math.sqrt(bc2) / v.sqrt().add_(eps)
                w.data.add_(m_hat * lr * adaptive * rect, alpha=-1.0)
            else:
                w.data.add_(m_hat * lr, alpha=-1.0)
        return step
    return make


def lion(lr, b1, b2, wd):
    def make(w):
        m = torch.zeros_like(w)

        def step():
            g = w.grad
            w.data.mul_(1 - lr * wd)
            update = m.mul(b1).add(g, alpha=1 - b1).sign_()
            w.data.add_(update, alpha=-lr)
            m.mul_(b2).add_(g, alpha=1 - b2)
        return step
    return make


O = torch.optim
CASES = [
    # name, optimizer, fastgrad config (PyTorch names; mode for the Keras forms), maker
    ("SGD", "SGD", {"lr": 0.1}, run_torch(O.SGD, {"lr": 0.1})),
    ("SGD momentum", "SGD", {"lr": 0.05, "momentum": 0.9}, run_torch(O.SGD, {"lr": 0.05, "momentum": 0.9})),
    ("SGD dampening decay", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01},
     run_torch(O.SGD, {"lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01})),
    ("SGD nesterov", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True},
     run_torch(O.SGD, {"lr": 0.05, "momentum": 0.9, "nesterov": True})),
    ("SGD maximize", "SGD", {"lr": 0.01, "momentum": 0.5, "maximize": True},
     run_torch(O.SGD, {"lr": 0.01, "momentum": 0.5, "maximize": True})),
    ("SGD keras momentum", "SGD", {"lr": 0.05, "momentum": 0.9, "mode": "keras"}, keras_sgd(0.05, 0.9)),
    ("Adagrad", "Adagrad", {"lr": 0.1}, run_torch(O.Adagrad, {"lr": 0.1})),
    ("Adagrad decay init", "Adagrad",
     {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01, "initial_accumulator_value": 0.1},
     run_torch(O.Adagrad, {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01, "initial_accumulator_value": 0.1})),
    ("Adagrad maximize", "Adagrad", {"lr": 0.01, "maximize": True}, run_torch(O.Adagrad, {"lr": 0.01, "maximize": True})),
    ("Adagrad eps inside", "Adagrad", {"lr": 0.1, "eps": 1e-7, "mode": "eps_inside"}, adagrad_eps_inside(0.1, 1e-7)),
    ("RMSprop", "RMSprop", {"lr": 0.01}, run_torch(O.RMSprop, {"lr": 0.01})),
    ("RMSprop centered", "RMSprop", {"lr": 0.01, "centered": True}, run_torch(O.RMSprop, {"lr": 0.01, "centered": True})),
    ("RMSprop momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.01},
     run_torch(O.RMSprop, {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.01})),
    ("RMSprop centered momentum", "RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True, "alpha": 0.9},
     run_torch(O.RMSprop, {"lr": 0.01, "momentum": 0.5, "centered": True, "alpha": 0.9})),
    ("RMSprop maximize", "RMSprop", {"lr": 0.001, "maximize": True}, run_torch(O.RMSprop, {"lr": 0.001, "maximize": True})),
    ("RMSprop eps inside", "RMSprop", {"lr": 0.01, "eps": 1e-7, "mode": "eps_inside"},
     rmsprop_eps_inside(0.01, 0.99, 1e-7)),
    ("Adam", "Adam", {"lr": 0.01}, run_torch(O.Adam, {"lr": 0.01})),
    ("Adam amsgrad decay", "Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.01},
     run_torch(O.Adam, {"lr": 0.01, "amsgrad": True, "weight_decay": 0.01})),
    ("Adam maximize", "Adam", {"lr": 0.001, "betas": [0.8, 0.99], "maximize": True},
     run_torch(O.Adam, {"lr": 0.001, "betas": (0.8, 0.99), "maximize": True})),
    ("Adam eps hat", "Adam", {"lr": 0.01, "eps": 1e-7, "mode": "eps_hat"}, adam_eps_hat(0.01, 0.9, 0.999, 1e-7)),
    ("AdamW", "AdamW", {"lr": 0.01}, run_torch(O.AdamW, {"lr": 0.01})),
    ("AdamW amsgrad", "AdamW", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True},
     run_torch(O.AdamW, {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True})),
    ("Adamax", "Adamax", {"lr": 0.02}, run_torch(O.Adamax, {"lr": 0.02})),
    ("Adamax decay maximize", "Adamax", {"lr": 0.002, "weight_decay": 0.01, "maximize": True},
     run_torch(O.Adamax, {"lr": 0.002, "weight_decay": 0.01, "maximize": True})),
    ("NAdam", "NAdam", {"lr": 0.02, "manual": True}, nadam(0.02, 0.9, 0.999, 1e-8, 0.0)),
    ("NAdam decay", "NAdam", {"lr": 0.02, "weight_decay": 0.01, "momentum_decay": 0.01, "manual": True},
     nadam(0.02, 0.9, 0.999, 1e-8, 0.01, psi=0.01)),
    ("NAdam decoupled", "NAdam", {"lr": 0.02, "weight_decay": 0.1, "decoupled_weight_decay": True, "manual": True},
     nadam(0.02, 0.9, 0.999, 1e-8, 0.1, decoupled=True)),
    ("RAdam", "RAdam", {"lr": 0.01}, run_torch(O.RAdam, {"lr": 0.01})),
    ("RAdam decay", "RAdam", {"lr": 0.01, "weight_decay": 0.01}, run_torch(O.RAdam, {"lr": 0.01, "weight_decay": 0.01})),
    ("RAdam decoupled", "RAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True, "manual": True},
     radam_decoupled(0.01, 0.9, 0.999, 1e-8, 0.1)),
    ("Adadelta", "Adadelta", {"lr": 1.0}, run_torch(O.Adadelta, {"lr": 1.0})),
    ("Adadelta rho decay", "Adadelta", {"lr": 0.5, "rho": 0.95, "weight_decay": 0.01},
     run_torch(O.Adadelta, {"lr": 0.5, "rho": 0.95, "weight_decay": 0.01})),
    ("Adadelta maximize", "Adadelta", {"lr": 0.1, "maximize": True}, run_torch(O.Adadelta, {"lr": 0.1, "maximize": True})),
    ("Lion", "Lion", {"lr": 1e-3, "manual": True}, lion(1e-3, 0.9, 0.99, 0.0)),
    ("Lion decay", "Lion", {"lr": 1e-3, "betas": [0.95, 0.98], "weight_decay": 0.1, "manual": True},
     lion(1e-3, 0.95, 0.98, 0.1)),
    ("ASGD", "ASGD", {"lr": 0.05, "t0": 4}, run_torch(O.ASGD, {"lr": 0.05, "t0": 4})),
    ("ASGD decay maximize", "ASGD",
     {"lr": 0.02, "lambd": 0.5, "alpha": 0.5, "t0": 0, "weight_decay": 0.01, "maximize": True},
     run_torch(O.ASGD, {"lr": 0.02, "lambd": 0.5, "alpha": 0.5, "t0": 0, "weight_decay": 0.01, "maximize": True})),
    ("Rprop", "Rprop", {"lr": 0.01}, run_torch(O.Rprop, {"lr": 0.01})),
    ("Rprop etas step sizes", "Rprop", {"lr": 0.05, "etas": [0.3, 1.5], "step_sizes": [1e-3, 0.2]},
     run_torch(O.Rprop, {"lr": 0.05, "etas": (0.3, 1.5), "step_sizes": (1e-3, 0.2)})),
    ("Rprop maximize", "Rprop", {"lr": 0.001, "maximize": True}, run_torch(O.Rprop, {"lr": 0.001, "maximize": True})),
]


def entry(st, dtype):
    """One parameter's state: the scalars (step, mu_product, ASGD's eta and mu) as numbers, the tensors as hex bits; PyTorch's None
    (SGD's momentum_buffer without momentum) is left out."""
    out = {}
    for key, v in st.items():
        if v is None:
            continue
        out[key] = float(v) if key in ("step", "mu_product", "eta", "mu") else hexs(v.reshape(-1), dtype)
    return out


def states():
    """Writes states.json: for every case PyTorch runs itself, in both dtypes, over two parameters (37 and 5
    elements) in one group: the optimizer's state_dict() after 3 steps (tensors as hex bits, scalars as numbers),
    the values then, and the values after 3 more steps, so that a test can check fastgrad's export against the
    state_dict and continue PyTorch's run from an imported one."""
    out = {"torch": torch.__version__, "cases": []}
    seed = 1000
    for name, optimizer, config, make in CASES:
        if not hasattr(make, "torch"):
            continue
        cls, kwargs = make.torch
        for dname, dtype in DTYPES.items():
            ws, cs, ts = [], [], []
            for n in (37, 5):
                seed += 1
                w0, c, t = problem(n, dtype, seed)
                ws.append(w0.clone())
                cs.append(c)
                ts.append(t)
            for w in ws:
                w.grad = torch.zeros_like(w)
            opt = cls(ws, **kwargs)
            case = {"name": name, "optimizer": optimizer, "config": config, "dtype": dname,
                    "w0": [hexs(w, dtype) for w in ws], "c": [hexs(c, dtype) for c in cs],
                    "t": [hexs(t, dtype) for t in ts]}
            for k in range(1, 7):
                for w, c, t in zip(ws, cs, ts):
                    w.grad.copy_(c * (w.detach() - t))
                opt.step()
                if k == 3:
                    sd = opt.state_dict()
                    case["state"] = {str(i): entry(st, dtype) for i, st in sd["state"].items()}
                    case["param_groups"] = sd["param_groups"]
                    case["w3"] = [hexs(w.detach(), dtype) for w in ws]
            case["w6"] = [hexs(w.detach(), dtype) for w in ws]
            out["cases"].append(case)
    return out


AVG_DECAY = 0.9


def averages():
    """Writes averages.json: torch's AveragedModel over an SGD-with-momentum run of two parameters (37 and 5
    elements), in both dtypes, with its default avg_fn (SWA), the lerp of torch 2.x's get_ema_multi_avg_fn (torch
    1.13 has none, so its avg_fn is that lerp, written out) and the weighted sum of get_ema_avg_fn, at decay
    AVG_DECAY: after every step, the parameters' values and each form's averages. A test feeds the recorded values
    to fastgrad's averages and compares what they hold."""
    from torch.optim.swa_utils import AveragedModel
    forms = {
        "SWA": None,
        "EMA lerp": lambda avg, w, n: torch.lerp(avg, w, 1 - AVG_DECAY),
        "EMA weighted sum": lambda avg, w, n: AVG_DECAY * avg + (1 - AVG_DECAY) * w,
    }
    out = {"torch": torch.__version__, "steps": STEPS, "decay": AVG_DECAY, "cases": []}
    seed = 2000
    for dname, dtype in DTYPES.items():
        model = torch.nn.ParameterList()
        cs, ts = [], []
        for n in (37, 5):
            seed += 1
            w0, c, t = problem(n, dtype, seed)
            model.append(torch.nn.Parameter(w0.clone()))
            cs.append(c)
            ts.append(t)
        avgs = {name: AveragedModel(model, avg_fn=fn) for name, fn in forms.items()}
        opt = O.SGD(model.parameters(), lr=0.05, momentum=0.9)
        case = {"dtype": dname, "w": [], "avg": {name: [] for name in forms}}
        for _ in range(STEPS):
            for w, c, t in zip(model, cs, ts):
                w.grad = c * (w.detach() - t)
            opt.step()
            case["w"].append([hexs(w.detach(), dtype) for w in model])
            for name, avg in avgs.items():
                avg.update_parameters(model)
                case["avg"][name].append([hexs(p.detach(), dtype) for p in avg.module])
        out["cases"].append(case)
    return out


CLIP_P = [1.0, 3.0, 0.5, 0.0, -math.inf, math.inf, 2.0, -1.5]


def clip():
    """Writes clip.json: torch.nn.utils.clip_grad_norm_ over gradients of three parameters (37, 5 and 131
    elements, and an empty one but for p = +Inf, whose max() of nothing raises, and p < 0), in both dtypes,
    for every norm type of CLIP_P, with max_norm a quarter of the total (so that the clip bites), and with a NaN or an
    infinity in one gradient, error_if_nonfinite false and true: the total (hex bits) and the gradients after, or
    "error" when PyTorch raised."""
    out = {"torch": torch.__version__, "cases": []}
    seed = 3000
    for dname, dtype in DTYPES.items():
        for p in CLIP_P:
            for bad in ("", "nan", "inf"):
                for error_if_nonfinite in ((False,) if not bad else (False, True)):
                    seed += 1
                    g = torch.Generator().manual_seed(seed)
                    # An empty gradient's norm is 0, and so is a zero element's |g|^p for p < 0: either would make
                    # the total of a negative p 0, and the clip a no-op; they are left out there.
                    sizes = [37, 5, 131] if p == math.inf or p < 0 else [37, 5, 0, 131]
                    grads = [(torch.randn(n, generator=g, dtype=torch.float64) * 3).to(dtype) for n in sizes]
                    if p >= 0:
                        grads[0][4] = 0.0  # a zero, which p = 0 does not count
                    if bad:
                        grads[-1][7] = math.nan if bad == "nan" else -math.inf
                    ws = [torch.nn.Parameter(torch.zeros(n, dtype=dtype)) for n in sizes]
                    for w, gr in zip(ws, grads):
                        w.grad = gr.clone()
                    finite = [torch.norm(gr, p) for gr in grads]
                    whole = torch.norm(torch.stack(finite), p).item()
                    max_norm = abs(whole) / 4 if math.isfinite(whole) and whole != 0 else 1.0
                    case = {"dtype": dname, "norm_type": p if math.isfinite(p) else ("inf" if p > 0 else "-inf"),
                            "max_norm": max_norm, "error_if_nonfinite": error_if_nonfinite,
                            "grads": [hexs(gr, dtype) for gr in grads]}
                    try:
                        total = torch.nn.utils.clip_grad_norm_(ws, max_norm, p, error_if_nonfinite)
                        case["total"] = hexs(total.reshape(1), dtype)
                        case["after"] = [hexs(w.grad, dtype) for w in ws]
                    except RuntimeError:
                        case["error"] = True
                    out["cases"].append(case)
    return out


ONECYCLE = [
    # name, optimizer, its config, OneCycleLR's arguments (total_steps is STEPS, cycle_momentum PyTorch's default)
    ("SGD momentum cos", "SGD", {"lr": 0.05, "momentum": 0.9}, {"max_lr": 0.1}),
    ("SGD nesterov three_phase linear", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True},
     {"max_lr": 0.08, "pct_start": 0.4, "anneal_strategy": "linear", "three_phase": True}),
    ("Adam cos", "Adam", {"lr": 1e-3}, {"max_lr": 0.05}),
    ("Adam three_phase linear momenta", "Adam", {"lr": 1e-3, "weight_decay": 0.01},
     {"max_lr": 0.03, "pct_start": 0.25, "anneal_strategy": "linear", "three_phase": True,
      "base_momentum": 0.6, "max_momentum": 0.9}),
    ("AdamW cos", "AdamW", {"lr": 1e-3, "weight_decay": 0.1}, {"max_lr": 0.02, "div_factor": 5.0}),
]


def onecycle():
    """Writes onecycle.json: the quadratic of the trajectories (37 elements, both dtypes) under an optimizer driven by
    OneCycleLR with max_lr and cycle_momentum, so that the momentum, and Adam's β1 in its bias correction 1 - β1^t,
    change at every step: w after the steps in RECORD."""
    out = {"torch": torch.__version__, "steps": STEPS, "record": RECORD, "cases": []}
    seed = 4000
    for name, optimizer, config, kw in ONECYCLE:
        for dname, dtype in DTYPES.items():
            seed += 1
            w0, c, t = problem(37, dtype, seed)
            w = w0.clone()
            w.grad = torch.zeros_like(w)
            opt = getattr(O, optimizer)([w], **config)
            s = torch.optim.lr_scheduler.OneCycleLR(opt, total_steps=STEPS, **kw)
            rec = {}
            for k in range(1, STEPS + 1):
                w.grad.copy_(c * (w - t))
                opt.step()
                s.step()
                if k in RECORD:
                    rec[str(k)] = hexs(w, dtype)
            out["cases"].append({"name": name, "optimizer": optimizer, "config": config, "schedule": kw,
                                 "dtype": dname, "w0": hexs(w0, dtype), "c": hexs(c, dtype), "t": hexs(t, dtype),
                                 "w": rec})
    return out


# The files other than trajectories.json, by the argument that writes them.
OTHER_FILES = {"states": states, "averages": averages, "clip": clip, "onecycle": onecycle}


def main():
    if len(sys.argv) == 2 and sys.argv[1] in OTHER_FILES:
        torch.set_num_threads(1)
        json.dump(OTHER_FILES[sys.argv[1]](), sys.stdout, indent=0)
        sys.stdout.write("\n")
        return
    torch.set_num_threads(1)
    out = {"torch": torch.__version__, "steps": STEPS, "record": RECORD, "cases": []}
    seed = 0
    for name, optimizer, config, make in CASES:
        for dname, dtype in DTYPES.items():
            for n in (37, 131):
                seed += 1
                w0, c, t = problem(n, dtype, seed)
                w = w0.clone().requires_grad_(False)
                w.grad = torch.zeros_like(w)
                step = make(w)
                rec = {}
                for k in range(1, STEPS + 1):
                    w.grad.copy_(c * (w - t))
                    step()
                    if k in RECORD:
                        rec[str(k)] = hexs(w, dtype)
                out["cases"].append({"name": name, "optimizer": optimizer, "config": config, "dtype": dname,
                                     "w0": hexs(w0, dtype), "c": hexs(c, dtype), "t": hexs(t, dtype), "w": rec})
    json.dump(out, sys.stdout, indent=0)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
