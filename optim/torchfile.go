package optim

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"github.com/fastgrad/fastgrad/internal/atomicfile"
	"github.com/fastgrad/fastgrad/internal/safetensors"
	"github.com/fastgrad/fastgrad/kernels"
)

// A PyTorch optimizer's state_dict moves to and from fastgrad as a safetensors file, laid out as state_dict()
// flattens it:
//
//	state.<i>.<name>   parameter i's tensor (exp_avg, momentum_buffer, …), of the parameters' dtype, flat; BF16
//	                   or F16 if its group keeps its state in 16 bits (the option fastgrad_state); a StateQ8
//	                   state dequantized, in F32
//	state.<i>.step     its step, a 0-d F64 tensor (torch 1.13 writes F32; both are read), and so NAdam's mu_product
//	                   and ASGD's eta and mu
//	param.<name>       the value of the parameter named name, if the weights were saved beside the state
//	__metadata__       "param_groups": the state_dict's param_groups, JSON
//
// optim/torchstate.py reads and writes the same files from PyTorch with only torch and the standard library:
//
//	import torchstate
//	torchstate.save("adam.safetensors", optimizer, model.named_parameters())   # PyTorch → fastgrad
//	torchstate.load("adam.safetensors", optimizer, model.named_parameters())   # fastgrad → PyTorch
//
// and in Go:
//
//	state, weights, err := optim.LoadTorchStateFile[float32]("adam.safetensors")
//	err = opt.SetTorchState(state) // and copy weights[p.Name] into each p.Value
//	...
//	err = optim.SaveTorchStateFile("adam.safetensors", opt.TorchState(), params...)

// maxTorchFile bounds what ReadTorchState reads: memory grows only with the bytes a reader gives, so the bound is
// only against a stream that never ends.
const maxTorchFile = 1 << 40

// WriteTorchState writes s as a safetensors file PyTorch's load_state_dict takes (through optim/torchstate.py),
// with the values of params beside it under their names.
func WriteTorchState[F kernels.Float](w io.Writer, s TorchState[F], params ...*Param[F]) error {
	f, err := torchFile(s, params)
	if err != nil {
		return err
	}
	return safetensors.Write(w, f)
}

// SaveTorchStateFile is WriteTorchState into the file at path, written atomically.
func SaveTorchStateFile[F kernels.Float](path string, s TorchState[F], params ...*Param[F]) error {
	f, err := torchFile(s, params)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, func(w io.Writer) error { return safetensors.Write(w, f) })
}

// torchFile lays s and the values of params out as the file's tensors and metadata.
func torchFile[F kernels.Float](s TorchState[F], params []*Param[F]) (safetensors.File, error) {
	groups := make([]map[string]any, len(s.ParamGroups))
	for g, tg := range s.ParamGroups {
		groups[g] = map[string]any{"params": tg.Params}
		for k, v := range tg.Options {
			if k == "params" {
				return safetensors.File{}, fmt.Errorf("optim: WriteTorchState: param_groups[%d] has an option named params", g)
			}
			groups[g][k] = v
		}
	}
	js, err := json.Marshal(groups)
	if err != nil {
		return safetensors.File{}, fmt.Errorf("optim: WriteTorchState: param_groups: %v", err)
	}
	f := safetensors.File{Tensors: map[string]safetensors.Tensor{}, Metadata: map[string]string{"param_groups": string(js)}}
	dtype := torchDType[F]()
	halves := map[int]any{} // the parameters whose group keeps its state in a compact type: their state option
	for _, tg := range s.ParamGroups {
		if st, ok := tg.Options[stateOption]; ok {
			for _, i := range tg.Params {
				halves[i] = st
			}
		}
	}
	for i, ps := range s.State {
		for name, x := range ps.Tensors {
			key := fmt.Sprintf("state.%d.%s", i, name)
			t := safetensors.Tensor{DType: dtype, Shape: []int{len(x)}, Data: appendElements(nil, x)}
			if st, ok := halves[i]; ok && st != StateQ8.String() {
				var err error
				if t, err = halfTensor(st, x); err != nil {
					return safetensors.File{}, fmt.Errorf("optim: WriteTorchState: %s: %v", key, err)
				}
			}
			f.Tensors[key] = t
		}
		for name, v := range ps.Scalars {
			f.Tensors[fmt.Sprintf("state.%d.%s", i, name)] = safetensors.Tensor{DType: "F64", Shape: []int{},
				Data: binary.LittleEndian.AppendUint64(nil, math.Float64bits(v))}
		}
	}
	for _, p := range params {
		if p == nil {
			return safetensors.File{}, fmt.Errorf("optim: WriteTorchState: a nil parameter")
		}
		key := "param." + p.Name
		if _, dup := f.Tensors[key]; dup {
			return safetensors.File{}, fmt.Errorf("optim: WriteTorchState: parameter %q given twice", p.Name)
		}
		f.Tensors[key] = safetensors.Tensor{DType: dtype, Shape: []int{len(p.Value)}, Data: appendElements(nil, p.Value)}
	}
	return f, nil
}

