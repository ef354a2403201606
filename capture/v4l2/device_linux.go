//go:build linux && cgo

package v4l2

// The go4vl-backed device. It uses go4vl's v4l2 layer (formats, sizes,
// S_FMT, S_PARM, REQBUFS, QUERYBUF, QBUF/DQBUF, STREAMON/OFF) and drives
// the mmap buffers itself rather than through device.GetFrames: GetFrames
// copies every frame into a pooled heap buffer, requeues at once, drops the
// newest frame when its channel is full, and its Stop returns early once
// the capture goroutine has ended, leaving the buffers mapped. Here a
// dequeued buffer stays the caller's until release, so JPEG, YU12 and RGB
// frames are not copied at all. Opening and the driver's lists are here,
// streaming in buffers_linux.go.

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"unsafe"

	vdev "github.com/vladimirvivien/go4vl/device"
	go4vl "github.com/vladimirvivien/go4vl/v4l2"
	"golang.org/x/sys/unix"

	"github.com/vidstream/vidstream/wire/pixel"
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

// Available reports whether this build has the V4L2 camera device (go4vl's,
// on Linux with cgo). Without it Open and List return errUnsupported.
const Available = true

// openPlatformDevice opens the V4L2 camera at path.
func openPlatformDevice(path string) (device, error) {
	if err := checkCaptureNode(path); err != nil {
		return nil, err
	}
	d, err := vdev.Open(path, vdev.WithBufferSize(numBuffers))
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
	fd, err := go4vl.OpenDevice(path, unix.O_RDWR|unix.O_NONBLOCK, 0)
	if err != nil {
		return err
	}
	c, err := go4vl.GetCapability(fd)
	cerr := go4vl.CloseDevice(fd)
	// ENOTTY: not V4L2 at all. ENOSYS: the same from qemu-user, which answers
	// ioctls it does not translate with it (the Pi tests run picam there).
	if errors.Is(err, go4vl.ErrorUnsupported) || errors.Is(err, unix.ENOSYS) {
		return fmt.Errorf("%s is not a V4L2 device: %w", path, errNotCapture)
	}
	if err != nil {
		return fmt.Errorf("querying capabilities: %w", err)
	}
	if caps := c.GetCapabilities(); caps&go4vl.CapVideoCapture == 0 || caps&go4vl.CapStreaming == 0 {
		return fmt.Errorf("%s (driver %s): %w", c.Card, c.Driver, errNotCapture)
	}
	return cerr
}

func (d *linuxDevice) info() deviceInfo {
	c := d.dev.Capability()
	return deviceInfo{driver: c.Driver, card: c.Card, bus: c.BusInfo}
}

// isEnd reports whether err ends a driver's list (EINVAL at the next index).
func isEnd(err error) bool { return errors.Is(err, go4vl.ErrorBadArgument) }

func (d *linuxDevice) formats() ([]formatDesc, error) {
	var out []formatDesc
	for i := uint32(0); i < maxEnumFormats; i++ {
		fd, err := go4vl.GetFormatDescription(d.fd, i)
		if isEnd(err) {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, formatDesc{
			fcc: pixel.Format(fd.PixelFormat), desc: fd.Description,
			compressed: fd.Flags&go4vl.FmtDescFlagCompressed != 0,
			emulated:   fd.Flags&go4vl.FmtDescFlagEmulated != 0,
		})
	}
	return out, nil
}

