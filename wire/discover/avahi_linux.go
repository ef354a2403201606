//go:build linux

package discover

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/godbus/dbus/v5"
)

// Avahi's D-Bus names and constants (avahi-common/defs.h,
// org.freedesktop.Avahi.*.xml).
const (
	avahiName       = "org.freedesktop.Avahi"
	avahiServer     = avahiName + ".Server"
	avahiEntryGroup = avahiName + ".EntryGroup"
	avahiBrowser    = avahiName + ".ServiceBrowser"
	avahiCollision  = avahiName + ".CollisionError"

	avahiIfUnspec    int32 = -1
	avahiProtoUnspec int32 = -1
	avahiProtoInet   int32 = 0
	avahiProtoInet6  int32 = 1

	// Entry group states.
	groupRegistering int32 = 1
	groupEstablished int32 = 2
	groupCollision   int32 = 3
	groupFailure     int32 = 4

	// avahiCallTimeout bounds each D-Bus call.
	avahiCallTimeout = 5 * time.Second
	// avahiRegisterWait is how long Advertise waits for Avahi to
	// establish the service; past that it returns while Avahi goes on.
	avahiRegisterWait = 10 * time.Second
	// maxRenames bounds the new names tried after collisions.
	maxRenames = 16
)

// avahi is the backend that asks the Avahi daemon over the system bus. It
// owns conn, a private connection, and closes it when done.
type avahi struct {
	conn *dbus.Conn
	logf logFunc
}

func (a *avahi) kind() Backend { return BackendAvahi }

// avahiBackend connects to the system bus and returns the Avahi backend
// when the bus has an org.freedesktop.Avahi, an error saying why not
// otherwise.
func avahiBackend(ctx context.Context, logf logFunc) (backend, error) {
	// Not dbus.WithContext(ctx): the connection outlives ctx long enough
	// to free what it made in Avahi.
	conn, err := dbus.ConnectSystemBus()
	if err != nil {
		return nil, fmt.Errorf("connect to the system bus: %w", err)
	}
	var has bool
	if err := avahiCall(ctx, conn.BusObject(), "org.freedesktop.DBus.NameHasOwner", avahiName).Store(&has); err != nil {
		conn.Close()
		return nil, fmt.Errorf("ask the system bus for Avahi: %w", err)
	}
	if !has {
		conn.Close()
		return nil, errors.New("the Avahi daemon is not running (no " + avahiName + " on the system bus)")
	}
	return &avahi{conn: conn, logf: logf}, nil
}

// avahiCall calls method on obj, bounded by avahiCallTimeout.
func avahiCall(ctx context.Context, obj dbus.BusObject, method string, args ...any) *dbus.Call {
	ctx, cancel := context.WithTimeout(ctx, avahiCallTimeout)
	defer cancel()
	return obj.CallWithContext(ctx, method, 0, args...)
}

func (a *avahi) server() dbus.BusObject { return a.conn.Object(avahiName, "/") }

// group is one entry group holding the service.
type group struct {
	path dbus.ObjectPath
	obj  dbus.BusObject
}

// newGroup makes an entry group and subscribes to its state.
func (a *avahi) newGroup(ctx context.Context) (group, error) {
	var g group
	if err := avahiCall(ctx, a.server(), avahiServer+".EntryGroupNew").Store(&g.path); err != nil {
		return g, fmt.Errorf("make an entry group: %w", err)
	}
	g.obj = a.conn.Object(avahiName, g.path)
	if err := a.conn.AddMatchSignalContext(ctx, dbus.WithMatchSender(avahiName), dbus.WithMatchObjectPath(g.path),
		dbus.WithMatchInterface(avahiEntryGroup), dbus.WithMatchMember("StateChanged")); err != nil {
		return g, fmt.Errorf("subscribe to the entry group's state: %w", err)
	}
	return g, nil
}

// add puts the service into g under name, or the next free name when
// Avahi says it is taken here, and commits it; it returns the name.
func (a *avahi) add(ctx context.Context, g group, name string, s Service, txt [][]byte) (string, error) {
	for tries := 0; ; tries++ {
		err := avahiCall(ctx, g.obj, avahiEntryGroup+".AddService", avahiIfUnspec, avahiProtoUnspec, uint32(0),
			name, ServiceType, "", "", uint16(s.Port), txt).Err
		var derr dbus.Error
		if errors.As(err, &derr) && derr.Name == avahiCollision && tries < maxRenames {
			if name, err = a.alternative(ctx, name); err != nil {
				return "", err
			}
			continue
		}
		if err != nil {
			return "", fmt.Errorf("add the service: %w", err)
		}
		if err := avahiCall(ctx, g.obj, avahiEntryGroup+".Commit").Err; err != nil {
			return "", fmt.Errorf("commit the entry group: %w", err)
		}
		return name, nil
	}
}

// alternative asks Avahi for the name to try after name.
func (a *avahi) alternative(ctx context.Context, name string) (string, error) {
	var alt string
	if err := avahiCall(ctx, a.server(), avahiServer+".GetAlternativeServiceName", name).Store(&alt); err != nil {
		return "", fmt.Errorf("ask for another name than %q: %w", name, err)
	}
	if checkInstance(alt) != nil || alt == name {
		return "", fmt.Errorf("avahi offered %q as another name than %q", truncate(alt), name)
	}
	return alt, nil
}

