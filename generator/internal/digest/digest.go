// Package digest fingerprints plain Go values, so that a cache key can be
// derived from the very value a computation reads instead of from a list of
// fields someone has to keep complete.
//
// Of walks a value with reflection: every field of a struct (exported or
// not), every element of a slice or array, every entry of a map in key
// order, what a pointer points at. A value that implements Digester is
// represented by its Digest instead of being walked: model records whose
// content is a pure function of a file use that to stand for their whole
// content with one number. Functions, channels and unsafe pointers cannot be
// fingerprinted: Of panics on them, because a cache input that holds code
// could read anything.
//
// The fingerprint is the same on every run and machine (no map seeds, no
// addresses), as a cache kept on disk needs.
package digest

import (
	"fmt"
	"math"
	"reflect"
	"sync"
	"time"
)

// Digester is a value that carries its own fingerprint. Its Digest must
// change whenever anything a reader of the value could observe changes.
type Digester interface {
	Digest() uint64
}

// Sum is a running fingerprint: 64-bit FNV-1a over words, with a final mix
// per word so that high bits reach low ones.
type Sum uint64

const (
	offset = 14695981039346656037
	prime  = 1099511628211
)

// New starts a fingerprint.
func New() Sum { return offset }

// U64 adds a number.
func (s Sum) U64(v uint64) Sum {
	s ^= Sum(v)
	s *= prime
	s ^= s >> 29
	return s
}

// Str adds a string, eight bytes at a time, followed by a separator so
// that ("ab","c") and ("a","bc") differ.
func (s Sum) Str(str string) Sum {
	for len(str) >= 8 {
		s ^= Sum(uint64(str[0]) | uint64(str[1])<<8 | uint64(str[2])<<16 | uint64(str[3])<<24 |
			uint64(str[4])<<32 | uint64(str[5])<<40 | uint64(str[6])<<48 | uint64(str[7])<<56)
		s *= prime
		str = str[8:]
	}
	for i := 0; i < len(str); i++ {
		s ^= Sum(str[i])
		s *= prime
	}
	return s.U64(0xff ^ uint64(len(str)))
}

// Bytes adds a byte slice as Str adds a string.
func (s Sum) Bytes(b []byte) Sum {
	for len(b) >= 8 {
		s ^= Sum(uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56)
		s *= prime
		b = b[8:]
	}
	for i := 0; i < len(b); i++ {
		s ^= Sum(b[i])
		s *= prime
	}
	return s.U64(0xff ^ uint64(len(b)))
}

// Value adds v's fingerprint.
func (s Sum) Value(v any) Sum { return s.U64(Of(v)) }

// Ref adds the fingerprint of *v, the same as Value(*v), without copying
// *v into an interface: a caller that fingerprints many values of one type
// in turn reuses one variable instead of allocating each.
func Ref[T any](s Sum, v *T) Sum {
	rv := reflect.ValueOf(v).Elem()
	return s.U64(uint64(walkerOf(rv.Type())(New(), rv)))
}

// Of fingerprints v.
func Of(v any) uint64 {
	if v == nil {
		return uint64(New().U64(0))
	}
	rv := reflect.ValueOf(v)
	return uint64(walkerOf(rv.Type())(New(), rv))
}

var (
	digesterType = reflect.TypeFor[Digester]()
	timeType     = reflect.TypeFor[time.Time]()
	locationType = reflect.TypeFor[*time.Location]()
)

// walker adds a value of one type to a fingerprint. Walkers are made once
// per type: asking reflect whether a type implements an interface, and for
// its fields, on every value was most of the cost of a fingerprint.
type walker func(Sum, reflect.Value) Sum

var (
	walkers   sync.Map // reflect.Type → walker, finished ones only
	walkersMu sync.Mutex
)

func walkerOf(t reflect.Type) walker {
	if w, ok := walkers.Load(t); ok {
		return w.(walker)
	}
	walkersMu.Lock()
	defer walkersMu.Unlock()
	b := &builder{pending: map[reflect.Type]*walker{}}
	w := b.walkerOf(t)
	// Published only when finished: another goroutine must never run a
	// walker whose parts are still being made.
	for t, p := range b.pending {
		walkers.Store(t, *p)
	}
	return w
}

// builder makes the walkers of a type and of the types it holds.
type builder struct {
	pending map[reflect.Type]*walker
}

func (b *builder) walkerOf(t reflect.Type) walker {
	if w, ok := walkers.Load(t); ok {
		return w.(walker)
	}
	if p, ok := b.pending[t]; ok {
		// A recursive type reaches itself while its walker is being
		// made: call it through the pointer, set by the time it runs.
		return func(s Sum, v reflect.Value) Sum { return (*p)(s, v) }
	}
	p := new(walker)
	b.pending[t] = p
	*p = b.makeWalker(t)
	return *p
}

