package receive

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/vidstream/vidstream/wire/discover"
)

// Protocols is what a viewer's DNS-SD record says it speaks
// (discover.KeyProtocols).
const Protocols = "seed,v2"

// InstanceName is the name a viewer on this machine is advertised by, as
// picam -to takes it: "Vidstream on HOST", the host name without its domain.
func InstanceName() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		return "Vidstream"
	}
	host, _, _ = strings.Cut(host, ".")
	return "Vidstream on " + host
}

// Advertise makes the viewer listening at addr known on the local network
// (DNS-SD: _vidstream._tcp, package discover) as instance, so that picam
// finds it without an address, until ctx is done or the advertisement is
// stopped. fp, when not "", is the viewer's certificate fingerprint in hex,
// for picam to check. It returns once the name is claimed (renamed on a
// conflict: the Advertisement says which), or why it could not be; the
// viewer works without it, picam -to HOST reaching it as before.
func Advertise(ctx context.Context, addr net.Addr, instance, fp string, cfg discover.Config) (*discover.Advertisement, error) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || tcp.Port == 0 {
		return nil, fmt.Errorf("advertising the viewer: %v is no TCP address", addr)
	}
	txt := map[string]string{discover.KeyProtocols: Protocols}
	if fp != "" {
		txt[discover.KeyFingerprint] = fp
	}
	a, err := cfg.Advertise(ctx, discover.Service{Instance: instance, Port: tcp.Port, TXT: txt})
	if err != nil {
		return nil, fmt.Errorf("advertising the viewer on the network: %w", err)
	}
	return a, nil
}

// Advertisable reports whether a viewer listening at addr is worth
// advertising: one that listens on loopback only cannot be reached from
// the network.
func Advertisable(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.Port != 0 && !tcp.IP.IsLoopback()
}