// halfTensor returns the tensor of a state kept in 16 bits, of the type st (a state option) names: BF16 or F16,
// which PyTorch loads as torch.bfloat16 or torch.float16. Each value must be one that type holds.
func halfTensor[F kernels.Float](st any, x []F) (safetensors.Tensor, error) {
	t := safetensors.Tensor{Shape: []int{len(x)}, Data: make([]byte, 0, 2*len(x))}
	var round func(float32) (bits uint16, back float32)
	switch st {
	case StateBF16.String():
		t.DType, round = "BF16", func(v float32) (uint16, float32) { b := kernels.ToBF16(v); return uint16(b), b.Float32() }
	case StateF16.String():
		t.DType, round = "F16", func(v float32) (uint16, float32) { b := kernels.ToF16(v); return uint16(b), b.Float32() }
	default:
		return t, fmt.Errorf("%s %v, want %q or %q", stateOption, st, StateBF16, StateF16)
	}
	for j, v := range x {
		h, back := round(float32(v))
		if float64(back) != float64(v) && !(v != v && back != back) {
			return t, fmt.Errorf("[%d] is %v, which %v does not hold exactly", j, float64(v), st)
		}
		t.Data = binary.LittleEndian.AppendUint16(t.Data, h)
	}
	return t, nil
}

// torchDType is the safetensors dtype of F.
func torchDType[F kernels.Float]() string {
	if unsafe.Sizeof(F(0)) == 4 {
		return "F32"
	}
	return "F64"
}

// ReadTorchState reads a file WriteTorchState or optim/torchstate.py wrote: the state, for SetTorchState, and the
// parameters' values the file holds, by name. A tensor of F's dtype is read as it is, an F32 tensor into float64
// exactly; an F64 tensor into float32 is refused, since it would be rounded. Every error names what is wrong: the
// file is checked whole, and r must end with it.
func ReadTorchState[F kernels.Float](r io.Reader) (TorchState[F], map[string][]F, error) {
	f, err := safetensors.Read(r, maxTorchFile)
	if err != nil {
		return TorchState[F]{}, nil, fmt.Errorf("optim: ReadTorchState: %w", err)
	}
	s, weights, err := torchState[F](f)
	if err != nil {
		return TorchState[F]{}, nil, fmt.Errorf("optim: ReadTorchState: %w", err)
	}
	return s, weights, nil
}

// LoadTorchStateFile is ReadTorchState from the file at path.
func LoadTorchStateFile[F kernels.Float](path string) (TorchState[F], map[string][]F, error) {
	file, err := os.Open(path)
	if err != nil {
		return TorchState[F]{}, nil, err
	}
	defer file.Close()
	return ReadTorchState[F](file)
}

