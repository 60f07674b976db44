package maps

import (
	"math"
	"strconv"
	"strings"
)

// Map is a drawn map: path data and numbers in the units of its viewBox,
// 0 0 Width Height, ready for a template to put in SVG markup.
type Map struct {
	Width, Height int
	// World is true when the map shows the whole world.
	World bool
	// Land is every shape in view that is not featured, as one path.
	Land string
	// Areas are the featured countries, in the order they were asked for.
	Areas []Area
}

// Area is a featured country.
type Area struct {
	Code string
	// D is the country's outline as SVG path data; "" when it is too small
	// for the scale or has no shape, and then Dot is set.
	D string
	// Dot marks a country too small to see or to click on its own.
	Dot *Dot
}

// Dot is a circle: centre and radius.
type Dot struct{ X, Y, R int }

// Sizes of the drawings, in viewBox units; the stylesheet scales them.
const (
	worldWidth    = 1000
	insetWidth    = 500 // the world as a locator: half as many points
	locatorWidth  = 400
	locatorHeight = 300
)

// Thresholds, in viewBox units.
const (
	// thinning is how far a drawn line may stray from the atlas's: half a
	// unit cannot be seen at the sizes the maps are shown.
	thinning = 0.5
	// worldSmall: a country whose shape is smaller than this in both
	// directions gets a dot on the world map; worldDot is the dot's radius.
	worldSmall = 6
	worldDot   = 5
	// locatorSmall and locatorDot are the same for a locator map, where
	// the dot is drawn around the country as a ring.
	locatorSmall = 16
	locatorDot   = 12
)

// Windows of locator maps, in atlas units.
const (
	minWindow = 3000  // about 1,900 km across: Malta shows Sicily and Tunisia
	maxWindow = 22000 // two fifths of the world: beyond it, the world itself
)

// frame maps atlas units to a drawing's viewBox units.
type frame struct {
	origin Point   // atlas point at the viewBox origin
	scale  float64 // viewBox units per atlas unit
	clip   Box     // atlas units; a little outside the view
}

// newFrame fits the atlas box view into a drawing width units wide.
func newFrame(view Box, width int) frame {
	f := frame{origin: view.Min, scale: float64(width) / view.width()}
	m := int32(math.Ceil(2 / f.scale)) // 2 units of margin, so clipped edges stay out of view
	f.clip = grow(view, m)
	return f
}

func (f frame) at(p Point) Point {
	return Point{
		int32(math.Round(float64(p.X-f.origin.X) * f.scale)),
		int32(math.Round(float64(p.Y-f.origin.Y) * f.scale)),
	}
}

// path appends the SVG path data of shape s as the frame shows it: rings
// out of view left out, rings across its edge clipped, every ring thinned
// to what can be seen, rings that shrink to nothing dropped. Coordinates
// are relative, which keeps the numbers short.
func (f frame) path(b []byte, s *shape) []byte {
	var clipped, pts []Point
	for _, p := range s.polygons {
		if !p.box.intersects(f.clip) {
			continue
		}
		inside := f.clip.Contains(p.box.Min) && f.clip.Contains(p.box.Max)
		for _, ring := range p.rings {
			if !inside {
				clipped = clip(ring, f.clip, clipped[:0])
				ring = clipped
			}
			pts = pts[:0]
			for _, q := range ring {
				pts = append(pts, f.at(q))
			}
			pts = Thin(pts, thinning)
			if len(pts) > 1 && pts[len(pts)-1] == pts[0] {
				pts = pts[:len(pts)-1]
			}
			if len(pts) < 3 {
				continue
			}
			b = append(b, 'M')
			b = strconv.AppendInt(b, int64(pts[0].X), 10)
			b = number(b, pts[0].Y)
			b = append(b, 'l')
			for i := 1; i < len(pts); i++ {
				b = number(b, pts[i].X-pts[i-1].X)
				b = number(b, pts[i].Y-pts[i-1].Y)
			}
			b = append(b, 'z')
		}
	}
	return b
}

// number appends v to path data, with a space before it only where the
// previous character is a digit and v has no minus sign to separate it.
func number(b []byte, v int32) []byte {
	if v >= 0 && len(b) > 0 && b[len(b)-1] >= '0' && b[len(b)-1] <= '9' {
		b = append(b, ' ')
	}
	return strconv.AppendInt(b, int64(v), 10)
}

// small reports whether a box, in atlas units, is smaller than limit
// viewBox units both ways in frame f.
func (f frame) small(b Box, limit float64) bool {
	return b.width()*f.scale < limit && b.height()*f.scale < limit
}

// dot is a dot of radius r at atlas point p.
func (f frame) dot(p Point, r int) *Dot {
	q := f.at(p)
	return &Dot{X: int(q.X), Y: int(q.Y), R: r}
}

