//go:build linux

package discover

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"sync"

	"github.com/godbus/dbus/v5"
)

// Bounds of the Avahi browser.
const (
	// maxResolving is how many resolutions may run at once; more wait.
	maxResolving = 4
	// maxPending is how many sightings may wait to be resolved; more
	// are dropped.
	maxPending = 4 * MaxServices
)

// avahiItem is one ItemNew or ItemRemove of the service browser.
type avahiItem struct {
	iface, proto int32
	name, domain string
}

// avahiResolved is what ResolveService said of an item.
type avahiResolved struct {
	item avahiItem
	host string
	addr netip.Addr
	port uint16
	txt  [][]byte
	err  error
}

// avahiService is a service seen, by instance name, with what each of its
// items resolved to.
type avahiService struct {
	name  string
	items map[avahiItem]*avahiResolved // nil until resolved
}

func (a *avahi) browse(ctx context.Context, reg *registry) error {
	defer a.conn.Close()
	sigs := make(chan *dbus.Signal, 256)
	a.conn.Signal(sigs)
	defer a.conn.RemoveSignal(sigs)
	// Subscribe before the browser exists: Avahi may send its first
	// items before ServiceBrowserNew returns the path to filter on.
	if err := a.conn.AddMatchSignalContext(ctx, dbus.WithMatchSender(avahiName), dbus.WithMatchInterface(avahiBrowser)); err != nil {
		return fmt.Errorf("subscribe to Avahi's service browsers: %w", err)
	}
	var path dbus.ObjectPath
	if err := avahiCall(ctx, a.server(), avahiServer+".ServiceBrowserNew", avahiIfUnspec, avahiProtoUnspec,
		ServiceType, "", uint32(0)).Store(&path); err != nil {
		return fmt.Errorf("make a service browser: %w", err)
	}
	defer avahiCall(context.Background(), a.conn.Object(avahiName, path), avahiBrowser+".Free")

	results := make(chan *avahiResolved, maxResolving)
	var wg sync.WaitGroup
	defer wg.Wait()
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	services := map[string]*avahiService{}
	var pending []avahiItem
	resolving := 0
	for {
		for resolving < maxResolving && len(pending) > 0 {
			it := pending[0]
			pending = pending[1:]
			resolving++
			wg.Go(func() {
				r := a.resolve(rctx, it)
				select {
				case results <- r:
				case <-rctx.Done():
				}
			})
		}
		select {
		case <-ctx.Done():
			return nil
		case <-a.conn.Context().Done():
			return fmt.Errorf("lost the system bus: %w", context.Cause(a.conn.Context()))
		case r := <-results:
			resolving--
			key := nameKey([]string{r.item.name})
			s := services[key]
			if s == nil {
				continue
			}
			if _, ok := s.items[r.item]; !ok {
				continue // removed meanwhile
			}
			if r.err != nil {
				a.logf("discover: Avahi could not resolve %q: %v", truncate(r.item.name), r.err)
				continue
			}
			s.items[r.item] = r
			reg.set(key, s.view())
		case sig := <-sigs:
			if sig.Path != path {
				continue
			}
			switch sig.Name {
			case avahiBrowser + ".Failure":
				msg, _ := sigString(sig, 0)
				return fmt.Errorf("avahi's service browser failed: %s", msg)
			case avahiBrowser + ".ItemNew":
				it, ok := readItem(sig)
				if !ok {
					continue
				}
				if err := checkInstance(it.name); err != nil {
					a.logf("discover: ignoring service %q: %v", truncate(it.name), err)
					continue
				}
				key := nameKey([]string{it.name})
				s := services[key]
				switch {
				case s == nil && len(services) >= MaxServices:
					a.logf("discover: ignoring service %q: already %d services", it.name, MaxServices)
					continue
				case s == nil:
					s = &avahiService{name: it.name, items: map[avahiItem]*avahiResolved{}}
					services[key] = s
				}
				if _, dup := s.items[it]; dup {
					continue
				}
				if len(s.items) >= maxItems || len(pending) >= maxPending {
					a.logf("discover: ignoring a sighting of %q: too many", it.name)
					continue
				}
				s.items[it] = nil
				pending = append(pending, it)
			case avahiBrowser + ".ItemRemove":
				it, ok := readItem(sig)
				if !ok {
					continue
				}
				key := nameKey([]string{it.name})
				s := services[key]
				if s == nil {
					continue
				}
				delete(s.items, it)
				if len(s.items) == 0 {
					delete(services, key)
					reg.remove(key)
					reg.forget(key)
				} else {
					reg.set(key, s.view())
				}
			}
		}
	}
}

// readItem reads the body of ItemNew and ItemRemove: interface,
// protocol, name, type, domain, flags.
func readItem(sig *dbus.Signal) (avahiItem, bool) {
	if len(sig.Body) != 6 {
		return avahiItem{}, false
	}
	var it avahiItem
	var ok1, ok2, ok3, ok4 bool
	it.iface, ok1 = sig.Body[0].(int32)
	it.proto, ok2 = sig.Body[1].(int32)
	it.name, ok3 = sig.Body[2].(string)
	it.domain, ok4 = sig.Body[4].(string)
	return it, ok1 && ok2 && ok3 && ok4 && len(it.domain) <= 255
}

// resolve asks Avahi for the host, address, port and TXT record of it,
// the address of the protocol it was seen over.
func (a *avahi) resolve(ctx context.Context, it avahiItem) *avahiResolved {
	r := &avahiResolved{item: it}
	var (
		iface, proto, aproto int32
		name, typ, domain    string
		addr                 string
		flags                uint32
	)
	r.err = avahiCall(ctx, a.server(), avahiServer+".ResolveService", it.iface, it.proto, it.name, ServiceType,
		it.domain, it.proto, uint32(0)).Store(&iface, &proto, &name, &typ, &domain, &r.host, &aproto, &addr, &r.port, &r.txt, &flags)
	if r.err != nil {
		return r
	}
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		r.err = fmt.Errorf("address %q: %w", truncate(addr), err)
		return r
	}
	if ip.Is6() && ip.IsLinkLocalUnicast() {
		if ifi, err := net.InterfaceByIndex(int(iface)); err == nil {
			ip = ip.WithZone(ifi.Name)
		}
	}
	r.addr = ip
	return r
}

// view merges what the items of s resolved to: the addresses of all, the
// rest from the first resolved, IPv4 before IPv6, by interface index.
func (s *avahiService) view() view {
	v := view{instance: s.name}
	var rs []*avahiResolved
	for _, r := range s.items {
		if r != nil {
			rs = append(rs, r)
		}
	}
	slices.SortFunc(rs, func(a, b *avahiResolved) int {
		return cmp.Or(cmp.Compare(a.item.proto, b.item.proto), cmp.Compare(a.item.iface, b.item.iface),
			cmp.Compare(a.item.domain, b.item.domain))
	})
	for i, r := range rs {
		v.addrs = append(v.addrs, r.addr)
		if i > 0 {
			continue
		}
		v.host, v.port = r.host, int(r.port)
		for j, t := range r.txt {
			if j == MaxTXTStrings {
				v.txtMore = len(r.txt) - j
				break
			}
			v.txt = append(v.txt, string(t))
		}
	}
	return v
}