func (d *linuxDevice) frameSizes(f pixel.Format) ([]frameSize, error) {
	var out []frameSize
	for i := uint32(0); i < maxEnumSizes; i++ {
		fs, err := go4vl.GetFormatFrameSize(d.fd, i, uint32(f))
		if isEnd(err) || errors.Is(err, go4vl.ErrorUnsupported) {
			break
		}
		if err != nil {
			return nil, err
		}
		z := fs.Size
		s := frameSize{minW: int(z.MinWidth), minH: int(z.MinHeight), maxW: int(z.MaxWidth), maxH: int(z.MaxHeight)}
		if fs.Type != go4vl.FrameSizeTypeDiscrete {
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
var vidiocEnumFrameIntervals = iowr('V', 75, unsafe.Sizeof(frmivalenum{}))

// iowr is the kernel's _IOWR: the direction bits differ on mips and powerpc.
func iowr(typ, nr, size uintptr) uintptr {
	switch runtime.GOARCH {
	case "mips", "mipsle", "mips64", "mips64le", "ppc64", "ppc64le":
		return (2|4)<<29 | size<<16 | typ<<8 | nr
	}
	return 3<<30 | size<<16 | typ<<8 | nr
}

func (d *linuxDevice) frameRates(f pixel.Format, w, h int) ([]frameRate, error) {
	var out []frameRate
	for i := uint32(0); i < maxEnumRates; i++ {
		e := frmivalenum{index: i, pixelFormat: uint32(f), width: uint32(w), height: uint32(h)}
		err := ioctl(d.fd, vidiocEnumFrameIntervals, unsafe.Pointer(&e))
		if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOTTY) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("frame intervals: %w", err)
		}
		if e.typ == go4vl.FrameIntervalTypeDiscrete {
			r := fraction{e.u[0], e.u[1]}
			out = append(out, frameRate{min: r, max: r})
			continue
		}
		return append(out, frameRate{stepwise: true, min: fraction{e.u[0], e.u[1]}, max: fraction{e.u[2], e.u[3]}}), nil
	}
	return out, nil
}

// ioctl calls ioctl(fd, req, arg), retrying on EINTR.
func ioctl(fd, req uintptr, arg unsafe.Pointer) error {
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

func (d *linuxDevice) setFormat(f pixel.Format, w, h int) (pixFormat, error) {
	err := go4vl.SetPixFormat(d.fd, go4vl.PixFormat{Width: uint32(w), Height: uint32(h), PixelFormat: uint32(f), Field: go4vl.FieldNone})
	if err != nil {
		return pixFormat{}, err
	}
	pf, err := go4vl.GetPixFormat(d.fd) // the driver may have changed what was asked
	if err != nil {
		return pixFormat{}, err
	}
	return pixFormat{fcc: pixel.Format(pf.PixelFormat), width: int(pf.Width), height: int(pf.Height), bpl: int(pf.BytesPerLine)}, nil
}

func (d *linuxDevice) setFPS(fps float64) (float64, error) {
	if fps > 0 {
		t := go4vl.Fract{Numerator: 1, Denominator: uint32(fps)}
		if fps != float64(uint32(fps)) {
			// In thousandths; at least 1/1000 fps, as 0 would ask for the default.
			t = go4vl.Fract{Numerator: 1000, Denominator: max(1, uint32(fps*1000+0.5))}
		}
		p := go4vl.StreamParam{Capture: go4vl.CaptureParam{TimePerFrame: t}}
		err := go4vl.SetStreamParam(d.fd, go4vl.BufTypeVideoCapture, p)
		if err != nil && !errors.Is(err, go4vl.ErrorUnsupported) && !errors.Is(err, go4vl.ErrorBadArgument) {
			return 0, err
		}
	}
	p, err := go4vl.GetStreamParam(d.fd, go4vl.BufTypeVideoCapture)
	if err != nil {
		return 0, nil // the driver does not say: unknown
	}
	tf := p.Capture.TimePerFrame
	return fraction{tf.Numerator, tf.Denominator}.fps(), nil
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

// control returns the control's value and range (VIDIOC_QUERYCTRL, G_CTRL).
func (d *linuxDevice) control(id uint32) (ctrlInfo, error) {
	c, err := go4vl.GetControl(d.fd, go4vl.CtrlID(id))
	if err != nil {
		return ctrlInfo{}, err
	}
	return ctrlInfo{value: int32(c.Value), min: c.Minimum, max: c.Maximum}, nil
}

// setControl sets the control (VIDIOC_S_CTRL, after checking its range).
func (d *linuxDevice) setControl(id uint32, v int32) error {
	return go4vl.SetControlValue(d.fd, go4vl.CtrlID(id), go4vl.CtrlValue(v))
}