func (a *avahi) advertise(ctx context.Context, s Service, txtStrs []string) (*Advertisement, error) {
	txt := make([][]byte, len(txtStrs))
	for i, t := range txtStrs {
		txt[i] = []byte(t)
	}
	sigs := make(chan *dbus.Signal, 64)
	a.conn.Signal(sigs)
	if err := a.conn.AddMatchSignalContext(ctx, dbus.WithMatchSender("org.freedesktop.DBus"),
		dbus.WithMatchInterface("org.freedesktop.DBus"), dbus.WithMatchMember("NameOwnerChanged"),
		dbus.WithMatchArg(0, avahiName)); err != nil {
		a.conn.Close()
		return nil, fmt.Errorf("subscribe to Avahi's restarts: %w", err)
	}
	g, name, err := a.register(ctx, s, txt, sigs)
	if err != nil {
		a.conn.Close()
		return nil, err
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.watch(g, name, s, txt, sigs, stop)
	}()
	return &Advertisement{instance: name, withdraw: func() {
		close(stop)
		<-done
	}}, nil
}

// register makes a group with the service and waits until Avahi has
// established it, renaming it after collisions on the network.
func (a *avahi) register(ctx context.Context, s Service, txt [][]byte, sigs <-chan *dbus.Signal) (group, string, error) {
	g, err := a.newGroup(ctx)
	if err != nil {
		return g, "", err
	}
	name, err := a.add(ctx, g, s.Instance, s, txt)
	if err != nil {
		a.free(g)
		return g, "", err
	}
	wait := time.NewTimer(avahiRegisterWait)
	defer wait.Stop()
	for renames := 0; ; {
		select {
		case <-ctx.Done():
			a.free(g)
			return g, "", fmt.Errorf("wait for Avahi to register the service: %w", ctx.Err())
		case <-wait.C:
			a.logf("discover: Avahi is still registering %q after %v", name, avahiRegisterWait)
			return g, name, nil
		case sig := <-sigs:
			state, msg, ok := groupState(sig, g.path)
			if !ok {
				continue
			}
			switch state {
			case groupEstablished:
				return g, name, nil
			case groupCollision:
				if renames++; renames > maxRenames {
					a.free(g)
					return g, "", fmt.Errorf("register the service: %d names taken on the network", renames)
				}
				if name, err = a.rename(ctx, g, name, s, txt); err != nil {
					a.free(g)
					return g, "", err
				}
			case groupFailure:
				a.free(g)
				return g, "", fmt.Errorf("register the service: Avahi failed: %s", msg)
			}
		}
	}
}

// rename resets g and adds the service again under the next name.
func (a *avahi) rename(ctx context.Context, g group, name string, s Service, txt [][]byte) (string, error) {
	alt, err := a.alternative(ctx, name)
	if err != nil {
		return "", err
	}
	if err := avahiCall(ctx, g.obj, avahiEntryGroup+".Reset").Err; err != nil {
		return "", fmt.Errorf("reset the entry group: %w", err)
	}
	return a.add(ctx, g, alt, s, txt)
}

// watch keeps the service registered until stop is closed: under a new
// name after a collision, in a new group when Avahi restarts. Then it
// frees the group and closes the connection.
func (a *avahi) watch(g group, name string, s Service, txt [][]byte, sigs chan *dbus.Signal, stop <-chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-stop:
			cancel() // cuts a registration short
		case <-ctx.Done():
		}
	}()
	defer a.conn.Close()
	defer a.conn.RemoveSignal(sigs)
	for {
		select {
		case <-stop:
			a.free(g)
			return
		case <-a.conn.Context().Done():
			a.logf("discover: lost the system bus: %q is no longer advertised", name)
			<-stop
			return
		case sig := <-sigs:
			if sig.Name == "org.freedesktop.DBus.NameOwnerChanged" {
				g = group{} // gone with the daemon that had it
				if owner, _ := sigString(sig, 2); owner == "" {
					a.logf("discover: Avahi stopped: %q is not advertised until it is back", name)
				} else {
					a.logf("discover: Avahi restarted: registering %q again", name)
					cur := s
					cur.Instance = name // keep the name it had
					if ng, nn, err := a.register(ctx, cur, txt, sigs); err != nil {
						a.logf("discover: register %q again with Avahi: %v", name, err)
					} else {
						g, name = ng, nn
					}
				}
				continue
			}
			state, msg, ok := groupState(sig, g.path)
			switch {
			case !ok:
			case state == groupCollision:
				nn, err := a.rename(ctx, g, name, s, txt)
				if err != nil {
					a.logf("discover: rename %q after a collision: %v", name, err)
					continue
				}
				a.logf("discover: %q was taken on the network: advertising as %q", name, nn)
				name = nn
			case state == groupFailure:
				a.logf("discover: Avahi failed to keep %q registered: %s", name, msg)
			}
		}
	}
}

// free frees g, bounded by avahiCallTimeout.
func (a *avahi) free(g group) {
	if g.obj == nil {
		return
	}
	if err := avahiCall(context.Background(), g.obj, avahiEntryGroup+".Free").Err; err != nil && a.conn.Connected() {
		a.logf("discover: free Avahi's entry group: %v", err)
	}
}

// groupState reads an entry group's StateChanged signal for path.
func groupState(sig *dbus.Signal, path dbus.ObjectPath) (state int32, msg string, ok bool) {
	if sig.Path != path || sig.Name != avahiEntryGroup+".StateChanged" || len(sig.Body) < 1 {
		return 0, "", false
	}
	state, ok = sig.Body[0].(int32)
	msg, _ = sigString(sig, 1)
	return state, msg, ok
}

func sigString(sig *dbus.Signal, i int) (string, bool) {
	if i >= len(sig.Body) {
		return "", false
	}
	s, ok := sig.Body[i].(string)
	return s, ok
}
