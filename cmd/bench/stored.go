package main

import (
	"fmt"
	"slices"
)

// storedRows returns the closing comparison of the stored types: for each kernel and stored type, its time per
// element as a share of float32's at each size, measured in the same run on the same path and elements, on the
// path the kernels chose at start-up (or the first path of the run) and in the run's first layout. rows is nil when
// the run has no stored type with its float32 case.
func (r *report) storedRows() (title string, rows [][]string) {
	var path, layout string
	var sizes []string
	for i, res := range r.results {
		if r.cmp[i].vsF32 == 0 {
			continue
		}
		if path == "" || res.Impl == r.machine.Chosen && path != r.machine.Chosen {
			path, layout = res.Impl, res.Layout
		}
		if !slices.Contains(sizes, res.Size) {
			sizes = append(sizes, res.Size)
		}
	}
	if path == "" {
		return "", nil
	}
	rows = [][]string{append([]string{"kernel", "dtype"}, sizes...)}
	at := map[string]int{} // a kernel and type's row
	for i, res := range r.results {
		if r.cmp[i].vsF32 == 0 || res.Impl != path || res.Layout != layout {
			continue
		}
		key := res.Kernel + "/" + res.Type
		if _, ok := at[key]; !ok {
			at[key] = len(rows)
			row := append([]string{res.Kernel, res.Type}, make([]string, len(sizes))...)
			for j := range sizes {
				row[2+j] = "–"
			}
			rows = append(rows, row)
		}
		rows[at[key]][2+slices.Index(sizes, res.Size)] = fmt.Sprintf("%.2f", r.cmp[i].vsF32)
	}
	title = fmt.Sprintf("Stored types against float32, path %s: time per element as a share of the float32 kernel's at the same size,\n"+
		"measured in this run (1.00 = as fast, 0.50 = twice as fast); B/elem above says what each moves instead.", path)
	return title, rows
}
