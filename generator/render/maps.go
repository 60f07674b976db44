package render

import (
	"math"
	"slices"

	"brief/generator/countries"
	"brief/generator/i18n"
	"brief/generator/maps"
)

// coverageMap is the world map of countriesView: each country of in
// shaded by its count, linked to its page.
func coverageMap(c *context, in []countryCount) (*MapView, error) {
	atlas, err := maps.Load()
	if err != nil {
		return nil, err
	}
	// The areas come in this order, which is the order the keyboard and
	// screen readers go through them: the language's alphabetical order.
	in = slices.Clone(in)
	i18n.SortFunc(c.lang, in, func(cc countryCount) string { return c.countryName(cc.Country) })
	codes := make([]string, len(in))
	counts := make([]int, len(in))
	byCode := make(map[string]countryCount, len(in))
	for i, cc := range in {
		codes[i], counts[i] = cc.Country.Alpha2, cc.Count
		byCode[cc.Country.Alpha2] = cc
	}
	m := atlas.World(codes)
	bounds := coverageSteps(counts)
	v := &MapView{Kind: "coverage", Label: c.t("map_coverage"),
		Width: m.Width, Height: m.Height, Land: m.Land}
	for i, hi := range bounds {
		lo := 1
		if i > 0 {
			lo = bounds[i-1] + 1
		}
		v.Legend = append(v.Legend, MapStep{Step: i + 1, Label: rangeLabel(c, lo, hi)})
	}
	for _, a := range m.Areas {
		cc := byCode[a.Code]
		step := 1
		for step < len(bounds) && cc.Count > bounds[step-1] {
			step++
		}
		v.Areas = append(v.Areas, MapArea{
			URL:   c.url("/countries/" + cc.Country.Key() + "/"),
			Title: c.n("map_area", cc.Count, "name", c.countryName(cc.Country)),
			D:     a.D, Dot: a.Dot, Step: step,
		})
	}
	return v, nil
}

// coverageSteps divides counts into at most four shades, returning the
// highest count of each. The steps grow geometrically (1, 2–3, 4–11,
// 12–40 for a highest count of 40) because coverage is skewed: a few
// countries have most briefings, and equal steps would leave all others
// in the lightest shade.
func coverageSteps(counts []int) []int {
	top := 1
	for _, n := range counts {
		top = max(top, n)
	}
	var bounds []int
	for i := 1; i <= 4; i++ {
		b := int(math.Round(math.Pow(float64(top), float64(i)/4)))
		if i == 4 {
			b = top
		}
		if len(bounds) == 0 || b > bounds[len(bounds)-1] {
			bounds = append(bounds, b)
		}
	}
	return bounds
}

// rangeLabel names a step of the legend.
func rangeLabel(c *context, lo, hi int) string {
	if lo == hi {
		return c.n("briefings", lo)
	}
	return c.n("map_range", hi, "low", lo)
}

// locatorMap is the map of a country's page: the country within its
// region, or within the world when it is too large for a region. It is
// nil when the atlas cannot show the country.
func locatorMap(c *context, country *countries.Country) (*MapView, error) {
	atlas, err := maps.Load()
	if err != nil {
		return nil, err
	}
	m, ok := atlas.Locator(country.Alpha2)
	if !ok {
		return nil, nil
	}
	name := c.countryName(country)
	label := c.t("map_locator", "name", name)
	if m.World {
		label = c.t("map_locator_world", "name", name)
	}
	v := &MapView{Kind: "locator", Label: label, Width: m.Width, Height: m.Height, Land: m.Land}
	for _, a := range m.Areas {
		v.Areas = append(v.Areas, MapArea{Title: name, D: a.D, Dot: a.Dot})
	}
	return v, nil
}
