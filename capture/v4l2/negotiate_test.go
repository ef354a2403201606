package v4l2

import (
	"errors"
	"io/fs"
	"math"
	"strings"
	"syscall"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
)

func TestOpenNegotiates(t *testing.T) {
	tests := []struct {
		name    string
		cam     func(f *fakeCam)
		cfg     Config
		asked   string       // the setFormat call wanted
		layout  pixel.Layout // the hello's layout wanted
		wantErr []string     // substrings of the error wanted instead
	}{
		{name: "mjpeg preferred", cfg: Config{Width: 1280, Height: 720},
			asked: "format MJPG 1280x720", layout: pixel.Layout{Format: pixel.FormatJPEG, Width: 1280, Height: 720}},
		{name: "0x0 is 640x480", asked: "format MJPG 640x480", layout: pixel.Layout{Format: pixel.FormatJPEG, Width: 640, Height: 480}},
		{name: "yuyv when mjpeg lacks the size", cfg: Config{Width: 640, Height: 480},
			cam:   func(f *fakeCam) { f.sizes[fmtMJPG] = f.sizes[fmtMJPG][1:] },
			asked: "format YUYV 640x480", layout: pixel.Layout{Format: pixel.FormatI420, Width: 640, Height: 480, Stride: 640, Rows: 480}},
		{name: "explicit yuv honoured", cfg: Config{Width: 640, Height: 480, Format: pixel.FormatI420},
			asked: "format YUYV 640x480", layout: pixel.Layout{Format: pixel.FormatI420, Width: 640, Height: 480, Stride: 640, Rows: 480}},
		{name: "yu12 before yuyv, with the driver's stride", cfg: Config{Width: 100, Height: 50, Format: pixel.FormatI420},
			cam: func(f *fakeCam) {
				f.descs = append(f.descs, formatDesc{fcc: fmtYU12})
				f.sizes[fmtYU12] = []frameSize{{stepwise: true, minW: 32, minH: 32, maxW: 2592, maxH: 1944, stepW: 2, stepH: 2}}
				f.set = func(c pixel.Format, w, h int) pixFormat { return pixFormat{fcc: c, width: w, height: h, bpl: 128} }
			},
			asked: "format YU12 100x50", layout: pixel.Layout{Format: pixel.FormatI420, Width: 100, Height: 50, Stride: 128, Rows: 50}},
		{name: "rgb24 with padded rows", cfg: Config{Width: 100, Height: 50, Format: pixel.FormatRGB24},
			cam: func(f *fakeCam) {
				f.descs = append(f.descs, formatDesc{fcc: pixel.FormatRGB24})
				f.set = func(c pixel.Format, w, h int) pixFormat { return pixFormat{fcc: c, width: w, height: h, bpl: 336} }
			},
			asked: "format RGB3 100x50", layout: pixel.Layout{Format: pixel.FormatRGB24, Width: 100, Height: 50, Stride: 336, Rows: 50}},
		{name: "sizes not listed: asked anyway", cfg: Config{Width: 320, Height: 240},
			cam:   func(f *fakeCam) { delete(f.sizes, fmtMJPG) },
			asked: "format MJPG 320x240", layout: pixel.Layout{Format: pixel.FormatJPEG, Width: 320, Height: 240}},
		{name: "format not offered", cfg: Config{Width: 640, Height: 480, Format: pixel.FormatRGB24},
			wantErr: []string{"camera /dev/video0 does not offer rgb (RGB3) at 640x480", "it offers YUYV 640x480, 1280x720; MJPG 640x480, 1280x720"}},
		{name: "size not offered", cfg: Config{Width: 800, Height: 600},
			wantErr: []string{"does not offer a format picam captures", "at 800x600", "MJPG 640x480, 1280x720"}},
		{name: "off the step of a range", cfg: Config{Width: 101, Height: 50, Format: pixel.FormatI420},
			cam: func(f *fakeCam) {
				f.descs = []formatDesc{{fcc: fmtYU12}}
				f.sizes[fmtYU12] = []frameSize{{stepwise: true, minW: 32, minH: 32, maxW: 2592, maxH: 1944, stepW: 2, stepH: 2}}
			},
			wantErr: []string{"it offers YU12 32x32 to 2592x1944 (step 2x2)"}},
		{name: "raw bayer only", cfg: Config{Width: 640, Height: 480},
			cam:     func(f *fakeCam) { f.descs = []formatDesc{{fcc: 'p' | 'B'<<8 | 'A'<<16 | 'A'<<24}} },
			wantErr: []string{"it offers pBAA (not captured by picam)", "rpicam-vid -t 0 --codec mjpeg --flush -o - | picam -source stdin"}},
		{name: "driver changes the size", cfg: Config{Width: 640, Height: 480},
			cam: func(f *fakeCam) {
				f.set = func(c pixel.Format, w, h int) pixFormat { return pixFormat{fcc: c, width: 320, height: 240} }
			},
			wantErr: []string{"camera /dev/video0 gave MJPG 320x240 when asked for MJPG 640x480"}},
		{name: "mjpeg adjusted by a driver listing no sizes: yuyv taken", cfg: Config{Width: 640, Height: 480},
			cam: func(f *fakeCam) {
				delete(f.sizes, fmtMJPG)
				f.set = func(c pixel.Format, w, h int) pixFormat {
					if c == fmtMJPG {
						w, h = 1280, 720
					}
					return pixFormat{fcc: c, width: w, height: h}
				}
			},
			asked: "format MJPG 640x480", layout: pixel.Layout{Format: pixel.FormatI420, Width: 640, Height: 480, Stride: 640, Rows: 480}},
		{name: "stride below a row", cfg: Config{Width: 100, Height: 50, Format: pixel.FormatRGB24},
			cam: func(f *fakeCam) {
				f.descs = []formatDesc{{fcc: pixel.FormatRGB24}}
				f.set = func(c pixel.Format, w, h int) pixFormat { return pixFormat{fcc: c, width: w, height: h, bpl: 200} }
			},
			wantErr: []string{"RGB3 100x50 has 200 bytes per line, want 300.."}},
		{name: "yu12 odd height", cfg: Config{Width: 100, Height: 51, Format: pixel.FormatI420},
			cam:     func(f *fakeCam) { f.descs = []formatDesc{{fcc: fmtYU12}} },
			wantErr: []string{"i420 needs an even stride and even rows"}},
		{name: "rgba not sent", cfg: Config{Format: pixel.FormatRGBA}, wantErr: []string{"cannot send rgba"}},
		{name: "size out of range", cfg: Config{Width: -1, Height: 480}, wantErr: []string{"size -1x480 out of range"}},
		{name: "fps NaN", cfg: Config{FPS: math.NaN()}, wantErr: []string{"fps NaN out of range"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeCam(16)
			if tc.cam != nil {
				tc.cam(f)
			}
			s, err := openWith(tc.cfg, f.open)
			if tc.wantErr != nil {
				if err == nil {
					s.Close()
					t.Fatalf("opened with layout %v, want an error", s.Hello().Layout)
				}
				for _, w := range tc.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not say %q", err, w)
					}
				}
				if f.closes != f.opens {
					t.Errorf("camera opened %d times and closed %d after a failed open", f.opens, f.closes)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(f.asked) == 0 || f.asked[0] != tc.asked {
				t.Errorf("asked the camera %q, want %q first", f.asked, tc.asked)
			}
			if got := s.Hello().Layout; got != tc.layout {
				t.Errorf("layout %v, want %v", got, tc.layout)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			f.check(t, true)
		})
	}
}

func TestOpenErrors(t *testing.T) {
	busy := syscall.EBUSY
	defer func(old func() []string) { videoNodes = old }(videoNodes)
	videoNodes = func() []string { return []string{"/dev/video0", "/dev/video1"} }
	tests := []struct {
		name    string
		openErr error  // the opener fails with it
		at      string // or this fake method fails with err
		err     error
		want    string
		is      error
	}{
		{name: "no such device", openErr: &fs.PathError{Op: "open", Path: "/dev/video0", Err: syscall.ENOENT},
			want: "no camera at /dev/video0 (found: /dev/video0, /dev/video1): open /dev/video0: no such file or directory", is: fs.ErrNotExist},
		{name: "busy at open", openErr: busy, want: "camera /dev/video0 is busy (another program is using it)", is: busy},
		{name: "busy at set format", at: "setFormat", err: busy, want: "camera /dev/video0 is busy (another program is using it)", is: busy},
		{name: "every format refused: the first refusal", at: "setFormat", err: syscall.EINVAL,
			want: "camera /dev/video0: set format MJPG 640x480: invalid argument", is: syscall.EINVAL},
		{name: "busy at set fps", at: "setFPS", err: busy, want: "camera /dev/video0 is busy (another program is using it)", is: busy},
		{name: "busy at start", at: "start", err: busy, want: "camera /dev/video0 is busy (another program is using it)", is: busy},
		{name: "no permission", openErr: &fs.PathError{Op: "open", Path: "/dev/video0", Err: syscall.EACCES},
			want: "no permission to open camera /dev/video0 (add the user to the video group)", is: fs.ErrPermission},
		{name: "not a capture node", openErr: errNotCapture, want: "camera /dev/video0: not a video capture device with streaming I/O (found: /dev/video0, /dev/video1)", is: errNotCapture},
		{name: "not built", openErr: errUnsupported, want: "the V4L2 camera source needs Linux (built with cgo)", is: errUnsupported},
		{name: "formats fail", at: "formats", err: syscall.EIO, want: "camera /dev/video0: list formats: input/output error", is: syscall.EIO},
		{name: "start fails", at: "start", err: syscall.ENOMEM, want: "camera /dev/video0: start streaming: cannot allocate memory", is: syscall.ENOMEM},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeCam(16)
			f.errAt[tc.at] = tc.err
			open := f.open
			if tc.openErr != nil {
				open = func(string) (device, error) { return nil, tc.openErr }
			}
			_, err := openWith(Config{Device: "/dev/video0"}, open)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || !errors.Is(err, tc.is) {
				t.Fatalf("error %v, want one starting %q and wrapping %v", err, tc.want, tc.is)
			}
			if f.closes != f.opens {
				t.Errorf("camera opened %d times, closed %d", f.opens, f.closes)
			}
		})
	}
}

