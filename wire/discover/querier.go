package discover

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"time"

	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
)

// The mDNS groups and port (RFC 6762 section 3).
var (
	groupV4 = &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251), Port: 5353}
	groupV6 = &net.UDPAddr{IP: net.ParseIP("ff02::fb"), Port: 5353}
)

// Timings of the browser's queries (RFC 6762 section 5.2): the first after
// 20 to 120 ms, then one a second, each interval twice the one before, up
// to maxQueryInterval.
const (
	firstQuery       = 20 * time.Millisecond
	firstQueryJitter = 100 * time.Millisecond
	maxQueryInterval = time.Minute
	// queueLen is how many read messages may wait for the cache; more
	// are dropped.
	queueLen = 64
)

// mdnsConn holds the browser's sockets: one for IPv4, one for IPv6, both
// on port 5353 (Go binds the wildcard address with SO_REUSEADDR, and
// SO_REUSEPORT on the BSDs and macOS, for a multicast address), each
// member of the mDNS group on the chosen interfaces.
type mdnsConn struct {
	v4    *ipv4.PacketConn
	v6    *ipv6.PacketConn
	ifs4  []net.Interface // where v4 joined the group
	ifs6  []net.Interface
	zones map[int]string // chosen interfaces by index
	logf  logFunc
	// failing holds, by interface and family, the last send error, so
	// that one that stays is logged once.
	failing map[string]string
	closed  sync.Once
}

// packet is a message read, with the name of the interface it came in on
// ("" when unknown).
type packet struct {
	msg  message
	zone string
}

func listenMDNS(ifaces []net.Interface, logf logFunc) (*mdnsConn, error) {
	c := &mdnsConn{zones: map[int]string{}, logf: logf, failing: map[string]string{}}
	for _, i := range ifaces {
		c.zones[i.Index] = i.Name
	}
	var errs []error
	if u, err := net.ListenUDP("udp4", groupV4); err != nil {
		errs = append(errs, fmt.Errorf("listen on IPv4 port 5353: %w", err))
	} else {
		p := ipv4.NewPacketConn(u)
		for _, i := range ifaces {
			if err := p.JoinGroup(&i, &net.UDPAddr{IP: groupV4.IP}); err != nil {
				errs = append(errs, fmt.Errorf("join %v on %s: %w", groupV4.IP, i.Name, err))
				continue
			}
			c.ifs4 = append(c.ifs4, i)
		}
		if len(c.ifs4) == 0 {
			p.Close()
		} else {
			_ = p.SetControlMessage(ipv4.FlagInterface, true) // not on Windows: zones stay unknown
			_ = p.SetMulticastLoopback(true)
			_ = p.SetMulticastTTL(255)
			c.v4 = p
		}
	}
	if u, err := net.ListenUDP("udp6", groupV6); err != nil {
		errs = append(errs, fmt.Errorf("listen on IPv6 port 5353: %w", err))
	} else {
		p := ipv6.NewPacketConn(u)
		for _, i := range ifaces {
			if err := p.JoinGroup(&i, &net.UDPAddr{IP: groupV6.IP}); err != nil {
				errs = append(errs, fmt.Errorf("join %v on %s: %w", groupV6.IP, i.Name, err))
				continue
			}
			c.ifs6 = append(c.ifs6, i)
		}
		if len(c.ifs6) == 0 {
			p.Close()
		} else {
			_ = p.SetControlMessage(ipv6.FlagInterface, true)
			_ = p.SetMulticastLoopback(true)
			_ = p.SetMulticastHopLimit(255)
			c.v6 = p
		}
	}
	if c.v4 == nil && c.v6 == nil {
		return nil, fmt.Errorf("no mDNS socket on %v: %w", interfaceNames(ifaces), errors.Join(errs...))
	}
	for _, err := range errs {
		logf("discover: browsing without: %v", err)
	}
	return c, nil
}

// send multicasts b on every interface the sockets joined the group on.
func (c *mdnsConn) send(b []byte) {
	deadline := time.Now().Add(time.Second)
	if c.v4 != nil {
		_ = c.v4.SetWriteDeadline(deadline)
		for _, i := range c.ifs4 {
			err := c.v4.SetMulticastInterface(&i)
			if err == nil {
				_, err = c.v4.WriteTo(b, nil, groupV4)
			}
			c.sent(i.Name+" over IPv4", err)
		}
	}
	if c.v6 != nil {
		_ = c.v6.SetWriteDeadline(deadline)
		for _, i := range c.ifs6 {
			err := c.v6.SetMulticastInterface(&i)
			if err == nil {
				_, err = c.v6.WriteTo(b, nil, groupV6)
			}
			c.sent(i.Name+" over IPv6", err)
		}
	}
}

