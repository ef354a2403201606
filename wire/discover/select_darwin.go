//go:build darwin && cgo

package discover

import (
	"context"
	"errors"
)

// autoBackend is Bonjour: mDNSResponder owns port 5353 on a Mac.
func autoBackend(_ context.Context, _ Config, logf logFunc) backend {
	return &bonjour{logf: logf}
}

func avahiBackend(context.Context, logFunc) (backend, error) {
	return nil, errors.New("the Avahi backend is for Linux only")
}

func bonjourBackend(logf logFunc) (backend, error) { return &bonjour{logf: logf}, nil }
