package datefmt

import (
	"strings"
	"testing"
	"time"
)

var english = Names{
	Wide:        [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	Abbreviated: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	// Not English's: a name that differs from Wide shows which one a
	// pattern took.
	StandAlone: [12]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"},
}

func TestFormat(t *testing.T) {
	d := time.Date(2024, time.March, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct{ pattern, want string }{
		{"d MMMM y", "5 March 2024"},
		{"dd.MM.yyyy", "05.03.2024"},
		{"d/M/yy", "5/3/24"},
		{"MMM d, y", "Mar 5, 2024"},
		{"d MMMM y 'р'.", "5 March 2024 р."}, // Cyrillic needs no quotes, but may have them
		{"d MMMM y р.", "5 March 2024 р."},
		{"d 'de' MMMM 'de' y", "5 de March de 2024"},
		{"d MMMM y 'o''clock'", "5 March 2024 o'clock"},
		{"d''MMMM", "5'March"},
		{"y年M月d日", "2024年3月5日"},
		{"LLLL y", "march 2024"},
		{"LL/y", "03/2024"},
		{"L.y", "3.2024"},
	}
	for _, tt := range tests {
		p, err := Parse(tt.pattern)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.pattern, err)
			continue
		}
		if got := p.Format(&english, d); got != tt.want {
			t.Errorf("%q formats as %q, want %q", tt.pattern, got, tt.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{"EEEE d MMMM", `"EEEE" is not a supported field`},
		{"LLL y", "abbreviated stand-alone months (LLL) are not supported"},
		{"LLLLL y", `"LLLLL" is not a supported field`},
		{"ddd MMMM", `"ddd" is not a supported field`},
		{"yyy", `"yyy" is not a supported field`},
		{"d 'of MMMM", "never closed"},
		{"'just text'", "has no day, month or year"},
		{"", "has no day, month or year"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.pattern)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want an error saying %q", tt.pattern, err, tt.want)
		}
	}
}

func TestQuoteRoundTrips(t *testing.T) {
	for _, text := range []string{" ", " р.", " de ", "'", "o'clock", "年", ", ", "'s "} {
		p, err := Parse("d" + Quote(text) + "y")
		if err != nil {
			t.Errorf("Quote(%q) = %q does not parse: %v", text, Quote(text), err)
			continue
		}
		got := p.Format(&english, time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC))
		if want := "2" + text + "2024"; got != want {
			t.Errorf("Quote(%q) = %q formats as %q, want %q", text, Quote(text), got, want)
		}
	}
}
