package main

import (
	"cmp"
	"fmt"
	"slices"

	"brief/generator/maps"
)

// places are where the territories lie that Natural Earth gives no shape
// of their own at 1:50m: overseas departments drawn within France,
// Svalbard within Norway, islands it leaves out. Each is a longitude and a
// latitude, near the middle of the main island or town.
var places = []struct {
	code     string
	lon, lat float64
}{
	{"BQ", -68.27, 12.18},  // Bonaire
	{"BV", 3.40, -54.42},   // Bouvet Island
	{"CC", 96.87, -12.16},  // Cocos (Keeling) Islands
	{"CX", 105.63, -10.49}, // Christmas Island
	{"GF", -53.13, 3.93},   // French Guiana
	{"GI", -5.35, 36.14},   // Gibraltar
	{"GP", -61.55, 16.25},  // Guadeloupe
	{"MQ", -61.02, 14.64},  // Martinique
	{"RE", 55.53, -21.13},  // Réunion
	{"SJ", 15.65, 78.22},   // Svalbard
	{"TK", -171.85, -9.17}, // Tokelau
	{"TV", 179.2, -8.52},   // Tuvalu
	{"UM", 166.63, 19.29},  // Wake Island, the largest of the outlying islands
	{"YT", 45.15, -12.82},  // Mayotte
}

// slack is how far from a polygon's box a place may lie and still take
// the polygon: places are rounded, small islands' outlines coarse.
const slack = 40 // atlas units, about 25 km

// placeTerritories gives each place, in each layer, the polygon it lies
// in, taken from the shape that holds it; a country keeps its largest
// polygon (Spain keeps the mainland around Gibraltar). Places that find no
// polygon are returned, to be drawn as points.
func placeTerritories(t *maps.Topology) ([]maps.Place, error) {
	var points []maps.Place
	for _, pl := range places {
		at := maps.Project(pl.lon, pl.lat)
		found := false
		for li := range t.Layers {
			l := &t.Layers[li]
			if slices.ContainsFunc(l.Shapes, func(s maps.TopoShape) bool { return s.Code == pl.code }) {
				return nil, fmt.Errorf("%s has a shape of its own now: remove it from places", pl.code)
			}
			si, pi := smallestAround(l, at)
			if si < 0 {
				continue
			}
			found = true
			poly := l.Shapes[si].Polygons[pi]
			l.Shapes[si].Polygons = slices.Delete(l.Shapes[si].Polygons, pi, pi+1)
			l.Shapes = append(l.Shapes, maps.TopoShape{Code: pl.code, Polygons: [][][]int32{poly}})
			fmt.Printf("layer %d: %s takes a polygon of %q\n", li, pl.code, l.Shapes[si].Code)
		}
		if !found {
			points = append(points, maps.Place{Code: pl.code, At: at})
		}
	}
	for li := range t.Layers {
		l := &t.Layers[li]
		l.Shapes = slices.DeleteFunc(l.Shapes, func(s maps.TopoShape) bool { return len(s.Polygons) == 0 })
		slices.SortStableFunc(l.Shapes, func(a, b maps.TopoShape) int { return cmp.Compare(a.Code, b.Code) })
	}
	return points, nil
}

// smallestAround finds the smallest polygon whose box, widened by slack,
// holds at, leaving out each country's largest polygon. It returns the
// shape's and the polygon's index, or -1, -1.
func smallestAround(l *maps.TopoLayer, at maps.Point) (int, int) {
	bestS, bestP, bestArea := -1, -1, 0.0
	for si, s := range l.Shapes {
		largest, largestArea := -1, 0.0
		if s.Code != "" {
			for pi, poly := range s.Polygons {
				if a := maps.RingArea(ring(l, poly[0])); a > largestArea {
					largest, largestArea = pi, a
				}
			}
		}
		for pi, poly := range s.Polygons {
			if pi == largest {
				continue
			}
			outline := ring(l, poly[0])
			b := maps.BoxOf(outline)
			b.Min.X, b.Min.Y, b.Max.X, b.Max.Y = b.Min.X-slack, b.Min.Y-slack, b.Max.X+slack, b.Max.Y+slack
			if !b.Contains(at) {
				continue
			}
			if a := maps.RingArea(outline); bestS < 0 || a < bestArea {
				bestS, bestP, bestArea = si, pi, a
			}
		}
	}
	return bestS, bestP
}

// ring is the points of a ring of arc references.
func ring(l *maps.TopoLayer, refs []int32) []maps.Point {
	return maps.Stitch(l.Arcs, refs, nil)
}
