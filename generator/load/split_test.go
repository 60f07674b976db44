package load

import (
	"testing"
	"time"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		format   format
		front    string
		body     string
		bodyLine int
		wantErr  bool
	}{
		{"yaml", "---\ntitle: x\n---\nbody\n", yamlFrontMatter, "title: x\n", "body\n", 4, false},
		{"toml", "+++\ntitle = 'x'\n+++\nbody", tomlFrontMatter, "title = 'x'\n", "body", 4, false},
		{"trailing spaces on delimiters", "---  \na: 1\n--- \nb", yamlFrontMatter, "a: 1\n", "b", 4, false},
		{"empty front matter", "---\n---\nbody", yamlFrontMatter, "", "body", 3, false},
		{"all front matter, no newline", "---\na: 1\n---", yamlFrontMatter, "a: 1\n", "", 4, false},
		{"no front matter", "# Hello\n", noFrontMatter, "", "# Hello\n", 1, false},
		{"empty file", "", noFrontMatter, "", "", 1, false},
		{"never closed", "---\na: 1\nb: 2\n", yamlFrontMatter, "", "", 0, true},
		{"mixed delimiters do not close", "---\na: 1\n+++\n", yamlFrontMatter, "", "", 0, true},
		{"four dashes is not a delimiter", "----\na", noFrontMatter, "", "----\na", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := splitFrontMatter([]byte(tt.src))
			if (err != nil) != tt.wantErr {
				t.Fatalf("splitFrontMatter(%q) error = %v, want error %v", tt.src, err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if s.Format != tt.format || string(s.Front) != tt.front || string(s.Body) != tt.body || s.BodyLine != tt.bodyLine {
				t.Errorf("splitFrontMatter(%q) = {%v %q %q line %d}, want {%v %q %q line %d}",
					tt.src, s.Format, s.Front, s.Body, s.BodyLine, tt.format, tt.front, tt.body, tt.bodyLine)
			}
		})
	}
}

func TestNormalise(t *testing.T) {
	got := string(normalise([]byte("\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n")))
	if want := "---\ntitle: x\n---\n"; got != want {
		t.Errorf("normalise = %q, want %q", got, want)
	}
}

func TestParseDate(t *testing.T) {
	kyiv := time.FixedZone("EEST", 3*3600)
	tests := []struct {
		in   string
		want time.Time
		err  string
	}{
		{"2023-08-02", time.Date(2023, 8, 2, 0, 0, 0, 0, kyiv), ""},
		{"2023-08-02T14:30", time.Date(2023, 8, 2, 14, 30, 0, 0, kyiv), ""},
		{"2023-08-02 14:30", time.Date(2023, 8, 2, 14, 30, 0, 0, kyiv), ""},
		{"2023-08-02T14:30:15", time.Date(2023, 8, 2, 14, 30, 15, 0, kyiv), ""},
		{"2023-08-02T14:30:00Z", time.Date(2023, 8, 2, 14, 30, 0, 0, time.UTC), ""},
		{"2023-08-02T14:30:00+01:00", time.Date(2023, 8, 2, 13, 30, 0, 0, time.UTC), ""},
		{" 2023-08-02 ", time.Date(2023, 8, 2, 0, 0, 0, 0, kyiv), ""},
		{"2023-02-30", time.Time{}, `impossible date "2023-02-30" (day out of range)`},
		{"2023-13-01", time.Time{}, `impossible date "2023-13-01" (month out of range)`},
		{"yes", time.Time{}, `invalid date "yes"`},
		{"02/08/2023", time.Time{}, `invalid date "02/08/2023"`},
		{"", time.Time{}, `invalid date ""`},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, kyiv)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("parseDate(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestSlugFromFile(t *testing.T) {
	tests := []struct{ in, want string }{
		{"content/briefings/2023-08-02-italy-talks.md", "italy-talks"},
		{"content/briefings/sub/uk-deal.md", "uk-deal"},
		{"content/briefings/Italy_Talks.md", "italy-talks"},
		{"content/briefings/2023-08-02.md", "2023-08-02"},
		{"content/briefings/a b.md", "a-b"},
	}
	for _, tt := range tests {
		if got := slugFromFile(tt.in); got != tt.want {
			t.Errorf("slugFromFile(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidSlug(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"italy-talks", true}, {"g7-2023", true}, {"a", true},
		{"Italy", false}, {"a/b", false}, {"..", false}, {".hidden", false},
		{"-lead", false}, {"trail-", false}, {"double--hyphen", false}, {"", false}, {"café", false},
	}
	for _, tt := range tests {
		if got := validSlug(tt.in); got != tt.want {
			t.Errorf("validSlug(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCheckWebURL(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"https://www.reuters.com/", true},
		{"http://example.org/a?b=c", true},
		{"HTTPS://EXAMPLE.ORG", true},
		{"javascript:alert(1)", false},
		{"data:text/html,hi", false},
		{"file:///etc/passwd", false},
		{"www.reuters.com", false},
		{"//example.org/x", false},
		{"https://", false},
		{"https://exa mple.org", false},
	}
	for _, tt := range tests {
		if err := CheckWebURL(tt.in); (err == nil) != tt.ok {
			t.Errorf("CheckWebURL(%q) = %v, want ok %v", tt.in, err, tt.ok)
		}
	}
}
