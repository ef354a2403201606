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

// ExpandDir makes a folder a person typed into an absolute path: "~" and
// "~/…" are the home folder, and a relative path is taken under the home
// folder (a program started from a desktop has no meaningful working
// folder: for a Mac app it is "/"). Other paths are cleaned. It returns dir
// cleaned when there is no home folder to expand against.
func ExpandDir(dir string) string {
	home, err := os.UserHomeDir()
	switch {
	case filepath.IsAbs(dir) || err != nil || home == "":
		return filepath.Clean(dir)
	case dir == "~":
		return home
	case len(dir) > 1 && dir[0] == '~' && os.IsPathSeparator(dir[1]):
		return filepath.Join(home, dir[2:])
	}
	return filepath.Join(home, dir)
}