// torchState reads a file's tensors and metadata into a state and the values.
func torchState[F kernels.Float](f safetensors.File) (TorchState[F], map[string][]F, error) {
	var s TorchState[F]
	js, ok := f.Metadata["param_groups"]
	if !ok {
		return s, nil, fmt.Errorf(`no "param_groups" in the metadata: not an optimizer's state_dict`)
	}
	var groups []map[string]any
	dec := json.NewDecoder(strings.NewReader(js))
	dec.UseNumber() // params' indices must be whole
	if err := dec.Decode(&groups); err != nil {
		return s, nil, fmt.Errorf("param_groups: %v", err)
	}
	params := 0
	for g, opts := range groups {
		list, ok := opts["params"].([]any)
		if !ok {
			return s, nil, fmt.Errorf("param_groups[%d]: params is %v, want a list of indices", g, opts["params"])
		}
		tg := TorchGroup{Options: map[string]any{}}
		for _, v := range list {
			i, err := strconv.Atoi(fmt.Sprint(v))
			if err != nil || i < 0 || i >= 1<<31 {
				return s, nil, fmt.Errorf("param_groups[%d]: parameter index %v, want a whole number ≥ 0", g, v)
			}
			tg.Params = append(tg.Params, i)
			params = max(params, i+1)
		}
		for k, v := range opts {
			if k != "params" {
				tg.Options[k] = plainNumbers(v)
			}
		}
		s.ParamGroups = append(s.ParamGroups, tg)
	}
	s.State = make([]TorchParamState[F], params)
	weights := map[string][]F{}
	for name, t := range f.Tensors {
		if pname, ok := strings.CutPrefix(name, "param."); ok {
			x, err := torchElements[F](name, t)
			if err != nil {
				return s, nil, err
			}
			weights[pname] = x
			continue
		}
		rest, ok := strings.CutPrefix(name, "state.")
		index, key, ok2 := strings.Cut(rest, ".")
		i, err := strconv.Atoi(index)
		if !ok || !ok2 || err != nil || i < 0 || strconv.Itoa(i) != index || key == "" {
			return s, nil, fmt.Errorf("tensor %q: want state.<index>.<name> or param.<name>", name)
		}
		if i >= params {
			return s, nil, fmt.Errorf("tensor %q: parameter %d is in no param_group (there are %d parameters)", name, i, params)
		}
		ps := &s.State[i]
		if ps.Tensors == nil { // an entry, as TorchState gives it: both maps, empty or not
			*ps = TorchParamState[F]{Tensors: map[string][]F{}, Scalars: map[string]float64{}}
		}
		if key == "step" || key == "mu_product" || key == "eta" || key == "mu" {
			v, err := torchScalar(name, t)
			if err != nil {
				return s, nil, err
			}
			ps.Scalars[key] = v
			continue
		}
		x, err := torchElements[F](name, t)
		if err != nil {
			return s, nil, err
		}
		ps.Tensors[key] = x
	}
	return s, weights, nil
}

// plainNumbers turns the json.Numbers of a decoded option into float64, as encoding/json gives them by default
// and SetTorchState compares them.
func plainNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainNumbers(e)
		}
		return out
	}
	return v
}

// torchElements reads a tensor's elements, of any shape, flat: F's dtype as it is, F32 into float64 exactly, BF16
// and F16 (a state kept in 16 bits) widened exactly.
func torchElements[F kernels.Float](name string, t safetensors.Tensor) ([]F, error) {
	want := torchDType[F]()
	switch {
	case t.DType == "BF16" || t.DType == "F16":
		out := make([]F, len(t.Data)/2)
		for j := range out {
			h := binary.LittleEndian.Uint16(t.Data[2*j:])
			if t.DType == "BF16" {
				out[j] = F(kernels.BF16(h).Float32())
			} else {
				out[j] = F(kernels.F16(h).Float32())
			}
		}
		return out, nil
	case t.DType == want:
		x := make([]F, len(t.Data)/int(unsafe.Sizeof(F(0))))
		binary.Decode(t.Data, binary.LittleEndian, x) // the reader checked the size
		return x, nil
	case t.DType == "F32" && want == "F64":
		x := make([]float32, len(t.Data)/4)
		binary.Decode(t.Data, binary.LittleEndian, x)
		out := make([]F, len(x))
		for i, v := range x {
			out[i] = F(v)
		}
		return out, nil
	}
	return nil, fmt.Errorf("tensor %q is %s, the optimizer's elements are %s: converting would round or is not a float", name, t.DType, want)
}

// torchScalar reads a one-element tensor (0-d, as torch saves step) as a number.
func torchScalar(name string, t safetensors.Tensor) (float64, error) {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	if n != 1 {
		return 0, fmt.Errorf("tensor %q has shape %v, want a single number", name, t.Shape)
	}
	le := binary.LittleEndian
	switch t.DType {
	case "F64":
		return math.Float64frombits(le.Uint64(t.Data)), nil
	case "F32":
		return float64(math.Float32frombits(le.Uint32(t.Data))), nil
	case "I64":
		return float64(int64(le.Uint64(t.Data))), nil
	}
	return 0, fmt.Errorf("tensor %q is %s, want a number (F64, F32 or I64)", name, t.DType)
}
