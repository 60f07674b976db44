package digest

import (
	"testing"
	"time"
)

type record struct{ id uint64 }

func (r *record) Digest() uint64 { return r.id }

type input struct {
	Title  string
	Tags   []string
	When   time.Time
	Parent *record
	count  int // unexported fields count too
	Extra  map[string]int
	Any    any
}

// TestRefIsValue checks that fingerprinting through a pointer gives what
// fingerprinting the value does, for values walked and values that
// fingerprint themselves.
func TestRefIsValue(t *testing.T) {
	in := input{Title: "a", Tags: []string{"x"}, Parent: &record{7}, count: 2, Any: "z"}
	if got, want := Ref(New(), &in), New().Value(in); got != want {
		t.Errorf("Ref = %x, Value = %x", got, want)
	}
	other := in
	other.count = 3
	if Ref(New(), &in) == Ref(New(), &other) {
		t.Error("Ref ignores a field")
	}
	r := &record{9}
	if got, want := Ref(New(), &r), New().Value(r); got != want {
		t.Errorf("Ref of a Digester = %x, Value = %x", got, want)
	}
}

func TestEveryFieldCounts(t *testing.T) {
	kyiv, _ := time.LoadLocation("Europe/Kyiv")
	base := input{Title: "a", Tags: []string{"x", "y"}, When: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		Parent: &record{7}, count: 1, Extra: map[string]int{"k": 1, "l": 2}, Any: 3}
	changes := map[string]func(*input){
		"title":          func(in *input) { in.Title = "b" },
		"tag order":      func(in *input) { in.Tags = []string{"y", "x"} },
		"tag split":      func(in *input) { in.Tags = []string{"xy"} },
		"nil tags":       func(in *input) { in.Tags = nil },
		"time":           func(in *input) { in.When = in.When.Add(time.Nanosecond) },
		"time zone":      func(in *input) { in.When = in.When.In(kyiv) },
		"parent digest":  func(in *input) { in.Parent = &record{8} },
		"nil parent":     func(in *input) { in.Parent = nil },
		"unexported":     func(in *input) { in.count = 2 },
		"map value":      func(in *input) { in.Extra = map[string]int{"k": 1, "l": 3} },
		"map key":        func(in *input) { in.Extra = map[string]int{"k": 1, "m": 2} },
		"interface type": func(in *input) { in.Any = "3" },
	}
	want := Of(base)
	for name, change := range changes {
		in := base
		change(&in)
		if Of(in) == want {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
	again := base
	again.Extra = map[string]int{"l": 2, "k": 1}
	again.Parent = &record{7}
	if Of(again) != want {
		t.Error("equal values give different fingerprints")
	}
}

func TestFunctionsAreRefused(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a function in a cache input was fingerprinted")
		}
	}()
	Of(struct{ F func() }{func() {}})
}

type node struct {
	Name string
	Next *node
}

func TestRecursiveTypes(t *testing.T) {
	a := &node{"a", &node{"b", nil}}
	b := &node{"a", &node{"c", nil}}
	if Of(a) == Of(b) {
		t.Error("lists that differ in their second node have one fingerprint")
	}
	if Of(a) != Of(&node{"a", &node{"b", nil}}) {
		t.Error("equal lists have different fingerprints")
	}
}

// TestConcurrentFirstUse fingerprints values of new types on many
// goroutines at once, as the render's workers do on a first render.
func TestConcurrentFirstUse(t *testing.T) {
	type leaf struct{ A, B string }
	type mid struct {
		L    []leaf
		M    map[string]*leaf
		Self *mid
	}
	type top struct{ M mid }
	v := top{M: mid{L: []leaf{{"a", "b"}}, M: map[string]*leaf{"k": {"c", "d"}}, Self: &mid{}}}
	want := Of(v)
	done := make(chan uint64)
	for range 16 {
		go func() { done <- Of(v) }()
	}
	for range 16 {
		if got := <-done; got != want {
			t.Fatalf("fingerprint %x, want %x", got, want)
		}
	}
}
