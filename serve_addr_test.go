package main

import (
	"bufio"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"brief/internal/sitetest"
)

// TestServeOnEveryInterface runs brief serve -addr 0.0.0.0:0 in a process
// of its own: it prints addresses a browser can open, localhost and this
// machine's own on the network, and no link in the pages it serves holds
// the unspecified address ([::] or 0.0.0.0).
func TestServeOnEveryInterface(t *testing.T) {
	dir := sitetest.WriteSite(t, serveSite)
	cmd := briefCommand("serve", "-src", dir, "-addr", "0.0.0.0:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("brief serve after Ctrl-C: %v", err)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("brief serve did not stop on Ctrl-C")
		}
	})

	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cmd.Wait()
	}()
	serving := regexp.MustCompile(`^Serving .* at (http://\S+) \(Ctrl-C to stop\)$`)
	var local string
	var network []string
	timeout := time.After(20 * time.Second)
	for local == "" || len(network) < wantNetwork() {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("brief serve ended before serving")
			}
			if strings.Contains(line, "[::]") || strings.Contains(line, "0.0.0.0") {
				t.Errorf("printed %q", line)
			}
			if m := serving.FindStringSubmatch(line); m != nil {
				local = m[1]
			}
			if u, ok := strings.CutPrefix(line, "  on the network: "); ok {
				network = append(network, u)
			}
		case <-timeout:
			t.Fatalf("no address printed within 20 s (local %q, network %q)", local, network)
		}
	}
	go func() {
		for range lines { // keep the pipe drained
		}
	}()

	u, err := url.Parse(local)
	if err != nil || u.Hostname() != "localhost" || u.Port() == "0" || u.Port() == "" {
		t.Fatalf("local address %q, want http://localhost:PORT/", local)
	}
	for _, n := range network {
		nu, err := url.Parse(n)
		if ip := net.ParseIP(nu.Hostname()); err != nil || ip == nil || ip.IsLoopback() || ip.IsUnspecified() || nu.Port() != u.Port() {
			t.Errorf("network address %q", n)
		}
	}

	for _, addr := range append([]string{local}, network...) {
		status, body := fetch(t, addr+"briefings/talks/")
		if status != 200 {
			t.Fatalf("%s: status %d", addr, status)
		}
		if strings.Contains(body, "[::]") || strings.Contains(body, "0.0.0.0") {
			t.Errorf("%s: a page links to the unspecified address", addr)
		}
		if !strings.Contains(body, `<link rel="canonical" href="`+local+`briefings/talks/">`) {
			t.Errorf("%s: the canonical link does not use %s", addr, local)
		}
	}
	_, feed := fetch(t, local+"feed.xml")
	if !strings.Contains(feed, "<link>"+local+"briefings/talks/</link>") {
		t.Errorf("the feed's links do not use %s", local)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("brief serve wrote public/")
	}
}

// wantNetwork is how many network addresses brief serve should print on
// this machine: one per non-loopback IPv4 address, at least.
func wantNetwork() int {
	addrs, _ := net.InterfaceAddrs()
	n := 0
	for _, a := range addrs {
		if ipnet, ok := a.(*net.IPNet); ok && ipnet.IP.To4() != nil && ipnet.IP.IsGlobalUnicast() {
			n++
		}
	}
	return n
}
