package generator

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"

	"brief/starter"
	"brief/static"
	"brief/templates"
)

// TestExportThemeCopiesTheEmbeddedTheme: every file of the built-in theme,
// byte for byte, and nothing else.
func TestExportThemeCopiesTheEmbeddedTheme(t *testing.T) {
	dir := t.TempDir()
	written, err := ExportTheme(dir)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, tree := range []struct {
		dir  string
		fsys fs.FS
	}{{"templates", templates.FS}, {"static", static.FS}} {
		fs.WalkDir(tree.fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			want = append(want, tree.dir+"/"+name)
			embedded, _ := fs.ReadFile(tree.fsys, name)
			got, err := os.ReadFile(filepath.Join(dir, tree.dir, filepath.FromSlash(name)))
			if err != nil || !bytes.Equal(got, embedded) {
				t.Errorf("%s/%s: exported copy differs from the embedded file (%v)", tree.dir, name, err)
			}
			return nil
		})
	}
	if !slices.Equal(written, want) {
		t.Errorf("written %q, want %q", written, want)
	}
	var onDisk []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			onDisk = append(onDisk, filepath.ToSlash(rel))
		}
		return err
	})
	if !slices.Equal(onDisk, slices.Sorted(slices.Values(want))) {
		t.Errorf("the folder holds %q, want %q", onDisk, want)
	}
	if slices.ContainsFunc(onDisk, func(f string) bool { return strings.HasSuffix(f, ".go") }) {
		t.Error("a Go source file was exported")
	}

	// A second export writes nothing and keeps a changed file.
	base := filepath.Join(dir, "templates", "base.html")
	os.WriteFile(base, []byte("mine"), 0o644)
	if _, err := ExportTheme(dir); err == nil || !strings.Contains(err.Error(), "never overwrites") {
		t.Errorf("second export: %v, want a refusal", err)
	}
	if data, _ := os.ReadFile(base); string(data) != "mine" {
		t.Error("a second export overwrote a file")
	}
}

// TestInitSiteBuildsClean: the new site has no problem at all, not even a
// warning, and builds.
func TestInitSiteBuildsClean(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	res, err := InitSite(InitOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Kept) > 0 || !slices.Contains(res.Written, "site.yaml") || !slices.Contains(res.Written, ".github/workflows/pages.yml") {
		t.Errorf("init wrote %q, kept %q", res.Written, res.Kept)
	}
	if check := Check(dir, time.Now()); len(check.Problems) > 0 {
		t.Errorf("check of the new site: %v", check.Problems)
	}
	built, err := Build(BuildOptions{Src: dir, Now: time.Now()})
	if err != nil || len(built.Problems) > 0 || built.Pages == 0 {
		t.Errorf("build of the new site: %v %v, %d pages", err, built.Problems, built.Pages)
	}
	// The .gitignore covers every file the build left in the site
	// besides its sources.
	ignore, _ := os.ReadFile(filepath.Join(dir, ".gitignore"))
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		name := e.Name()
		if _, err := fs.Stat(starter.FS, name); err == nil {
			continue
		}
		pattern := "/" + name
		if e.IsDir() {
			pattern += "/"
		}
		if !slices.Contains(strings.Split(string(ignore), "\n"), pattern) {
			t.Errorf("the build left %s in the site; .gitignore lacks %s", name, pattern)
		}
	}
}

// TestStarterWorkflowPublishesToPages reads the workflow as GitHub does:
// YAML with a build job that builds brief and the site with the Pages
// address, and a deploy job with the permissions Pages asks for.
func TestStarterWorkflowPublishesToPages(t *testing.T) {
	data, err := fs.ReadFile(starter.FS, ".github/workflows/pages.yml")
	if err != nil {
		t.Fatal(err)
	}
	type step struct {
		ID, Name, Uses, Run string
		With                map[string]string
		WorkingDirectory    string `yaml:"working-directory"`
	}
	type job struct {
		RunsOn      string `yaml:"runs-on"`
		Needs       string
		Permissions map[string]string
		Environment struct{ Name, URL string }
		Steps       []step
	}
	var wf struct {
		Name        string
		On          map[string]any
		Env         map[string]string
		Permissions map[string]string
		Concurrency struct {
			Group            string
			CancelInProgress bool `yaml:"cancel-in-progress"`
		}
		Jobs map[string]job
	}
	if err := yaml.UnmarshalWithOptions(data, &wf, yaml.Strict()); err != nil {
		t.Fatalf("pages.yml: %v", err)
	}
	if _, ok := wf.On["push"]; !ok {
		t.Error("the workflow does not run on push")
	}
	if wf.Env["BRIEF_REPOSITORY"] == "" {
		t.Error("no BRIEF_REPOSITORY at the top of the workflow")
	}
	if wf.Permissions["pages"] != "" || wf.Permissions["id-token"] != "" {
		t.Errorf("workflow-wide permissions %v: the write scopes belong to the deploy job", wf.Permissions)
	}
	if wf.Concurrency.Group == "" || wf.Concurrency.CancelInProgress {
		t.Errorf("concurrency %+v: one deployment at a time, none cancelled", wf.Concurrency)
	}
	if len(wf.Jobs) != 2 {
		t.Errorf("jobs %v, want build and deploy", slices.Sorted(maps.Keys(wf.Jobs)))
	}
	uses := func(j job, action string) *step {
		for i, s := range j.Steps {
			if strings.HasPrefix(s.Uses, action+"@") {
				return &j.Steps[i]
			}
		}
		return nil
	}
	build, deploy := wf.Jobs["build"], wf.Jobs["deploy"]
	pages := uses(build, "actions/configure-pages")
	if pages == nil || pages.ID == "" {
		t.Fatal("the build job does not run actions/configure-pages with an id")
	}
	var buildsBrief, buildsSite bool
	for _, s := range build.Steps {
		buildsBrief = buildsBrief || strings.Contains(s.Run, "go build")
		if strings.Contains(s.Run, " build ") && strings.Contains(s.Run, "-base-url") &&
			strings.Contains(s.Run, "steps."+pages.ID+".outputs.base_url") && strings.Contains(s.Run, "-out public") {
			buildsSite = true
		}
	}
	if !buildsBrief || !buildsSite {
		t.Errorf("the build job builds brief: %v; builds the site into public with -base-url from configure-pages: %v", buildsBrief, buildsSite)
	}
	if up := uses(build, "actions/upload-pages-artifact"); up == nil || up.With["path"] != "public" {
		t.Error("the build job does not upload public/ with actions/upload-pages-artifact")
	}
	if deploy.Needs != "build" || uses(deploy, "actions/deploy-pages") == nil {
		t.Error("the deploy job does not run actions/deploy-pages after build")
	}
	if deploy.Permissions["pages"] != "write" || deploy.Permissions["id-token"] != "write" {
		t.Errorf("deploy permissions %v, want pages: write and id-token: write", deploy.Permissions)
	}
	if deploy.Environment.Name != "github-pages" {
		t.Errorf("deploy environment %q, want github-pages", deploy.Environment.Name)
	}
}
