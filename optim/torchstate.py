"""Moves a torch.optim optimizer's state_dict between PyTorch and fastgrad as a safetensors file.

Needs only torch (1.13 or later) and the standard library; copy this file beside your training script.

    import torchstate
    torchstate.save("adam.safetensors", optimizer, model.named_parameters())  # then, in Go: optim.LoadTorchStateFile
    torchstate.load("adam.safetensors", optimizer, model.named_parameters())  # a file Go wrote: optim.SaveTorchStateFile

The layout is state_dict()'s, flattened: the tensor state.<i>.<name> for parameter i's buffer <name> (and its
step, a 0-d tensor), param.<name> for a parameter's value when named parameters are given, and the param_groups as
JSON in the metadata. Go holds every tensor flat; load gives each its parameter's shape back. A state fastgrad keeps
in 16 bits (the option fastgrad_state) is written as BF16 or F16 tensors, loaded as torch.bfloat16 or torch.float16.
"""
import json
import struct

import torch

_DTYPES = {torch.float64: "F64", torch.float32: "F32", torch.int64: "I64", torch.bfloat16: "BF16", torch.float16: "F16"}
_TORCH = {name: dtype for dtype, name in _DTYPES.items()}


def save(path, optimizer, named_parameters=None):
    """Writes optimizer.state_dict(), and the values of named_parameters if given, to path."""
    sd = optimizer.state_dict()
    tensors = {}
    for i, st in sd["state"].items():
        for key, v in st.items():
            if v is None:
                continue
            if not torch.is_tensor(v):
                v = torch.tensor(float(v), dtype=torch.float64)
            tensors["state.%d.%s" % (i, key)] = v
    for name, p in named_parameters or ():
        tensors["param." + name] = p.detach()
    _write(path, tensors, {"param_groups": json.dumps(sd["param_groups"])})


def load(path, optimizer, named_parameters=None):
    """Loads the state in path into optimizer (load_state_dict), and the values it holds into named_parameters."""
    tensors, metadata = _read(path)
    params = [p for group in optimizer.param_groups for p in group["params"]]
    state = {}
    for name, t in tensors.items():
        if not name.startswith("state."):
            continue
        index, key = name[len("state."):].split(".", 1)
        i = int(index)
        if t.dim() > 0 and key != "step":
            t = t.view(params[i].shape)
        state.setdefault(i, {})[key] = t
    groups = json.loads(metadata["param_groups"])
    optimizer.load_state_dict({"state": state, "param_groups": groups})
    with torch.no_grad():
        for name, p in named_parameters or ():
            if "param." + name in tensors:
                p.copy_(tensors["param." + name].view(p.shape))


def _write(path, tensors, metadata):
    header, data, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().cpu().contiguous()
        flat = t.reshape(-1)
        if t.element_size() == 2:  # numpy has no bfloat16: write the bits
            flat = flat.view(torch.int16)
        raw = flat.numpy().tobytes()
        header[name] = {"dtype": _DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        data.append(raw)
        offset += len(raw)
    js = json.dumps(header, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(js)) + js + b"".join(data))


def _read(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=_TORCH[e["dtype"]]) if end > begin else \
            torch.zeros(0, dtype=_TORCH[e["dtype"]])
        tensors[name] = t.reshape(e["shape"])
    return tensors, metadata