func TestAdvice(t *testing.T) {
	pi := deviceInfo{driver: "bm2835 mmal", card: "mmal service 16.1"}
	tests := []struct {
		in   deviceInfo
		pf   pixFormat
		want string
	}{
		{pi, pixFormat{fcc: fmtYU12, width: 1920, height: 1080}, "YU12 at 1920x1080: the legacy Pi camera driver captures raw formats above 1280x720 through the still port"},
		{pi, pixFormat{fcc: fmtYUYV, width: 1280, height: 960}, "YUYV at 1280x960"},
		{pi, pixFormat{fcc: fmtYU12, width: 1280, height: 720}, ""},
		{pi, pixFormat{fcc: fmtMJPG, width: 1920, height: 1080}, ""},
		{deviceInfo{driver: "uvcvideo"}, pixFormat{fcc: fmtYUYV, width: 1920, height: 1080}, ""},
	}
	for _, tc := range tests {
		got := strings.Join(advice(tc.in, tc.pf), "\n")
		if tc.want == "" && got != "" || !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s, %s %dx%d: %q, want %q", tc.in.driver, tc.pf.fcc.Code(), tc.pf.width, tc.pf.height, got, tc.want)
		}
	}
	f := newFakeCam(64)
	s := openFake(t, f, Config{})
	defer s.Close()
	if n := s.Notes(); len(n) != 0 {
		t.Errorf("notes for the fake's MJPEG: %q", n)
	}
}
