module github.com/fastgrad/fastgrad/bench/againstc

go 1.26

replace github.com/fastgrad/fastgrad => ../..

require github.com/fastgrad/fastgrad v0.0.0

require (
	github.com/klauspost/cpuid/v2 v2.4.2 // indirect
	golang.org/x/sys v0.41.0 // indirect
)
