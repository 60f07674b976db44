package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"brief/generator/countries"
	"brief/generator/maps"
)

// topology is the part of a TopoJSON file the conversion reads.
type topology struct {
	Transform *struct {
		Scale, Translate [2]float64
	}
	Arcs    [][][2]float64
	Objects struct {
		Countries struct {
			Geometries []geometry
		}
	}
}

type geometry struct {
	Type       string
	ID         string
	Properties struct{ Name string }
	Arcs       json.RawMessage
}

// unnamed gives a code to the shapes Natural Earth leaves without an ISO
// numeric code, by their name. Kosovo has its own entry in the registry;
// Northern Cyprus and Somaliland are parts of Cyprus and Somalia in ISO
// 3166, so they are drawn as such. A name not listed here is land of no
// country (Siachen Glacier; "Indian Ocean Ter.", whose islands go to
// Christmas Island and the Cocos Islands through their places).
var unnamed = map[string]string{
	"Kosovo":     "XK",
	"N. Cyprus":  "CY",
	"Somaliland": "SO",
}

// convert turns one TopoJSON file into a layer: arcs decoded, projected
// and thinned to tol, shapes keyed by alpha-2 code and sorted by it (land
// of no country first), parts of one country merged into one shape.
func convert(data []byte, tol float64) (maps.TopoLayer, error) {
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return maps.TopoLayer{}, err
	}
	var l maps.TopoLayer
	var lonlat [][][2]float64
	for _, arc := range t.Arcs {
		ll := decodeArc(arc, t.Transform)
		lonlat = append(lonlat, ll)
		l.Arcs = append(l.Arcs, maps.Thin(project(ll), tol))
	}
	byNumeric := map[string]string{}
	for _, c := range countries.All() {
		if c.Numeric != "" {
			byNumeric[c.Numeric] = c.Alpha2
		}
	}
	shapes := map[string]*maps.TopoShape{}
	var codes []string
	for _, g := range t.Objects.Countries.Geometries {
		code, ok := byNumeric[g.ID]
		if g.ID == "" {
			code = unnamed[g.Properties.Name]
		} else if !ok {
			return maps.TopoLayer{}, fmt.Errorf("%s (%s): no country of the registry has this numeric code", g.ID, g.Properties.Name)
		}
		polys, err := polygons(g)
		if err != nil {
			return maps.TopoLayer{}, fmt.Errorf("%s (%s): %w", g.ID, g.Properties.Name, err)
		}
		polys = cutAtAntimeridian(&l, lonlat, polys, tol)
		s := shapes[code]
		if s == nil {
			s = &maps.TopoShape{Code: code}
			shapes[code] = s
			codes = append(codes, code)
		}
		s.Polygons = append(s.Polygons, polys...)
	}
	slices.Sort(codes)
	for _, c := range codes {
		l.Shapes = append(l.Shapes, *shapes[c])
	}
	return l, nil
}

// decodeArc undoes TopoJSON's quantisation: positions as differences from
// the previous one, scaled.
func decodeArc(arc [][2]float64, tr *struct{ Scale, Translate [2]float64 }) [][2]float64 {
	out := make([][2]float64, 0, len(arc))
	var x, y float64
	for _, p := range arc {
		lon, lat := p[0], p[1]
		if tr != nil {
			x, y = x+p[0], y+p[1]
			lon, lat = x*tr.Scale[0]+tr.Translate[0], y*tr.Scale[1]+tr.Translate[1]
		}
		out = append(out, [2]float64{lon, lat})
	}
	return out
}

func project(ll [][2]float64) []maps.Point {
	out := make([]maps.Point, len(ll))
	for i, p := range ll {
		out[i] = maps.Project(p[0], p[1])
	}
	return out
}

// polygons reads a geometry's arc references as polygons of rings.
func polygons(g geometry) ([][][]int32, error) {
	switch g.Type {
	case "Polygon":
		var p [][]int32
		if err := json.Unmarshal(g.Arcs, &p); err != nil {
			return nil, err
		}
		return [][][]int32{p}, nil
	case "MultiPolygon":
		var mp [][][]int32
		err := json.Unmarshal(g.Arcs, &mp)
		return mp, err
	}
	return nil, errors.New("geometry of type " + g.Type)
}
