package discover

import (
	"context"
	"net"
	"strings"
	"testing"
)

func TestPickInterfaces(t *testing.T) {
	lo := net.Interface{Index: 1, Name: "lo", Flags: net.FlagUp | net.FlagLoopback}
	loMulti := net.Interface{Index: 1, Name: "lo", Flags: net.FlagUp | net.FlagLoopback | net.FlagMulticast}
	eth := net.Interface{Index: 2, Name: "eth0", Flags: net.FlagUp | net.FlagMulticast}
	down := net.Interface{Index: 3, Name: "wlan0", Flags: net.FlagMulticast}
	bare := net.Interface{Index: 4, Name: "veth0", Flags: net.FlagUp | net.FlagMulticast}
	hasAddr := func(i net.Interface) bool { return i.Name != "veth0" }
	names := func(ifs []net.Interface, err error) string {
		if err != nil {
			return "error: " + err.Error()
		}
		return strings.Join(interfaceNames(ifs), ",")
	}
	for _, c := range []struct {
		all   []net.Interface
		names []string
		want  string
	}{
		{[]net.Interface{lo, eth, down, bare}, nil, "eth0"},
		{[]net.Interface{loMulti, eth}, nil, "lo,eth0"},
		{[]net.Interface{loMulti}, nil, "lo"}, // a fresh network namespace
		{[]net.Interface{lo}, nil, "error: no network interface is up with multicast and an address (up without: lo)"},
		{[]net.Interface{lo, eth}, []string{"lo"}, "lo"},
		{[]net.Interface{lo, eth}, []string{"eth1"}, `error: there is no network interface "eth1"`},
		{[]net.Interface{lo, down}, []string{"wlan0"}, `error: network interface "wlan0" is down`},
	} {
		if got := names(pickInterfaces(c.all, c.names, hasAddr)); got != c.want {
			t.Errorf("pickInterfaces(%v, %q) = %s, want %s", interfaceNames(c.all), c.names, got, c.want)
		}
	}
}

func TestBackendString(t *testing.T) {
	for b, want := range map[Backend]string{BackendAuto: "auto", BackendAvahi: "avahi", BackendBonjour: "bonjour",
		BackendResponder: "responder", Backend(9): "Backend(9)"} {
		if b.String() != want {
			t.Errorf("%d: %q, want %q", int(b), b.String(), want)
		}
	}
}

// TestAdvertiseRefuses checks that a service that is not valid is refused
// before any backend is asked.
func TestAdvertiseRefuses(t *testing.T) {
	for _, s := range []Service{{Instance: "x", Port: 0}, {Instance: "", Port: 1}, {Instance: "x", Port: 1, TXT: map[string]string{"=": ""}}} {
		if _, err := (Config{Backend: Backend(42)}).Advertise(context.Background(), s); err == nil ||
			!strings.HasPrefix(err.Error(), "advertise ") || strings.Contains(err.Error(), "unknown backend") {
			t.Errorf("Advertise(%+v) = %v", s, err)
		}
	}
	if _, err := (Config{Backend: Backend(42)}).Advertise(context.Background(), Service{Instance: "x", Port: 1}); err == nil ||
		!strings.Contains(err.Error(), "unknown backend") {
		t.Errorf("backend 42: %v", err)
	}
}
