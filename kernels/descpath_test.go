//go:build !purego && (amd64 || arm64)

package kernels

import (
	"reflect"
	"strings"

	"github.com/fastgrad/fastgrad/internal/kerneldesc"
	"github.com/fastgrad/fastgrad/kernels/internal/asm"
)

// The "desc" path runs every described kernel through kerneldesc's interpreter of its description: the elementwise
// ones fed by the generated glue (described_asm.go) with the constant blocks it fills, the reductions directly; least
// squares, which has no description, is the reference. forEachPath runs it beside the assembly paths, so every path
// test proves that the descriptions, their slot order and the glue give the reference's bits, whatever the
// generators then make of them.
func init() {
	descPath = &impl{name: "desc", f32: referenceOps[float32](), f64: referenceOps[float64]()}
	installDescribed(&descPath.f32, &descPath.f64, interpreted())
}

// interpreted returns an instruction set whose described kernels are the interpreter running their descriptions;
// the fields of kernels without a description stay nil.
func interpreted() *asm.Set {
	descs := kerneldesc.Kernels()
	rs, _ := kerneldesc.Reductions()
	reds := map[string]*kerneldesc.Reduction{}
	for _, r := range rs {
		reds[r.Name] = r
	}
	var s asm.Set
	v := reflect.ValueOf(&s).Elem()
	for i := range v.NumField() {
		field, t := v.Field(i), v.Type().Field(i).Type
		name, is32 := strings.CutSuffix(v.Type().Field(i).Name, "F32")
		if !is32 {
			name, _ = strings.CutSuffix(name, "F64")
		}
		switch k, r := descs[name], reds[name]; {
		case k != nil && is32:
			field.Set(interpreter[float32](k, t))
		case k != nil:
			field.Set(interpreter[float64](k, t))
		case r != nil && is32:
			field.Set(reducer[float32](r, t))
		case r != nil:
			field.Set(reducer[float64](r, t))
		}
	}
	return &s
}

// reducer returns a function of type t, the assembly's signature (the slices, then the result), that runs r's
// description.
func reducer[F Float](r *kerneldesc.Reduction, t reflect.Type) reflect.Value {
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		arrays := make([][]F, len(args))
		for i := range arrays {
			arrays[i] = args[i].Interface().([]F)
		}
		return []reflect.Value{reflect.ValueOf(kerneldesc.Reduce(r, arrays))}
	})
}

// interpreter returns a function of type t, the assembly's signature (the slices, then the constant block if the
// kernel has constants, then, if it rounds stochastically, the key and the first index), that runs k's description.
// A 16-bit array's bits are widened before and, if k writes it, rounded back after, as the description's Load and
// Store define.
func interpreter[F Float](k *kerneldesc.Kernel, t reflect.Type) reflect.Value {
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		arrays := make([][]F, len(k.Arrays))
		for i := range arrays {
			arrays[i] = widenStored[F](k.StorageOf(i), args[i].Interface())
		}
		var consts []F
		var key RoundingKey
		var first uint32
		if k.Stochastic {
			key = RoundingKey{uint32(args[len(args)-3].Uint()), uint32(args[len(args)-2].Uint())}
			first = uint32(args[len(args)-1].Uint())
		}
		if len(k.Block.Consts) > 0 {
			block := args[len(k.Arrays)]
			consts = make([]F, block.Len())
			for i := range consts {
				consts[i] = block.Index(i).Interface().(F)
			}
		}
		kerneldesc.Run(k, arrays, consts)
		for i, a := range arrays {
			if bits, ok := args[i].Interface().([]uint16); ok && k.Access(i)&kerneldesc.Written != 0 {
				rnd := Rounding{}
				if k.RoundsStochastically(i) {
					rnd = Rounding{Stochastic: true, Key: key}
				}
				for j, x := range a {
					// The index wraps at 2³², as RoundingKey.bits has it.
					bits[j] = roundStored(k.StorageOf(i), float32(x), rnd, int(first+uint32(j)))
				}
			}
		}
		return nil
	})
}

// widenStored returns array, the assembly's argument for an array kept as s, in the computing type.
func widenStored[F Float](s kerneldesc.Storage, array any) []F {
	bits, ok := array.([]uint16)
	if !ok {
		return array.([]F)
	}
	out := make([]F, len(bits))
	for j, b := range bits {
		if s == kerneldesc.BF16 {
			out[j] = F(BF16(b).Float32())
		} else {
			out[j] = F(F16(b).Float32())
		}
	}
	return out
}

// roundStored returns the bits of x stored as s, rounded as rnd says as element j.
func roundStored(s kerneldesc.Storage, x float32, rnd Rounding, j int) uint16 {
	if s == kerneldesc.BF16 {
		return uint16(Rounded[BF16](x, rnd, j))
	}
	return uint16(Rounded[F16](x, rnd, j))
}
