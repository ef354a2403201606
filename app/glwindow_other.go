//go:build android || ios || wasm || js

package app

// dropDepthBuffer does nothing where Fyne does not draw through GLFW.
func dropDepthBuffer() error { return nil }
