package serve

import (
	"net"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestServerURLs(t *testing.T) {
	cidr := func(s string) net.Addr {
		ip, n, err := net.ParseCIDR(s)
		if err != nil {
			t.Fatal(err)
		}
		n.IP = ip
		return n
	}
	lan := []net.Addr{cidr("127.0.0.1/8"), cidr("::1/128"), cidr("192.168.1.20/24"), cidr("fe80::1/64"), cidr("2001:db8::7/64"), cidr("10.0.0.5/8")}
	v6only := []net.Addr{cidr("127.0.0.1/8"), cidr("fe80::1/64"), cidr("2001:db8::7/64")}
	tests := []struct {
		listen     string
		interfaces []net.Addr
		local      string
		network    []string
	}{
		{"0.0.0.0:1313", lan, "http://localhost:1313/", []string{"http://192.168.1.20:1313/", "http://10.0.0.5:1313/"}},
		{"[::]:1313", lan, "http://localhost:1313/", []string{"http://192.168.1.20:1313/", "http://10.0.0.5:1313/"}},
		{"[::]:1313", v6only, "http://localhost:1313/", []string{"http://[2001:db8::7]:1313/"}},
		{"0.0.0.0:8080", nil, "http://localhost:8080/", nil},
		{"127.0.0.1:1313", lan, "http://127.0.0.1:1313/", nil},
		{"192.168.1.20:1313", lan, "http://192.168.1.20:1313/", nil},
		{"[::1]:1313", lan, "http://[::1]:1313/", nil},
	}
	for _, tt := range tests {
		addr, err := net.ResolveTCPAddr("tcp", tt.listen)
		if err != nil {
			t.Fatal(err)
		}
		local, network := serverURLs(addr, tt.interfaces)
		if local != tt.local || !slices.Equal(network, tt.network) {
			t.Errorf("serverURLs(%s) = %q, %q; want %q, %q", tt.listen, local, network, tt.local, tt.network)
		}
	}
}

// TestReportPrintsAProblemOnce: a warning that stands through rebuilds is
// printed at the first and not again, even when other problems come and
// go; one that goes and comes back is printed again.
func TestReportPrintsAProblemOnce(t *testing.T) {
	const warning = "content/briefings/a.md:1:1: warning: no summary"
	const broken = "content/briefings/b.md:4:13: error: unknown country \"Narnia\""
	ok := func(problems ...string) Result {
		return Result{Files: mapSite{}, Problems: problems}
	}
	failed := func(problems ...string) Result {
		return Result{Problems: problems, Failed: true}
	}
	var out strings.Builder
	var shown map[string]bool
	for _, step := range []struct {
		res  Result
		want []string // the problem lines printed by this step
	}{
		{ok(warning), []string{warning}},
		{ok(warning), nil},
		{failed(warning, broken), []string{broken}},
		{failed(warning, broken), nil},
		{ok(warning), nil},
		{ok(), nil},
		{ok(warning), []string{warning}},
	} {
		out.Reset()
		shown = report(&out, "x changed", step.res, time.Millisecond, shown)
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		printed := lines[:len(lines)-1] // the last line is the rebuild's
		if !slices.Equal(printed, step.want) && (len(printed) > 0 || len(step.want) > 0) {
			t.Errorf("after %q: printed %q, want %q", step.res.Problems, printed, step.want)
		}
		if last := lines[len(lines)-1]; !strings.HasPrefix(last, "x changed: rebuil") {
			t.Errorf("the rebuild's line is %q", last)
		}
	}
}
