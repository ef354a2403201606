//go:build !linux && !(darwin && cgo)

package discover

import (
	"context"
	"errors"
	"runtime"
)

// autoBackend is the Go responder: this system has neither Avahi nor, in
// this build, Bonjour.
func autoBackend(_ context.Context, c Config, logf logFunc) backend {
	return &responder{ifaces: c.Interfaces, logf: logf}
}

func avahiBackend(context.Context, logFunc) (backend, error) {
	return nil, errors.New("the Avahi backend is for Linux only")
}

func bonjourBackend(logFunc) (backend, error) {
	if runtime.GOOS == "darwin" {
		return nil, errors.New("the Bonjour backend needs a build with cgo")
	}
	return nil, errors.New("the Bonjour backend is for macOS only")
}
