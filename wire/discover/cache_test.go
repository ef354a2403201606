package discover

import (
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"
)

var testNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// recorder collects what a registry passes on, and the log.
type recorder struct {
	mu    sync.Mutex
	found []Found
	logs  []string
}

func (r *recorder) fn(f Found) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.found = append(r.found, f)
}

func (r *recorder) logf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

func (r *recorder) take() []Found {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.found
	r.found = nil
	return f
}

func (r *recorder) logged(sub string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, l := range r.logs {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

func newTestCache() (*cache, *recorder) {
	rec := &recorder{}
	reg := newRegistry(rec.fn, rec.logf)
	return newCache(reg, rec.logf), rec
}

func applyRaw(t *testing.T, c *cache, now time.Time, rrs ...rawRR) {
	t.Helper()
	m, err := parseMessage(rawResponse(rrs...))
	if err != nil {
		t.Fatal(err)
	}
	c.apply(m, "eth0", now)
}

func TestCacheService(t *testing.T) {
	c, rec := newTestCache()
	rrs := announce("Kitchen", testHost, 1308, 120, netip.MustParseAddr("fe80::1"), "proto=seed,v2", "fp="+fp64)
	rrs = append(rrs, addrRR(testHost, netip.MustParseAddr("192.168.1.23"), 120))
	applyRaw(t, c, testNow, rrs...)
	got := rec.take()
	if len(got) != 1 {
		t.Fatalf("found %+v", got)
	}
	f := got[0]
	want := []netip.Addr{netip.MustParseAddr("192.168.1.23"), netip.MustParseAddr("fe80::1%eth0")}
	if f.Instance != "Kitchen" || f.Host != "laptop.local." || f.Port != 1308 || f.Gone ||
		fmt.Sprint(f.Addrs) != fmt.Sprint(want) || f.TXT["proto"] != "seed,v2" || f.Fingerprint() != fp64 {
		t.Fatalf("found %+v", f)
	}
	if ap := f.AddrPorts(); len(ap) != 2 || ap[0].String() != "192.168.1.23:1308" {
		t.Errorf("AddrPorts = %v", ap)
	}

	// The same again: nothing new. A new TXT record: the service again.
	applyRaw(t, c, testNow.Add(time.Second), rrs...)
	if got := rec.take(); len(got) != 0 {
		t.Fatalf("repeat: found %+v", got)
	}
	applyRaw(t, c, testNow.Add(2*time.Second), txtRR("Kitchen", 120, "proto=v2"))
	if got := rec.take(); len(got) != 1 || got[0].TXT["proto"] != "v2" || got[0].Fingerprint() != "" {
		t.Fatalf("new TXT: found %+v", got)
	}

	// Known answers: the PTR, with its TTL left (it came again at 1 s).
	if k := c.known(testNow.Add(10 * time.Second)); len(k) != 1 || k[0].ttl != 111 {
		t.Fatalf("known %+v", k)
	}

	// At 80% of the TTL, the records are asked for again.
	qs := c.tick(testNow.Add(99 * time.Second))
	if len(qs) != 4 {
		t.Fatalf("refresh questions %+v", qs)
	}

	// A goodbye: gone a second later.
	applyRaw(t, c, testNow.Add(100*time.Second), ptrRR("kitchen", 0))
	c.tick(testNow.Add(100*time.Second + 500*time.Millisecond))
	if got := rec.take(); len(got) != 0 {
		t.Fatalf("goodbye, before a second: %+v", got)
	}
	c.tick(testNow.Add(101*time.Second + 500*time.Millisecond))
	if got := rec.take(); len(got) != 1 || !got[0].Gone || got[0].Instance != "Kitchen" {
		t.Fatalf("goodbye: %+v", got)
	}
	if len(c.entries) != 0 || len(c.hosts) != 0 {
		t.Fatalf("left %d entries, %d hosts", len(c.entries), len(c.hosts))
	}
}

func TestCacheExpiry(t *testing.T) {
	c, rec := newTestCache()
	applyRaw(t, c, testNow, announce("Kitchen", testHost, 1308, 10, netip.MustParseAddr("10.0.0.1"))...)
	if len(rec.take()) != 1 {
		t.Fatal("not found")
	}
	c.tick(testNow.Add(11 * time.Second))
	if got := rec.take(); len(got) != 1 || !got[0].Gone {
		t.Fatalf("expiry: %+v", got)
	}
}

func TestCacheAsksForMissing(t *testing.T) {
	c, rec := newTestCache()
	applyRaw(t, c, testNow, ptrRR("Kitchen", 4500))
	var asked []int
	for s := 1; s <= 20; s++ {
		if qs := c.tick(testNow.Add(time.Duration(s) * time.Second)); len(qs) > 0 {
			if len(qs) != 2 || qs[0].typ != typeSRV || qs[1].typ != typeTXT {
				t.Fatalf("questions %+v", qs)
			}
			asked = append(asked, s)
		}
	}
	if fmt.Sprint(asked) != "[1 3 7]" {
		t.Fatalf("asked at %v s, want [1 3 7]", asked)
	}
	// The SRV and TXT came, the address did not: ask for that.
	applyRaw(t, c, testNow.Add(30*time.Second), srvRR("Kitchen", testHost, 1308, 120), txtRR("Kitchen", 120))
	qs := c.tick(testNow.Add(31 * time.Second))
	if len(qs) != 2 || qs[0].typ != typeA || qs[1].typ != typeAAAA {
		t.Fatalf("questions %+v", qs)
	}
	if len(rec.take()) != 0 {
		t.Fatal("found without an address")
	}
}

// TestCacheBounds feeds the cache hostile answers: floods, a port of 0,
// names that are no instance, 1000 TXT strings.
func TestCacheBounds(t *testing.T) {
	c, rec := newTestCache()
	ip := netip.MustParseAddr("10.0.0.1")
	var flood []rawRR
	for i := 0; i < 1000; i++ {
		flood = append(flood, ptrRR(fmt.Sprintf("flood %d", i), 4500))
	}
	applyRaw(t, c, testNow, flood...)
	if len(c.entries) != MaxServices {
		t.Fatalf("%d entries after 1000 PTRs", len(c.entries))
	}
	// A real service still gets in, in the place of an incomplete one.
	applyRaw(t, c, testNow.Add(time.Second), announce("Kitchen", testHost, 1308, 120, ip)...)
	if got := rec.take(); len(got) != 1 || got[0].Instance != "Kitchen" || len(c.entries) != MaxServices {
		t.Fatalf("after the flood: %+v, %d entries", got, len(c.entries))
	}

	c, rec = newTestCache()
	applyRaw(t, c, testNow, announce("Zero port", testHost, 0, 120, ip)...)
	applyRaw(t, c, testNow, announce("Many TXT", testHost, 1308, 120, ip, manyStrings(1000)...)...)
	long := rawRR{name: serviceLabels, typ: typePTR, ttl: 120,
		data: appendName(nil, append([]string{strings.Repeat("x", 63), strings.Repeat("y", 63)}, serviceLabels...))}
	other := rawRR{name: serviceLabels, typ: typePTR, ttl: 120, data: appendName(nil, []string{"x", "_other", "_tcp", "local"})}
	ctrl := ptrRR("bell\x07", 120)
	applyRaw(t, c, testNow, long, other, ctrl)
	got := rec.take()
	if len(got) != 1 || got[0].Instance != "Many TXT" || len(got[0].TXT) != MaxTXTStrings {
		t.Fatalf("found %+v", got)
	}
	for _, l := range []string{"no port", "TXT strings past", "not an instance", "control character"} {
		if !rec.logged(l) {
			t.Errorf("nothing logged with %q: %q", l, rec.logs)
		}
	}
	if len(c.entries) != 2 { // "Zero port" is kept, not shown
		t.Errorf("%d entries", len(c.entries))
	}

	// 1000 addresses for one host: MaxAddrs kept.
	var addrs []rawRR
	for i := 0; i < 1000; i++ {
		addrs = append(addrs, addrRR(testHost, netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)}), 120))
	}
	applyRaw(t, c, testNow.Add(time.Second), addrs...)
	if got := rec.take(); len(got) != 1 || len(got[0].Addrs) != MaxAddrs {
		t.Fatalf("after 1000 addresses: %+v", got)
	}
	for _, h := range c.hosts {
		if len(h.addrs) > MaxAddrs {
			t.Fatalf("%d addresses kept", len(h.addrs))
		}
	}

	// 1000 whole services: MaxServices shown, the rest refused.
	c, rec = newTestCache()
	var whole []rawRR
	for i := 0; i < 1000; i++ {
		whole = append(whole, announce(fmt.Sprintf("svc %d", i), testHost, 1308, 120, ip)...)
	}
	for i := 0; i < len(whole); i += 100 {
		applyRaw(t, c, testNow, whole[i:i+100]...)
	}
	if n := len(rec.take()); n != MaxServices || len(c.reg.shown) != MaxServices {
		t.Fatalf("%d services shown", n)
	}
	if !rec.logged("already 64 services") {
		t.Error("the refusals were not logged")
	}
}

func TestRegistryAddrs(t *testing.T) {
	in := []netip.Addr{netip.MustParseAddr("fe80::1%lo"), netip.MustParseAddr("::ffff:10.0.0.2"), netip.MustParseAddr("0.0.0.0"),
		netip.MustParseAddr("224.0.0.251"), netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2"), {}}
	got := sortAddrs(in)
	if fmt.Sprint(got) != "[10.0.0.2 10.0.0.1 fe80::1%lo]" {
		t.Fatalf("sortAddrs = %v", got)
	}
}

func TestLimitedLog(t *testing.T) {
	rec := &recorder{}
	l := newLimitedLog(rec.logf)
	for i := 0; i < 1000; i++ {
		l.printf("line %d", i)
	}
	if len(rec.logs) != logBurst {
		t.Fatalf("%d lines logged", len(rec.logs))
	}
	l.last = l.last.Add(-2 * logEvery)
	l.printf("later")
	if n := len(rec.logs); n != logBurst+2 || !strings.Contains(rec.logs[n-2], "left out") {
		t.Fatalf("logs %q", rec.logs[logBurst:])
	}
}
