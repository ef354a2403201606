//go:build linux && cgo && go4vl

package capture

// The go4vl-backed device. It uses go4vl's v4l2 layer (formats, sizes,
// S_FMT, S_PARM, REQBUFS, QUERYBUF, QBUF/DQBUF, STREAMON/OFF) and drives
// the mmap buffers itself rather than through device.GetFrames: GetFrames
// copies every frame into a pooled heap buffer, requeues at once, drops the
// newest frame when its channel is full, and its Stop returns early once
// the capture goroutine has ended, leaving the buffers mapped. Here a
// dequeued buffer stays the caller's until release, so JPEG, YU12 and RGB
// frames are not copied at all.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
	"unsafe"

	vdev "github.com/vladimirvivien/go4vl/device"
	"github.com/vladimirvivien/go4vl/v4l2"
	"golang.org/x/sys/unix"
)

// Caps on the driver's lists, so a driver that never ends one cannot hang
// picam, and on the buffers it may grant.
const (
	maxEnumFormats = 64
	maxEnumSizes   = 256
	maxEnumRates   = 256
	maxBuffers     = 32
)

// linuxDevice is a V4L2 camera opened with go4vl.
type linuxDevice struct {
	dev  *vdev.Device
	fd   uintptr
	bufs [][]byte // the mapped driver buffers while streaming
	fds  [2]unix.PollFd

	wakeMu sync.Mutex // guards wake against interrupt racing close
	wake   int        // eventfd that interrupts a waiting dequeue; -1 once closed
	one    [8]byte
}

// v4l2Available says whether this build has the go4vl camera device.
const v4l2Available = true

// openPlatformDevice opens the V4L2 camera at path.
func openPlatformDevice(path string) (device, error) {
	if err := checkCaptureNode(path); err != nil {
		return nil, err
	}
	d, err := vdev.Open(path, vdev.WithBufferSize(v4l2Buffers))
	if err != nil {
		return nil, err
	}
	wake, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("eventfd: %w", err), d.Close())
	}
	ld := &linuxDevice{dev: d, fd: d.Fd(), wake: wake}
	ld.one[0] = 1 // eventfd adds a native uint64; any non-zero value wakes
	if runtimeBigEndian() {
		ld.one = [8]byte{7: 1}
	}
	ld.fds = [2]unix.PollFd{{Fd: int32(ld.fd), Events: unix.POLLIN}, {Fd: int32(wake), Events: unix.POLLIN}}
	return ld, nil
}

// runtimeBigEndian reports whether the machine stores integers big-endian.
func runtimeBigEndian() bool {
	switch runtime.GOARCH {
	case "mips", "mips64", "ppc64", "s390x":
		return true
	}
	return false
}

// checkCaptureNode fails unless path is a character device whose node
// captures video with streaming I/O. go4vl's Open checks the device-wide
// capabilities (so a UVC webcam's metadata node passes) and keeps its file
// open when some checks fail.
func checkCaptureNode(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode()&os.ModeCharDevice == 0 {
		return fmt.Errorf("%s is not a device: %w", path, errNotCapture)
	}
	fd, err := v4l2.OpenDevice(path, unix.O_RDWR|unix.O_NONBLOCK, 0)
	if err != nil {
		return err
	}
	c, err := v4l2.GetCapability(fd)
	cerr := v4l2.CloseDevice(fd)
	// ENOTTY: not V4L2 at all. ENOSYS: the same from qemu-user, which answers
	// ioctls it does not translate with it (the Pi tests run picam there).
	if errors.Is(err, v4l2.ErrorUnsupported) || errors.Is(err, unix.ENOSYS) {
		return fmt.Errorf("%s is not a V4L2 device: %w", path, errNotCapture)
	}
	if err != nil {
		return fmt.Errorf("querying capabilities: %w", err)
	}
	if caps := c.GetCapabilities(); caps&v4l2.CapVideoCapture == 0 || caps&v4l2.CapStreaming == 0 {
		return fmt.Errorf("%s (driver %s): %w", c.Card, c.Driver, errNotCapture)
	}
	return cerr
}

func (d *linuxDevice) info() v4l2Info {
	c := d.dev.Capability()
	return v4l2Info{driver: c.Driver, card: c.Card, bus: c.BusInfo}
}

