// Package maps draws the site's maps: a world map with chosen countries
// featured (the coverage map of /countries/) and a locator map showing one
// country within its region. It knows nothing of pages or templates: it
// returns SVG path data and numbers, and the theme's partials/map.html
// turns them into markup.
//
// The geometry is Natural Earth's (public domain), as the world-atlas npm
// package publishes it in TopoJSON at 1:110m and 1:50m. go generate
// converts both into atlas.bin, committed, so that building needs neither
// the network nor npm:
//
//	npm ci --prefix generator/maps/gen
//	go generate ./generator/maps
//
// The generator projects every point with the Equal Earth projection,
// gives each shape the registry's alpha-2 code (Natural Earth keys them by
// ISO 3166-1 numeric code), thins the 1:50m lines to what a locator map
// can show, and stores arcs shared by neighbours once (see Topology for
// the format). Shapes Natural Earth leaves without a code are resolved by
// name: Kosovo becomes XK, Northern Cyprus is drawn as part of Cyprus and
// Somaliland as part of Somalia, as ISO 3166 and the registry count them;
// the rest (Siachen Glacier, the remainder of "Indian Ocean Ter.") is land
// that belongs to no country and is never linked. Territories that Natural
// Earth draws inside another country's shape (French Guiana in France,
// Svalbard in Norway) get the islands or the part around their place, and
// those with no shape at all (Tuvalu, Tokelau, Gibraltar) a place of their
// own, so that every country of the registry can be shown.
//
// Countries too small to see or to click on a map (Malta, Singapore,
// Bahrain, the Pacific islands) are drawn with a dot as well.
//
// The atlas is decoded once, on first use, and never modified afterwards;
// every function is safe for concurrent use.
package maps

//go:generate go run ./gen -in gen/node_modules/world-atlas -o atlas.bin
