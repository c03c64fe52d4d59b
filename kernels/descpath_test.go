//go:build !purego && (amd64 || arm64)

package kernels

import (
	"reflect"
	"strings"

	"github.com/fastgrad/fastgrad/internal/kerneldesc"
	"github.com/fastgrad/fastgrad/kernels/internal/asm"
)

// The "desc" path runs every elementwise kernel through kerneldesc's interpreter of its description, fed by the
// generated glue (elementwise_asm.go) with the constant blocks it fills, and every other kernel as the reference.
// forEachPath runs it beside the assembly paths, so every path test proves that the descriptions, their slot
// order and the glue give the reference's bits, whatever the generators then make of them.
func init() {
	descPath = &impl{name: "desc", f32: referenceOps[float32](), f64: referenceOps[float64]()}
	installElementwise(&descPath.f32, &descPath.f64, interpreted())
}

// interpreted returns an instruction set whose described kernels are the interpreter running their descriptions;
// the fields of kernels without a description stay nil.
func interpreted() *asm.Set {
	descs := kerneldesc.Kernels()
	var s asm.Set
	v := reflect.ValueOf(&s).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		if k, ok := descs[strings.TrimSuffix(name, "F32")]; ok && strings.HasSuffix(name, "F32") {
			v.Field(i).Set(interpreter[float32](k, v.Field(i).Type()))
		} else if k, ok := descs[strings.TrimSuffix(name, "F64")]; ok && strings.HasSuffix(name, "F64") {
			v.Field(i).Set(interpreter[float64](k, v.Field(i).Type()))
		}
	}
	return &s
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
