module github.com/fastgrad/fastgrad/gen

go 1.26

require github.com/mmcloughlin/avo v0.5.0

require (
	github.com/klauspost/cpuid/v2 v2.4.2 // indirect
	golang.org/x/sync v0.16.0 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)

require (
	github.com/fastgrad/fastgrad v0.0.0
	golang.org/x/mod v0.27.0 // indirect
	golang.org/x/sys v0.41.0 // indirect
	golang.org/x/tools v0.36.0 // indirect
)

replace github.com/fastgrad/fastgrad => ../
