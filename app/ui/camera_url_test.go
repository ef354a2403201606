package ui

import (
	"fmt"
	"image/color"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// TestWatchCameraURL: a camera URL (an MJPEG server written from
// mjpg-streamer's reply, with a login) gets a tile of its own with its
// picture and readouts; when the server ends the reply the tile says the
// camera is gone and the stream is opened again; closing the tile stops
// that. A URL that cannot work is refused in plain words.
func TestWatchCameraURL(t *testing.T) {
	v, _ := startViewer(t, nil)
	jpeg := wiretest.JPEG(t, wiretest.Solid(80, 60, color.RGBA{B: 255, A: 255}), 90)
	var replies atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, _ := r.BasicAuth(); u != "pi" || p != "raspberry" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if replies.Add(1) > 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // the camera is busy from now on
			return
		}
		w.Header().Set("Content-Type", "multipart/x-mixed-replace;boundary=boundarydonotcross")
		for i := 0; i < 5; i++ {
			fmt.Fprintf(w, "--boundarydonotcross\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n%s\r\n", len(jpeg), jpeg)
			w.(http.Flusher).Flush()
		}
		<-r.Context().Done() // the reply lasts until the viewer lets go
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	if err := v.WatchURL("http://pi:raspberry@" + host + "/?action=stream"); err != nil {
		t.Fatal(err)
	}
	name := "http://" + host + "/?action=stream" // shown without the login
	defer func() {
		if t.Failed() {
			ui(v, func() bool {
				for _, tl := range v.tiles {
					t.Logf("tile %q live %v frame %v readout %q", tl.name, tl.live, tl.frame != nil, tl.readout.Text)
				}
				t.Logf("status history %q", v.status.history)
				return true
			})
		}
	}()
	until(t, "the camera URL's picture", func() bool {
		return ui(v, func() bool {
			tl := tileNamed(v, name)
			return tl != nil && tl.frame != nil && strings.Contains(tl.readout.Text, "80x60 jpeg")
		})
	})
	if err := v.WatchURL("http://pi:raspberry@" + host + "/?action=stream"); err == nil || !strings.Contains(err.Error(), "open already") {
		t.Errorf("opening the URL twice: %v", err)
	}
	px := ui(v, func() color.RGBA { return tileNamed(v, name).frame.Image.RGBAAt(40, 30) })
	if px.B < 240 || px.R > 16 {
		t.Errorf("pixel %v, want blue", px)
	}

	// A URL that cannot work, and a wrong password.
	for _, bad := range []string{"rtsp://cam/live", "tcp://cam"} {
		if err := v.WatchURL(bad); err == nil || strings.HasPrefix(err.Error(), "pull:") {
			t.Errorf("WatchURL(%q) = %v, want a plain refusal", bad, err)
		}
	}
	if err := v.WatchURL("http://pi:wrong@" + host + "/stream"); err != nil {
		t.Fatal(err)
	}
	until(t, "the wrong password said", func() bool {
		return ui(v, func() bool { return strings.Contains(strings.Join(v.status.history, "\n"), "password") })
	})
	if h := ui(v, func() string { return strings.Join(v.status.history, "\n") }); strings.Contains(h, "pull:") {
		t.Errorf("status messages name the package: %s", h)
	}
	until(t, "the wrong password given up", func() bool {
		return ui(v, func() bool { _, ok := v.watching["http://"+host+"/stream"]; return !ok })
	})

	// The server lets go: the tile says the camera is gone, and the stream
	// is tried again until the tile is closed.
	srv.CloseClientConnections()
	until(t, "the tile disconnected", func() bool {
		return ui(v, func() bool { tl := tileNamed(v, name); return tl != nil && !tl.live })
	})
	until(t, "the stream tried again", func() bool { return replies.Load() >= 2 })
	tl := ui(v, func() *tile { return tileNamed(v, name) })
	v.closeTile(tl)
	until(t, "the watch stopped", func() bool {
		return ui(v, func() bool { _, ok := v.watching[name]; return !ok })
	})
}
