package kerneldesc

// Families returns every elementwise kernel, grouped by the generated file that holds them.
func Families() []Family {
	return []Family{
		{"adam", adam()},
		{"adamax", adamax()},
		{"nadam", nadam()},
		{"radam", radam()},
		{"sgd", sgd()},
		{"adagrad", adagrad()},
		{"rmsprop", rmsprop()},
		{"adadelta", adadelta()},
		{"lion", lion()},
		{"average", average()},
		{"asgd", asgd()},
		{"rprop", rprop()},
		{"helpers", helpers()},
	}
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
