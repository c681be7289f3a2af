package excel

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// An import runs as a pipeline on up to three goroutines: one reads the
// file's rows (CSV decoding or the sheet's XML; prefetch), one parses and
// validates them in order (readFile), and the caller's hands each valid
// record to the store (putAll), which encodes and sorts it. Rows and
// records travel in batches, so the hand-overs cost little; the order of
// rows, the row numbers of errors and the all-or-nothing outcome are those
// of a sequential read.

// errAbort is what a put returns once the store has refused a record.
var errAbort = errors.New("导入已中止")

// batchRows is how many rows or records travel together.
const batchRows = 512

// prefetched reads a rowSource in its own goroutine, batchRows rows ahead.
type prefetched struct {
	src  rowSource
	ch   chan rowBatch
	stop chan struct{}
	wg   sync.WaitGroup
	cur  rowBatch
	i    int
	done bool
	e    error // src.err() once the source ran out
}

type rowBatch struct {
	rows  []int
	cells [][]string
}

func prefetch(src rowSource) *prefetched {
	p := &prefetched{src: src, ch: make(chan rowBatch, 4), stop: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer close(p.ch)
		for {
			var b rowBatch
			var slab []string // the batch's cells, one allocation
			for len(b.rows) < batchRows {
				row, cells, ok := src.next()
				if !ok {
					break
				}
				// A CSV reader reuses its slice of cells (not the
				// strings): copy it.
				at := len(slab)
				slab = append(slab, cells...)
				b.rows = append(b.rows, row)
				b.cells = append(b.cells, slab[at:len(slab):len(slab)])
			}
			if len(b.rows) < batchRows {
				p.e = src.err() // seen by next after the channel closes
			}
			if len(b.rows) > 0 {
				select {
				case p.ch <- b:
				case <-p.stop:
					return
				}
			}
			if len(b.rows) < batchRows {
				return
			}
		}
	}()
	return p
}

func (p *prefetched) next() (int, []string, bool) {
	for p.i >= len(p.cur.rows) {
		b, ok := <-p.ch
		if !ok {
			p.done = true
			return 0, nil, false
		}
		p.cur, p.i = b, 0
	}
	p.i++
	return p.cur.rows[p.i-1], p.cur.cells[p.i-1], true
}

func (p *prefetched) err() error {
	if !p.done {
		return nil // stopped early
	}
	return p.e
}

// close stops the reading goroutine, waits for it and closes the source.
func (p *prefetched) close() error {
	close(p.stop)
	p.wg.Wait()
	return p.src.close()
}

// putItem is one valid record and where it was read, to name the row
// when the store refuses it.
type putItem struct {
	rec   any
	row   int
	sheet string
}

// putAll runs read (readFile) in a goroutine and hands the records it
// puts, in order, to put in this one. After put fails, read's further
// puts fail too, so that it stops soon; the error names the row.
func putAll(read func(put func(putItem) error) error, put func(any) error) error {
	ch := make(chan []putItem, 8)
	var failed atomic.Bool
	var readErr error
	go func() {
		defer close(ch)
		batch := make([]putItem, 0, batchRows)
		readErr = read(func(it putItem) error {
			if failed.Load() {
				return errAbort
			}
			batch = append(batch, it)
			if len(batch) == batchRows {
				ch <- batch
				batch = make([]putItem, 0, batchRows)
			}
			return nil
		})
		if len(batch) > 0 && readErr == nil {
			ch <- batch
		}
	}()
	var putErr error
	for batch := range ch {
		for _, it := range batch {
			if putErr != nil {
				break
			}
			if err := put(it.rec); err != nil {
				putErr = fmt.Errorf("%s第 %d 行: 写入失败: %w", sheetPrefix(it.sheet), it.row, err)
				failed.Store(true)
			}
		}
	}
	if putErr != nil {
		return putErr
	}
	return readErr
}