func (b *builder) makeWalker(t reflect.Type) walker {
	plain := b.makePlainWalker(t)
	if !t.Implements(digesterType) {
		return plain
	}
	// A value that fingerprints itself: the common case of model records.
	// Interface() is not allowed on values reached through unexported
	// fields, so those are walked instead.
	nilable := t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface
	return func(s Sum, v reflect.Value) Sum {
		if !v.CanInterface() {
			return plain(s, v)
		}
		if nilable && v.IsNil() {
			return s.U64(0)
		}
		if !nilable && v.CanAddr() {
			// Through a pointer: boxing a slice or struct into an
			// interface would copy it to the heap on every call.
			return s.U64(1).U64(v.Addr().Interface().(Digester).Digest())
		}
		return s.U64(1).U64(v.Interface().(Digester).Digest())
	}
}

func (b *builder) makePlainWalker(t reflect.Type) walker {
	switch t {
	case timeType:
		return func(s Sum, v reflect.Value) Sum {
			if !v.CanInterface() {
				panic("digest: a time.Time in an unexported field cannot be fingerprinted")
			}
			var tm *time.Time
			if v.CanAddr() {
				// Through a pointer: boxing the value would copy it to
				// the heap on every call.
				tm = v.Addr().Interface().(*time.Time)
			} else {
				t := v.Interface().(time.Time)
				tm = &t
			}
			return s.U64(uint64(tm.UnixNano())).Str(tm.Location().String())
		}
	case locationType:
		return func(s Sum, v reflect.Value) Sum {
			if v.IsNil() {
				return s.U64(0)
			}
			if !v.CanInterface() {
				panic("digest: a *time.Location in an unexported field cannot be fingerprinted")
			}
			return s.U64(1).Str(v.Interface().(*time.Location).String())
		}
	}
	switch t.Kind() {
	case reflect.Bool:
		return func(s Sum, v reflect.Value) Sum {
			if v.Bool() {
				return s.U64(1)
			}
			return s.U64(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(s Sum, v reflect.Value) Sum { return s.U64(uint64(v.Int())) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(s Sum, v reflect.Value) Sum { return s.U64(v.Uint()) }
	case reflect.Float32, reflect.Float64:
		return func(s Sum, v reflect.Value) Sum { return s.U64(math.Float64bits(v.Float())) }
	case reflect.String:
		return func(s Sum, v reflect.Value) Sum { return s.Str(v.String()) }
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return func(s Sum, v reflect.Value) Sum {
				if v.IsNil() {
					return s.U64(0)
				}
				return s.U64(1).Bytes(v.Bytes())
			}
		}
		elem := b.walkerOf(t.Elem())
		return func(s Sum, v reflect.Value) Sum {
			if v.IsNil() {
				return s.U64(0)
			}
			s = s.U64(uint64(v.Len()) + 1)
			for i := range v.Len() {
				s = elem(s, v.Index(i))
			}
			return s
		}
	case reflect.Array:
		elem := b.walkerOf(t.Elem())
		return func(s Sum, v reflect.Value) Sum {
			s = s.U64(uint64(v.Len()) + 1)
			for i := range v.Len() {
				s = elem(s, v.Index(i))
			}
			return s
		}
	case reflect.Struct:
		name := uint64(New().Str(t.Name()))
		fields := make([]walker, t.NumField())
		for i := range fields {
			fields[i] = b.walkerOf(t.Field(i).Type)
		}
		return func(s Sum, v reflect.Value) Sum {
			s = s.U64(name)
			for i, f := range fields {
				s = f(s, v.Field(i))
			}
			return s
		}
	case reflect.Pointer:
		elem := b.walkerOf(t.Elem())
		return func(s Sum, v reflect.Value) Sum {
			if v.IsNil() {
				return s.U64(0)
			}
			return elem(s.U64(1), v.Elem())
		}
	case reflect.Interface:
		return func(s Sum, v reflect.Value) Sum {
			if v.IsNil() {
				return s.U64(0)
			}
			e := v.Elem()
			return walkerOf(e.Type())(s.U64(1).Str(e.Type().String()), e)
		}
	case reflect.Map:
		key, elem := b.walkerOf(t.Key()), b.walkerOf(t.Elem())
		return func(s Sum, v reflect.Value) Sum {
			if v.IsNil() {
				return s.U64(0)
			}
			// Entries are fingerprinted apart and added up: the sum does
			// not depend on the map's iteration order.
			var sum uint64
			for it := v.MapRange(); it.Next(); {
				sum += uint64(elem(key(New(), it.Key()), it.Value()))
			}
			return s.U64(uint64(v.Len()) + 1).U64(sum)
		}
	}
	return func(Sum, reflect.Value) Sum {
		panic(fmt.Sprintf("digest: cannot fingerprint a %s: a cache input must be plain data", t))
	}
}
