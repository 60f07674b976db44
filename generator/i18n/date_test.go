package i18n

import (
	"strings"
	"testing"
	"time"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/ar"
	"github.com/go-playground/locales/de"
	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/en_GB"
	"github.com/go-playground/locales/fr"
	"github.com/go-playground/locales/he"
	"github.com/go-playground/locales/ja"
	"github.com/go-playground/locales/pt"
	"github.com/go-playground/locales/pt_PT"
	"github.com/go-playground/locales/uk"
	"github.com/go-playground/locales/zh_Hant"
)

var jan10 = time.Date(2024, time.January, 10, 12, 0, 0, 0, time.UTC)

func TestFormatDate(t *testing.T) {
	tests := []struct{ code, want string }{
		{"uk", "10 січня 2024\u202fр."}, // CLDR's long format has the "р." (рік), after a narrow no-break space
		{"en", "January 10, 2024"},      // CLDR's en is American English
		{"en-GB", "10 January 2024"},
		{"en-IE", "10 January 2024"}, // through en_001, like en-GB
		{"ar", "10 يناير 2024"},
		{"de", "10. Januar 2024"},
		{"fr", "10 janvier 2024"},
		{"pt-BR", "10 de janeiro de 2024"}, // pt is Brazilian
		{"pt-PT", "10 de janeiro de 2024"},
		{"ja", "2024年1月10日"},
		{"zh-TW", "2024年1月10日"},
		{"he", "10 בינואר 2024"},
		{"ru", "10 января 2024\u202fг."},
		{"pl", "10 stycznia 2024"},
		{"ku", "10ê rêbendana 2024an"},
		{"th", "January 10, 2024"},  // its long format names the Buddhist era (G), which datefmt does not write: English
		{"qaa", "January 10, 2024"}, // no CLDR data at all: English
	}
	for _, tt := range tests {
		if got := FormatDate(MustParse(tt.code), jan10); got != tt.want {
			t.Errorf("FormatDate(%s) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

// TestFormatDateMatchesLibrary checks dates_gen.go against the library it
// was made from, on every day of a leap year, for a sample of locales
// written in different orders and scripts. The generator checks every
// locale when it runs; this catches a hand edit or a stale file.
func TestFormatDateMatchesLibrary(t *testing.T) {
	libs := map[string]locales.Translator{
		"uk": uk.New(), "en": en.New(), "en-GB": en_GB.New(), "ar": ar.New(), "de": de.New(),
		"fr": fr.New(), "he": he.New(), "ja": ja.New(), "pt": pt.New(), "pt-PT": pt_PT.New(),
		"zh-Hant": zh_Hant.New(),
	}
	for code, lib := range libs {
		l := MustParse(code)
		for d := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC); d.Year() == 2024; d = d.AddDate(0, 0, 1) {
			// CLDR 42 put a narrow no-break space where the library's
			// CLDR 32 has a space ("2024 р."): the data we compile is
			// newer; the rest must agree.
			got := strings.ReplaceAll(FormatDate(l, d), "\u202f", " ")
			if want := lib.FmtDateLong(d); got != want {
				t.Errorf("FormatDate(%s, %s) = %q, the library says %q", code, d.Format(time.DateOnly), got, want)
				break
			}
		}
	}
}

func TestMonthStandingAlone(t *testing.T) {
	july := time.Date(2024, time.July, 3, 12, 0, 0, 0, time.UTC)
	tests := []struct{ code, name, heading string }{
		// Ukrainian heads a month in the nominative with a capital
		// (CLDR's stand-alone form and context transforms); inside a date
		// it is "3 липня".
		{"uk", "Липень", "Липень 2024\u202fр."},
		{"en", "July", "July 2024"},
		{"fr", "Juillet", "Juillet 2024"},
		{"de", "Juli", "Juli 2024"},
		{"ru", "Июль", "Июль 2024\u202fг."},
		{"ar", "يوليو", "يوليو 2024"},
		{"ja", "7月", "2024年7月"},
		{"qaa", "July", "July 2024"},
	}
	for _, tt := range tests {
		l := MustParse(tt.code)
		if got := MonthName(l, time.July); got != tt.name {
			t.Errorf("MonthName(%s, July) = %q, want %q", tt.code, got, tt.name)
		}
		if got := YearMonth(l, july); got != tt.heading {
			t.Errorf("YearMonth(%s, July 2024) = %q, want %q", tt.code, got, tt.heading)
		}
	}
	if got := FormatDate(MustParse("uk"), july); !strings.HasPrefix(got, "3 липня") {
		t.Errorf("FormatDate(uk, 3 July) = %q, want the month in the genitive, 3 липня", got)
	}
}

func TestLocaleNames(t *testing.T) {
	tests := []struct {
		code string
		want []string
	}{
		{"uk", []string{"uk_Cyrl", "uk"}},
		{"en-GB", []string{"en_Latn_GB", "en_GB", "en_Latn", "en"}},
		{"zh-TW", []string{"zh_Hant_TW", "zh_TW", "zh_Hant", "zh"}},
		{"sr-Latn", []string{"sr_Latn", "sr"}},
	}
	for _, tt := range tests {
		got := localeNames(MustParse(tt.code).Tag())
		if len(got) != len(tt.want) {
			t.Errorf("localeNames(%s) = %q, want %q", tt.code, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("localeNames(%s) = %q, want %q", tt.code, got, tt.want)
				break
			}
		}
	}
}
