package maps

import (
	"math"
	"slices"
)

// Thin drops the points of a line that stray less than tol from the line
// through the points kept around them (Douglas–Peucker), and points that
// repeat the previous one. The ends are always kept, so that lines still
// meet their neighbours exactly. It reuses pts.
func Thin(pts []Point, tol float64) []Point {
	pts = slices.Compact(pts)
	if tol <= 0 || len(pts) < 3 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	// An explicit stack: a long coastline would recurse deeply.
	stack := [][2]int{{0, len(pts) - 1}}
	for len(stack) > 0 {
		i, j := stack[len(stack)-1][0], stack[len(stack)-1][1]
		stack = stack[:len(stack)-1]
		far, at := tol, -1
		for k := i + 1; k < j; k++ {
			if d := segmentDistance(pts[k], pts[i], pts[j]); d > far {
				far, at = d, k
			}
		}
		if at >= 0 {
			keep[at] = true
			stack = append(stack, [2]int{i, at}, [2]int{at, j})
		}
	}
	out := pts[:0]
	for k, p := range pts {
		if keep[k] {
			out = append(out, p)
		}
	}
	return out
}

// segmentDistance is how far p lies from the segment a–b.
func segmentDistance(p, a, b Point) float64 {
	px, py := float64(p.X), float64(p.Y)
	ax, ay := float64(a.X), float64(a.Y)
	dx, dy := float64(b.X)-ax, float64(b.Y)-ay
	if l := dx*dx + dy*dy; l > 0 {
		t := max(0, min(1, ((px-ax)*dx+(py-ay)*dy)/l))
		ax, ay = ax+t*dx, ay+t*dy
	}
	return math.Hypot(px-ax, py-ay)
}

// Box is an axis-aligned rectangle, Min inclusive, Max inclusive.
type Box struct{ Min, Max Point }

// emptyBox is the box that any point extends.
var emptyBox = Box{Point{math.MaxInt32, math.MaxInt32}, Point{math.MinInt32, math.MinInt32}}

func (b Box) add(p Point) Box {
	return Box{Point{min(b.Min.X, p.X), min(b.Min.Y, p.Y)}, Point{max(b.Max.X, p.X), max(b.Max.Y, p.Y)}}
}

func (b Box) union(o Box) Box { return b.add(o.Min).add(o.Max) }

// Contains reports whether p lies in b.
func (b Box) Contains(p Point) bool {
	return p.X >= b.Min.X && p.X <= b.Max.X && p.Y >= b.Min.Y && p.Y <= b.Max.Y
}

func (b Box) intersects(o Box) bool {
	return b.Min.X <= o.Max.X && o.Min.X <= b.Max.X && b.Min.Y <= o.Max.Y && o.Min.Y <= b.Max.Y
}

func (b Box) width() float64  { return float64(b.Max.X) - float64(b.Min.X) }
func (b Box) height() float64 { return float64(b.Max.Y) - float64(b.Min.Y) }

// center is the middle of the box.
func (b Box) center() Point {
	return Point{int32((int64(b.Min.X) + int64(b.Max.X)) / 2), int32((int64(b.Min.Y) + int64(b.Max.Y)) / 2)}
}

// BoxOf is the smallest box holding pts.
func BoxOf(pts []Point) Box {
	b := emptyBox
	for _, p := range pts {
		b = b.add(p)
	}
	return b
}

// RingArea is the area a ring encloses, whichever its direction.
func RingArea(ring []Point) float64 {
	var s float64
	for i := range ring {
		p, q := ring[i], ring[(i+1)%len(ring)]
		s += float64(p.X)*float64(q.Y) - float64(q.X)*float64(p.Y)
	}
	return math.Abs(s) / 2
}

// clip cuts a ring to box b (Sutherland–Hodgman, one side of the box at a
// time), appending to out. Parts outside become runs along the box's
// edges, so b should lie a little outside what is shown.
func clip(ring []Point, b Box, out []Point) []Point {
	sides := [4]func(Point) bool{
		func(p Point) bool { return p.X >= b.Min.X },
		func(p Point) bool { return p.X <= b.Max.X },
		func(p Point) bool { return p.Y >= b.Min.Y },
		func(p Point) bool { return p.Y <= b.Max.Y },
	}
	cross := [4]func(p, q Point) Point{
		func(p, q Point) Point { return atX(p, q, b.Min.X) },
		func(p, q Point) Point { return atX(p, q, b.Max.X) },
		func(p, q Point) Point { return atY(p, q, b.Min.Y) },
		func(p, q Point) Point { return atY(p, q, b.Max.Y) },
	}
	in := ring
	var buf []Point
	for s := range sides {
		if len(in) == 0 {
			break
		}
		buf = buf[:0]
		inside := sides[s]
		prev := in[len(in)-1]
		for _, p := range in {
			switch {
			case inside(p) && inside(prev):
				buf = append(buf, p)
			case inside(p):
				buf = append(buf, cross[s](prev, p), p)
			case inside(prev):
				buf = append(buf, cross[s](prev, p))
			}
			prev = p
		}
		// The result of one side is the input of the next: swap buffers
		// rather than allocate, leaving ring itself untouched.
		if s == 0 {
			in, buf = buf, nil
		} else {
			in, buf = buf, in
		}
	}
	return append(out, in...)
}

func atX(p, q Point, x int32) Point {
	t := float64(x-p.X) / float64(q.X-p.X)
	return Point{x, p.Y + int32(math.Round(t*float64(q.Y-p.Y)))}
}

func atY(p, q Point, y int32) Point {
	t := float64(y-p.Y) / float64(q.Y-p.Y)
	return Point{p.X + int32(math.Round(t*float64(q.X-p.X))), y}
}