// sent logs a send's error on where, when it is not the one before.
func (c *mdnsConn) sent(where string, err error) {
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	if c.failing[where] == msg {
		return
	}
	c.failing[where] = msg
	if err != nil {
		c.logf("discover: send a query on %s: %v", where, err)
	} else {
		c.logf("discover: sending queries on %s works again", where)
	}
}

func (c *mdnsConn) close() {
	c.closed.Do(func() {
		if c.v4 != nil {
			c.v4.Close()
		}
		if c.v6 != nil {
			c.v6.Close()
		}
	})
}

// read reads messages with readFrom until the socket is closed, and passes
// on the responses from port 5353 on the chosen interfaces.
func (c *mdnsConn) read(readFrom func([]byte) (int, int, net.Addr, error), out chan<- packet) {
	buf := make([]byte, 65536)
	dropped, fails := 0, 0
	for {
		n, ifIndex, src, err := readFrom(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			if fails++; fails > 100 {
				c.logf("discover: stop reading mDNS: %v", err)
				return
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		fails = 0
		zone, ok := c.zones[ifIndex]
		if ifIndex != 0 && !ok {
			continue // another interface's
		}
		if u, isUDP := src.(*net.UDPAddr); !isUDP || u.Port != 5353 {
			continue // RFC 6762 section 6: not an mDNS response
		} else if zone == "" {
			zone = u.Zone
		}
		m, err := parseMessage(buf[:n])
		if err != nil {
			c.logf("discover: ignoring an mDNS message from %v: %v", src, err)
			continue
		}
		if !m.response || len(m.records) == 0 {
			continue
		}
		select {
		case out <- packet{msg: m, zone: zone}:
		default:
			if dropped++; dropped%100 == 1 {
				c.logf("discover: %d mDNS messages dropped: more than %d waiting", dropped, queueLen)
			}
		}
	}
}

// runQuerier browses on conn into c until ctx is done, then closes conn
// and returns once its readers have.
func runQuerier(ctx context.Context, conn *mdnsConn, c *cache) {
	pkts := make(chan packet, queueLen)
	var wg sync.WaitGroup
	if conn.v4 != nil {
		wg.Go(func() {
			conn.read(func(b []byte) (int, int, net.Addr, error) {
				n, cm, src, err := conn.v4.ReadFrom(b)
				if cm != nil {
					return n, cm.IfIndex, src, err
				}
				return n, 0, src, err
			}, pkts)
		})
	}
	if conn.v6 != nil {
		wg.Go(func() {
			conn.read(func(b []byte) (int, int, net.Addr, error) {
				n, cm, src, err := conn.v6.ReadFrom(b)
				if cm != nil {
					return n, cm.IfIndex, src, err
				}
				return n, 0, src, err
			}, pkts)
		})
	}
	defer wg.Wait()
	defer conn.close()

	query := time.NewTimer(firstQuery + rand.N(firstQueryJitter))
	defer query.Stop()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	interval := time.Second
	for {
		select {
		case <-ctx.Done():
			return
		case p := <-pkts:
			c.apply(p.msg, p.zone, time.Now())
		case <-query.C:
			conn.send(buildQuery([]question{{name: serviceLabels, typ: typePTR}}, c.known(time.Now())))
			query.Reset(interval)
			interval = min(2*interval, maxQueryInterval)
		case <-tick.C:
			if qs := c.tick(time.Now()); len(qs) > 0 {
				conn.send(buildQuery(qs, nil))
			}
		}
	}
}

// browseMDNS browses with the Go browser on the interfaces named (all
// multicast ones when none) until ctx is done.
func browseMDNS(ctx context.Context, reg *registry, names []string, logf logFunc) error {
	ifaces, err := selectInterfaces(names)
	if err != nil {
		return err
	}
	conn, err := listenMDNS(ifaces, logf)
	if err != nil {
		return err
	}
	runQuerier(ctx, conn, newCache(reg, logf))
	return nil
}
