package i18n

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		code, want, dir, name string
	}{
		{"en", "en", "ltr", "English"},
		{"uk", "uk", "ltr", "Українська"},
		{"ar", "ar", "rtl", "العربية"},
		{"pt-BR", "pt-BR", "ltr", "Português (Brasil)"},
		{"PT-br", "pt-BR", "ltr", "Português (Brasil)"}, // case is free; Code is canonical
		{"en-GB", "en-GB", "ltr", "British English"},
		{"he", "he", "rtl", "עברית"},
		{"fa", "fa", "rtl", "فارسی"},
		{"ur", "ur", "rtl", "اردو"},
		{"yi", "yi", "rtl", "ייִדיש"},
		{"ckb", "ckb", "rtl", "کوردیی ناوەندی"}, // Sorani: Arabic script is only likely, not written
		{"dv", "dv", "rtl", "Divehi"},           // Thaana; CLDR has no Dhivehi name for it, so English
		{"syr", "syr", "rtl", "Syriac"},         // Syriac: no name in itself in x/text's CLDR, so in English
		{"nqo", "nqo", "rtl", "N’Ko"},           // N'Ko
		{"ff-Adlm", "ff-Adlm", "rtl", "Pulaar"}, // Fulani in Adlam
		{"az", "az", "ltr", "Azərbaycan"},
		{"az-Arab", "az-Arab", "rtl", "Azərbaycan"}, // the same language, in the Arabic script
		{"ku", "ku", "ltr", "Kurdish"},              // CLDR 32 has no Kurdish name for it
		{"sr", "sr", "ltr", "Српски"},
		{"zh-Hant", "zh-Hant", "ltr", "繁體中文"},
		{"tr", "tr", "ltr", "Türkçe"},
	}
	for _, tt := range tests {
		l, err := Parse(tt.code)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.code, err)
			continue
		}
		if l.Code() != tt.want || l.Dir() != tt.dir || l.Name() != tt.name {
			t.Errorf("Parse(%q) = code %q, dir %q, name %q; want %q, %q, %q", tt.code, l.Code(), l.Dir(), l.Name(), tt.want, tt.dir, tt.name)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	tests := []struct{ code, want string }{
		{"", "the language code is empty (write a BCP 47 code such as en, uk, ar or pt-BR)"},
		{"pt_BR", `language code "pt_BR" has an underscore (write pt-BR: BCP 47 joins the parts of a code with hyphens)`},
		{"english", `"english" is not a language code (write en for English)`},
		{"Ukrainian", `"Ukrainian" is not a language code (write uk for Ukrainian)`},
		{"українська", `"українська" is not a language code (write uk for Ukrainian)`},
		{"zz", `language code "zz" has the unknown part "zz" (write a BCP 47 code such as en, uk, ar or pt-BR)`},
		{"und", `language code "und" names no language (write a BCP 47 code such as en, uk, ar or pt-BR)`},
		{"x-klingon", `language code "x-klingon" names no language (write a BCP 47 code such as en, uk, ar or pt-BR)`},
		{"en-u-nu-arab", `language code "en-u-nu-arab" has extensions (write only the language, and a script or region if needed, e.g. pt-BR)`},
		{"en-x-house", `language code "en-x-house" has extensions (write only the language, and a script or region if needed, e.g. pt-BR)`},
		{"ukr", `language code "ukr" is not in its canonical form (write uk, the code BCP 47 prefers for it)`},
		{"iw", `language code "iw" is not in its canonical form (write he, the code BCP 47 prefers for it)`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.code)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want a *ParseError", tt.code, err)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tt.code, err, tt.want)
		}
	}
}
