//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// releasePages does nothing here (see pages_linux.go).
func releasePages(*bolt.Tx) {}

const releaseEvery = 1 << 16
