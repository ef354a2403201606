//go:build linux

package discover

import (
	"context"
	"errors"
)

// autoBackend is Avahi when its daemon runs (a second responder beside it
// could lose port 5353 to it), the Go responder otherwise.
func autoBackend(ctx context.Context, c Config, logf logFunc) backend {
	if b, err := avahiBackend(ctx, logf); err == nil {
		return b
	}
	return &responder{ifaces: c.Interfaces, logf: logf}
}

func bonjourBackend(logFunc) (backend, error) {
	return nil, errors.New("the Bonjour backend is for macOS only")
}
