package app

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/vidstream/vidstream/app/receive"
)

// headlessKeys is the folder a headless viewer keeps its key pair and
// allowed cameras in without -keys: vidstream in the user's configuration
// folder (the window keeps them in its preferences folder).
func headlessKeys() (string, error) {
	conf, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no folder for the viewer's keys (%w): give one with -keys DIR", err)
	}
	return filepath.Join(conf, "vidstream"), nil
}

// loadTrust returns the viewer's Trust from -keys or else dir, or nil,
// logged, when it cannot be had: the viewer then takes unencrypted senders
// only, and says so to encrypted ones.
func loadTrust(o options, dir string, allowNew bool, logger *log.Logger) *receive.Trust {
	if o.keys != "" {
		dir = o.keys
	}
	t, err := receive.LoadTrust(dir, allowNew)
	if err != nil {
		logger.Printf("%v: encrypted cameras cannot connect until it is fixed", err)
		return nil
	}
	t.Logf = logger.Printf
	return t
}
