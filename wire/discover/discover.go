package discover

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/netip"
	"strings"
	"sync"
)

// Service is what a viewer advertises.
type Service struct {
	// Instance is the name people pick the viewer by, e.g. "Vidstream on
	// laptop": 1 to MaxInstanceLen bytes of UTF-8.
	Instance string
	// Port is the TCP port the viewer listens on.
	Port int
	// TXT holds the service's TXT keys: KeyProtocols, KeyFingerprint and
	// any others; see EncodeTXT for what is allowed.
	TXT map[string]string
}

// Found is a service a browser saw appear, change or go.
type Found struct {
	// Instance is the service's instance name.
	Instance string
	// Host is the host name its SRV record points to, e.g. "laptop.local."
	// (the daemons' backends may leave out the final dot).
	Host string
	// Addrs are the host's addresses: IPv4 first, then IPv6, link-local
	// IPv6 ones with their zone (the interface they were seen on).
	Addrs []netip.Addr
	// Port is the service's TCP port, never 0.
	Port int
	// TXT holds the service's TXT keys, lowercase, as DecodeTXT reads
	// them: a KeyFingerprint value here is FingerprintLen hex digits.
	TXT map[string]string
	// Gone says the service went away (a goodbye, its records expired, or
	// the daemon said so); then only Instance is set.
	Gone bool
}

// AddrPorts returns Addrs each with Port, in the same order: what to dial,
// first to last.
func (f Found) AddrPorts() []netip.AddrPort {
	out := make([]netip.AddrPort, 0, len(f.Addrs))
	for _, a := range f.Addrs {
		out = append(out, netip.AddrPortFrom(a, uint16(f.Port)))
	}
	return out
}

// Protocols returns the comma-separated KeyProtocols value as a list,
// without empty or overlong entries, at most 16.
func (f Found) Protocols() []string {
	var out []string
	for _, p := range strings.Split(f.TXT[KeyProtocols], ",") {
		p = strings.TrimSpace(p)
		if p == "" || len(p) > 32 {
			continue
		}
		if out = append(out, p); len(out) == maxProtocols {
			break
		}
	}
	return out
}

// Fingerprint returns the KeyFingerprint value, lowercase hex, or "" when
// the service has none.
func (f Found) Fingerprint() string { return f.TXT[KeyFingerprint] }

// Backend names a way to advertise and browse.
type Backend int

// The backends. BackendAuto picks one for the system: Avahi on Linux when
// its daemon runs, Bonjour on macOS (when built with cgo), and otherwise
// the Go responder.
const (
	BackendAuto Backend = iota
	BackendAvahi
	BackendBonjour
	BackendResponder
)

// String returns the backend's name: "auto", "avahi", "bonjour" or
// "responder".
func (b Backend) String() string {
	switch b {
	case BackendAuto:
		return "auto"
	case BackendAvahi:
		return "avahi"
	case BackendBonjour:
		return "bonjour"
	case BackendResponder:
		return "responder"
	}
	return fmt.Sprintf("Backend(%d)", int(b))
}

// Config says how to advertise and browse. Its zero value picks the
// backend for the system and logs with the standard logger.
type Config struct {
	// Backend is the backend to use; BackendAuto picks one.
	Backend Backend
	// Interfaces names the network interfaces the Go responder and
	// browser use; empty means every interface that is up, can multicast
	// and has an address (the loopback interface too, when it can
	// multicast, as in a fresh network namespace with "ip link set lo
	// multicast on"). Avahi and Bonjour use every interface.
	Interfaces []string
	// Logf logs what was ignored or failed along the way; nil means
	// log.Printf. It is never called more than about once a second on
	// average, whatever the network sends.
	Logf func(format string, args ...any)
}

// ErrNotFound is wrapped by Lookup's error when no service (of that name)
// was found before its context ended.
var ErrNotFound = errors.New("no vidstream viewer found")

// AmbiguousError is Lookup's error when it was asked for any service and
// found more than one.
type AmbiguousError struct {
	// Names are the instance names found, sorted.
	Names []string
}

// Error says which services were found.
func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("found %d vidstream viewers (%s): pick one by name", len(e.Names), strings.Join(e.Names, ", "))
}

// Advertisement is a service being advertised.
type Advertisement struct {
	instance string
	backend  Backend
	once     sync.Once
	withdraw func()
	mu       sync.Mutex
	stopCtx  func() bool // ends the context.AfterFunc that calls Stop
}

// Instance returns the instance name the service was registered under:
// Service.Instance, or another one (e.g. "Vidstream (2)") when that name
// was taken on the network. A rename after Advertise returned is not seen
// here.
func (a *Advertisement) Instance() string { return a.instance }

