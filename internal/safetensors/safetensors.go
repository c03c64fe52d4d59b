// Package safetensors reads and writes the safetensors format (huggingface/safetensors): a little-endian u64
// header size, a JSON header that maps each tensor's name to its dtype, shape and byte range and may hold
// string metadata under "__metadata__", then the tensors' bytes, back to back. It is the format PyTorch users
// exchange tensors in, and the one package optim writes an optimizer's state_dict as.
//
// The reader trusts nothing it reads: the header's size, every dtype, shape and range are checked against each
// other and against a bound the caller gives, a name given twice is refused, and memory grows with the bytes
// actually read, never with a size the file claims. The writer writes the tensors in the order of their names,
// so that the same tensors always give the same bytes.
package safetensors

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// maxHeader bounds the JSON header, as the reference implementation does (100 MB).
const maxHeader = 100 << 20

// Tensor is one tensor: its dtype ("F64", "F32", "I64", …), its shape, and its elements' bytes, little-endian,
// in row-major order.
type Tensor struct {
	DType string
	Shape []int
	Data  []byte
}

// File is the content of a safetensors file.
type File struct {
	Tensors  map[string]Tensor
	Metadata map[string]string
}

// sizes are the bytes of an element of each dtype the format defines.
var sizes = map[string]int{
	"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1,
	"I16": 2, "U16": 2, "F16": 2, "BF16": 2,
	"I32": 4, "U32": 4, "F32": 4,
	"I64": 8, "U64": 8, "F64": 8,
}

// entry is a tensor's entry in the header.
type entry struct {
	DType       string   `json:"dtype"`
	Shape       []int    `json:"shape"`
	DataOffsets [2]int64 `json:"data_offsets"`
}

// elements returns the number of elements of shape, or an error if a dimension is negative or the count
// overflows limit.
func elements(shape []int, limit int64) (int64, error) {
	n := int64(1)
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("shape %v has a negative dimension", shape)
		}
		if d > 0 && n > limit/int64(d) {
			return 0, fmt.Errorf("shape %v is larger than the file can hold", shape)
		}
		n *= int64(d)
	}
	return n, nil
}

// Write writes f to w: the header (padded with spaces to a multiple of 8 bytes, so the data is aligned), then
// the tensors in the order of their names.
func Write(w io.Writer, f File) error {
	header := map[string]any{}
	if len(f.Metadata) > 0 {
		header["__metadata__"] = f.Metadata
	}
	names := slices.Sorted(maps.Keys(f.Tensors))
	var offset int64
	for _, name := range names {
		t := f.Tensors[name]
		if name == "__metadata__" {
			return errors.New("safetensors: a tensor named __metadata__")
		}
		size, ok := sizes[t.DType]
		if !ok {
			return fmt.Errorf("safetensors: tensor %q: unknown dtype %q", name, t.DType)
		}
		n, err := elements(t.Shape, 1<<62)
		if err != nil {
			return fmt.Errorf("safetensors: tensor %q: %v", name, err)
		}
		if n*int64(size) != int64(len(t.Data)) {
			return fmt.Errorf("safetensors: tensor %q: %d bytes for shape %v of %s", name, len(t.Data), t.Shape, t.DType)
		}
		shape := t.Shape
		if shape == nil {
			shape = []int{} // a scalar: JSON's [], not null
		}
		header[name] = entry{t.DType, shape, [2]int64{offset, offset + int64(len(t.Data))}}
		offset += int64(len(t.Data))
	}
	js, err := json.Marshal(header)
	if err != nil {
		return err
	}
	if pad := len(js) % 8; pad != 0 {
		js = append(js, bytes.Repeat([]byte(" "), 8-pad)...)
	}
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(js)))
	b = append(b, js...)
	for _, name := range names {
		b = append(b, f.Tensors[name].Data...)
	}
	_, err = w.Write(b)
	return err
}

