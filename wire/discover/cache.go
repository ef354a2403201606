package discover

import (
	"net/netip"
	"slices"
	"strings"
	"time"
)

// serviceLabels is ServiceType in Domain as labels.
var serviceLabels = []string{"_vidstream", "_tcp", Domain}

// Bounds and timings of the cache.
const (
	// maxTTL caps the TTL of a record, so that a hostile one cannot stay
	// forever: 75 minutes, the TTL RFC 6762 section 10 gives PTR records.
	maxTTL = 4500 * time.Second
	// goodbyeTTL is how long a record said goodbye to (TTL 0) is kept
	// (RFC 6762 section 10.1).
	goodbyeTTL = time.Second
	// maxTries is how many queries are sent for the missing records of
	// an incomplete service before waiting for the next continuous query.
	maxTries = 3
	// maxQuestions bounds the questions of one query.
	maxQuestions = 32
)

// timed is the lifetime of a record.
type timed struct {
	exp     time.Time     // when it expires
	refresh time.Time     // when to ask for it again; zero: never
	ttl     time.Duration // as received, capped
}

func (t *timed) set(now time.Time, ttl uint32) {
	if ttl == 0 {
		*t = timed{exp: now.Add(goodbyeTTL)}
		return
	}
	d := min(time.Duration(ttl)*time.Second, maxTTL)
	*t = timed{exp: now.Add(d), refresh: now.Add(d * 8 / 10), ttl: d}
}

func (t *timed) alive(now time.Time) bool { return now.Before(t.exp) }

// due says whether the record should be asked for again (RFC 6762
// section 5.2: at 80% of its TTL, then at 85, 90 and 95%), and moves the
// next time on.
func (t *timed) due(now time.Time) bool {
	if t.refresh.IsZero() || now.Before(t.refresh) || !t.alive(now) {
		return false
	}
	t.refresh = now.Add(max(t.ttl/20, time.Second))
	return true
}

// entry is one service instance the cache holds.
type entry struct {
	instance string
	labels   []string // instance.<ServiceType>.<Domain>
	ptr      timed
	srv      timed
	host     []string
	hostKey  string
	port     uint16
	txt      timed
	txtStrs  []string
	txtMore  int
	tries    int       // queries sent since a record came
	asked    time.Time // when the last one was sent
	seen     time.Time // when a record last came
}

// hostAddrs are the addresses of a host an entry's SRV record names.
type hostAddrs struct {
	labels []string
	addrs  map[netip.Addr]*timed
}

// cache is the mDNS browser's record cache (RFC 6762 section 10): it keeps
// the PTR, SRV, TXT, A and AAAA records of at most MaxServices instances of
// ServiceType, expires them, says what to ask for again, and keeps a
// registry up to date. It belongs to one goroutine.
type cache struct {
	reg        *registry
	logf       logFunc
	entries    map[string]*entry
	hosts      map[string]*hostAddrs
	serviceKey string
}

func newCache(reg *registry, logf logFunc) *cache {
	return &cache{reg: reg, logf: logf, entries: map[string]*entry{}, hosts: map[string]*hostAddrs{},
		serviceKey: nameKey(serviceLabels)}
}

// apply takes in the records of a response that came in on the interface
// named zone.
func (c *cache) apply(m message, zone string, now time.Time) {
	if !m.response {
		return
	}
	touched := map[string]bool{}
	for _, r := range m.records {
		if r.typ == typePTR && nameKey(r.name) == c.serviceKey {
			c.applyPTR(r, now, touched)
		}
	}
	for _, r := range m.records {
		if r.typ != typeSRV && r.typ != typeTXT {
			continue
		}
		key := nameKey(r.name)
		e := c.entries[key]
		if e == nil {
			continue
		}
		e.seen, e.tries = now, 0
		touched[key] = true
		if r.typ == typeSRV {
			e.srv.set(now, r.ttl)
			e.host, e.hostKey, e.port = r.target, nameKey(r.target), r.port
			if c.hosts[e.hostKey] == nil {
				c.hosts[e.hostKey] = &hostAddrs{labels: r.target, addrs: map[netip.Addr]*timed{}}
			}
		} else {
			e.txt.set(now, r.ttl)
			e.txtStrs, e.txtMore = r.txt, r.more
		}
	}
	for _, r := range m.records {
		if r.typ != typeA && r.typ != typeAAAA {
			continue
		}
		hk := nameKey(r.name)
		h := c.hosts[hk]
		if h == nil {
			continue
		}
		a := r.addr
		if a.Is6() && (a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast()) && zone != "" {
			a = a.WithZone(zone)
		}
		t := h.addrs[a]
		if t == nil {
			if len(h.addrs) >= MaxAddrs {
				evictSoonest(h.addrs)
			}
			t = &timed{}
			h.addrs[a] = t
		}
		t.set(now, r.ttl)
		for k, e := range c.entries {
			if e.hostKey == hk {
				touched[k] = true
			}
		}
	}
	for key := range touched {
		c.publish(key, now)
	}
}

func (c *cache) applyPTR(r record, now time.Time, touched map[string]bool) {
	if len(r.target) != 1+len(serviceLabels) || nameKey(r.target[1:]) != c.serviceKey {
		c.logf("discover: ignoring a PTR record to %q: not an instance of %s.%s", truncate(strings.Join(r.target, ".")), ServiceType, Domain)
		return
	}
	key := nameKey(r.target)
	e := c.entries[key]
	if e == nil {
		if r.ttl == 0 {
			return
		}
		if err := checkInstance(r.target[0]); err != nil {
			c.logf("discover: ignoring service %q: %v", truncate(r.target[0]), err)
			return
		}
		if !c.makeRoom() {
			c.logf("discover: ignoring service %q: already %d services", truncate(r.target[0]), MaxServices)
			return
		}
		e = &entry{instance: r.target[0], labels: r.target}
		c.entries[key] = e
	}
	e.ptr.set(now, r.ttl)
	e.seen, e.tries = now, 0
	touched[key] = true
}

