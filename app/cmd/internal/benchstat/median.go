// Package benchstat holds the statistics the benchmark commands (vidbench,
// screenbench) report their repeated runs with.
package benchstat

import (
	"math"
	"slices"
)

// Median returns the median of xs (the mean of the middle two for an even
// count), NaN for none. It does not modify xs.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// MedianOf returns the median of f over items, NaN for none.
func MedianOf[T any](items []T, f func(T) float64) float64 {
	xs := make([]float64, len(items))
	for i, it := range items {
		xs[i] = f(it)
	}
	return Median(xs)
}
