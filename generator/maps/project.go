package maps

import "math"

// Unit is the number of atlas units in one unit of the projected plane: an
// atlas unit is about 0.64 km at the equator, finer than the 1:50m data.
const Unit = 10000

// Equal Earth (Šavrič, Patterson and Jenny, 2018) keeps areas true, which a
// choropleth needs (Mercator would make Russia and Greenland look the most
// covered), and shapes reasonable; it is a closed formula, so it needs no
// library.
const (
	eeA1 = 1.340264
	eeA2 = -0.081106
	eeA3 = 0.000893
	eeA4 = 0.003796
)

// Project maps a longitude and a latitude in degrees to atlas units, x
// growing east and y growing south as in SVG, the origin at 0°, 0°.
func Project(lon, lat float64) Point {
	lambda, phi := lon*math.Pi/180, lat*math.Pi/180
	m := math.Sqrt(3) / 2
	theta := math.Asin(m * math.Sin(phi))
	t2 := theta * theta
	t6 := t2 * t2 * t2
	x := lambda * math.Cos(theta) / (m * (eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2)))
	y := theta * (eeA1 + eeA2*t2 + t6*(eeA3+eeA4*t2))
	return Point{int32(math.Round(x * Unit)), int32(math.Round(-y * Unit))}
}

// Point is a projected point in atlas units.
type Point struct{ X, Y int32 }
