// Package countries is the registry of countries and territories that
// briefings may be tagged with. It turns whatever an author wrote ("Ivory
// Coast", "U.S.", "DEU", "Côte d’Ivoire") into one canonical Country with a
// stable URL key, a display name, a flag and a UN M49 region.
//
// The ISO 3166-1 codes, short names and official names come from Debian's
// iso-codes package (/usr/share/iso-codes/json/iso_3166-1.json) and are
// compiled into iso3166_gen.go by go generate; that file is committed so
// building does not need iso-codes installed. Everything ISO does not
// provide is maintained by hand in ours.go: Kosovo (XK), each country's
// region, display names where the ISO short name reads awkwardly, and the
// aliases authors actually use.
//
// All data is built once when the package is initialised and never
// modified afterwards, so every function is safe for concurrent use.
package countries

//go:generate go run ./gen
