module github.com/vladimirvivien/go4vl

go 1.25

require golang.org/x/sys v0.37.0
