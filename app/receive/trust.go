package receive

import (
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/vidstream/vidstream/wire/pairing"
)

// PinsFile is the name of the allowed cameras' file in a viewer's keys
// folder, beside its key pair (pairing.KeyFile, pairing.CertFile).
const PinsFile = "pins.json"

// LoadTrust returns the viewer's Trust kept in dir (the window's
// preferences folder, or headless -keys): its identity, made on first use
// and named InstanceName(), and the cameras allowed. allowNew is
// Trust.AllowNew.
func LoadTrust(dir string, allowNew bool) (*Trust, error) {
	id, err := pairing.LoadOrCreate(dir, InstanceName())
	if err != nil {
		return nil, fmt.Errorf("the viewer's key pair: %w", err)
	}
	pins, err := pairing.OpenPins(filepath.Join(dir, PinsFile))
	if err != nil {
		return nil, fmt.Errorf("the cameras allowed: %w", err)
	}
	return &Trust{Identity: id, Pins: pins, AllowNew: allowNew}, nil
}

// FingerprintHex is the viewer's certificate fingerprint in plain hex, for
// its DNS-SD TXT record; "" for a nil Trust.
func (t *Trust) FingerprintHex() string {
	if t == nil {
		return ""
	}
	fp := t.Identity.Fingerprint()
	return hex.EncodeToString(fp[:])
}

// Pair allows the camera whose key pair is kept in cameraDir (made now,
// named name, when there is none), as if the person had confirmed its code:
// for programs that start a camera and a window themselves (benchmarks,
// tests of the window), with nobody there to answer.
func (t *Trust) Pair(cameraDir, name string) error {
	id, err := pairing.LoadOrCreate(cameraDir, name)
	if err != nil {
		return fmt.Errorf("the camera's key pair: %w", err)
	}
	return t.Pins.Allow(id.Name(), id.Fingerprint())
}
