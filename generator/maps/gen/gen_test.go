package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestAtlasIsCurrent fails when atlas.bin is not what the generator makes
// of the world-atlas files: edited by hand, or the generator changed
// without go generate. It needs npm ci --prefix generator/maps/gen.
func TestAtlasIsCurrent(t *testing.T) {
	if _, err := os.Stat("node_modules/world-atlas/countries-50m.json"); errors.Is(err, fs.ErrNotExist) {
		t.Skip("world-atlas is not installed (npm ci --prefix generator/maps/gen)")
	}
	out := filepath.Join(t.TempDir(), "atlas.bin")
	if err := run("node_modules/world-atlas", out); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile("../atlas.bin")
	want, _ := os.ReadFile(out)
	if !bytes.Equal(got, want) {
		t.Error("atlas.bin is out of date: run go generate ./generator/maps")
	}
}