// v4l2IsEnd reports whether err ends a driver's list (EINVAL at the next index).
func v4l2IsEnd(err error) bool { return errors.Is(err, v4l2.ErrorBadArgument) }

func (d *linuxDevice) formats() ([]v4l2FormatDesc, error) {
	var out []v4l2FormatDesc
	for i := uint32(0); i < maxEnumFormats; i++ {
		fd, err := v4l2.GetFormatDescription(d.fd, i)
		if v4l2IsEnd(err) {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v4l2FormatDesc{
			fcc: fourCC(fd.PixelFormat), desc: fd.Description,
			compressed: fd.Flags&v4l2.FmtDescFlagCompressed != 0,
			emulated:   fd.Flags&v4l2.FmtDescFlagEmulated != 0,
		})
	}
	return out, nil
}

func (d *linuxDevice) frameSizes(f fourCC) ([]v4l2FrameSize, error) {
	var out []v4l2FrameSize
	for i := uint32(0); i < maxEnumSizes; i++ {
		fs, err := v4l2.GetFormatFrameSize(d.fd, i, uint32(f))
		if v4l2IsEnd(err) || errors.Is(err, v4l2.ErrorUnsupported) {
			break
		}
		if err != nil {
			return nil, err
		}
		z := fs.Size
		s := v4l2FrameSize{minW: int(z.MinWidth), minH: int(z.MinHeight), maxW: int(z.MaxWidth), maxH: int(z.MaxHeight)}
		if fs.Type != v4l2.FrameSizeTypeDiscrete {
			s.stepwise, s.stepW, s.stepH = true, int(z.StepWidth), int(z.StepHeight)
			return append(out, s), nil // a range is the only entry
		}
		out = append(out, s)
	}
	return out, nil
}

// frmivalenum is struct v4l2_frmivalenum. go4vl v0.5.0 reads its stepwise
// union one v4l2_fract too far (losing the fastest rate), so picam asks
// VIDIOC_ENUM_FRAMEINTERVALS itself.
type frmivalenum struct {
	index, pixelFormat, width, height, typ uint32
	u                                      [6]uint32 // discrete num, den; or stepwise min, max, step
	reserved                               [2]uint32
}

// vidiocEnumFrameIntervals is _IOWR('V', 75, struct v4l2_frmivalenum).
var vidiocEnumFrameIntervals = v4l2IOWR('V', 75, unsafe.Sizeof(frmivalenum{}))

// v4l2IOWR is the kernel's _IOWR: the direction bits differ on mips and powerpc.
func v4l2IOWR(typ, nr, size uintptr) uintptr {
	switch runtime.GOARCH {
	case "mips", "mipsle", "mips64", "mips64le", "ppc64", "ppc64le":
		return (2|4)<<29 | size<<16 | typ<<8 | nr
	}
	return 3<<30 | size<<16 | typ<<8 | nr
}

func (d *linuxDevice) frameRates(f fourCC, w, h int) ([]v4l2FrameRate, error) {
	var out []v4l2FrameRate
	for i := uint32(0); i < maxEnumRates; i++ {
		e := frmivalenum{index: i, pixelFormat: uint32(f), width: uint32(w), height: uint32(h)}
		err := v4l2Ioctl(d.fd, vidiocEnumFrameIntervals, unsafe.Pointer(&e))
		if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOTTY) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("frame intervals: %w", err)
		}
		if e.typ == v4l2.FrameIntervalTypeDiscrete {
			r := v4l2Fraction{e.u[0], e.u[1]}
			out = append(out, v4l2FrameRate{min: r, max: r})
			continue
		}
		return append(out, v4l2FrameRate{stepwise: true, min: v4l2Fraction{e.u[0], e.u[1]}, max: v4l2Fraction{e.u[2], e.u[3]}}), nil
	}
	return out, nil
}

// v4l2Ioctl calls ioctl(fd, req, arg), retrying on EINTR.
func v4l2Ioctl(fd, req uintptr, arg unsafe.Pointer) error {
	for {
		_, _, e := unix.Syscall(unix.SYS_IOCTL, fd, req, uintptr(arg))
		switch e {
		case 0:
			return nil
		case unix.EINTR:
			continue
		}
		return e
	}
}