// Read reads one safetensors file from r, of at most limit bytes in all, and checks it whole: every tensor's
// dtype known, its byte range the size of its shape, the ranges covering the data exactly with no overlap and no
// hole, no name twice, and nothing after the data. The data must end r: Read reads one byte more to be sure.
func Read(r io.Reader, limit int64) (File, error) {
	var head [8]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return File{}, fmt.Errorf("safetensors: no header: %w", err)
	}
	n := binary.LittleEndian.Uint64(head[:])
	if n > maxHeader || int64(n) > limit-8 {
		return File{}, fmt.Errorf("safetensors: a header of %d bytes, more than the %d allowed", n, min(maxHeader, limit-8))
	}
	js, err := io.ReadAll(io.LimitReader(r, int64(n)))
	if err != nil {
		return File{}, fmt.Errorf("safetensors: reading the header: %w", err)
	}
	if uint64(len(js)) != n {
		return File{}, fmt.Errorf("safetensors: the header is %d bytes, the file ends after %d", n, len(js))
	}
	entries, metadata, size, err := parseHeader(js, limit-8-int64(n))
	if err != nil {
		return File{}, err
	}
	data, err := io.ReadAll(io.LimitReader(r, size+1)) // grows with what r gives, not with the header's claims
	if err != nil {
		return File{}, fmt.Errorf("safetensors: reading the data: %w", err)
	}
	switch {
	case int64(len(data)) < size:
		return File{}, fmt.Errorf("safetensors: the tensors need %d bytes of data, the file has %d", size, len(data))
	case int64(len(data)) > size:
		return File{}, fmt.Errorf("safetensors: bytes after the last tensor's data")
	}
	f := File{Tensors: map[string]Tensor{}, Metadata: metadata}
	for name, e := range entries {
		begin, end := e.DataOffsets[0], e.DataOffsets[1]
		f.Tensors[name] = Tensor{e.DType, e.Shape, data[begin:end:end]}
	}
	return f, nil
}

// parseHeader parses and checks a header whose data may take at most limit bytes, and returns its tensors'
// entries, its metadata and the size of the data.
func parseHeader(js []byte, limit int64) (map[string]entry, map[string]string, int64, error) {
	fail := func(format string, args ...any) (map[string]entry, map[string]string, int64, error) {
		return nil, nil, 0, fmt.Errorf("safetensors: header: "+format, args...)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fail("not a JSON object")
	}
	entries := map[string]entry{}
	var metadata map[string]string
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail("%v", err)
		}
		name := tok.(string) // an object's keys are strings
		if seen[name] {
			return fail("%q given twice", name)
		}
		seen[name] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fail("%q: %v", name, err)
		}
		if name == "__metadata__" {
			if err := json.Unmarshal(raw, &metadata); err != nil {
				return fail("__metadata__: want an object of strings: %v", err)
			}
			continue
		}
		var e entry
		strict := json.NewDecoder(bytes.NewReader(raw))
		strict.DisallowUnknownFields()
		if err := strict.Decode(&e); err != nil || e.Shape == nil || e.DType == "" {
			return fail("tensor %q: want dtype, shape and data_offsets (%v)", name, err)
		}
		entries[name] = e
	}
	if _, err := dec.Token(); err != nil {
		return fail("%v", err)
	}
	if rest := js[dec.InputOffset():]; len(bytes.TrimLeft(rest, " \t\r\n")) > 0 {
		return fail("%d bytes after the JSON object", len(rest))
	}
	// The ranges must tile the data: sorted by start, each begins where the one before ends.
	names := slices.SortedFunc(maps.Keys(entries), func(a, b string) int {
		ea, eb := entries[a].DataOffsets, entries[b].DataOffsets
		return cmp.Or(cmp.Compare(ea[0], eb[0]), cmp.Compare(ea[1], eb[1]), strings.Compare(a, b))
	})
	var end int64
	for _, name := range names {
		e := entries[name]
		size, ok := sizes[e.DType]
		if !ok {
			return fail("tensor %q: unknown dtype %q", name, e.DType)
		}
		n, err := elements(e.Shape, limit/int64(size))
		if err != nil {
			return fail("tensor %q: %v", name, err)
		}
		begin, stop := e.DataOffsets[0], e.DataOffsets[1]
		switch {
		case begin != end:
			return fail("tensor %q starts at byte %d of the data, where %d was expected (ranges overlap or leave a hole)", name, begin, end)
		case stop < begin || stop-begin != n*int64(size):
			return fail("tensor %q: data_offsets [%d, %d] for shape %v of %s (%d bytes)", name, begin, stop, e.Shape, e.DType, n*int64(size))
		case stop > limit:
			return fail("tensor %q ends at byte %d, beyond the %d the file may hold", name, stop, limit)
		}
		end = stop
	}
	return entries, metadata, end, nil
}
