package safetensors

import (
	"bytes"
	"encoding/binary"
	"math"
	"reflect"
	"strings"
	"testing"
)

func sample() File {
	f64 := binary.LittleEndian.AppendUint64(nil, math.Float64bits(1.5))
	f64 = binary.LittleEndian.AppendUint64(f64, math.Float64bits(-2))
	return File{
		Tensors: map[string]Tensor{
			"state.0.exp_avg": {"F64", []int{2}, f64},
			"state.0.step":    {"F32", []int{}, binary.LittleEndian.AppendUint32(nil, math.Float32bits(3))},
			"empty":           {"F32", []int{0, 4}, []byte{}},
		},
		Metadata: map[string]string{"param_groups": `[{"lr":0.1,"params":[0]}]`},
	}
}

func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if n := binary.LittleEndian.Uint64(buf.Bytes()); n%8 != 0 {
		t.Errorf("header of %d bytes: the data is not 8-byte aligned", n)
	}
	got, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sample()) {
		t.Errorf("read %+v\nwant %+v", got, sample())
	}
	var again bytes.Buffer
	Write(&again, got)
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Error("the same tensors gave other bytes")
	}
}

// file builds a safetensors file from a header and data, as a forger would.
func file(header, data string) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	return append(append(b, header...), data...)
}

func TestReadRefuses(t *testing.T) {
	eight := "12345678"
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"nothing", nil, "no header"},
		{"a huge header size", binary.LittleEndian.AppendUint64(nil, 1<<62), "a header of 4611686018427387904 bytes"},
		{"a header cut short", file(`{"a":{}}`, "")[:12], "the header is 8 bytes, the file ends after 4"},
		{"not an object", file(`[1,2]`, ""), "not a JSON object"},
		{"a name twice", file(`{"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]},"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}`, ""), `"a" given twice`},
		{"an unknown dtype", file(`{"a":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}}`, eight+eight), `unknown dtype "F128"`},
		{"a field too many", file(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8],"x":1}}`, eight), "want dtype, shape and data_offsets"},
		{"no shape", file(`{"a":{"dtype":"F64","data_offsets":[0,8]}}`, eight), "want dtype, shape and data_offsets"},
		{"a negative dimension", file(`{"a":{"dtype":"F64","shape":[-1],"data_offsets":[0,8]}}`, eight), "negative dimension"},
		{"a huge shape", file(`{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}`, eight), "larger than the file can hold"},
		{"a range of the wrong size", file(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}`, eight), "data_offsets [0, 8] for shape [2] of F64 (16 bytes)"},
		{"overlapping ranges", file(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}`, eight+eight), "ranges overlap or leave a hole"},
		{"a hole", file(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}`, eight+eight), "ranges overlap or leave a hole"},
		{"a tensor larger than the file may be", file(`{"a":{"dtype":"U8","shape":[1099511627776],"data_offsets":[0,1099511627776]}}`, ""), "larger than the file can hold"},
		{"tensors larger than the file may be", file(`{"a":{"dtype":"U8","shape":[805306368],"data_offsets":[0,805306368]},"b":{"dtype":"U8","shape":[805306368],"data_offsets":[805306368,1610612736]}}`, ""), `tensor "b" ends at byte 1610612736, beyond`},
		{"data cut short", file(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}`, eight), "need 16 bytes of data, the file has 8"},
		{"bytes after the data", file(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}`, eight+"x"), "bytes after the last tensor's data"},
		{"metadata not strings", file(`{"__metadata__":{"a":1}}`, ""), "__metadata__: want an object of strings"},
		{"garbage after the header", file(`{} x`, ""), "bytes after the JSON object"},
	}
	for _, c := range cases {
		_, err := Read(bytes.NewReader(c.in), 1<<30)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
}

func TestWriteRefuses(t *testing.T) {
	for name, f := range map[string]File{
		"unknown dtype":      {Tensors: map[string]Tensor{"a": {"F128", []int{1}, make([]byte, 16)}}},
		"bytes for shape":    {Tensors: map[string]Tensor{"a": {"F32", []int{2}, make([]byte, 4)}}},
		"named __metadata__": {Tensors: map[string]Tensor{"__metadata__": {"U8", []int{0}, nil}}},
	} {
		if err := Write(&bytes.Buffer{}, f); err == nil {
			t.Errorf("%s: written", name)
		}
	}
}

// FuzzRead: whatever the bytes, Read returns an error or a file whose every tensor has its shape's size, and
// writing that file and reading it again gives it back.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	Write(&buf, sample())
	f.Add(buf.Bytes())
	f.Add(file(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}`, "12345678"))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := Read(bytes.NewReader(in), 1<<20)
		if err != nil {
			return
		}
		for name, x := range got.Tensors {
			n, _ := elements(x.Shape, 1<<62)
			if int64(len(x.Data)) != n*int64(sizes[x.DType]) {
				t.Fatalf("%s: %d bytes for shape %v of %s", name, len(x.Data), x.Shape, x.DType)
			}
		}
		var out bytes.Buffer
		if err := Write(&out, got); err != nil {
			t.Fatalf("a file Read accepted cannot be written: %v", err)
		}
		again, err := Read(bytes.NewReader(out.Bytes()), int64(out.Len()))
		if err != nil || !reflect.DeepEqual(again.Tensors, got.Tensors) {
			t.Fatalf("written and read again: %v", err)
		}
	})
}
