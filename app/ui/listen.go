package ui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"

	"github.com/vidstream/vidstream/app/demo"
	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/stats"
)

// listen starts a server for the current settings (UI goroutine). The server
// it replaces, if any, must be stopped already.
func (v *Viewer) listen() error {
	srv, err := receive.Listen(v.set.Receive(v.opts.Receive))
	if err != nil {
		v.waiting, v.server, v.stopServe = "", nil, nil
		msg := fmt.Sprintf("Cannot listen on port %d: %v. Choose another port in Settings.", v.set.Port, errors.Unwrap(err))
		v.setStatus(msg)
		return fmt.Errorf("start viewer: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	v.server, v.stopServe = srv, cancel
	v.waiting = receive.WaitingMessage(srv.Addr(), receive.LANAddrs())
	v.setStatus(v.waiting)
	v.served.Go(func() {
		if err := srv.Serve(ctx, v); err != nil {
			v.do(func() { v.setStatus(err.Error()) })
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
	return nil
}

// SessionStarted implements receive.Handler.
func (v *Viewer) SessionStarted(s *receive.Session) {
	v.connected(s)
	v.do(func() {
		v.session = s
		v.setStatus("Streaming from " + senderName(s))
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

// FrameReady implements receive.Handler: it puts the newest frame on screen.
// Only one such call is outstanding at a time, so frames never queue here.
func (v *Viewer) FrameReady(s *receive.Session) {
	v.do(func() {
		f, ok := s.Take()
		if !ok {
			return
		}
		v.frame = f
		v.img.Image = f.Image
		v.img.Refresh()
		v.probe.handOver(s, f)
	})
}

// WindowClosed implements receive.Handler: the record joins the
// measurement session, and the post's line goes to the log.
func (v *Viewer) WindowClosed(s *receive.Session, i int, r stats.Record) {
	v.record(s, r, false)
	v.log.Print(r.Line(i))
}

// SessionEnded implements receive.Handler: the last frame and the stats stay.
// A session replaced by a newer one says nothing: the new one is on screen.
func (v *Viewer) SessionEnded(s *receive.Session, err error) {
	v.ended(s)
	v.do(func() {
		if s != v.session {
			v.log.Printf("stream from %s ended: %v", s.Remote, err)
			return
		}
		why := "the camera ended the stream"
		if err != nil {
			why = err.Error()
		}
		msg := fmt.Sprintf("Stream from %s ended: %s.", s.Remote, why)
		if v.waiting != "" {
			msg += " " + v.waiting
		}
		v.setStatus(msg)
	})
}

// Refused implements receive.Handler.
func (v *Viewer) Refused(remote string, err error) {
	v.do(func() {
		v.setStatus(fmt.Sprintf("Refused a camera from %s: %v", remote, err))
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
