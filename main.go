// Command vidstream shows a Raspberry Pi camera live: it listens for the
// camera's stream, shows it with fps, size and latency readouts, and saves
// snapshots and the measurement summary. See README.md.
package main

import (
	"os"

	"github.com/vidstream/vidstream/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
