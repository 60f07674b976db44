package main

import (
	"math"

	"brief/generator/maps"
)

// world-atlas keeps Natural Earth's rings whole on the sphere, so the few
// that cross 180° (Russia's Chukotka, Fiji, Antarctica around the pole)
// would, projected onto the plane, run across the whole map. They are cut
// at 180° here, and each piece becomes a polygon of its own with new arcs
// (they share no line with a neighbour any more, which does not show).

// cutAtAntimeridian returns polys with every polygon whose outline crosses
// 180° replaced by its pieces on either side, their arcs added to l. Holes
// of such polygons are dropped: none of Natural Earth's has any.
func cutAtAntimeridian(l *maps.TopoLayer, lonlat [][][2]float64, polys [][][]int32, tol float64) [][][]int32 {
	var out [][][]int32
	for _, poly := range polys {
		ring := stitchLonLat(lonlat, poly[0])
		if !crosses(ring) {
			out = append(out, poly)
			continue
		}
		ring = unwrap(ring)
		for _, shift := range []float64{-360, 0, 360} {
			piece := clipLon(ring, shift)
			if len(piece) < 3 {
				continue
			}
			l.Arcs = append(l.Arcs, maps.Thin(project(piece), tol))
			out = append(out, [][]int32{{int32(len(l.Arcs) - 1)}})
		}
	}
	return out
}

// stitchLonLat is a ring's positions from its arc references.
func stitchLonLat(arcs [][][2]float64, refs []int32) [][2]float64 {
	var out [][2]float64
	for i, ref := range refs {
		arc := arcs[max(ref, ^ref)]
		for k := range arc {
			if i > 0 && k == 0 {
				continue
			}
			if ref < 0 {
				out = append(out, arc[len(arc)-1-k])
			} else {
				out = append(out, arc[k])
			}
		}
	}
	return out
}

func crosses(ring [][2]float64) bool {
	for i := 1; i < len(ring); i++ {
		if math.Abs(ring[i][0]-ring[i-1][0]) > 180 {
			return true
		}
	}
	return false
}

// unwrap makes longitudes continuous (each within 180° of the previous).
// A ring that then ends a full turn from where it started goes around a
// pole: it is closed along the pole, the way it looks on the map.
func unwrap(ring [][2]float64) [][2]float64 {
	out := [][2]float64{ring[0]}
	for _, p := range ring[1:] {
		prev := out[len(out)-1][0]
		lon := p[0]
		for lon-prev > 180 {
			lon -= 360
		}
		for prev-lon > 180 {
			lon += 360
		}
		out = append(out, [2]float64{lon, p[1]})
	}
	first, last := out[0], out[len(out)-1]
	if math.Abs(last[0]-first[0]) > 180 {
		pole := math.Copysign(90, first[1])
		out = append(out, [2]float64{last[0], pole}, [2]float64{first[0], pole})
	}
	return out
}

// clipLon is the part of ring, shifted by shift degrees, between -180° and
// 180° (Sutherland–Hodgman against each side in turn).
func clipLon(ring [][2]float64, shift float64) [][2]float64 {
	pts := make([][2]float64, len(ring))
	for i, p := range ring {
		pts[i] = [2]float64{p[0] + shift, p[1]}
	}
	for _, side := range []float64{-180, 180} {
		inside := func(p [2]float64) bool {
			if side < 0 {
				return p[0] >= side
			}
			return p[0] <= side
		}
		var next [][2]float64
		for i, p := range pts {
			prev := pts[(i+len(pts)-1)%len(pts)]
			if inside(p) != inside(prev) {
				t := (side - prev[0]) / (p[0] - prev[0])
				next = append(next, [2]float64{side, prev[1] + t*(p[1]-prev[1])})
			}
			if inside(p) {
				next = append(next, p)
			}
		}
		pts = next
		if len(pts) == 0 {
			break
		}
	}
	return pts
}
