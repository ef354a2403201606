package ui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/vidstream/vidstream/app/demo"
	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire/discover"
)

// listen starts a server for the current settings (UI goroutine). The server
// it replaces, if any, must be stopped already.
func (v *Viewer) listen() error {
	srv, err := receive.Listen(v.set.Receive(v.opts.Receive))
	if err != nil {
		v.waiting, v.server, v.stopServe = "", nil, nil
		msg := portTaken(v.set.Port, err)
		v.status.setStanding(msg)
		v.setStatus(msg)
		v.log.Printf("listen: %v", err)
		return fmt.Errorf("start viewer: %w", err)
	}
	v.serve(srv)
	return nil
}

// advertise makes the viewer listening on srv known on the network until
// ctx is done, and says in the help that the Pi needs no address (any
// goroutine).
func (v *Viewer) advertise(ctx context.Context, srv *receive.Server, lan []string) {
	a, err := receive.Advertise(ctx, srv.Addr(), receive.InstanceName(), v.opts.Receive.Trust.FingerprintHex(), discover.Config{Logf: v.log.Printf})
	if err != nil {
		if ctx.Err() == nil {
			v.log.Printf("%v (picam needs the viewer's address: -to HOST)", err)
		}
		return
	}
	defer a.Stop()
	v.log.Printf("advertised on the network as %q (%s)", a.Instance(), a.Backend())
	v.do(func() {
		if v.server == srv {
			v.help.SetText(connectHelp(srv.Addr(), lan, a.Instance()))
		}
	})
	<-ctx.Done()
}

// portTaken says, in plain words, that the viewer cannot listen on port,
// and what to do; err, the detail, goes to the log.
func portTaken(port int, err error) string {
	if errors.Is(err, errAddrInUse) {
		return fmt.Sprintf("Port %d is in use by another program. Choose another port in Settings.", port)
	}
	return fmt.Sprintf("Cannot listen on port %d (%v). Choose another port in Settings.", port, errors.Unwrap(err))
}

// serve runs srv, which listens already, until the viewer stops or moves
// to another port (UI goroutine).
func (v *Viewer) serve(srv *receive.Server) {
	ctx, cancel := context.WithCancel(context.Background())
	v.server, v.stopServe = srv, cancel
	lan := receive.LANAddrs()
	v.waiting = receive.WaitingMessage(srv.Addr(), lan)
	v.help.SetText(connectHelp(srv.Addr(), lan, ""))
	v.updateStanding()
	v.log.Print(v.waiting)
	if v.opts.Advertise && receive.Advertisable(srv.Addr()) {
		v.served.Go(func() { v.advertise(ctx, srv, lan) })
	}
	v.served.Go(func() {
		if err := srv.Serve(ctx, v); err != nil {
			v.log.Printf("listening: %v", err)
			v.do(func() {
				v.setStatus("The viewer stopped listening for cameras. Restart it, or choose another port in Settings.")
			})
		}
	})
	if v.opts.Demo {
		addr := demoAddr(srv.Addr().(*net.TCPAddr))
		v.served.Go(func() {
			if err := demo.Run(ctx, addr, demo.Options{}); err != nil {
				v.log.Printf("demo camera: %v", err)
			}
		})
	}
}

// SessionStarted implements receive.Handler: the camera gets a tile (its
// own, when it comes back), which waits for its first picture.
func (v *Viewer) SessionStarted(s *receive.Session) {
	v.connected(s)
	v.do(func() {
		t := v.tileFor(s)
		t.attach(s)
		v.bySession[s] = t
		v.refreshTile(t, time.Now())
		v.updateStanding()
		v.log.Printf("camera %s connected", t.name)
	})
}

// senderName is who streams in s, as a person reads it: the name its hello
// gave and its address ("built-in demo camera (127.0.0.1:40312)"), or the
// address alone.
func senderName(s *receive.Session) string {
	if _, hello := s.Stream(); hello != nil && hello.Name != "" {
		return fmt.Sprintf("%s (%s)", hello.Name, s.Remote)
	}
	return s.Remote
}

// FrameReady implements receive.Handler: it puts the session's newest
// frame in its tile. Only one such call is outstanding per session, so
// frames never queue here.
func (v *Viewer) FrameReady(s *receive.Session) {
	v.do(func() {
		f, ok := s.Take()
		t := v.bySession[s]
		if !ok || t == nil || t.session != s {
			return
		}
		first := t.frame == nil
		t.show(f)
		if now := time.Now(); first || now.Sub(t.readAt) >= readoutEvery {
			v.readTile(t, now) // in the paint that shows the frame
		}
		if first {
			v.updateStanding()
		}
	})
}

// WindowClosed implements receive.Handler: the record joins the
// measurement session, and the post's line goes to the log.
func (v *Viewer) WindowClosed(s *receive.Session, i int, r stats.Record) {
	v.record(s, r, false)
	v.log.Print(r.Line(i))
}

// SessionEnded implements receive.Handler: the tile keeps the last frame
// and the readouts, marked as disconnected. A session whose tile a newer
// connection of the same camera has taken says nothing: that one is on
// screen.
func (v *Viewer) SessionEnded(s *receive.Session, err error) {
	v.ended(s)
	v.do(func() {
		v.stopRecordingOf(s, "the camera's stream ended")
		t := v.bySession[s]
		delete(v.bySession, s)
		if t == nil || t.session != s {
			v.log.Printf("stream from %s ended: %v", s.Remote, err)
			return
		}
		why := "the camera ended the stream"
		quiet := errors.Is(err, context.Canceled) // the viewer stopped it: moving to another port, or closing
		switch {
		case s.Paced() && err == nil:
			why = "the recording is over"
		case quiet && v.moved != "":
			why = v.moved
		case quiet:
			why = "the viewer stopped listening"
		case err != nil:
			why = endReason(err)
			v.log.Printf("stream from %s ended: %v", s.Remote, err)
		}
		v.refreshTile(t, time.Now())
		t.leave(why, time.Now())
		v.updateStanding()
		if !quiet {
			msg := fmt.Sprintf("Stream from %s ended: %s.", t.name, why)
			if !v.anyLive() && v.waiting != "" {
				msg += " " + v.waiting
			}
			v.setStatus(msg)
		}
	})
}

// anyLive reports whether a camera streams (under uiMu).
func (v *Viewer) anyLive() bool {
	for _, t := range v.tiles {
		if t.live {
			return true
		}
	}
	return false
}

// Refused implements receive.Handler.
func (v *Viewer) Refused(remote string, err error) {
	v.log.Printf("refused %s: %v", remote, err)
	v.do(func() {
		v.setStatus(fmt.Sprintf("Refused a camera from %s: %s", remote, refusalReason(err, v.set.Cameras)))
	})
}

// demoAddr is where the demo camera reaches a server listening on a: its
// own address, or loopback when it listens on every interface.
func demoAddr(a *net.TCPAddr) string {
	ip := a.IP
	if ip == nil || ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), strconv.Itoa(a.Port))
}
