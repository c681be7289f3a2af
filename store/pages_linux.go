package store

import (
	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// releasePages tells the kernel that this process no longer needs the
// database file's pages it has read through bbolt's memory map. A scan of
// the whole unit library touches every page (about 200 MB for a million
// units, 1.8 GB for ten million); they stay in the page cache, but no
// longer count in the process's resident memory, and the next read of a
// page maps it again. It must be called inside a transaction: bbolt does
// not remap the file while one is open (a writer remaps only in its own
// calls). Failures are ignored: this only saves memory.
func releasePages(tx *bolt.Tx) {
	info := tx.DB().Info()
	size := tx.Size() / int64(info.PageSize) * int64(info.PageSize)
	if info.Data == 0 || size <= 0 {
		return
	}
	unix.Syscall(unix.SYS_MADVISE, info.Data, uintptr(size), unix.MADV_DONTNEED)
}

// releaseEvery is how many records a scan of a library reads between two
// releasePages: some 15 MB of unit records.
const releaseEvery = 1 << 16
