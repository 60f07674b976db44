package translit

import "testing"

// The examples of the Ukrainian standard of 2010 (resolution 55 of the
// Cabinet of Ministers), in lower case.
var ukrainian = []struct{ in, want string }{
	{"Україна", "ukraina"},
	{"Київ", "kyiv"},
	{"Алушта", "alushta"},
	{"Андрій", "andrii"},
	{"Борщагівка", "borshchahivka"},
	{"Вінниця", "vinnytsia"},
	{"Гадяч", "hadiach"},
	{"Згорани", "zghorany"},
	{"Розгон", "rozghon"},
	{"Ґалаґан", "galagan"},
	{"Ґорґани", "gorgany"},
	{"Донецьк", "donetsk"},
	{"Рівне", "rivne"},
	{"Єнакієве", "yenakiieve"},
	{"Гаєвич", "haievych"},
	{"Короп'є", "koropie"},
	{"Житомир", "zhytomyr"},
	{"Закарпаття", "zakarpattia"},
	{"Їжакевич", "yizhakevych"},
	{"Кадиївка", "kadyivka"},
	{"Мар'їне", "marine"},
	{"Йосипівка", "yosypivka"},
	{"Стрий", "stryi"},
	{"Олексій", "oleksii"},
	{"Миколаїв", "mykolaiv"},
	{"Надія", "nadiia"},
	{"Одеса", "odesa"},
	{"Рибчинський", "rybchynskyi"},
	{"Тернопіль", "ternopil"},
	{"Ужгород", "uzhhorod"},
	{"Харків", "kharkiv"},
	{"Біла Церква", "bila tserkva"},
	{"Чернівці", "chernivtsi"},
	{"Щербухи", "shcherbukhy"},
	{"Гоща", "hoshcha"},
	{"Юрій", "yurii"},
	{"Корюківка", "koriukivka"},
	{"Яготин", "yahotyn"},
	{"Костянтин", "kostiantyn"},
	{"Знам’янка", "znamianka"}, // the typographic apostrophe
	{"Знамʼянка", "znamianka"}, // the modifier letter apostrophe
	{"Феодосія", "feodosiia"},
	{"Зеленський", "zelenskyi"},
	{"Україна та Італія розпочали консультації", "ukraina ta italiia rozpochaly konsultatsii"},
	{"ЄС і Україна", "yes i ukraina"},
}

func TestUkrainian(t *testing.T) { checkLower(t, ukrainian) }

func checkLower(t *testing.T, tests []struct{ in, want string }) {
	t.Helper()
	for _, tt := range tests {
		if got := Lower(tt.in); got != tt.want {
			t.Errorf("Lower(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOtherScripts(t *testing.T) {
	tests := []struct{ in, want string }{
		// Russian: a letter Ukrainian lacks makes the text Russian.
		{"Хрущёв", "khrushchev"},
		{"Москва и Санкт-Петербург: объявлены выборы", "moskva i sankt-peterburg: obyavleny vybory"},
		{"Путин и Си подписали договоры", "putin i si podpisali dogovory"},
		{"Съезд", "sezd"},
		// Serbian keeps г and и as g and i.
		{"Београд и Ниш: ђаци", "beograd i nish: djatsi"},
		// Greek.
		{"Αθήνα", "athina"},
		{"Θεσσαλονίκη", "thessaloniki"},
		{"Ευρώπη", "evropi"},
		{"αυτός", "aftos"},
		{"Ευαγγελία", "evangelia"},
		{"Μπακογιάννη", "bakogianni"},
		{"Ντόρα", "dora"},
		{"Κυριάκος Μητσοτάκης", "kyriakos mitsotakis"},
		{"Πειραιάς", "peiraias"},
		{"Μουσείο", "mouseio"},
		{"Ελλάδα", "ellada"},
		{"ΑΘΗΝΑ", "athina"},
		// Latin: accents go; letters with none go through unidecode.
		{"Côte d'Ivoire", "cote d'ivoire"},
		{"São Tomé", "sao tome"},
		{"Łódź", "lodz"},
		{"Straße", "strasse"},
		{"Øresund Ærø", "oresund aero"},
		{"Ünïcode", "unicode"},
		{"Dvořák", "dvorak"},
		// Other scripts.
		{"北京", "bei jing "},
		{"Plain ASCII, kept.", "plain ascii, kept."},
	}
	checkLower(t, tests)
}
