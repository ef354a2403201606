package pull

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in, str, scheme, addr, uri, user string
		auth                             bool
	}{
		{"http://raspberrypi.local:8080/?action=stream", "http://raspberrypi.local:8080/?action=stream", "http", "raspberrypi.local:8080", "/?action=stream", "", false},
		{"  http://192.168.1.40:8080/stream  ", "http://192.168.1.40:8080/stream", "http", "192.168.1.40:8080", "/stream", "", false},
		{"http://cam", "http://cam", "http", "cam:80", "/", "", false},
		{"HTTPS://cam.example/stream.mjpg#x", "https://cam.example/stream.mjpg", "https", "cam.example:443", "/stream.mjpg", "", false},
		{"http://admin:p%40ss@10.0.0.5/mjpg/video.mjpg", "http://10.0.0.5/mjpg/video.mjpg", "http", "10.0.0.5:80", "/mjpg/video.mjpg", "admin", true},
		{"http://admin@10.0.0.5:81/", "http://10.0.0.5:81/", "http", "10.0.0.5:81", "/", "admin", true},
		{"tcp://192.168.1.40:8888", "tcp://192.168.1.40:8888", "tcp", "192.168.1.40:8888", "", "", false},
		{"tcp://[fe80::1]:8888/", "tcp://[fe80::1]:8888", "tcp", "[fe80::1]:8888", "", "", false},
	} {
		tg, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		user, auth := tg.User()
		if tg.String() != c.str || tg.Scheme() != c.scheme || tg.Addr() != c.addr || tg.uri != c.uri || user != c.user || auth != c.auth {
			t.Errorf("Parse(%q) = %q %s %s %q user %q %v, want %q %s %s %q user %q %v", c.in,
				tg, tg.Scheme(), tg.Addr(), tg.uri, user, auth, c.str, c.scheme, c.addr, c.uri, c.user, c.auth)
		}
	}
	tg, _ := Parse("http://admin:p%40ss@10.0.0.5/x")
	if tg.password != "p@ss" {
		t.Errorf("password %q, want p@ss", tg.password)
	}
}

// TestParseErrors: each says what is wrong, and none shows a password.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ in, says string }{
		{"", "no URL given"},
		{"raspberrypi.local:8080", `"raspberrypi.local:8080" has no scheme: write http://raspberrypi.local:8080`},
		{"pi:secret@raspberrypi.local:8080", `"raspberrypi.local:8080" has no scheme`},
		{"ftp://u:secret@cam/x", `unsupported scheme "ftp"`},
		{"rtsp://u:secret@cam:554/stream", "rtsp:// is not supported"},
		{"http:///stream", "has no host"},
		{"http:cam/stream", "has no host"},
		{"tcp://cam", "tcp:// needs a port: tcp://cam:PORT"},
		{"tcp://cam:", "the URL's port is empty"},
		{"http://u:secret@cam:99999/", `port "99999" is not between 1 and 65535`},
		{"tcp://cam:0", `port "0" is not between`},
		{"tcp://u:secret@cam:8888", "tcp:// takes no user name nor password"},
		{"tcp://cam:8888/stream", "tcp:// takes no path nor query"},
		{"tcp://0.0.0.0:8888", "0.0.0.0 is the address a server listens on"},
		{"http://[::]:8080/", ":: is the address a server listens on"},
		{"http://u:secret@cam:port/", "cannot read the URL"},
		{"http://u:sec ret@c am/", "cannot read the URL"},
	} {
		_, err := Parse(c.in)
		switch {
		case err == nil:
			t.Errorf("Parse(%q) succeeded", c.in)
		case !strings.Contains(err.Error(), c.says):
			t.Errorf("Parse(%q): %q, want it to say %q", c.in, err, c.says)
		case strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "sec ret"):
			t.Errorf("Parse(%q): %q shows the password", c.in, err)
		}
	}
}
