//go:build !linux && !darwin

package main

import "os"

// maxRSS is 0 (unknown) where rusage's unit is not known.
func maxRSS(*os.ProcessState) int64 { return 0 }
