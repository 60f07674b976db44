package isonames

import (
	"encoding/binary"
	"strings"
	"testing"
)

// mo builds a little-endian gettext catalogue from id → translation pairs.
func mo(pairs [][2]string) []byte {
	n := len(pairs)
	head := 28
	origs, trans := head, head+8*n
	data := make([]byte, head+16*n)
	le := binary.LittleEndian
	le.PutUint32(data[0:], 0x950412de)
	le.PutUint32(data[8:], uint32(n))
	le.PutUint32(data[12:], uint32(origs))
	le.PutUint32(data[16:], uint32(trans))
	for i, p := range pairs {
		for k, table := range []int{origs, trans} {
			le.PutUint32(data[table+8*i:], uint32(len(p[k])))
			le.PutUint32(data[table+8*i+4:], uint32(len(data)))
			data = append(data, p[k]...)
			data = append(data, 0)
		}
	}
	return data
}

func TestGenerate(t *testing.T) {
	isoJSON := []byte(`{"3166-1": [
		{"alpha_2": "IT", "name": "Italy"},
		{"alpha_2": "TW", "name": "Taiwan, Province of China", "common_name": "Taiwan"},
		{"alpha_2": "XX", "name": "Untranslated"}
	]}`)
	cat := mo([][2]string{
		{"", "Content-Type: text/plain; charset=UTF-8\n"},
		{"Italy", "Італія"},
		{"Taiwan, Province of China", "Тайвань, провінція Китаю"},
		{"Taiwan", "Тайвань"},
		{"Untranslated", "Untranslated"},
	})
	src, err := Generate(isoJSON, map[string][]byte{"uk": cat})
	if err != nil {
		t.Fatal(err)
	}
	got := string(src)
	for _, want := range []string{Header, `"IT": "Італія"`, `"TW": "Тайвань",`} {
		if !strings.Contains(got, want) {
			t.Errorf("generated file lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "XX") {
		t.Errorf("an untranslated name was kept:\n%s", got)
	}
}

func TestReadMORefusesGarbage(t *testing.T) {
	if _, err := readMO([]byte("not a catalogue at all")); err == nil {
		t.Error("readMO accepted text")
	}
	bad := mo([][2]string{{"Italy", "Італія"}})
	binary.LittleEndian.PutUint32(bad[28+4:], 1<<30) // an offset past the end
	if _, err := readMO(bad); err == nil {
		t.Error("readMO accepted an offset outside the file")
	}
}
