//go:build !unix

package sampling

func processCPU() int64 { return -1 }