// makeRoom says whether there is room for one more entry, making it by
// dropping the incomplete entry heard from last when there is not.
func (c *cache) makeRoom() bool {
	if len(c.entries) < MaxServices {
		return true
	}
	var oldest string
	for k, e := range c.entries {
		if _, shown := c.reg.shown[k]; !shown && (oldest == "" || e.seen.Before(c.entries[oldest].seen)) {
			oldest = k
		}
	}
	if oldest == "" {
		return false
	}
	c.drop(oldest)
	return true
}

func (c *cache) drop(key string) {
	delete(c.entries, key)
	c.reg.remove(key)
	c.reg.forget(key)
}

// publish hands the entry stored under key to the registry: as a service
// when every record of it is there, as gone otherwise.
func (c *cache) publish(key string, now time.Time) {
	e := c.entries[key]
	if e == nil {
		c.reg.remove(key)
		return
	}
	h := c.hosts[e.hostKey]
	if !e.ptr.alive(now) || !e.srv.alive(now) || !e.txt.alive(now) || h == nil {
		c.reg.remove(key)
		return
	}
	v := view{instance: e.instance, host: dotted(e.host), port: int(e.port), txt: e.txtStrs, txtMore: e.txtMore}
	for a, t := range h.addrs {
		if t.alive(now) {
			v.addrs = append(v.addrs, a)
		}
	}
	if len(v.addrs) == 0 {
		c.reg.remove(key)
		return
	}
	slices.SortFunc(v.addrs, netip.Addr.Compare)
	c.reg.set(key, v)
}

// tick expires what is out of date and returns the questions to ask now
// for records that are missing or about to expire.
func (c *cache) tick(now time.Time) []question {
	var qs []question
	asked := map[string]bool{}
	ask := func(q question) {
		if k := nameKey(q.name) + string(rune(q.typ)); !asked[k] && len(qs) < maxQuestions {
			asked[k] = true
			qs = append(qs, q)
		}
	}
	for key, e := range c.entries {
		if !e.ptr.alive(now) {
			c.drop(key)
			continue
		}
		c.publish(key, now)
		srvDue, txtDue, addrDue := e.srv.due(now), e.txt.due(now), false
		noAddr := e.srv.alive(now) && !c.hasAddr(e.hostKey, now)
		missing := !e.srv.alive(now) || !e.txt.alive(now) || noAddr
		if missing && e.tries < maxTries && now.Sub(e.asked) >= time.Second<<e.tries {
			e.tries++
			e.asked = now
			srvDue = srvDue || !e.srv.alive(now)
			txtDue = txtDue || !e.txt.alive(now)
			addrDue = noAddr
		}
		if srvDue && validLabels(e.labels) {
			ask(question{name: e.labels, typ: typeSRV})
		}
		if txtDue && validLabels(e.labels) {
			ask(question{name: e.labels, typ: typeTXT})
		}
		if addrDue && validLabels(e.host) {
			ask(question{name: e.host, typ: typeA})
			ask(question{name: e.host, typ: typeAAAA})
		}
	}
	referenced := map[string]bool{}
	for _, e := range c.entries {
		referenced[e.hostKey] = true
	}
	for hk, h := range c.hosts {
		if !referenced[hk] {
			delete(c.hosts, hk)
			continue
		}
		due, changed := false, false
		for a, t := range h.addrs {
			if !t.alive(now) {
				delete(h.addrs, a)
				changed = true
			} else if t.due(now) {
				due = true
			}
		}
		if due && validLabels(h.labels) {
			ask(question{name: h.labels, typ: typeA})
			ask(question{name: h.labels, typ: typeAAAA})
		}
		if changed {
			for k, e := range c.entries {
				if e.hostKey == hk {
					c.publish(k, now)
				}
			}
		}
	}
	return qs
}

// known returns the PTR records to send as known answers with a query:
// those with more than half their TTL left.
func (c *cache) known(now time.Time) []record {
	var out []record
	for _, e := range c.entries {
		if left := e.ptr.exp.Sub(now); e.ptr.ttl > 0 && left > e.ptr.ttl/2 && validLabels(e.labels) {
			out = append(out, record{name: serviceLabels, target: e.labels, ttl: uint32(left / time.Second)})
		}
	}
	return out
}

func evictSoonest(addrs map[netip.Addr]*timed) {
	var soonest netip.Addr
	for a, t := range addrs {
		if !soonest.IsValid() || t.exp.Before(addrs[soonest].exp) {
			soonest = a
		}
	}
	delete(addrs, soonest)
}

// hasAddr says whether the host stored under hk has an address now.
func (c *cache) hasAddr(hk string, now time.Time) bool {
	if h := c.hosts[hk]; h != nil {
		for _, t := range h.addrs {
			if t.alive(now) {
				return true
			}
		}
	}
	return false
}

// dotted writes labels as a host name with a final dot, escaping dots and
// backslashes inside labels.
func dotted(labels []string) string {
	var b strings.Builder
	for _, l := range labels {
		b.WriteString(strings.NewReplacer(`\`, `\\`, `.`, `\.`).Replace(l))
		b.WriteByte('.')
	}
	return b.String()
}
