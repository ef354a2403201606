package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vidstream/vidstream/app/headless"
)

// newStatsPath makes a temporary directory for the -stats file of one child
// vidstream and returns the file's path in it; remove removes the directory.
func newStatsPath() (path string, remove func(), err error) {
	dir, err := os.MkdirTemp("", "vidbench-stats-")
	if err != nil {
		return "", nil, fmt.Errorf("making a directory for vidstream's -stats file: %w", err)
	}
	return filepath.Join(dir, "stats.json"), func() { os.RemoveAll(dir) }, nil
}

// readStats decodes the -stats JSON a child vidstream wrote to path at the
// end of its run.
func readStats(path string) (headless.Stats, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return headless.Stats{}, fmt.Errorf("reading vidstream's -stats file: %w", err)
	}
	var st headless.Stats
	if err := json.Unmarshal(b, &st); err != nil {
		return headless.Stats{}, fmt.Errorf("decoding vidstream's -stats file %s: %w", path, err)
	}
	return st, nil
}
