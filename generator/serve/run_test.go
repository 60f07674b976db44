package serve

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRunStopsWithoutWaitingForABuild cancels Run while its first build
// and while a rebuild is under way, with builds that do not end until the
// test lets them: Run must return at once each time, not when the build
// ends.
func TestRunStopsWithoutWaitingForABuild(t *testing.T) {
	for _, during := range []string{"first build", "rebuild"} {
		t.Run(during, func(t *testing.T) {
			root := t.TempDir()
			mustWrite(t, filepath.Join(root, "site.yaml"), "title: T\n")
			mustWrite(t, filepath.Join(root, "content/a.md"), "a")
			building := make(chan []string, 4)
			release := make(chan struct{})
			var once sync.Once
			// Let the abandoned build end with the test.
			t.Cleanup(func() { once.Do(func() { close(release) }) })
			served := make(chan struct{})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			opts := Options{
				Addr: "127.0.0.1:0", Root: root, Dirs: []string{"content"}, Files: []string{"site.yaml"},
				Out: io.Discard,
				Prepare: func(string) RebuildFunc {
					return func(changed []string) Result {
						building <- changed
						if changed == nil && during == "rebuild" {
							return Result{Files: mapSite{"index.html": []byte("<p>ok</p>")}}
						}
						<-release
						return Result{Files: mapSite{}}
					}
				},
				Ready: func(string) { close(served) },
			}
			returned := make(chan error, 1)
			go func() { returned <- Run(ctx, opts) }()

			waitBuild := func() []string {
				select {
				case changed := <-building:
					return changed
				case <-time.After(5 * time.Second):
					t.Fatal("no build began within 5 s")
					return nil
				}
			}
			waitBuild()
			if during == "rebuild" {
				<-served
				mustWrite(t, filepath.Join(root, "content/a.md"), "b")
				if changed := waitBuild(); !strings.Contains(strings.Join(changed, " "), "content/a.md") {
					t.Fatalf("rebuilt %v, want content/a.md", changed)
				}
			}
			cancel()
			select {
			case err := <-returned:
				if err != nil {
					t.Errorf("Run returned %v, want nil", err)
				}
			case <-time.After(2 * time.Second):
				t.Fatalf("Run still waits for the %s 2 s after it was stopped", during)
			}
			select {
			case <-served:
				if during == "first build" {
					t.Error("Run served a site whose first build never ended")
				}
			default:
			}
		})
	}
}

func TestSupersededSpeculationAddsWhatItChanged(t *testing.T) {
	site := mapSite{"index.html": []byte("x")}
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
