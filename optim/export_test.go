package optim

// PoolSize reports how many goroutines the package's step pool has started, for the tests that bound it.
func PoolSize() int { return int(pool.started.Load()) }
