// Command gen makes atlas.bin in package maps from the TopoJSON files of
// the world-atlas npm package (Natural Earth 1:110m and 1:50m). It is run
// by go generate from the package directory, after npm ci --prefix gen:
//
//	go generate ./generator/maps
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"brief/generator/maps"
)

func main() {
	in := flag.String("in", "node_modules/world-atlas", "folder holding countries-110m.json and countries-50m.json")
	out := flag.String("o", "atlas.bin", "file to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	var topo maps.Topology
	for layer, name := range []string{"countries-110m.json", "countries-50m.json"} {
		data, err := os.ReadFile(filepath.Join(in, name))
		if err != nil {
			return fmt.Errorf("%w (run npm ci --prefix generator/maps/gen, or pass -in)", err)
		}
		l, err := convert(data, tolerance[layer])
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		topo.Layers[layer] = l
	}
	places, err := placeTerritories(&topo)
	if err != nil {
		return err
	}
	topo.Places = places
	data, err := topo.MarshalBinary()
	if err != nil {
		return err
	}
	return os.WriteFile(out, data, 0o644)
}

// tolerance is how far, in atlas units, a thinned line may stray from
// Natural Earth's at each scale. The world map is 1,000 units of the
// viewBox across 54,000 atlas units, so the 1:110m lines are kept whole; a
// locator map spans 2,000 atlas units or more across 400, so 1:50m lines
// thinned to 2 units (about 1.3 km) lose nothing a reader could see.
var tolerance = [2]float64{0, 2}