// Backend returns the backend that advertises the service.
func (a *Advertisement) Backend() Backend { return a.backend }

// Stop withdraws the service (the Go responder and the daemons send
// goodbye packets) and returns once it is withdrawn. It may be called more
// than once, and from any goroutine.
func (a *Advertisement) Stop() {
	a.once.Do(func() {
		a.mu.Lock()
		if a.stopCtx != nil {
			a.stopCtx()
		}
		a.mu.Unlock()
		a.withdraw()
	})
}

// Advertise advertises s with the backend the zero Config picks.
func Advertise(ctx context.Context, s Service) (*Advertisement, error) {
	return Config{}.Advertise(ctx, s)
}

// Browse browses with the backend the zero Config picks.
func Browse(ctx context.Context, fn func(Found)) error { return Config{}.Browse(ctx, fn) }

// Lookup looks a service up with the backend the zero Config picks.
func Lookup(ctx context.Context, name string) (Found, error) { return Config{}.Lookup(ctx, name) }

// Advertise registers s and returns once it is registered (for the Go
// responder: probed for on the network, RFC 6762 section 8; for Avahi and
// Bonjour: established). The service stays advertised until Stop is
// called or ctx is done, whichever comes first.
func (c Config) Advertise(ctx context.Context, s Service) (*Advertisement, error) {
	txt, err := checkService(s)
	if err != nil {
		return nil, fmt.Errorf("advertise %q: %w", s.Instance, err)
	}
	b, err := c.pick(ctx)
	if err != nil {
		return nil, fmt.Errorf("advertise %q: %w", s.Instance, err)
	}
	a, err := b.advertise(ctx, s, txt)
	if err != nil {
		return nil, fmt.Errorf("advertise %q with %v: %w", s.Instance, b.kind(), err)
	}
	a.backend = b.kind()
	a.mu.Lock()
	a.stopCtx = context.AfterFunc(ctx, a.Stop)
	a.mu.Unlock()
	return a, nil
}

// Browse looks for viewers until ctx is done, then returns nil; it returns
// an error when browsing cannot start or fails. fn is called, from one
// goroutine at a time, each time a service appears, changes (a new
// address, port or TXT record: fn gets the whole service again) or goes
// (Found.Gone). Only valid services are passed on: a non-empty instance
// name of at most MaxInstanceLen bytes, a port, an address; TXT records
// are trimmed to the bounds (see DecodeTXT) and at most MaxServices
// services are remembered, what is left out is logged. fn should return
// quickly: the browser waits for it.
func (c Config) Browse(ctx context.Context, fn func(Found)) error {
	b, err := c.pick(ctx)
	if err != nil {
		return fmt.Errorf("browse for %s: %w", ServiceType, err)
	}
	reg := newRegistry(fn, c.logger())
	if err := b.browse(ctx, reg); err != nil {
		return fmt.Errorf("browse for %s with %v: %w", ServiceType, b.kind(), err)
	}
	return nil
}

// checkService validates s and returns its TXT strings.
func checkService(s Service) ([]string, error) {
	if err := checkInstance(s.Instance); err != nil {
		return nil, err
	}
	if s.Port <= 0 || s.Port > 65535 {
		return nil, fmt.Errorf("port %d is not a TCP port", s.Port)
	}
	return EncodeTXT(s.TXT)
}

// backend is what each way of advertising and browsing provides.
type backend interface {
	kind() Backend
	// advertise registers s, whose TXT strings are txt; the returned
	// Advertisement needs only instance and withdraw set.
	advertise(ctx context.Context, s Service, txt []string) (*Advertisement, error)
	// browse feeds what it finds to reg until ctx is done.
	browse(ctx context.Context, reg *registry) error
}

// pick returns the backend c asks for.
func (c Config) pick(ctx context.Context) (backend, error) {
	logf := c.logger()
	switch c.Backend {
	case BackendAuto:
		return autoBackend(ctx, c, logf), nil
	case BackendResponder:
		return &responder{ifaces: c.Interfaces, logf: logf}, nil
	case BackendAvahi:
		return avahiBackend(ctx, logf)
	case BackendBonjour:
		return bonjourBackend(logf)
	}
	return nil, fmt.Errorf("unknown backend %v", c.Backend)
}

// logger returns c's Logf, rate-limited.
func (c Config) logger() logFunc {
	logf := c.Logf
	if logf == nil {
		logf = log.Printf
	}
	return newLimitedLog(logf).printf
}
