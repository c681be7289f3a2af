package store

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// ErrCorrupt: the database file is damaged; callers may test for it with
// errors.Is. Its message tells the operator to restore a backup.
var ErrCorrupt = errors.New("数据库文件已损坏")

type corruptError struct {
	path  string
	cause string
}

func (e *corruptError) Error() string {
	return fmt.Sprintf("数据库文件已损坏 (%s): %s; 请用备份恢复: shuangsui backups 列出备份, shuangsui restore 备份文件 恢复", e.path, e.cause)
}

func (e *corruptError) Is(target error) bool { return target == ErrCorrupt }

// guardedBolt is the bbolt handle the store uses. Its View and Update turn a
// fault or a bbolt panic caused by a damaged file into ErrCorrupt instead of
// a crash: bbolt reads pages through a memory map and trusts their headers,
// so a flipped bit can send a read past the end of the map (a fault no
// ordinary recover sees) or into one of bbolt's own assertions.
type guardedBolt struct {
	*bolt.DB
	path string
}

// View is bolt.DB.View, guarded.
func (g guardedBolt) View(fn func(*bolt.Tx) error) (err error) {
	defer protect(g.path, &err)()
	return g.DB.View(fn)
}

// Update is bolt.DB.Update, guarded.
func (g guardedBolt) Update(fn func(*bolt.Tx) error) (err error) {
	defer protect(g.path, &err)()
	return g.DB.Update(fn)
}

// protect makes a memory fault in the calling goroutine a panic, and the
// function it returns, deferred, turns a panic that comes from the file's
// damage into an ErrCorrupt in *err. Use as: defer protect(path, &err)().
// A panic raised by shuangsui's own code is not damage and is passed on.
func protect(path string, err *error) func() {
	old := debug.SetPanicOnFault(true)
	return func() {
		debug.SetPanicOnFault(old)
		r := recover()
		if r == nil {
			return
		}
		if cause, ok := damage(r); ok {
			*err = &corruptError{path: path, cause: cause}
			return
		}
		panic(r)
	}
}

// damage reports whether the panic r comes from a damaged file: a memory
// fault at a non-nil address (with SetPanicOnFault only a read of the
// mapped file can cause one here), or a panic raised inside bbolt.
func damage(r any) (string, bool) {
	if f, ok := r.(interface{ Addr() uintptr }); ok {
		return fmt.Sprintf("读取时访问了文件之外的地址 %#x", f.Addr()), true
	}
	if origin := panicOrigin(); strings.HasPrefix(origin, "go.etcd.io/bbolt") {
		return fmt.Sprintf("bbolt 在 %s 中报告: %v", origin, r), true
	}
	return "", false
}

// panicOrigin names the function in which the panic being recovered was
// raised: the first frame below runtime.gopanic that is not the runtime's.
func panicOrigin() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	inPanic := false
	for {
		f, more := frames.Next()
		if inPanic && !strings.HasPrefix(f.Function, "runtime.") {
			return f.Function
		}
		if f.Function == "runtime.gopanic" {
			inPanic = true
		}
		if !more {
			return ""
		}
	}
}
