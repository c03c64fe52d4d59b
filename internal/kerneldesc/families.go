package kerneldesc

import (
	"path"
	"reflect"
	"runtime"
)

// Families returns every elementwise kernel, grouped by the generated file that holds them.
func Families() []Family {
	return []Family{
		family("adam", adam),
		family("adamax", adamax),
		family("nadam", nadam),
		family("radam", radam),
		family("sgd", sgd),
		family("adagrad", adagrad),
		family("rmsprop", rmsprop),
		family("adadelta", adadelta),
		family("lion", lion),
		family("average", average),
		family("asgd", asgd),
		family("rprop", rprop),
		family("vector", vector),
		family("convert", conversions),
		family("stored", storedOptimizers),
		family("storedcopy", storedCopies),
		family("storedsr", storedStochastic),
	}
}

// family returns the family name of the kernels describe writes, with the file describe is written in.
func family(name string, describe func() []*Kernel) Family {
	return Family{Name: name, Kernels: describe(), Source: sourceOf(describe)}
}

// Reductions returns every reduction, with the file that describes them, as Family.Source names it.
func Reductions() (rs []*Reduction, source string) { return reductions(), sourceOf(reductions) }

// sourceOf returns the file the function f is written in, from the module root.
func sourceOf(f any) string {
	pc := reflect.ValueOf(f).Pointer()
	file, _ := runtime.FuncForPC(pc).FileLine(pc)
	return "internal/kerneldesc/" + path.Base(file)
}

// Kernels returns every elementwise kernel, by name.
func Kernels() map[string]*Kernel {
	m := map[string]*Kernel{}
	for _, f := range Families() {
		for _, k := range f.Kernels {
			m[k.Name] = k
		}
	}
	return m
}
