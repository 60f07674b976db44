// Package translit writes text of any script in lower-case ASCII, for
// addresses: "Україна та Італія" becomes "ukraina ta italiia".
//
//   - Ukrainian follows the national standard of 2010 (resolution 55 of
//     the Cabinet of Ministers): Київ kyiv, Згорани zghorany, Єнакієве
//     yenakiieve; є, ї, й, ю, я are ye, yi, y, yu, ya at the start of a
//     word and ie, i, i, iu, ia elsewhere; the soft sign and the
//     apostrophe are dropped.
//   - Other Cyrillic text is written as Russian is usually romanised
//     (Москва moskva, Хрущёв khrushchev, Лавров lavrov).
//   - Greek follows the modern pronunciation, as ELOT 743 does (Αθήνα
//     athina, Ευρώπη evropi, Μπακογιάννη bakogianni).
//   - Latin letters lose their accents (Côte cote); the few with none to
//     lose (ß, ø, ł, æ) and every other script go through unidecode's
//     table (北京 bei jing).
//
// A text counts as Ukrainian when it has a letter only Ukrainian uses (і,
// ї, є, ґ), or no letter that only another Cyrillic language uses (ы, э,
// ъ, ё, and the Serbian and Macedonian letters): brief's briefings are
// mostly about Ukraine, and a word such as Одеса must not come out as
// Russian.
package translit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gosimple/unidecode"
	"golang.org/x/text/unicode/norm"
)

// Lower returns text in lower-case ASCII. Characters with no written form
// in Latin (symbols, most punctuation) become what unidecode makes of
// them, often punctuation, or nothing.
func Lower(text string) string {
	if isASCII(text) {
		return strings.ToLower(text)
	}
	runes := []rune(norm.NFC.String(strings.ToLower(text)))
	ukrainian := ukrainianText(runes)
	var b strings.Builder
	for i := 0; i < len(runes); {
		r := runes[i]
		switch {
		case isApostrophe(r) && i > 0 && i+1 < len(runes) && isCyrillic(runes[i-1]) && isCyrillic(runes[i+1]):
			// The apostrophe inside a Cyrillic word (Знам'янка) is not
			// written.
			i++
		case r < utf8.RuneSelf:
			b.WriteRune(r)
			i++
		case isCyrillic(r):
			cyrillic(&b, runes, i, ukrainian)
			i++
		case isGreek(r):
			i += greek(&b, runes, i)
		default:
			other(&b, r)
			i++
		}
	}
	return strings.ToLower(b.String())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// other writes a character of no script handled here: a Latin letter
// without its accents, or unidecode's reading of it.
func other(b *strings.Builder, r rune) {
	base := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, norm.NFD.String(string(r)))
	if isASCII(base) {
		b.WriteString(base)
		return
	}
	b.WriteString(unidecode.Unidecode(base))
}

func isCyrillic(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }

func isGreek(r rune) bool { return unicode.Is(unicode.Greek, r) }

// isApostrophe tells the characters written for the Ukrainian apostrophe.
func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' || r == '`' }

// ukrainianText tells whether Cyrillic text is to be read as Ukrainian.
func ukrainianText(runes []rune) bool {
	other := false
	for _, r := range runes {
		switch {
		case strings.ContainsRune("іїєґ", r):
			return true
		case strings.ContainsRune("ыэъёђћљњџјѓќѕ", r):
			other = true
		}
	}
	return !other
}

// The Ukrainian letters of the standard of 2010. The four with two forms
// have the form at the start of a word in ukrainianInitial.
var (
	ukrainianLetters = map[rune]string{
		'а': "a", 'б': "b", 'в': "v", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e", 'є': "ie",
		'ж': "zh", 'з': "z", 'и': "y", 'і': "i", 'ї': "i", 'й': "i", 'к': "k", 'л': "l",
		'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
		'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ь': "",
		'ю': "iu", 'я': "ia",
	}
	ukrainianInitial = map[rune]string{'є': "ye", 'ї': "yi", 'й': "y", 'ю': "yu", 'я': "ya"}
	russianLetters   = map[rune]string{
		'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
		'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
		'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
		'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu",
		'я': "ya",
	}
)

// cyrillic writes the Cyrillic letter at runes[i].
func cyrillic(b *strings.Builder, runes []rune, i int, ukrainian bool) {
	r := runes[i]
	table := russianLetters
	if ukrainian {
		table = ukrainianLetters
		// A word starts after anything but a letter, or an apostrophe
		// inside the word (Мар'їне is marine).
		prev := i - 1
		if prev > 0 && isApostrophe(runes[prev]) {
			prev--
		}
		if s, ok := ukrainianInitial[r]; ok && (prev < 0 || !isCyrillic(runes[prev])) {
			b.WriteString(s)
			return
		}
		if r == 'г' && i > 0 && runes[i-1] == 'з' {
			b.WriteString("gh") // зг is zgh, so that it is not read as ж
			return
		}
	}
	if s, ok := table[r]; ok {
		b.WriteString(s)
	} else {
		other(b, r)
	}
}

// greekLetters are the Greek letters without their accents.
var greekLetters = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th",
	'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p",
	'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps",
	'ω': "o",
}

// greekBase splits a Greek letter into its letter without accents and
// whether it bears a diaeresis, which keeps it out of a digraph (Πειραιάς
// has αι, Αϊδίνιο has α and ι).
func greekBase(r rune) (rune, bool) {
	diaeresis := false
	base := r
	for _, c := range norm.NFD.String(string(r)) {
		switch {
		case c == '\u0308':
			diaeresis = true
		case !unicode.Is(unicode.Mn, c):
			base = c
		}
	}
	return base, diaeresis
}

// greek writes the Greek letter at runes[i], with the letter after it
// where the two make one sound, and returns how many runes it used.
func greek(b *strings.Builder, runes []rune, i int) int {
	r, _ := greekBase(runes[i])
	var next rune
	nextDiaeresis := false
	if i+1 < len(runes) {
		next, nextDiaeresis = greekBase(runes[i+1])
	}
	wordStart := i == 0 || !isGreek(runes[i-1])
	switch {
	case r == 'ο' && next == 'υ' && !nextDiaeresis:
		b.WriteString("ou")
		return 2
	case (r == 'α' || r == 'ε' || r == 'η') && next == 'υ' && !nextDiaeresis:
		// αυ, ευ, ηυ sound av, ev, iv, or af, ef, if before a voiceless
		// consonant and at the end of a word.
		b.WriteString(greekLetters[r])
		after := rune(0)
		if i+2 < len(runes) {
			after, _ = greekBase(runes[i+2])
		}
		if after == 0 || !isGreek(after) || strings.ContainsRune("θκξπσςτφχψ", after) {
			b.WriteString("f")
		} else {
			b.WriteString("v")
		}
		return 2
	case r == 'γ' && (next == 'γ' || next == 'ξ' || next == 'χ'):
		b.WriteString("n")
		return 1
	case r == 'μ' && next == 'π' && wordStart:
		b.WriteString("b")
		return 2
	case r == 'ν' && next == 'τ' && wordStart:
		b.WriteString("d")
		return 2
	}
	if s, ok := greekLetters[r]; ok {
		b.WriteString(s)
	} else {
		other(b, r)
	}
	return 1
}
