package save

import (
	"os"
	"path/filepath"
)

// DefaultDir returns the folder files are saved to by default:
// ~/Pictures/Vidstream, or Vidstream in os.TempDir() when there is no home
// folder. It does not create the folder.
func DefaultDir() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return filepath.Join(os.TempDir(), "Vidstream")
	}
	return filepath.Join(home, "Pictures", "Vidstream")
}
