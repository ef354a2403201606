package v4l2

// Vidstream's regression test for its go:uintptrescapes patch to ioctl and
// send (see VIDSTREAM.md). It needs no camera: FIONREAD on a pipe writes an
// int through the same path as every V4L2 request.

import (
	"os"
	"testing"
	"unsafe"

	sys "golang.org/x/sys/unix"
)

// inq asks for the bytes waiting in the pipe r with a struct on the stack,
// as go4vl passes its C structs.
func inq(r uintptr) int32 {
	var n struct {
		v   int32
		pad [60]int32
	}
	if err := send(r, sys.TIOCINQ, uintptr(unsafe.Pointer(&n))); err != nil {
		panic(err)
	}
	return n.v
}

// inqAt calls inq under depth frames of 64 bytes, so that across calls the
// goroutine's stack ends, and has to grow, at every possible point.
func inqAt(depth int, r uintptr) int32 {
	var pad [64]byte
	if depth > 0 {
		return inqAt(depth-1, r) + int32(pad[depth%64])
	}
	return inq(r)
}

func TestSendKeepsItsArgumentAlive(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if _, err := w.Write(make([]byte, 7)); err != nil {
		t.Fatal(err)
	}
	bad := 0
	for depth := 0; depth < 2000; depth++ {
		got := make(chan int32)
		go func() { got <- inqAt(depth, r.Fd()) }() // a fresh, small stack
		if n := <-got; n != 7 {
			bad++
		}
	}
	if bad > 0 {
		t.Fatalf("%d of 2000 requests lost the kernel's answer (the struct moved with the stack)", bad)
	}
}
