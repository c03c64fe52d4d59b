module github.com/fastgrad/fastgrad

go 1.26
