package optim

import (
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// A user's part of a checkpoint carries state of the run outside this package (an epoch counter, an RNG, a data
// loader's position, weights no optimizer holds) in the same atomic, checksummed unit as the optimizers', so that a
// run cannot resume with one part from one save and another from an older one. Each is named: loading checks the
// name, as it checks every part's kind, and then the content, before any part is restored.

// userKind is the kind of a user's part named name.
func userKind(name string) string { return "user:" + name }

// Bytes returns a part that saves the bytes *b and restores them into *b (a new slice), for state the caller
// encodes itself.
func Bytes(name string, b *[]byte) Checkpointed { return &bytesPart{name, b} }

type bytesPart struct {
	name string
	b    *[]byte
}

func (p *bytesPart) checkpointKind() string { return userKind(p.name) }
func (p *bytesPart) checkpointSize() int64  { return unboundedSize }

func (p *bytesPart) appendCheckpoint(b []byte) ([]byte, error) {
	if p.b == nil {
		return nil, errors.New("nil *[]byte")
	}
	return append(b, *p.b...), nil
}

func (p *bytesPart) readCheckpoint(d *decoder) (func() error, error) {
	if p.b == nil {
		return nil, fmt.Errorf("optim: %s: checkpoint: a nil *[]byte", p.checkpointKind())
	}
	data := append([]byte{}, d.bytes(len(d.data)-d.at)...)
	return func() error { *p.b = data; return nil }, nil
}

// Binary returns a part that saves *v, a pointer to fixed-size data (a number, an array, or a struct of such, as
// encoding/binary encodes it: an epoch counter, a position), little-endian, and restores it into *v.
func Binary(name string, v any) Checkpointed { return &binaryPart{name, v} }

type binaryPart struct {
	name string
	v    any
}

// target returns the pointer's value, or an error if v is not a non-nil pointer to fixed-size data.
func (p *binaryPart) target() (reflect.Value, error) {
	rv := reflect.ValueOf(p.v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || binary.Size(p.v) < 0 {
		return reflect.Value{}, fmt.Errorf("Binary: %T is not a non-nil pointer to fixed-size data", p.v)
	}
	return rv.Elem(), nil
}

func (p *binaryPart) checkpointKind() string { return userKind(p.name) }

func (p *binaryPart) checkpointSize() int64 {
	if n := binary.Size(p.v); n >= 0 {
		return int64(n)
	}
	return 0
}

func (p *binaryPart) appendCheckpoint(b []byte) ([]byte, error) {
	if _, err := p.target(); err != nil {
		return nil, err
	}
	return binary.Append(b, binary.LittleEndian, p.v)
}

func (p *binaryPart) readCheckpoint(d *decoder) (func() error, error) {
	rv, err := p.target()
	if err != nil {
		return nil, fmt.Errorf("optim: %s: checkpoint: %v", p.checkpointKind(), err)
	}
	fresh := reflect.New(rv.Type())
	raw := d.bytes(binary.Size(p.v))
	if raw == nil {
		return nil, nil // the caller reports d.err
	}
	if _, err := binary.Decode(raw, binary.LittleEndian, fresh.Interface()); err != nil {
		return nil, fmt.Errorf("optim: %s: checkpoint: %v", p.checkpointKind(), err)
	}
	return func() error { rv.Set(fresh.Elem()); return nil }, nil
}

// Marshaler is state that encodes itself, such as *rand.PCG or *rand.ChaCha8 (an RNG) or a data loader's cursor.
type Marshaler interface {
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

// Marshaled returns a part that saves m.MarshalBinary() and restores it with m.UnmarshalBinary. m must be a
// pointer: loading first unmarshals into a new value of m's type, to check the bytes before any part is restored.
func Marshaled(name string, m Marshaler) Checkpointed { return &marshaledPart{name, m} }

type marshaledPart struct {
	name string
	m    Marshaler
}

func (p *marshaledPart) checkpointKind() string { return userKind(p.name) }
func (p *marshaledPart) checkpointSize() int64  { return unboundedSize }

// pointer reports whether m is a non-nil pointer, whose type can make a fresh value to check bytes with.
func (p *marshaledPart) pointer() error {
	if rv := reflect.ValueOf(p.m); rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("Marshaled: %T is not a non-nil pointer", p.m)
	}
	return nil
}

func (p *marshaledPart) appendCheckpoint(b []byte) ([]byte, error) {
	if err := p.pointer(); err != nil {
		return nil, err
	}
	data, err := p.m.MarshalBinary()
	return append(b, data...), err
}

func (p *marshaledPart) readCheckpoint(d *decoder) (func() error, error) {
	if err := p.pointer(); err != nil {
		return nil, fmt.Errorf("optim: %s: checkpoint: %v", p.checkpointKind(), err)
	}
	data := append([]byte{}, d.bytes(len(d.data)-d.at)...)
	fresh := reflect.New(reflect.TypeOf(p.m).Elem()).Interface().(Marshaler)
	if err := fresh.UnmarshalBinary(data); err != nil {
		return nil, fmt.Errorf("optim: %s: checkpoint: %w", p.checkpointKind(), err)
	}
	return func() error { return p.m.UnmarshalBinary(data) }, nil
}

// Tensor returns a part that saves the elements of x and restores them into x, which must then have the saved
// length: weights no optimizer holds, an exponential moving average of the weights, a buffer.
func Tensor[F kernels.Float](name string, x []F) Checkpointed { return &tensorPart[F]{name, x} }

type tensorPart[F kernels.Float] struct {
	name string
	x    []F
}

func (p *tensorPart[F]) checkpointKind() string { return userKind(p.name) }
func (p *tensorPart[F]) checkpointSize() int64 {
	return 1 + 8 + int64(unsafe.Sizeof(F(0)))*int64(len(p.x))
}

func (p *tensorPart[F]) appendCheckpoint(b []byte) ([]byte, error) {
	b = binary.LittleEndian.AppendUint64(append(b, byte(unsafe.Sizeof(F(0)))), uint64(len(p.x)))
	return appendElements(b, p.x), nil
}

func (p *tensorPart[F]) readCheckpoint(d *decoder) (func() error, error) {
	size := int(unsafe.Sizeof(F(0)))
	if es := d.u8(); d.err == nil && int(es) != size {
		return nil, fmt.Errorf("optim: %s: checkpoint of %d-byte elements, this tensor has %d-byte ones", p.checkpointKind(), es, size)
	}
	if n := d.u64(); d.err == nil && n != uint64(len(p.x)) {
		return nil, fmt.Errorf("optim: %s: checkpoint of %d elements, this tensor has %d", p.checkpointKind(), n, len(p.x))
	}
	x := elements[F](d, len(p.x))
	if d.err != nil {
		return nil, nil // the caller reports d.err
	}
	return func() error { copy(p.x, x); return nil }, nil
}
