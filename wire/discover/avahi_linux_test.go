//go:build linux

package discover

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// startBus starts a private dbus-daemon and points the system bus at it
// for the rest of the test; it skips without dbus-daemon.
func startBus(t *testing.T) string {
	t.Helper()
	dd, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("needs dbus-daemon:", err)
	}
	cmd := exec.Command(dd, "--session", "--nofork", "--nopidfile", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("read dbus-daemon's address: %v", err)
	}
	addr = strings.TrimSpace(addr)
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", addr)
	return addr
}

// fakeService is a service the fake Avahi was given or knows.
type fakeService struct {
	iface, proto int32
	name, host   string
	addr         string
	port         uint16
	txt          [][]byte
	unresolvable bool // ResolveService does not find it
}

// fakeAvahi answers the calls this package makes of Avahi, on a private
// bus, as org.freedesktop.Avahi.
type fakeAvahi struct {
	conn *dbus.Conn

	mu       sync.Mutex
	taken    map[string]bool // AddService says CollisionError
	collides map[string]bool // Commit ends in COLLISION
	known    []fakeService   // what a browser finds
	added    []fakeService
	freed    []dbus.ObjectPath
	next     int
}

func newFakeAvahi(t *testing.T, addr string) *fakeAvahi {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	f := &fakeAvahi{conn: conn, taken: map[string]bool{}, collides: map[string]bool{}}
	if err := conn.Export(fakeServer{f}, "/", avahiServer); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName(avahiName, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v, %v", avahiName, reply, err)
	}
	return f
}

func (f *fakeAvahi) path(kind string) dbus.ObjectPath {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	return dbus.ObjectPath(fmt.Sprintf("/Client1/%s%d", kind, f.next))
}

type fakeServer struct{ f *fakeAvahi }

func (s fakeServer) EntryGroupNew() (dbus.ObjectPath, *dbus.Error) {
	p := s.f.path("EntryGroup")
	if err := s.f.conn.Export(&fakeGroup{f: s.f, path: p}, p, avahiEntryGroup); err != nil {
		return "", dbus.MakeFailedError(err)
	}
	return p, nil
}

func (s fakeServer) GetAlternativeServiceName(name string) (string, *dbus.Error) {
	return name + " #2", nil
}

// ServiceBrowserNew sends the items it knows before it returns the
// browser's path, as Avahi may.
func (s fakeServer) ServiceBrowserNew(iface, proto int32, typ, domain string, flags uint32) (dbus.ObjectPath, *dbus.Error) {
	p := s.f.path("ServiceBrowser")
	if err := s.f.conn.Export(fakeBrowser{s.f, p}, p, avahiBrowser); err != nil {
		return "", dbus.MakeFailedError(err)
	}
	s.f.mu.Lock()
	known := append([]fakeService(nil), s.f.known...)
	s.f.mu.Unlock()
	for _, k := range known {
		_ = s.f.conn.Emit(p, avahiBrowser+".ItemNew", k.iface, k.proto, k.name, typ, "local", uint32(0))
	}
	return p, nil
}

func (s fakeServer) ResolveService(iface, proto int32, name, typ, domain string, aproto int32, flags uint32) (
	int32, int32, string, string, string, string, int32, string, uint16, [][]byte, uint32, *dbus.Error) {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	for _, k := range s.f.known {
		if k.name == name && k.iface == iface && k.proto == proto && !k.unresolvable {
			return iface, proto, name, typ, domain, k.host, aproto, k.addr, k.port, k.txt, 0, nil
		}
	}
	return 0, 0, "", "", "", "", 0, "", 0, nil, 0, dbus.NewError(avahiName+".NotFoundError", []any{"not found"})
}

type fakeGroup struct {
	f    *fakeAvahi
	path dbus.ObjectPath
	mu   sync.Mutex
	svc  fakeService
}

func (g *fakeGroup) AddService(iface, proto int32, flags uint32, name, typ, domain, host string, port uint16, txt [][]byte) *dbus.Error {
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	if g.f.taken[name] || typ != ServiceType {
		return dbus.NewError(avahiCollision, []any{"Local name collision"})
	}
	g.mu.Lock()
	g.svc = fakeService{name: name, port: port, txt: txt}
	g.mu.Unlock()
	return nil
}

func (g *fakeGroup) Commit() *dbus.Error {
	g.mu.Lock()
	svc := g.svc
	g.mu.Unlock()
	g.f.mu.Lock()
	collides := g.f.collides[svc.name]
	if !collides {
		g.f.added = append(g.f.added, svc)
	}
	g.f.mu.Unlock()
	go func() {
		_ = g.f.conn.Emit(g.path, avahiEntryGroup+".StateChanged", groupRegistering, "")
		time.Sleep(10 * time.Millisecond)
		state := groupEstablished
		if collides {
			state = groupCollision
		}
		_ = g.f.conn.Emit(g.path, avahiEntryGroup+".StateChanged", state, "")
	}()
	return nil
}