func (d *linuxDevice) setFormat(f fourCC, w, h int) (v4l2PixFormat, error) {
	err := v4l2.SetPixFormat(d.fd, v4l2.PixFormat{Width: uint32(w), Height: uint32(h), PixelFormat: uint32(f), Field: v4l2.FieldNone})
	if err != nil {
		return v4l2PixFormat{}, err
	}
	pf, err := v4l2.GetPixFormat(d.fd) // the driver may have changed what was asked
	if err != nil {
		return v4l2PixFormat{}, err
	}
	return v4l2PixFormat{fcc: fourCC(pf.PixelFormat), width: int(pf.Width), height: int(pf.Height), bpl: int(pf.BytesPerLine)}, nil
}

func (d *linuxDevice) setFPS(fps float64) (float64, error) {
	if fps > 0 {
		t := v4l2.Fract{Numerator: 1, Denominator: uint32(fps)}
		if fps != float64(uint32(fps)) {
			// In thousandths; at least 1/1000 fps, as 0 would ask for the default.
			t = v4l2.Fract{Numerator: 1000, Denominator: max(1, uint32(fps*1000+0.5))}
		}
		p := v4l2.StreamParam{Capture: v4l2.CaptureParam{TimePerFrame: t}}
		err := v4l2.SetStreamParam(d.fd, v4l2.BufTypeVideoCapture, p)
		if err != nil && !errors.Is(err, v4l2.ErrorUnsupported) && !errors.Is(err, v4l2.ErrorBadArgument) {
			return 0, err
		}
	}
	p, err := v4l2.GetStreamParam(d.fd, v4l2.BufTypeVideoCapture)
	if err != nil {
		return 0, nil // the driver does not say: unknown
	}
	tf := p.Capture.TimePerFrame
	return v4l2Fraction{tf.Numerator, tf.Denominator}.fps(), nil
}

