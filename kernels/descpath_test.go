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

// interpreter returns a function of type t, the assembly's signature (the slices, then the constant block), that
// runs k's description.
func interpreter[F Float](k *kerneldesc.Kernel, t reflect.Type) reflect.Value {
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		arrays := make([][]F, len(args)-1)
		for i := range arrays {
			arrays[i] = args[i].Interface().([]F)
		}
		block := args[len(args)-1]
		consts := make([]F, block.Len())
		for i := range consts {
			consts[i] = block.Index(i).Interface().(F)
		}
		kerneldesc.Run(k, arrays, consts)
		return nil
	})
}
