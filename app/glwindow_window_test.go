//go:build window

package app

import (
	"os"
	"runtime"
	"testing"

	"github.com/go-gl/gl/v2.1/gl"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// GLFW and GL run on the main thread: TestMain is there (init locked it),
// so the window is made and measured before the tests run, under the
// X display make window gives (Xvfb).
func init() { runtime.LockOSThread() }

var depthBits, stencilBits, glErr = -1, -1, error(nil)

func TestMain(m *testing.M) {
	depthBits, stencilBits, glErr = windowBuffers()
	os.Exit(m.Run())
}

// windowBuffers opens a hidden GLFW window the way Fyne does, after
// dropDepthBuffer, and asks GL how many depth and stencil bits it has.
func windowBuffers() (depth, stencil int, err error) {
	if err := glfw.Init(); err != nil {
		return -1, -1, err
	}
	defer glfw.Terminate()
	if err := dropDepthBuffer(); err != nil {
		return -1, -1, err
	}
	glfw.WindowHint(glfw.Visible, glfw.False)
	glfw.WindowHint(glfw.ContextVersionMajor, 2)
	glfw.WindowHint(glfw.ContextVersionMinor, 1)
	w, err := glfw.CreateWindow(64, 64, "depth", nil, nil)
	if err != nil {
		return -1, -1, err
	}
	defer w.Destroy()
	w.MakeContextCurrent()
	if err := gl.Init(); err != nil {
		return -1, -1, err
	}
	var d, s int32
	gl.GetIntegerv(gl.DEPTH_BITS, &d)
	gl.GetIntegerv(gl.STENCIL_BITS, &s)
	return int(d), int(s), nil
}

func TestWindowHasNoDepthBuffer(t *testing.T) {
	if glErr != nil {
		t.Fatalf("opening a GL window: %v", glErr)
	}
	if depthBits != 0 || stencilBits != 0 {
		t.Fatalf("window has %d depth and %d stencil bits, want none", depthBits, stencilBits)
	}
}
