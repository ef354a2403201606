package discover

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
)

// maxItems is how many sightings of one service (by interface and
// protocol) the daemons' backends keep.
const maxItems = 16

// view is a service as a backend sees it, before validation.
type view struct {
	instance string
	host     string
	addrs    []netip.Addr
	port     int
	txt      []string
	txtMore  int // TXT strings left out before txt came here
}

// registry holds the services a browser has passed on, at most
// MaxServices, and passes on only valid ones and only changes. Every
// backend feeds one; it belongs to one goroutine.
type registry struct {
	fn    func(Found)
	logf  logFunc
	shown map[string]Found // by key (see nameKey), what fn last got
	// bad remembers, by key, the last reason a service was refused, so
	// that one that keeps being refused is logged once.
	bad map[string]string
}

func newRegistry(fn func(Found), logf logFunc) *registry {
	return &registry{fn: fn, logf: logf, shown: map[string]Found{}, bad: map[string]string{}}
}

// set passes on v, stored under key, when it is valid and new or changed;
// a service shown before that is no longer valid is passed on as gone.
func (r *registry) set(key string, v view) {
	f, reason := r.validate(key, v)
	if reason != "" {
		if r.bad[key] != reason && len(r.bad) < 4*MaxServices {
			r.logf("discover: ignoring service %q: %s", truncate(v.instance), reason)
			r.bad[key] = reason
		}
		r.remove(key)
		return
	}
	delete(r.bad, key)
	old, ok := r.shown[key]
	if !ok && len(r.shown) >= MaxServices {
		r.logf("discover: ignoring service %q: already %d services", truncate(v.instance), MaxServices)
		return
	}
	if ok && equalFound(old, f) {
		return
	}
	r.shown[key] = f
	r.fn(f)
}

// remove passes on that the service stored under key is gone, if it was
// shown.
func (r *registry) remove(key string) {
	old, ok := r.shown[key]
	if !ok {
		return
	}
	delete(r.shown, key)
	r.fn(Found{Instance: old.Instance, Gone: true})
}

// forget drops what is remembered of refusals, when the backend forgets
// the service.
func (r *registry) forget(key string) {
	delete(r.bad, key)
	delete(r.bad, key+"\x00txt")
}

// validate returns v as a Found, or why it is not valid.
func (r *registry) validate(key string, v view) (Found, string) {
	if err := checkInstance(v.instance); err != nil {
		return Found{}, err.Error()
	}
	if v.port <= 0 || v.port > 65535 {
		return Found{}, "no port"
	}
	if len(v.host) > 255 {
		return Found{}, "a host name over 255 bytes"
	}
	addrs := sortAddrs(v.addrs)
	if len(addrs) == 0 {
		return Found{}, "no address"
	}
	txt, err := DecodeTXT(v.txt)
	if err != nil || v.txtMore > 0 {
		// Not a reason to refuse the service: say what was left out.
		key := key + "\x00txt"
		var notes []string
		if err != nil {
			notes = append(notes, err.Error())
		}
		if v.txtMore > 0 {
			notes = append(notes, fmt.Sprintf("%d TXT strings past the first %d were ignored", v.txtMore, len(v.txt)))
		}
		msg := strings.Join(notes, "; ")
		if r.bad[key] != msg && len(r.bad) < 4*MaxServices {
			r.logf("discover: service %q: %s", truncate(v.instance), msg)
			r.bad[key] = msg
		}
	}
	return Found{Instance: v.instance, Host: v.host, Addrs: addrs, Port: v.port, TXT: txt}, ""
}

// sortAddrs returns the usable addresses of addrs without repeats, IPv4
// (and IPv4-mapped IPv6, unmapped) first, then IPv6, each in order, at
// most MaxAddrs.
func sortAddrs(addrs []netip.Addr) []netip.Addr {
	var v4, v6 []netip.Addr
	seen := map[netip.Addr]bool{}
	for _, a := range addrs {
		a = a.Unmap()
		if !a.IsValid() || a.IsUnspecified() || a.IsMulticast() || seen[a] ||
			a == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
			continue
		}
		seen[a] = true
		if a.Is4() {
			v4 = append(v4, a)
		} else {
			v6 = append(v6, a)
		}
	}
	out := append(v4, v6...)
	if len(out) > MaxAddrs {
		out = out[:MaxAddrs]
	}
	return out
}

func equalFound(a, b Found) bool {
	return a.Instance == b.Instance && a.Host == b.Host && a.Port == b.Port &&
		slices.Equal(a.Addrs, b.Addrs) && maps.Equal(a.TXT, b.TXT) && a.Gone == b.Gone
}

// nameKey returns the key of a DNS name given as labels: its wire form with
// ASCII letters lowered, so that names equal under DNS rules (RFC 4343)
// have equal keys and labels holding dots stay apart.
func nameKey(labels []string) string {
	var b strings.Builder
	for _, l := range labels {
		b.WriteByte(byte(min(len(l), 255)))
		for i := 0; i < len(l); i++ {
			c := l[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}
