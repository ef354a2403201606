package pull

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxReplyHeader caps an HTTP reply's headers.
const maxReplyHeader = 64 << 10

// StatusError is Open's error for an HTTP reply that is not a success
// (2xx).
type StatusError struct {
	URL    string // the target, without credentials
	Code   int    // the status code: 401, 404, …
	Status string // the status line's text: "401 Unauthorized"
	Auth   bool   // the request carried a user name and password
}

// Error says what the status means for the stream.
func (e *StatusError) Error() string {
	switch {
	case e.Code == http.StatusUnauthorized && e.Auth:
		return fmt.Sprintf("pull: %s refused the user name or password (%s): check them in the URL", e.URL, e.Status)
	case e.Code == http.StatusUnauthorized:
		return fmt.Sprintf("pull: %s needs a user name and password (%s): put them in the URL, http://USER:PASSWORD@HOST/…", e.URL, e.Status)
	case e.Code == http.StatusForbidden:
		return fmt.Sprintf("pull: %s refused the stream (%s)", e.URL, e.Status)
	case e.Code == http.StatusNotFound:
		return fmt.Sprintf("pull: %s has no stream at this path (%s): mjpg-streamer serves /?action=stream, uStreamer /stream, picamera2's mjpeg_server /stream.mjpg", e.URL, e.Status)
	}
	return fmt.Sprintf("pull: %s answered %s, not the stream", e.URL, e.Status)
}

// openHTTP requests an MJPEG stream. The request's context is its own,
// cancelled by the Stream's guard (idle limit, deadline, Close); while
// opening, ctx and DialTimeout cancel it too.
func (d Dialer) openHTTP(ctx context.Context, t Target) (*Stream, error) {
	timeout := d.dialTimeout()
	reqCtx, cancel := context.WithCancelCause(context.WithoutCancel(ctx))
	slow := fmt.Errorf("pull: %s did not answer within %v: %w", t, timeout, context.DeadlineExceeded)
	timer := time.AfterFunc(timeout, func() { cancel(slow) })
	stop := context.AfterFunc(ctx, func() { cancel(fmt.Errorf("pull: opening %s: %w", t, ctx.Err())) })
	s, err := d.request(reqCtx, cancel, t)
	inTime, live := timer.Stop(), stop()
	if err == nil && inTime && live {
		return s, nil
	}
	if s != nil {
		s.Close()
	}
	if cause := context.Cause(reqCtx); cause != nil && (!inTime || !live) {
		err = cause
	}
	cancel(nil)
	return nil, err
}

// request sends the GET and checks the reply; on an error it has closed
// what it opened.
func (d Dialer) request(ctx context.Context, cancel context.CancelCauseFunc, t Target) (*Stream, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.display, nil)
	if err != nil {
		return nil, fmt.Errorf("pull: %s: %w", t, err)
	}
	if t.auth {
		req.SetBasicAuth(t.user, t.password)
	}
	req.Header.Set("User-Agent", "vidstream")
	tr := &http.Transport{
		DialContext:            (&net.Dialer{Timeout: d.dialTimeout()}).DialContext,
		TLSClientConfig:        d.TLSConfig.Clone(),
		TLSHandshakeTimeout:    d.dialTimeout(),
		DisableKeepAlives:      true, // the stream has the connection to itself, closed with it
		DisableCompression:     true,
		MaxResponseHeaderBytes: maxReplyHeader,
	}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // ue repeats the URL
		}
		return nil, fmt.Errorf("pull: cannot get %s: %w", t, opReason(err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		resp.Body.Close()
		return nil, &StatusError{URL: t.display, Code: resp.StatusCode, Status: resp.Status, Auth: t.auth}
	}
	boundary, err := replyBoundary(t, resp.Header.Get("Content-Type"))
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	g := &bodyGuard{body: resp.Body, cancel: cancel, name: t.display, idle: d.idleTimeout()}
	m := newMultipartReader(g, boundary, d.maxPart(), t.display)
	s := &Stream{target: t, src: m, g: g, parts: m}
	if boundary == "" {
		if err := m.start(); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// replyBoundary returns the boundary of a reply whose Content-Type is
// contentType: "" for one that says application/octet-stream or nothing
// (ffmpeg's -listen 1 says application/octet-stream), whose first line
// tells it. It refuses a reply that is not an MJPEG stream.
func replyBoundary(t Target, contentType string) (string, error) {
	typ, boundary := mediaType(contentType)
	switch {
	case typ == "multipart/x-mixed-replace" || typ == "multipart/mixed":
		if boundary == "" {
			return "", fmt.Errorf("pull: %s: the server's reply has no boundary (Content-Type %q): its frames cannot be told apart", t, contentType)
		}
		if err := checkBoundary(boundary); err != nil {
			return "", fmt.Errorf("pull: %s: the server's reply has a boundary no part can end with: %w", t, err)
		}
		return boundary, nil
	case typ == "" || typ == "application/octet-stream":
		return "", nil
	case strings.HasPrefix(typ, "image/"):
		return "", fmt.Errorf("pull: %s is a single picture (%s), a snapshot, not a stream: mjpg-streamer streams at /?action=stream, uStreamer at /stream", t, typ)
	case typ == "text/html":
		return "", fmt.Errorf("pull: %s is a web page, not a stream: open it in a browser to find the stream's URL (mjpg-streamer: /?action=stream, uStreamer: /stream, picamera2's mjpeg_server: /stream.mjpg)", t)
	}
	return "", fmt.Errorf("pull: %s is not an MJPEG stream: the server sends %q, not multipart/x-mixed-replace", t, contentType)
}
