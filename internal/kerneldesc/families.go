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
	}
}

// family returns the family name of the kernels describe writes, with the file describe is written in.
func family(name string, describe func() []*Kernel) Family {
	pc := reflect.ValueOf(describe).Pointer()
	file, _ := runtime.FuncForPC(pc).FileLine(pc)
	return Family{Name: name, Kernels: describe(), Source: "internal/kerneldesc/" + path.Base(file)}
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
