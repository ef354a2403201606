package app

import "testing"

// Without GLFW initialised (no window was ever asked for) the hint is an
// error to log, not go-gl's panic.
func TestDropDepthBufferBeforeGLFW(t *testing.T) {
	if err := dropDepthBuffer(); err == nil {
		t.Fatal("dropDepthBuffer before glfw.Init returned no error")
	}
}
