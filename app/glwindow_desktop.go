//go:build !android && !ios && !wasm && !js

package app

import (
	"fmt"

	"github.com/go-gl/glfw/v3.3/glfw"
)

// dropDepthBuffer asks GLFW for windows without a depth or stencil buffer.
// Fyne never tests depth or stencil, yet GLFW's defaults give each window
// a 24-bit depth and 8-bit stencil buffer, and Fyne's painter clears the
// depth buffer with the colour before every frame. A depth clear that
// keeps the stencil bits is a masked write of every pixel: under Mesa's
// llvmpipe (software rendering: Xvfb, VMs, remote desktops) it cost about
// 1 ms a frame in an 800x600 window, a tenth of the viewer's CPU; with no
// depth buffer the clear does nothing. On a GPU it saves the memory.
//
// GLFW keeps window hints until they are reset, and Fyne sets its own
// without resetting the rest, so this holds for every window created
// after it. It must run on the main thread after GLFW is initialised
// (Fyne does that in its first NewWindow) and before the window is shown.
// When GLFW did not initialise (no display) it returns an error instead of
// go-gl's panic, and Fyne reports the display itself.
func dropDepthBuffer() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("asking for a window without a depth buffer: %v", r)
		}
	}()
	glfw.WindowHint(glfw.DepthBits, 0)
	glfw.WindowHint(glfw.StencilBits, 0)
	return nil
}
