package maps

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Topology is the atlas as atlas.bin stores it: like TopoJSON, each line
// that two neighbours share is stored once, as an arc, and a shape's rings
// list the arcs they follow. Points are projected already (Project).
type Topology struct {
	// Layers holds the 1:110m shapes, for the world, and the 1:50m shapes,
	// for regions.
	Layers [2]TopoLayer
	// Places are points standing for the territories that have no shape
	// at either scale.
	Places []Place
}

// The layers of a Topology.
const (
	WorldLayer  = 0 // Natural Earth 1:110m
	DetailLayer = 1 // Natural Earth 1:50m
)

// TopoLayer is one scale's arcs and shapes.
type TopoLayer struct {
	Arcs   [][]Point
	Shapes []TopoShape
}

// TopoShape is a country's polygons; each polygon is rings (the outline
// first, then holes), each ring a list of arc references: i follows arc i
// forward, ^i (-i-1) follows it backward, as in TopoJSON.
type TopoShape struct {
	Code     string // upper-case alpha-2, or "" for land of no country
	Polygons [][][]int32
}

// Place is a territory drawn as a dot at a point.
type Place struct {
	Code string
	At   Point
}

// magic starts atlas.bin; the number is the version of the format.
const magic = "brief-atlas 1\n"

// MarshalBinary writes the topology as unsigned varints for counts and
// zig-zag varints for numbers, each arc's points as differences from the
// previous point, which is what keeps the file small: neighbouring points
// differ by a few units.
func (t *Topology) MarshalBinary() ([]byte, error) {
	b := []byte(magic)
	for _, l := range t.Layers {
		b = binary.AppendUvarint(b, uint64(len(l.Arcs)))
		for _, arc := range l.Arcs {
			b = binary.AppendUvarint(b, uint64(len(arc)))
			var prev Point
			for _, p := range arc {
				b = binary.AppendVarint(b, int64(p.X-prev.X))
				b = binary.AppendVarint(b, int64(p.Y-prev.Y))
				prev = p
			}
		}
		b = binary.AppendUvarint(b, uint64(len(l.Shapes)))
		for _, s := range l.Shapes {
			b = appendString(b, s.Code)
			b = binary.AppendUvarint(b, uint64(len(s.Polygons)))
			for _, poly := range s.Polygons {
				b = binary.AppendUvarint(b, uint64(len(poly)))
				for _, ring := range poly {
					b = binary.AppendUvarint(b, uint64(len(ring)))
					for _, ref := range ring {
						if ref >= int32(len(l.Arcs)) || ^ref >= int32(len(l.Arcs)) {
							return nil, fmt.Errorf("shape %q refers to arc %d of %d", s.Code, ref, len(l.Arcs))
						}
						b = binary.AppendVarint(b, int64(ref))
					}
				}
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(t.Places)))
	for _, p := range t.Places {
		b = appendString(b, p.Code)
		b = binary.AppendVarint(b, int64(p.At.X))
		b = binary.AppendVarint(b, int64(p.At.Y))
	}
	return b, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// UnmarshalBinary reads what MarshalBinary wrote. It checks every count
// and reference, so that a damaged file is an error and never a panic.
func (t *Topology) UnmarshalBinary(data []byte) error {
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return errors.New("not an atlas of this version")
	}
	r := &reader{b: data[len(magic):]}
	var out Topology
	for li := range out.Layers {
		l := &out.Layers[li]
		l.Arcs = make([][]Point, r.count())
		for i := range l.Arcs {
			arc := make([]Point, r.count())
			var prev Point
			for k := range arc {
				prev.X += int32(r.int())
				prev.Y += int32(r.int())
				arc[k] = prev
			}
			l.Arcs[i] = arc
		}
		l.Shapes = make([]TopoShape, r.count())
		for i := range l.Shapes {
			s := &l.Shapes[i]
			s.Code = r.string()
			s.Polygons = make([][][]int32, r.count())
			for pi := range s.Polygons {
				poly := make([][]int32, r.count())
				for ri := range poly {
					ring := make([]int32, r.count())
					for k := range ring {
						ref := r.int()
						if ref >= int64(len(l.Arcs)) || ^ref >= int64(len(l.Arcs)) {
							r.fail("arc reference out of range")
						}
						ring[k] = int32(ref)
					}
					poly[ri] = ring
				}
				s.Polygons[pi] = poly
			}
		}
	}
	out.Places = make([]Place, r.count())
	for i := range out.Places {
		out.Places[i] = Place{Code: r.string(), At: Point{int32(r.int()), int32(r.int())}}
	}
	if r.err == nil && len(r.b) > 0 {
		r.fail("trailing bytes")
	}
	if r.err != nil {
		return r.err
	}
	*t = out
	return nil
}

// reader decodes varints, remembering the first problem; after one it
// returns zeros, so that the loops above end quickly.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(msg string) {
	if r.err == nil {
		r.err = errors.New("damaged atlas: " + msg)
	}
	r.b = nil
}

func (r *reader) uint() uint64 { return next(r, binary.Uvarint) }

func (r *reader) int() int64 { return next(r, binary.Varint) }

// next reads one varint with read (binary.Uvarint or binary.Varint).
func next[T uint64 | int64](r *reader, read func([]byte) (T, int)) T {
	v, n := read(r.b)
	if n <= 0 {
		r.fail("truncated")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length, refusing one longer than the bytes left could
// hold, so that a damaged count cannot make a huge allocation.
func (r *reader) count() int {
	v := r.uint()
	if v > uint64(len(r.b)) {
		r.fail("count out of range")
		return 0
	}
	return int(v)
}

func (r *reader) string() string {
	n := r.count()
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
