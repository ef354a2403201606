//go:build linux

package discover

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/ipv4"
)

// netnsEnv names the test a re-executed test binary runs inside its new
// network namespace.
const netnsEnv = "VIDSTREAM_DISCOVER_NETNS"

// inNetns runs the calling test again, alone, in this test binary under
// "unshare --net", and returns false; in there, it returns true once
// loopback is up with multicast and the only interface. It skips without
// root, unshare or ip. Nothing the test sends can leave the namespace.
func inNetns(t *testing.T) bool {
	t.Helper()
	if os.Getenv(netnsEnv) == t.Name() {
		for _, args := range [][]string{
			{"link", "set", "lo", "up"},
			{"link", "set", "lo", "multicast", "on"},
			{"route", "add", "224.0.0.0/4", "dev", "lo"},
		} {
			if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
				t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		// A route for IPv6 multicast too, so that sending on lo works
		// (Linux does not loop IPv6 multicast back on lo, though: only
		// IPv4 reaches the browser).
		_ = exec.Command("ip", "-6", "route", "add", "ff00::/8", "dev", "lo").Run()
		ifs, err := net.Interfaces()
		if err != nil || len(ifs) != 1 || ifs[0].Name != "lo" {
			t.Fatalf("not in a fresh network namespace: interfaces %v, %v", ifs, err)
		}
		return true
	}
	if os.Getenv(netnsEnv) != "" {
		t.Skip("another test's network namespace")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to make a network namespace (unshare --net)")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("needs util-linux's unshare:", err)
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("needs iproute2's ip:", err)
	}
	cmd := exec.Command(unshare, "--net", "--", os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1",
		"-test.timeout=3m")
	cmd.Env = append(os.Environ(), netnsEnv+"="+t.Name())
	out, err := cmd.CombinedOutput()
	t.Logf("in a new network namespace:\n%s", out)
	switch {
	case err != nil:
		t.Fatalf("%s: %v", t.Name(), err)
	case bytes.Contains(out, []byte("--- SKIP: "+t.Name())):
		t.Skip("skipped in the namespace")
	case !bytes.Contains(out, []byte("--- PASS: "+t.Name())):
		t.Fatalf("%s did not pass in the namespace", t.Name())
	}
	return false
}

// waitFound reads found until a service named name comes (gone or not,
// as gone says), or fails the test after a while.
func waitFound(t *testing.T, found <-chan Found, name string, gone bool) Found {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case f := <-found:
			t.Logf("found %+v", f)
			if f.Instance == name && f.Gone == gone {
				return f
			}
		case <-deadline:
			t.Fatalf("%q (gone: %v) not found", name, gone)
		}
	}
}

