package serve

import (
	"slices"
	"testing"
)

func TestSupersededSpeculationAddsWhatItChanged(t *testing.T) {
	site := map[string][]byte{"index.html": []byte("x")}
	tests := []struct {
		name        string
		spec, next  Result
		wantChanged []string // nil: all pages
		wantRedir   map[string]string
	}{
		{
			name:        "pages of both",
			spec:        Result{Files: site, Changed: []string{"a/index.html", "b/index.html"}, Redirects: map[string]string{"/old/": "/mid/"}},
			next:        Result{Files: site, Changed: []string{"b/index.html", "c/index.html"}, Redirects: map[string]string{"/mid/": "/new/"}},
			wantChanged: []string{"a/index.html", "b/index.html", "c/index.html"},
			wantRedir:   map[string]string{"/old/": "/mid/", "/mid/": "/new/"},
		},
		{
			name:        "speculation changed everything",
			spec:        Result{Files: site, Changed: nil},
			next:        Result{Files: site, Changed: []string{"c/index.html"}},
			wantChanged: nil,
		},
		{
			name:        "a failed speculation left the site as it was",
			spec:        Result{Files: nil, Failed: true, Problems: []string{"a.md:1:1: error: broken"}},
			next:        Result{Files: site, Changed: []string{"c/index.html"}},
			wantChanged: []string{"c/index.html"},
		},
	}
	for _, tt := range tests {
		sp := &speculation{res: tt.spec}
		got := sp.supersededBy(tt.next)
		slices.Sort(got.Changed)
		if (got.Changed == nil) != (tt.wantChanged == nil) || !slices.Equal(got.Changed, tt.wantChanged) {
			t.Errorf("%s: changed %v, want %v", tt.name, got.Changed, tt.wantChanged)
		}
		for from, to := range tt.wantRedir {
			if got.Redirects[from] != to {
				t.Errorf("%s: redirect %s → %q, want %q", tt.name, from, got.Redirects[from], to)
			}
		}
	}
}