func (d *linuxDevice) start() error {
	req, err := v4l2.InitBuffers(d.dev)
	if err != nil {
		return err
	}
	if req.Count < 1 || req.Count > maxBuffers {
		return errors.Join(fmt.Errorf("the driver granted %d buffers, want 1..%d", req.Count, maxBuffers), d.unmap(true))
	}
	for i := uint32(0); i < req.Count; i++ {
		b, err := v4l2.GetBuffer(d.dev, i)
		if err != nil {
			return errors.Join(err, d.unmap(true))
		}
		m, err := unix.Mmap(int(d.fd), int64(b.Info.Offset), int(b.Length), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
		if err != nil {
			return errors.Join(fmt.Errorf("mmap buffer %d: %w", i, err), d.unmap(true))
		}
		d.bufs = append(d.bufs, m)
	}
	for i := range d.bufs {
		if _, err := v4l2.QueueBuffer(d.fd, v4l2.IOTypeMMAP, v4l2.BufTypeVideoCapture, uint32(i)); err != nil {
			return errors.Join(err, d.unmap(true))
		}
	}
	if err := v4l2.StreamOn(d.dev); err != nil {
		return errors.Join(err, d.unmap(true))
	}
	return nil
}

// unmap releases the driver's buffers and frees them in the driver
// (REQBUFS 0). Unless outright, each mapping is replaced by anonymous memory
// rather than unmapped (keeping its address range, untouched, until the
// process ends), so a frame still being read by another goroutine when the
// source is closed reads stale bytes instead of faulting, whichever buffer
// it came from. Outright is for when nothing reads them: a camera closed to
// be opened again must not leave its address range behind each time, which
// a 32-bit process would soon run out of.
func (d *linuxDevice) unmap(outright bool) error {
	var errs []error
	for _, b := range d.bufs {
		if len(b) > 0 && !outright {
			_, err := unix.MmapPtr(-1, 0, unsafe.Pointer(&b[0]), uintptr(len(b)),
				unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_FIXED)
			if err == nil {
				continue
			}
		}
		if err := unix.Munmap(b); err != nil {
			errs = append(errs, fmt.Errorf("munmap: %w", err))
		}
	}
	d.bufs = nil
	if _, err := v4l2.ResetBuffers(d.dev); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (d *linuxDevice) dequeue(ctx context.Context, wait bool) (v4l2Buffer, error) {
	if wait {
		stop := context.AfterFunc(ctx, d.interrupt)
		defer stop()
	}
	for {
		if wait && ctx.Err() != nil {
			return v4l2Buffer{}, ctx.Err()
		}
		b, err := v4l2.DequeueBuffer(d.fd, v4l2.IOTypeMMAP, v4l2.BufTypeVideoCapture)
		if err == nil {
			return d.raw(b)
		}
		if errors.Is(err, v4l2.ErrorSystem) { // go4vl's name for ENODEV, EIO, ...
			return v4l2Buffer{}, fmt.Errorf("the camera failed or was unplugged: %w", err)
		}
		if !errors.Is(err, unix.EAGAIN) {
			return v4l2Buffer{}, err
		}
		if !wait {
			return v4l2Buffer{}, errNoBuffer
		}
		if err := d.poll(); err != nil {
			return v4l2Buffer{}, err
		}
	}
}

// poll waits until the camera has a buffer, fails, or interrupt is called.
func (d *linuxDevice) poll() error {
	d.fds[0].Revents, d.fds[1].Revents = 0, 0
	if _, err := unix.Poll(d.fds[:], -1); err != nil && !errors.Is(err, unix.EINTR) {
		return fmt.Errorf("poll: %w", err)
	}
	if d.fds[1].Revents != 0 {
		var b [8]byte
		_, _ = unix.Read(d.wake, b[:]) // reset the eventfd; the caller rechecks ctx
	}
	if r := d.fds[0].Revents; r&(unix.POLLERR|unix.POLLHUP|unix.POLLNVAL) != 0 && r&unix.POLLIN == 0 {
		return fmt.Errorf("the camera stopped delivering frames (poll events 0x%x)", r)
	}
	return nil
}

// interrupt wakes a waiting poll; it may run on any goroutine, even after close.
func (d *linuxDevice) interrupt() {
	d.wakeMu.Lock()
	defer d.wakeMu.Unlock()
	if d.wake >= 0 {
		_, _ = unix.Write(d.wake, d.one[:])
	}
}

// raw checks a dequeued buffer and returns it with its data and wall-clock time.
func (d *linuxDevice) raw(b v4l2.Buffer) (v4l2Buffer, error) {
	if int(b.Index) >= len(d.bufs) {
		return v4l2Buffer{}, fmt.Errorf("the driver returned buffer %d of %d", b.Index, len(d.bufs))
	}
	r := v4l2Buffer{index: int(b.Index), bad: b.Flags&v4l2.BufFlagError != 0, time: d.wallTime(b)}
	if m := d.bufs[r.index]; uint64(b.BytesUsed) <= uint64(len(m)) { // no int overflow on 32-bit
		r.data = m[:b.BytesUsed]
	} else {
		r.bad = true
	}
	return r, nil
}

// wallTime converts the buffer's capture time to the wall clock when it is
// on the monotonic clock (UVC, bcm2835); otherwise it returns zero (now).
func (d *linuxDevice) wallTime(b v4l2.Buffer) time.Time {
	if b.Flags&v4l2.BufFlagTimestampMask != v4l2.BufFlagTimestampMonotonic || (b.Timestamp.Sec == 0 && b.Timestamp.Usec == 0) {
		return time.Time{}
	}
	var now unix.Timespec
	if unix.ClockGettime(unix.CLOCK_MONOTONIC, &now) != nil {
		return time.Time{}
	}
	age := time.Duration(now.Nano() - b.Timestamp.Nano())
	if age < 0 || age > 10*time.Second {
		return time.Time{}
	}
	return time.Now().Add(-age)
}

func (d *linuxDevice) release(index int) error {
	if index < 0 || index >= len(d.bufs) {
		return fmt.Errorf("no buffer %d of %d", index, len(d.bufs))
	}
	_, err := v4l2.QueueBuffer(d.fd, v4l2.IOTypeMMAP, v4l2.BufTypeVideoCapture, uint32(index))
	return err
}

func (d *linuxDevice) stop(outright bool) error {
	if d.bufs == nil {
		return nil
	}
	return errors.Join(v4l2.StreamOff(d.dev), d.unmap(outright))
}

func (d *linuxDevice) close() error {
	err := d.stop(false)
	d.wakeMu.Lock()
	if d.wake >= 0 {
		err = errors.Join(err, unix.Close(d.wake))
		d.wake = -1
	}
	d.wakeMu.Unlock()
	return errors.Join(err, d.dev.Close())
}
