package maps

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed atlas.bin
var atlasData []byte

// Atlas is the decoded geometry: each layer's shapes with their rings as
// points, and the places of territories without a shape.
type Atlas struct {
	layers [2]layer
	places map[string]Point

	// world and inset hold the path data of the world map and of the
	// smaller world that locates the largest countries, each made on first
	// use.
	world, inset func() *worldPaths
}

// layer is one scale's shapes, by code.
type layer struct {
	shapes []shape // sorted by code, land of no country first
	byCode map[string]*shape
}

// shape is a country's polygons, each a list of rings (outline, holes).
type shape struct {
	code     string
	polygons []polygon
	box      Box
	main     Box // box of the largest polygon
}

type polygon struct {
	rings [][]Point
	box   Box // of the outline
}

// Load returns the atlas compiled into brief, decoding it on first use.
var Load = sync.OnceValues(func() (*Atlas, error) {
	var t Topology
	if err := t.UnmarshalBinary(atlasData); err != nil {
		return nil, fmt.Errorf("maps: %w", err)
	}
	return newAtlas(&t), nil
})

// newAtlas resolves a topology's arc references into rings of points.
func newAtlas(t *Topology) *Atlas {
	a := &Atlas{places: map[string]Point{}}
	for li, tl := range t.Layers {
		l := &a.layers[li]
		l.byCode = map[string]*shape{}
		l.shapes = make([]shape, len(tl.Shapes))
		for si, ts := range tl.Shapes {
			s := &l.shapes[si]
			s.code, s.box, s.main = ts.Code, emptyBox, emptyBox
			largest := -1.0
			for _, tp := range ts.Polygons {
				var p polygon
				for _, refs := range tp {
					p.rings = append(p.rings, Stitch(tl.Arcs, refs, nil))
				}
				if len(p.rings) == 0 {
					continue
				}
				p.box = BoxOf(p.rings[0])
				s.box = s.box.union(p.box)
				if area := RingArea(p.rings[0]); area > largest {
					largest, s.main = area, p.box
				}
				s.polygons = append(s.polygons, p)
			}
			if ts.Code != "" && len(s.polygons) > 0 {
				l.byCode[ts.Code] = s
			}
		}
	}
	for _, p := range t.Places {
		a.places[p.Code] = p.At
	}
	a.world = sync.OnceValue(func() *worldPaths { return a.worldPaths(worldWidth) })
	a.inset = sync.OnceValue(func() *worldPaths { return a.worldPaths(insetWidth) })
	return a
}

// Stitch appends to out the points of a ring made of arcs: refs as in
// TopoShape. Each arc after the first starts where the previous ended, so
// its first point is left out. References out of range are skipped; the
// decoder refuses them already.
func Stitch(arcs [][]Point, refs []int32, out []Point) []Point {
	for i, ref := range refs {
		rev := ref < 0
		if rev {
			ref = ^ref
		}
		if int(ref) >= len(arcs) {
			continue
		}
		arc := arcs[ref]
		start := 0
		if i > 0 {
			start = 1
		}
		for k := start; k < len(arc); k++ {
			if rev {
				out = append(out, arc[len(arc)-1-k])
			} else {
				out = append(out, arc[k])
			}
		}
	}
	return out
}

// where is the middle of a country's largest part at the detail scale, or
// its place.
func (a *Atlas) where(code string) (Point, bool) {
	if s := a.layers[DetailLayer].byCode[code]; s != nil {
		return s.main.center(), true
	}
	p, ok := a.places[code]
	return p, ok
}
