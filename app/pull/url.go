package pull

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Target is a camera stream to pull: a URL Parse has checked. Its
// credentials are kept apart from it: String never shows the password. The
// zero Target is no stream; Open refuses it.
type Target struct {
	scheme   string // "http", "https" or "tcp"
	addr     string // host:port to dial, the scheme's default port filled in
	uri      string // http(s): the request URI, path and query ("/" at least)
	display  string // the URL without credentials nor fragment
	user     string // basic auth, when auth is set
	password string
	auth     bool
}

// Parse checks rawURL and returns its Target. It takes
//
//   - http://HOST[:PORT]/PATH and https://…: an MJPEG stream over HTTP, a
//     multipart/x-mixed-replace reply (mjpg-streamer's /?action=stream,
//     uStreamer's /stream, picamera2's /stream.mjpg); user:password@ in
//     front of the host becomes HTTP basic auth;
//   - tcp://HOST:PORT: a raw MJPEG or H.264 byte stream, as
//     rpicam-vid --listen -o tcp://0.0.0.0:PORT serves it.
//
// Its errors say what is wrong and never hold the password.
func Parse(rawURL string) (Target, error) {
	raw := strings.TrimSpace(rawURL)
	if raw == "" {
		return Target{}, errors.New("pull: no URL given")
	}
	if scheme, _, _ := strings.Cut(raw, ":"); !strings.Contains(raw, "://") && !known(scheme) {
		bare := raw[strings.LastIndex(raw, "@")+1:] // no credentials in the message
		return Target{}, fmt.Errorf("pull: %q has no scheme: write http://%s for an MJPEG stream over HTTP, or tcp://%s for a raw stream (rpicam-vid --listen)", bare, bare, bare)
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // ue.URL is the raw URL, password and all
		}
		return Target{}, fmt.Errorf("pull: cannot read the URL: %w", err)
	}
	t := Target{scheme: strings.ToLower(u.Scheme)}
	switch {
	case known(t.scheme):
	case t.scheme == "rtsp" || t.scheme == "rtsps" || t.scheme == "rtmp" || t.scheme == "udp" || t.scheme == "srt":
		return Target{}, fmt.Errorf("pull: %s:// is not supported: vidstream pulls MJPEG over http:// or https://, and raw MJPEG or H.264 over tcp://", t.scheme)
	default:
		return Target{}, fmt.Errorf("pull: unsupported scheme %q: vidstream pulls http://, https:// (MJPEG) and tcp:// (raw MJPEG or H.264)", u.Scheme)
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return Target{}, fmt.Errorf("pull: the %s:// URL has no host: write %s://HOST:PORT…", t.scheme, t.scheme)
	}
	host, port := u.Hostname(), u.Port()
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return Target{}, fmt.Errorf("pull: %s is the address a server listens on, not one to connect to: use the camera's address (the Pi's, such as raspberrypi.local)", host)
	}
	if strings.HasSuffix(u.Host, ":") {
		return Target{}, fmt.Errorf("pull: the URL's port is empty: write %s://%s:PORT", t.scheme, host)
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return Target{}, fmt.Errorf("pull: port %q is not between 1 and 65535", port)
		}
	}
	switch t.scheme {
	case "tcp":
		if port == "" {
			return Target{}, fmt.Errorf("pull: tcp:// needs a port: tcp://%s:PORT (rpicam-vid --listen -o tcp://0.0.0.0:8888 serves port 8888)", host)
		}
		if u.User != nil {
			return Target{}, errors.New("pull: tcp:// takes no user name nor password: a raw stream has no login")
		}
		if (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return Target{}, fmt.Errorf("pull: tcp:// takes no path nor query: write tcp://%s", u.Host)
		}
		u.Path = ""
	case "http":
		port = cmp.Or(port, "80")
	case "https":
		port = cmp.Or(port, "443")
	}
	t.addr = net.JoinHostPort(host, port)
	if t.scheme != "tcp" {
		t.uri = u.RequestURI()
	}
	if u.User != nil {
		t.user = u.User.Username()
		t.password, _ = u.User.Password()
		t.auth = true
	}
	shown := *u
	shown.User, shown.Fragment, shown.RawFragment = nil, "", ""
	shown.Scheme = t.scheme
	t.display = shown.String()
	return t, nil
}

// known reports whether scheme is one Parse takes.
func known(scheme string) bool {
	switch strings.ToLower(scheme) {
	case "http", "https", "tcp":
		return true
	}
	return false
}

// String returns the target's URL without its credentials nor fragment,
// as it should be shown ("http://cam.local:8080/?action=stream",
// "tcp://192.168.1.40:8888"); "" for the zero Target.
func (t Target) String() string { return t.display }

// Scheme returns "http", "https" or "tcp"; "" for the zero Target.
func (t Target) Scheme() string { return t.scheme }

// Addr returns the host and port dialed, the scheme's default port filled
// in ("cam.local:80").
func (t Target) Addr() string { return t.addr }

// User returns the user name sent with HTTP basic auth, and whether the
// URL gave credentials at all.
func (t Target) User() (string, bool) { return t.user, t.auth }

// valid reports whether t came from Parse.
func (t Target) valid() bool { return t.scheme != "" && t.addr != "" }
