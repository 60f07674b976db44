package load

import (
	"io/fs"
	"strings"
	"testing"

	"brief/starter"
)

// TestStarterSettingsExplainEveryKey: the site.yaml brief init writes names
// every setting brief reads, each in a block of lines headed by a comment.
func TestStarterSettingsExplainEveryKey(t *testing.T) {
	data, err := fs.ReadFile(starter.FS, "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	keys := map[string]bool{}
	for i, line := range lines {
		key, _, ok := strings.Cut(strings.TrimPrefix(line, "# "), ": ")
		if !ok || strings.ContainsAny(key, " #") || key == "" {
			continue
		}
		keys[key] = true
		// A comment in prose heads the block of lines the key is in.
		commented := false
		for j := i - 1; j >= 0 && strings.TrimSpace(lines[j]) != ""; j-- {
			k, _, isKey := strings.Cut(strings.TrimPrefix(lines[j], "# "), ": ")
			if strings.HasPrefix(lines[j], "#") && (!isKey || strings.Contains(k, " ")) {
				commented = true
			}
		}
		if !commented {
			t.Errorf("site.yaml: %s has no comment above it", key)
		}
	}
	for _, key := range configKeys {
		if !keys[key] {
			t.Errorf("site.yaml does not mention the setting %s", key)
		}
	}
}
