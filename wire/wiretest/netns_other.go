//go:build !linux

package wiretest

import "testing"

// InNetns skips the test: network namespaces are Linux's.
func InNetns(t *testing.T) bool {
	t.Skip("needs a Linux network namespace")
	return false
}
