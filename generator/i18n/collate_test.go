package i18n

import (
	"slices"
	"testing"
)

func TestSort(t *testing.T) {
	tests := []struct {
		code string
		in   []string
		want []string
	}{
		// Ukrainian: Ґ after all of Г, Є after Е, І after И, Ї after І,
		// Ь before Ю and Я; the apostrophe is ignored.
		{"uk",
			[]string{"Ямайка", "Їжакевич", "Італія", "Ірландія", "Ізраїль", "Єгипет", "Естонія", "Ефіопія", "Ґуам", "Ґана", "Греція", "Гана", "Габон", "Мʼянма", "Мексика", "Мальта", "Иршава", "Україна"},
			[]string{"Габон", "Гана", "Греція", "Ґана", "Ґуам", "Естонія", "Ефіопія", "Єгипет", "Иршава", "Ізраїль", "Ірландія", "Італія", "Їжакевич", "Мальта", "Мексика", "Мʼянма", "Україна", "Ямайка"}},
		// The root order, which English uses, files Ґ among the Г words.
		{"en",
			[]string{"Ґана", "Греція", "Гана"},
			[]string{"Гана", "Ґана", "Греція"}},
		// Case and accents count only between otherwise equal words
		// ("alan" < "alba"); apostrophes are ignored; numbers compare by
		// value.
		{"en",
			[]string{"Åland Islands", "Zimbabwe", "O'Brien", "Obama", "Ob", "Oakland", "G20", "G7", "albania"},
			[]string{"Åland Islands", "albania", "G7", "G20", "Oakland", "Ob", "Obama", "O'Brien", "Zimbabwe"}},
		// Swedish puts Å after Z.
		{"sv",
			[]string{"Åland", "Zambia", "Albanien"},
			[]string{"Albanien", "Zambia", "Åland"}},
	}
	for _, tt := range tests {
		got := slices.Clone(tt.in)
		Sort(MustParse(tt.code), got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Sort(%s)\n got %q\nwant %q", tt.code, got, tt.want)
		}
	}
}

func TestSortFuncIsStable(t *testing.T) {
	type item struct{ name, id string }
	items := []item{{"Італія", "b"}, {"Ірландія", "a"}, {"Італія", "a"}}
	SortFunc(MustParse("uk"), items, func(i item) string { return i.name })
	want := []item{{"Ірландія", "a"}, {"Італія", "b"}, {"Італія", "a"}}
	if !slices.Equal(items, want) {
		t.Errorf("SortFunc = %v, want %v", items, want)
	}
}

func TestCollatorCompare(t *testing.T) {
	c := NewCollator(MustParse("uk"))
	if c.Compare("Єгипет", "Естонія") <= 0 {
		t.Error(`Compare("Єгипет", "Естонія") <= 0; Є follows Е in Ukrainian`)
	}
	if c.Compare("М'янма", "Мʼянма") != 0 {
		t.Error("the apostrophes ' and ʼ should compare equal")
	}
}
