package capture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/vidstream/vidstream/wire/discover"
)

// BrowseTimeout bounds each look for the viewer on the network: a viewer
// answers DNS-SD within a second, and picam tries again after its backoff.
const BrowseTimeout = 3 * time.Second

// ErrNoViewerFound is why a DiscoverDialer attempt found no viewer to
// connect to.
var ErrNoViewerFound = errors.New("no viewer found on the network")

// DiscoverDialer returns a Dialer of the viewer found on the local network
// with DNS-SD (package discover: _vidstream._tcp), looked for again on every
// attempt, so that a viewer that moves (a new address, another port) is
// found again after the stream is lost. name picks the viewer by its
// instance name, ASCII case ignored; "" takes the only one, and several are
// an error naming them. host (a host:port, or "") goes first: when its name
// resolves (a host name on the LAN's DNS, an /etc/hosts entry, an
// address), it is dialed and nothing is browsed, so that -to HOST costs no
// browsing; -to NAME, a word that is no host, is looked for. Each address the viewer
// advertises is tried in its order (IPv4 first) until one connects, each
// attempt bounded by timeout as TCPDialer's. With several viewers and no
// name, the one paired already is taken when paired (nil: none) says
// exactly one of them is. Errors say what to do.
func DiscoverDialer(name, host string, timeout time.Duration, cfg discover.Config, paired func(instance string) bool) Dialer {
	return func(ctx context.Context) (io.WriteCloser, error) {
		if host != "" && resolves(ctx, host) {
			return dialTCP(ctx, host, timeout)
		}
		bctx, cancel := context.WithTimeout(ctx, BrowseTimeout)
		found, err := cfg.Lookup(bctx, name)
		if mine := pairedOne(err, paired); mine != "" {
			found, err = cfg.Lookup(bctx, mine)
		}
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, browseError(name, err)
		}
		var last error
		for _, ap := range found.AddrPorts() {
			c, err := dialTCP(ctx, ap.String(), timeout)
			if err == nil {
				return c, nil
			}
			last = err
		}
		if last == nil {
			last = fmt.Errorf("the viewer %q advertised no address", found.Instance)
		}
		return nil, last
	}
}

// pairedOne returns, when err says several viewers answered, the only one
// of them paired says is paired; "" otherwise.
func pairedOne(err error, paired func(string) bool) string {
	var amb *discover.AmbiguousError
	if paired == nil || !errors.As(err, &amb) {
		return ""
	}
	one := ""
	for _, n := range amb.Names {
		if paired(n) {
			if one != "" {
				return ""
			}
			one = n
		}
	}
	return one
}

// resolveTimeout bounds the look-up of -to's host name.
const resolveTimeout = time.Second

// resolves reports whether the host of hostport is an address or a name
// the system resolves.
func resolves(ctx context.Context, hostport string) bool {
	h, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, resolveTimeout)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupHost(ctx, h)
	return err == nil && len(addrs) > 0
}

// browseError says why no viewer was found, and what to do.
func browseError(name string, err error) error {
	var amb *discover.AmbiguousError
	switch {
	case errors.As(err, &amb):
		return fmt.Errorf("%w: several viewers answer (%s): pick one with -to NAME", ErrNoViewerFound, strings.Join(amb.Names, ", "))
	case name != "":
		return fmt.Errorf("%w: no viewer named %q answers (%v): start it, or give its address with -to HOST", ErrNoViewerFound, name, err)
	}
	return fmt.Errorf("%w (%v): start Vidstream on the laptop, on the same network, or give its address with -to HOST", ErrNoViewerFound, err)
}
