//go:build linux && cgo

package v4l2

// The go4vl device's streaming: the driver's mmap buffers, mapped, queued,
// dequeued (waiting in poll, woken by an eventfd) and given back, and
// unmapped when streaming stops.

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unsafe"

	go4vl "github.com/vladimirvivien/go4vl/v4l2"
	"golang.org/x/sys/unix"
)

func (d *linuxDevice) start() error {
	req, err := go4vl.InitBuffers(d.dev)
	if err != nil {
		return err
	}
	if req.Count < 1 || req.Count > maxBuffers {
		return errors.Join(fmt.Errorf("the driver granted %d buffers, want 1..%d", req.Count, maxBuffers), d.unmap(true))
	}
	for i := uint32(0); i < req.Count; i++ {
		b, err := go4vl.GetBuffer(d.dev, i)
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
		if _, err := go4vl.QueueBuffer(d.fd, go4vl.IOTypeMMAP, go4vl.BufTypeVideoCapture, uint32(i)); err != nil {
			return errors.Join(err, d.unmap(true))
		}
	}
	if err := go4vl.StreamOn(d.dev); err != nil {
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
	if _, err := go4vl.ResetBuffers(d.dev); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (d *linuxDevice) dequeue(ctx context.Context, wait bool) (buffer, error) {
	if wait {
		stop := context.AfterFunc(ctx, d.interrupt)
		defer stop()
	}
	for {
		if wait && ctx.Err() != nil {
			return buffer{}, ctx.Err()
		}
		b, err := go4vl.DequeueBuffer(d.fd, go4vl.IOTypeMMAP, go4vl.BufTypeVideoCapture)
		if err == nil {
			return d.raw(b)
		}
		if errors.Is(err, go4vl.ErrorSystem) { // go4vl's name for ENODEV, EIO, ...
			return buffer{}, fmt.Errorf("the camera failed or was unplugged: %w", err)
		}
		if !errors.Is(err, unix.EAGAIN) {
			return buffer{}, err
		}
		if !wait {
			return buffer{}, errNoBuffer
		}
		if err := d.poll(); err != nil {
			return buffer{}, err
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
func (d *linuxDevice) raw(b go4vl.Buffer) (buffer, error) {
	if int(b.Index) >= len(d.bufs) {
		return buffer{}, fmt.Errorf("the driver returned buffer %d of %d", b.Index, len(d.bufs))
	}
	r := buffer{index: int(b.Index), bad: b.Flags&go4vl.BufFlagError != 0, time: d.wallTime(b)}
	if m := d.bufs[r.index]; uint64(b.BytesUsed) <= uint64(len(m)) { // no int overflow on 32-bit
		r.data = m[:b.BytesUsed]
	} else {
		r.bad = true
	}
	return r, nil
}

// wallTime converts the buffer's capture time to the wall clock when it is
// on the monotonic clock (UVC, bcm2835); otherwise it returns zero (now).
func (d *linuxDevice) wallTime(b go4vl.Buffer) time.Time {
	if b.Flags&go4vl.BufFlagTimestampMask != go4vl.BufFlagTimestampMonotonic || (b.Timestamp.Sec == 0 && b.Timestamp.Usec == 0) {
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
	_, err := go4vl.QueueBuffer(d.fd, go4vl.IOTypeMMAP, go4vl.BufTypeVideoCapture, uint32(index))
	return err
}

func (d *linuxDevice) stop(outright bool) error {
	if d.bufs == nil {
		return nil
	}
	return errors.Join(go4vl.StreamOff(d.dev), d.unmap(outright))
}
