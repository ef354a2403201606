//go:build linux

package discover

import (
	"bytes"
	"context"
	"errors"
	"github.com/vidstream/vidstream/wire/wiretest"
	"net"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/ipv4"
)

// inNetns runs the calling test alone in a network namespace of its own
// (wiretest.InNetns).
func inNetns(t *testing.T) bool { return wiretest.InNetns(t) }

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