func (g *fakeGroup) Reset() *dbus.Error { return nil }

func (g *fakeGroup) Free() *dbus.Error {
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	g.f.freed = append(g.f.freed, g.path)
	return nil
}

type fakeBrowser struct {
	f    *fakeAvahi
	path dbus.ObjectPath
}

func (b fakeBrowser) Free() *dbus.Error {
	b.f.mu.Lock()
	defer b.f.mu.Unlock()
	b.f.freed = append(b.f.freed, b.path)
	return nil
}

// TestSelectBackend checks the choice of BackendAuto on Linux: the Go
// responder without a system bus or without Avahi on it, Avahi when it is
// there.
func TestSelectBackend(t *testing.T) {
	ctx := context.Background()
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/vidstream-test-bus")
	if b, err := (Config{}).pick(ctx); err != nil || b.kind() != BackendResponder {
		t.Fatalf("no system bus: %v, %v", b, err)
	}
	if _, err := (Config{Backend: BackendAvahi}).pick(ctx); err == nil || !strings.Contains(err.Error(), "system bus") {
		t.Fatalf("Avahi without a system bus: %v", err)
	}
	if _, err := (Config{Backend: BackendBonjour}).pick(ctx); err == nil {
		t.Fatal("Bonjour on Linux: no error")
	}
	if _, err := (Config{Backend: Backend(42)}).pick(ctx); err == nil {
		t.Fatal("backend 42: no error")
	}
	addr := startBus(t)
	if b, err := (Config{}).pick(ctx); err != nil || b.kind() != BackendResponder {
		t.Fatalf("a system bus without Avahi: %v, %v", b, err)
	}
	if _, err := (Config{Backend: BackendAvahi}).pick(ctx); err == nil || !strings.Contains(err.Error(), "not running") {
		t.Fatalf("Avahi not running: %v", err)
	}
	newFakeAvahi(t, addr)
	b, err := (Config{}).pick(ctx)
	if err != nil || b.kind() != BackendAvahi {
		t.Fatalf("with Avahi: %v, %v", b, err)
	}
	b.(*avahi).conn.Close()
}

// TestAvahiAdvertise advertises through the fake Avahi: the name is taken
// here, then the next one on the network, so the service ends up as the
// third name; Stop frees the group.
func TestAvahiAdvertise(t *testing.T) {
	f := newFakeAvahi(t, startBus(t))
	f.mu.Lock()
	f.taken["Cam"] = true
	f.collides["Cam #2"] = true
	f.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rec := &recorder{}
	ad, err := Config{Backend: BackendAvahi, Logf: rec.logf}.Advertise(ctx, Service{Instance: "Cam", Port: 1308,
		TXT: map[string]string{KeyProtocols: "seed,v2", KeyFingerprint: fp64}})
	if err != nil {
		t.Fatal(err)
	}
	if ad.Instance() != "Cam #2 #2" || ad.Backend() != BackendAvahi {
		t.Fatalf("advertised as %q with %v", ad.Instance(), ad.Backend())
	}
	// A collision after it was established: renamed, in the same group.
	// Avahi restarts: registered again, in a new group.
	if err := f.conn.Emit("/Client1/EntryGroup1", avahiEntryGroup+".StateChanged", groupCollision, ""); err != nil {
		t.Fatal(err)
	}
	waitAdded(t, f, 2)
	if _, err := f.conn.ReleaseName(avahiName); err != nil {
		t.Fatal(err)
	}
	if _, err := f.conn.RequestName(avahiName, dbus.NameFlagDoNotQueue); err != nil {
		t.Fatal(err)
	}
	waitAdded(t, f, 3)
	time.Sleep(200 * time.Millisecond) // for the fake's ESTABLISHED
	ad.Stop()
	ad.Stop()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.added[1].name != "Cam #2 #2 #2" || f.added[2].name != "Cam #2 #2 #2" {
		t.Fatalf("added %+v", f.added)
	}
	if !rec.logged("was taken on the network") || !rec.logged("Avahi restarted") {
		t.Errorf("log %q", rec.logs)
	}
	a := f.added[0]
	if a.name != "Cam #2 #2" || a.port != 1308 || len(a.txt) != 2 || string(a.txt[0]) != "fp="+fp64 || string(a.txt[1]) != "proto=seed,v2" {
		t.Fatalf("added %+v", a)
	}
	if len(f.freed) != 1 || f.freed[0] != "/Client1/EntryGroup2" {
		t.Fatalf("freed %v; log %q", f.freed, rec.logs)
	}
}

