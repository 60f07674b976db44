package maps

import (
	"math"
	"slices"
	"testing"

	"brief/generator/countries"
)

func TestProject(t *testing.T) {
	for _, c := range []struct {
		lon, lat float64
		want     Point
	}{
		{0, 0, Point{0, 0}},
		{180, 0, Point{27066, 0}}, // Equal Earth's half width, 2.7066
		{-180, 0, Point{-27066, 0}},
		{0, 90, Point{0, -13174}}, // and half height, 1.31736, north up
		{0, -90, Point{0, 13174}},
	} {
		if got := Project(c.lon, c.lat); got != c.want {
			t.Errorf("Project(%v, %v) = %v, want %v", c.lon, c.lat, got, c.want)
		}
	}
}

func TestThin(t *testing.T) {
	line := []Point{{0, 0}, {1, 0}, {1, 0}, {2, 1}, {3, 0}, {10, 0}}
	if got, want := Thin(slices.Clone(line), 0), []Point{{0, 0}, {1, 0}, {2, 1}, {3, 0}, {10, 0}}; !slices.Equal(got, want) {
		t.Errorf("Thin(%v, 0) = %v, want %v", line, got, want)
	}
	if got, want := Thin(slices.Clone(line), 1.5), []Point{{0, 0}, {10, 0}}; !slices.Equal(got, want) {
		t.Errorf("Thin(%v, 1.5) = %v, want %v", line, got, want)
	}
}

func TestClip(t *testing.T) {
	square := []Point{{-10, -10}, {10, -10}, {10, 10}, {-10, 10}}
	box := Box{Point{0, 0}, Point{20, 20}}
	got := clip(square, box, nil)
	if a := RingArea(got); a != 100 {
		t.Errorf("clip of a 20×20 square by a box over a quarter of it: area %v, want 100 (%v)", a, got)
	}
	if got := clip(square, Box{Point{50, 50}, Point{60, 60}}, nil); len(got) != 0 {
		t.Errorf("clip outside the box = %v, want nothing", got)
	}
}

func TestTopologyRoundTripAndDamage(t *testing.T) {
	var topo Topology
	if err := topo.UnmarshalBinary(atlasData); err != nil {
		t.Fatal(err)
	}
	data, err := topo.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != string(atlasData) {
		t.Error("atlas.bin read and written again differs")
	}
	// Damaged files are errors, never panics.
	for _, n := range []int{0, 5, len(magic), len(magic) + 3, len(data) / 3, len(data) / 2, len(data) - 1} {
		if err := new(Topology).UnmarshalBinary(data[:n]); err == nil {
			t.Errorf("atlas cut to %d bytes: no error", n)
		}
	}
	flipped := slices.Clone(data)
	for i := len(magic); i < len(flipped); i += 997 {
		flipped[i] ^= 0xff
	}
	_ = new(Topology).UnmarshalBinary(flipped) // must return, whatever it says
}

func atlas(t *testing.T) *Atlas {
	t.Helper()
	a, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Every country of the registry can be shown, and every locator map stays
// within the budget of issue 17 (25 KB for the map; the path data is
// nearly all of it).
func TestEveryCountryHasALocatorWithinBudget(t *testing.T) {
	a := atlas(t)
	for _, c := range countries.All() {
		m, ok := a.Locator(c.Alpha2)
		if !ok {
			t.Errorf("%s (%s): no locator map", c.Alpha2, c.Common)
			continue
		}
		if len(m.Areas) != 1 || m.Areas[0].D == "" && m.Areas[0].Dot == nil {
			t.Errorf("%s: the country is not drawn: %+v", c.Alpha2, m.Areas)
		}
		if size := len(m.Land) + len(m.Areas[0].D); size > 24_000 {
			t.Errorf("%s: %d bytes of path data", c.Alpha2, size)
		}
	}
}

func TestWorldDots(t *testing.T) {
	a := atlas(t)
	codes := []string{"MT", "SG", "BH", "TV", "KI", "UA", "RU", "XK"}
	m := a.World(codes)
	if len(m.Areas) != len(codes) {
		t.Fatalf("%d areas for %d countries", len(m.Areas), len(codes))
	}
	for _, ar := range m.Areas {
		small := ar.Code != "UA" && ar.Code != "RU" // Kosovo too, at this scale
		if (ar.Dot != nil) != small {
			t.Errorf("%s: dot %v, want %v", ar.Code, ar.Dot, small)
		}
		if ar.Dot != nil && (ar.Dot.X < 0 || ar.Dot.X > m.Width || ar.Dot.Y < 0 || ar.Dot.Y > m.Height) {
			t.Errorf("%s: dot %v outside the map %dx%d", ar.Code, *ar.Dot, m.Width, m.Height)
		}
	}
	if a.World(nil).Height >= a.World([]string{"AQ"}).Height {
		t.Error("the world map does not reach the pole for Antarctica")
	}
}

// The shapes Natural Earth leaves without a code: Kosovo is XK, Northern
// Cyprus part of Cyprus, Somaliland part of Somalia.
func TestShapesWithoutISOCode(t *testing.T) {
	a := atlas(t)
	for _, c := range []struct {
		code     string
		lon, lat float64
	}{
		{"XK", 21.17, 42.66}, // Pristina
		{"CY", 33.94, 35.12}, // Famagusta, in Northern Cyprus
		{"SO", 44.06, 9.56},  // Hargeisa, in Somaliland
	} {
		for li := range a.layers {
			s := a.layers[li].byCode[c.code]
			if s == nil || !inside(s, Project(c.lon, c.lat)) {
				t.Errorf("layer %d: %s does not hold %v, %v", li, c.code, c.lon, c.lat)
			}
		}
	}
}

// inside reports whether p lies inside one of s's outlines (even-odd rule).
func inside(s *shape, p Point) bool {
	for _, poly := range s.polygons {
		in := false
		r := poly.rings[0]
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			if (a.Y > p.Y) != (b.Y > p.Y) {
				x := float64(a.X) + float64(p.Y-a.Y)*float64(b.X-a.X)/float64(b.Y-a.Y)
				if float64(p.X) < x {
					in = !in
				}
			}
		}
		if in {
			return true
		}
	}
	return false
}

// No ring crosses the map: the antimeridian cut in gen keeps every shape's
// parts narrower than half the world.
func TestNoRingAcrossTheWorld(t *testing.T) {
	a := atlas(t)
	half := float64(Project(180, 0).X)
	for li := range a.layers {
		for _, s := range a.layers[li].shapes {
			for _, p := range s.polygons {
				if w := p.box.width(); w > half && s.code != "AQ" {
					t.Errorf("layer %d: a polygon of %q spans %v units", li, s.code, math.Round(w))
				}
			}
		}
	}
}
