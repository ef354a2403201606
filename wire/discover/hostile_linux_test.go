//go:build linux

package discover

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// TestNetnsHostile multicasts hostile answers at the Go browser, on
// loopback in a new network namespace: 1000 TXT strings, instance names
// too long or no instance at all, names over 255 bytes, a port of 0, a
// response from a port other than 5353, 1000 PTR records and 200 whole
// services. The browser must keep within its bounds, pass on nothing
// invalid, and still find a real service.
func TestNetnsHostile(t *testing.T) {
	if !inNetns(t) {
		return
	}
	rec := &recorder{}
	reg := newRegistry(rec.fn, rec.logf)
	c := newCache(reg, rec.logf)
	ifaces, err := selectInterfaces(nil)
	if err != nil || len(ifaces) != 1 || ifaces[0].Name != "lo" {
		t.Fatalf("interfaces %v, %v", ifaces, err)
	}
	conn, err := listenMDNS(ifaces, rec.logf)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		runQuerier(ctx, conn, c)
	}()

	s := newSender(t, 5353)
	lo := netip.MustParseAddr("127.0.0.1")
	host := []string{"evil", "local"}
	s.send(t, announce("Many TXT", host, 1308, 120, lo, manyStrings(1000)...)...)
	s.send(t, announce("Zero port", host, 0, 120, lo, "proto=v2")...)
	twoLabels := append([]string{strings.Repeat("x", 63), strings.Repeat("y", 63)}, serviceLabels...)
	s.send(t, rawRR{name: serviceLabels, typ: typePTR, ttl: 120, data: appendName(nil, twoLabels)},
		rawRR{name: twoLabels, typ: typeSRV, ttl: 120, data: append([]byte{0, 0, 0, 0, 5, 20}, appendName(nil, host)...)},
		rawRR{name: twoLabels, typ: typeTXT, ttl: 120, data: []byte{0}}, addrRR(host, lo, 120))
	var huge []string
	for range 5 {
		huge = append(huge, strings.Repeat("h", 63))
	}
	s.send(t, rawRR{name: serviceLabels, typ: typePTR, ttl: 120, data: appendName(nil, append(huge, serviceLabels...))})
	s.send(t, rawRR{name: serviceLabels, typ: typePTR, ttl: 120, data: []byte{0x80, 0}})
	newSender(t, 0).send(t, announce("Wrong port", host, 1308, 120, lo)...)
	for i := 0; i < 1000; i += 250 {
		var ptrs []rawRR
		for j := i; j < i+250; j++ {
			ptrs = append(ptrs, ptrRR(fmt.Sprintf("flood %d", j), 4500))
		}
		s.send(t, ptrs...)
	}
	s.send(t, announce("Legit", []string{"viewer", "local"}, 1308, 120, lo, "proto=seed,v2", "fp="+fp64)...)
	waitRec(t, rec, "Legit")
	for i := 0; i < 200; i += 25 {
		var whole []rawRR
		for j := i; j < i+25; j++ {
			whole = append(whole, announce(fmt.Sprintf("svc %d", j), host, 1308, 120, lo)...)
		}
		s.send(t, whole...)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !rec.logged("already 64 services") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	<-done
	noReaders(t)

	// The cache is the querier's; it has stopped.
	if len(c.entries) > MaxServices || len(reg.shown) != MaxServices {
		t.Errorf("%d entries, %d shown", len(c.entries), len(reg.shown))
	}
	shown := map[string]Found{}
	for _, f := range rec.take() {
		if f.Gone {
			delete(shown, f.Instance)
			continue
		}
		if checkInstance(f.Instance) != nil || f.Port == 0 || len(f.Addrs) == 0 || len(f.TXT) > MaxTXTStrings {
			t.Errorf("passed on an invalid service %+v", f)
		}
		shown[f.Instance] = f
	}
	if len(shown) != MaxServices {
		t.Errorf("%d services shown", len(shown))
	}
	if f, ok := shown["Legit"]; !ok || f.Fingerprint() != fp64 {
		t.Errorf("Legit: %+v, %v", f, ok)
	}
	if f, ok := shown["Many TXT"]; !ok || len(f.TXT) != MaxTXTStrings {
		t.Errorf("Many TXT: %d keys, %v", len(f.TXT), ok)
	}
	for _, name := range []string{"Zero port", "Wrong port", "Reserved"} {
		if _, ok := shown[name]; ok {
			t.Errorf("%q was passed on", name)
		}
	}
	for _, l := range []string{"no port", "TXT strings past", "not an instance", "longer than 255", "label type", "already 64"} {
		if !rec.logged(l) {
			t.Errorf("nothing logged with %q", l)
		}
	}
}

// waitRec waits until rec has had name passed on.
func waitRec(t *testing.T, rec *recorder, name string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		rec.mu.Lock()
		for _, f := range rec.found {
			if f.Instance == name && !f.Gone {
				rec.mu.Unlock()
				return
			}
		}
		rec.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%q not found; log: %q", name, rec.logs)
}