// worldPaths is the world map drawn once: every shape of the world layer
// as path data.
type worldPaths struct {
	frame         frame
	width         int
	height        int // without Antarctica
	heightPolar   int // with it
	paths         []string
	byCode        map[string]int // index in paths
	antarcticaTop int32          // atlas y below which lies only Antarctica
}

// The world map spans 84°N, above Natural Earth's northernmost land, to
// 58°S, below South America's and South Georgia's; down to the pole when
// Antarctica is featured.
func (a *Atlas) worldPaths(width int) *worldPaths {
	top, bottom, pole := Project(0, 84).Y, Project(0, -58).Y, Project(0, -90).Y
	edge := Project(180, 0).X
	view := Box{Point{-edge, top}, Point{edge, bottom}}
	w := &worldPaths{frame: newFrame(view, width), width: width, byCode: map[string]int{}, antarcticaTop: bottom}
	w.height = int(math.Ceil(float64(bottom-top) * w.frame.scale))
	w.heightPolar = int(math.Ceil(float64(pole-top) * w.frame.scale))
	w.frame.clip.Max.Y = pole // Antarctica is drawn whole, shown or not
	l := &a.layers[WorldLayer]
	for i := range l.shapes {
		s := &l.shapes[i]
		w.paths = append(w.paths, string(w.frame.path(nil, s)))
		if s.code != "" {
			w.byCode[s.code] = i
		}
	}
	return w
}

// World draws the world with the countries of codes featured (upper-case
// alpha-2 codes, as in the registry). A country with no shape at the world
// scale, or too small to see on it, gets a dot; one the atlas cannot show
// at all is left out of Areas. Antarctica is in view only when featured.
func (a *Atlas) World(codes []string) Map { return a.worldMap(a.world(), codes) }

func (a *Atlas) worldMap(w *worldPaths, codes []string) Map {
	featured := make(map[string]bool, len(codes))
	m := Map{Width: w.width, Height: w.height, World: true}
	l := &a.layers[WorldLayer]
	for _, code := range codes {
		featured[code] = true
		area := Area{Code: code}
		if i, ok := w.byCode[code]; ok {
			area.D = w.paths[i]
			if s := &l.shapes[i]; w.frame.small(s.box, worldSmall) {
				area.Dot = w.frame.dot(s.main.center(), worldDot)
			}
		} else if p, ok := a.where(code); ok {
			area.Dot = w.frame.dot(p, worldDot)
		} else {
			continue
		}
		if code == "AQ" {
			m.Height = w.heightPolar
		}
		m.Areas = append(m.Areas, area)
	}
	var land strings.Builder
	for i, s := range l.shapes {
		if featured[s.code] && s.code != "" || s.box.Min.Y > w.antarcticaTop && m.Height == w.height {
			continue
		}
		land.WriteString(w.paths[i])
	}
	m.Land = land.String()
	return m
}

// Locator draws one country within its region: the country featured, its
// neighbours as land, in a window around its largest part and the parts
// near it (the mainland of France without French Guiana, Indonesia's
// islands together). When that window would span more than two fifths of
// the world (Russia, Chile, Kiribati) the map is the world itself. It
// reports false when the atlas cannot show the country.
func (a *Atlas) Locator(code string) (Map, bool) {
	l := &a.layers[DetailLayer]
	s := l.byCode[code]
	var focus Box
	switch {
	case s != nil:
		focus = s.main
		near := grow(s.main, int32(max(s.main.width(), s.main.height())))
		for _, p := range s.polygons {
			if near.intersects(p.box) {
				focus = focus.union(p.box)
			}
		}
	default:
		p, ok := a.places[code]
		if !ok {
			return Map{}, false
		}
		focus = Box{p, p}
	}
	w := max(focus.width()*1.6, focus.height()*1.6*locatorWidth/locatorHeight, minWindow)
	if w > maxWindow {
		return a.worldMap(a.inset(), []string{code}), true
	}
	h := w * locatorHeight / locatorWidth
	c := focus.center()
	view := Box{
		Point{c.X - int32(w/2), c.Y - int32(h/2)},
		Point{c.X + int32(w/2), c.Y + int32(h/2)},
	}
	f := newFrame(view, locatorWidth)
	m := Map{Width: locatorWidth, Height: locatorHeight}
	var land []byte
	for i := range l.shapes {
		o := &l.shapes[i]
		if o != s && o.box.intersects(f.clip) {
			land = f.path(land, o)
		}
	}
	m.Land = string(land)
	area := Area{Code: code}
	if s != nil {
		area.D = string(f.path(nil, s))
		if f.small(s.box, locatorSmall) || area.D == "" {
			area.Dot = f.dot(s.main.center(), locatorDot)
		}
	} else {
		area.Dot = f.dot(focus.Min, locatorDot)
	}
	m.Areas = []Area{area}
	return m, true
}

// grow widens a box by d on every side.
func grow(b Box, d int32) Box {
	return Box{Point{b.Min.X - d, b.Min.Y - d}, Point{b.Max.X + d, b.Max.Y + d}}
}
