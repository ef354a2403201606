//go:build !unix

package headless

import "time"

// processCPU is not measured on this system.
func processCPU() time.Duration { return 0 }

// processPeakRSS is not measured on this system.
func processPeakRSS() int64 { return 0 }