// noReaders fails the test when a reader of the Go browser still runs.
func noReaders(t *testing.T) {
	t.Helper()
	var b bytes.Buffer
	for range 50 {
		b.Reset()
		_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
		if !strings.Contains(b.String(), "discover.(*mdnsConn).read") && !strings.Contains(b.String(), "discover.runQuerier") {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the browser's goroutines still run:\n%s", b.String())
}

// TestNetnsRoundTrip advertises with the Go responder and finds the
// service with the Go browser, on loopback in a new network namespace.
func TestNetnsRoundTrip(t *testing.T) {
	if !inNetns(t) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cfg := Config{Backend: BackendResponder, Logf: t.Logf}
	found := make(chan Found, 1000)
	bctx, bcancel := context.WithCancel(ctx)
	browsed := make(chan error, 1)
	go func() { browsed <- cfg.Browse(bctx, func(f Found) { found <- f }) }()

	txt := map[string]string{KeyProtocols: "seed,v2", KeyFingerprint: fp64}
	ad, err := cfg.Advertise(ctx, Service{Instance: "Test viewer", Port: 1308, TXT: txt})
	if err != nil {
		t.Fatal(err)
	}
	defer ad.Stop()
	if ad.Instance() != "Test viewer" || ad.Backend() != BackendResponder {
		t.Fatalf("advertised as %q with %v", ad.Instance(), ad.Backend())
	}
	f := waitFound(t, found, "Test viewer", false)
	if f.Port != 1308 || f.TXT[KeyProtocols] != "seed,v2" || f.Fingerprint() != fp64 || len(f.Addrs) == 0 ||
		f.Addrs[0].String() != "127.0.0.1" || !strings.HasSuffix(f.Host, ".local.") {
		t.Fatalf("found %+v", f)
	}
	if p := f.Protocols(); len(p) != 2 || p[0] != "seed" || p[1] != "v2" {
		t.Errorf("protocols %q", p)
	}

	// Lookup by name, in any case; and the only one.
	lctx, lcancel := context.WithTimeout(ctx, 20*time.Second)
	defer lcancel()
	if l, err := cfg.Lookup(lctx, "TEST viewer"); err != nil || l.Port != 1308 {
		t.Fatalf("Lookup by name: %+v, %v", l, err)
	}
	if l, err := cfg.Lookup(lctx, ""); err != nil || l.Instance != "Test viewer" {
		t.Fatalf("Lookup of any: %+v, %v", l, err)
	}
	short, scancel := context.WithTimeout(ctx, 3*time.Second)
	defer scancel()
	if _, err := cfg.Lookup(short, "nobody"); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "Test viewer") {
		t.Fatalf("Lookup of nobody: %v", err)
	}

	// Two viewers: Lookup of any says which.
	ad2, err := cfg.Advertise(ctx, Service{Instance: "Other viewer", Port: 1309, TXT: map[string]string{KeyProtocols: "v2"}})
	if err != nil {
		t.Fatal(err)
	}
	waitFound(t, found, "Other viewer", false)
	var amb *AmbiguousError
	if _, err := cfg.Lookup(lctx, ""); !errors.As(err, &amb) || strings.Join(amb.Names, ",") != "Other viewer,Test viewer" {
		t.Fatalf("Lookup of any among two: %v", err)
	}

	// Stop: goodbyes, the browser says gone.
	ad2.Stop()
	waitFound(t, found, "Other viewer", true)
	ad.Stop()
	ad.Stop()
	waitFound(t, found, "Test viewer", true)

	bcancel()
	if err := <-browsed; err != nil {
		t.Fatalf("Browse: %v", err)
	}
	noReaders(t)
	// dnssd's own goroutines: reported, not failed on (see the package
	// comment).
	time.Sleep(500 * time.Millisecond)
	var b bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
	for _, g := range strings.Split(b.String(), "\n\n") {
		if strings.Contains(g, "brutella/dnssd.") {
			t.Logf("a dnssd goroutine left after Stop:\n%s", g)
		}
	}
}

// sender multicasts hand-made messages on loopback from port 5353, or
// from another port.
type sender struct {
	p *ipv4.PacketConn
}

func newSender(t *testing.T, port int) *sender {
	t.Helper()
	var u *net.UDPConn
	var err error
	if port == 5353 {
		u, err = net.ListenUDP("udp4", groupV4) // port 5353, shared
	} else {
		u, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { u.Close() })
	p := ipv4.NewPacketConn(u)
	lo, err := net.InterfaceByName("lo")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SetMulticastInterface(lo); err != nil {
		t.Fatal(err)
	}
	_ = p.SetMulticastLoopback(true)
	return &sender{p: p}
}

func (s *sender) send(t *testing.T, rrs ...rawRR) {
	t.Helper()
	s.sendRaw(t, rawResponse(rrs...))
}

func (s *sender) sendRaw(t *testing.T, b []byte) {
	t.Helper()
	if _, err := s.p.WriteTo(b, nil, groupV4); err != nil {
		t.Fatalf("send %d bytes: %v", len(b), err)
	}
	time.Sleep(2 * time.Millisecond) // let the browser keep up
}