// waitAdded waits until f has n services added.
func waitAdded(t *testing.T, f *fakeAvahi, n int) {
	t.Helper()
	for range 500 {
		f.mu.Lock()
		got := len(f.added)
		f.mu.Unlock()
		if got >= n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("fewer than %d services added", n)
}

// TestAvahiBrowse browses through the fake Avahi, whose first items come
// before the browser's path: one service seen over IPv4 and IPv6, and
// hostile ones.
func TestAvahiBrowse(t *testing.T) {
	f := newFakeAvahi(t, startBus(t))
	lo, err := net.InterfaceByIndex(1)
	if err != nil {
		t.Skip("no interface 1:", err)
	}
	var many [][]byte
	for _, s := range manyStrings(1000) {
		many = append(many, []byte(s))
	}
	txt := [][]byte{[]byte("proto=seed,v2"), []byte("fp=" + fp64)}
	f.mu.Lock()
	f.known = []fakeService{
		{iface: 1, proto: avahiProtoInet6, name: "Kitchen", host: "laptop.local", addr: "fe80::1", port: 1308, txt: txt},
		{iface: 1, proto: avahiProtoInet, name: "Kitchen", host: "laptop.local", addr: "192.168.1.23", port: 1308, txt: txt},
		{iface: 1, proto: avahiProtoInet, name: "Zero port", host: "evil.local", addr: "10.0.0.1", port: 0},
		{iface: 1, proto: avahiProtoInet, name: "Many TXT", host: "evil.local", addr: "10.0.0.1", port: 1308, txt: many},
		{iface: 1, proto: avahiProtoInet, name: strings.Repeat("n", 64), host: "evil.local", addr: "10.0.0.1", port: 1308},
		{iface: 1, proto: avahiProtoInet, name: "Bad address", host: "evil.local", addr: "not an address", port: 1308},
		{iface: 1, proto: avahiProtoInet, name: "Unresolvable", unresolvable: true},
	}
	f.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rec := &recorder{}
	found := make(chan Found, 100)
	browsed := make(chan error, 1)
	go func() {
		browsed <- Config{Backend: BackendAvahi, Logf: rec.logf}.Browse(ctx, func(fd Found) { found <- fd })
	}()
	seen := map[string]Found{}
	deadline := time.After(10 * time.Second)
	for len(seen) < 2 || len(seen["Kitchen"].Addrs) < 2 {
		select {
		case fd := <-found:
			seen[fd.Instance] = fd
		case <-deadline:
			t.Fatalf("found %+v; log %q", seen, rec.logs)
		}
	}
	k := seen["Kitchen"]
	if k.Port != 1308 || k.Host != "laptop.local" || fmt.Sprint(k.Addrs) != "[192.168.1.23 fe80::1%"+lo.Name+"]" || k.Fingerprint() != fp64 {
		t.Fatalf("Kitchen: %+v", k)
	}
	if m := seen["Many TXT"]; len(m.TXT) != MaxTXTStrings {
		t.Fatalf("Many TXT: %d keys", len(m.TXT))
	}

	// Avahi says Kitchen went, over one protocol then the other.
	for _, proto := range []int32{avahiProtoInet6, avahiProtoInet} {
		if err := f.conn.Emit("/Client1/ServiceBrowser1", avahiBrowser+".ItemRemove", int32(1), proto, "Kitchen",
			ServiceType, "local", uint32(0)); err != nil {
			t.Fatal(err)
		}
	}
	for fd := range found {
		if fd.Instance == "Kitchen" && fd.Gone {
			break
		}
		if fd.Instance != "Kitchen" || len(fd.Addrs) != 1 {
			t.Fatalf("after ItemRemove: %+v", fd)
		}
	}
	cancel()
	if err := <-browsed; err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Zero port", "Bad address", "Unresolvable", strings.Repeat("n", 64)} {
		if _, ok := seen[name]; ok {
			t.Errorf("%q was passed on", truncate(name))
		}
	}
	for _, l := range []string{"no port", "TXT strings past", "more than 63", "could not resolve \"Bad address\"", "could not resolve \"Unresolvable\""} {
		if !rec.logged(l) {
			t.Errorf("nothing logged with %q: %q", l, rec.logs)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.freed) != 1 || f.freed[0] != "/Client1/ServiceBrowser1" {
		t.Errorf("freed %v", f.freed)
	}
}
