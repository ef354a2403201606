// Package wiretest holds what the tests of several packages share: the
// quadrant test image and its colours, JPEG fixtures made with image/jpeg,
// free loopback ports, and reading a stream to its end. It is for tests
// only: no other package imports it.
package wiretest
