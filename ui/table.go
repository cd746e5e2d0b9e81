package ui

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
)

// column is one column of a table: its title, width and alignment.
type column struct {
	title string
	width float32
	right bool // numbers: aligned right
}

// newTextTable returns a table of labels with a header row. cell gives the
// text of a cell; tapping a cell calls tapped (when set) and clears the
// selection, so tapping the same row again works.
func newTextTable(cols []column, rows func() int, cell func(row, col int) string, tapped func(row, col int)) *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return rows(), len(cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if cols[id.Col].right {
				l.Alignment = fyne.TextAlignTrailing
			} else {
				l.Alignment = fyne.TextAlignLeading
			}
			l.SetText(cell(id.Row, id.Col))
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Col < 0 || id.Col >= len(cols) {
			l.SetText("")
			return
		}
		if cols[id.Col].right {
			l.Alignment = fyne.TextAlignTrailing
		} else {
			l.Alignment = fyne.TextAlignLeading
		}
		l.SetText(cols[id.Col].title)
	}
	for i, c := range cols {
		t.SetColumnWidth(i, c.width)
	}
	t.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && tapped != nil {
			tapped(id.Row, id.Col)
		}
		t.UnselectAll()
	}
	return t
}

// pageSize is how many rows a table reads at a time.
const pageSize = 200

// pager reads the rows of a long list a page at a time as a table scrolls
// to them, so a million sales cost no more than the rows on screen.
type pager[T any] struct {
	fetch func(ctx context.Context, q data.RowQuery) ([]T, error)
	count func(ctx context.Context, q data.RowQuery) (int, error)
	run   runner
	// onChange is called on the UI goroutine when rows arrive or the
	// count changes.
	onChange func()
	onError  func(error)

	mu      sync.Mutex
	q       data.RowQuery
	seq     int
	n       int
	pages   map[int][]T
	loading map[int]bool
}

// reset starts over with query q: counts its rows and drops every page.
func (p *pager[T]) reset(q data.RowQuery) {
	p.mu.Lock()
	p.seq++
	seq := p.seq
	p.q = q
	p.pages, p.loading = map[int][]T{}, map[int]bool{}
	p.mu.Unlock()
	p.run(func() {
		n, err := p.count(context.Background(), q)
		fyne.Do(func() {
			p.mu.Lock()
			stale := seq != p.seq
			if !stale && err == nil {
				p.n = n
			}
			p.mu.Unlock()
			if stale {
				return
			}
			if err != nil {
				p.onError(err)
				return
			}
			p.onChange()
		})
	})
}

// len returns the number of rows.
func (p *pager[T]) len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// row returns row i, or false while its page is read.
func (p *pager[T]) row(i int) (T, bool) {
	var zero T
	p.mu.Lock()
	page, off := i/pageSize, i%pageSize
	rows, ok := p.pages[page]
	if ok {
		p.mu.Unlock()
		if off < len(rows) {
			return rows[off], true
		}
		return zero, false
	}
	if p.loading[page] {
		p.mu.Unlock()
		return zero, false
	}
	p.loading[page] = true
	seq, q := p.seq, p.q
	p.mu.Unlock()
	q.Offset, q.Limit = page*pageSize, pageSize
	p.run(func() {
		rows, err := p.fetch(context.Background(), q)
		fyne.Do(func() {
			p.mu.Lock()
			stale := seq != p.seq
			if !stale {
				delete(p.loading, page)
				if err == nil {
					p.pages[page] = rows
				}
			}
			p.mu.Unlock()
			if stale {
				return
			}
			if err != nil {
				p.onError(err)
				return
			}
			p.onChange()
		})
	})
	// When the work ran at once (tests), the page is here already.
	p.mu.Lock()
	rows, ok = p.pages[page]
	p.mu.Unlock()
	if ok && off < len(rows) {
		return rows[off], true
	}
	return zero, false
}

// cellLabel is a label that reports taps: a cell of a staticTable.
type cellLabel struct {
	widget.Label
	onTap func()
}

func newCellLabel(text string, right, bold bool, onTap func()) *cellLabel {
	c := &cellLabel{onTap: onTap}
	c.Text = text
	c.Truncation = fyne.TextTruncateEllipsis
	c.TextStyle.Bold = bold
	if right {
		c.Alignment = fyne.TextAlignTrailing
	}
	c.ExtendBaseWidget(c)
	return c
}

// Tapped calls the cell's action.
func (c *cellLabel) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}

// Cursor shows a pointing hand over cells that open something.
func (c *cellLabel) Cursor() desktop.Cursor {
	if c.onTap != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// columnsLayout places a row's cells side by side at their columns'
// widths; the first column takes what is left.
type columnsLayout struct{ cols []column }

// Layout places the cells.
func (l columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var fixed float32
	for _, c := range l.cols[1:] {
		fixed += c.width
	}
	first := max(size.Width-fixed, 80)
	x := float32(0)
	for i, o := range objs {
		w := first
		if i > 0 && i < len(l.cols) {
			w = l.cols[i].width
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}

// MinSize is the columns' widths and one line of text.
func (l columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, c := range l.cols {
		w += c.width
		if i < len(objs) {
			h = max(h, objs[i].MinSize().Height)
		}
	}
	return fyne.NewSize(w, h)
}

// staticTable is a small table drawn in full, without a scroller of its
// own, so the page around it scrolls under the mouse wheel. Each cell can
// be tapped.
func staticTable(cols []column, rows int, cell func(row, col int) string, tapped func(row, col int)) *fyne.Container {
	box := container.NewVBox()
	var head []fyne.CanvasObject
	for _, c := range cols {
		head = append(head, newCellLabel(c.title, c.right, true, nil))
	}
	box.Add(container.New(columnsLayout{cols}, head...))
	for r := 0; r < rows; r++ {
		var cells []fyne.CanvasObject
		for c := range cols {
			r, c := r, c
			var tap func()
			if tapped != nil {
				tap = func() { tapped(r, c) }
			}
			cells = append(cells, newCellLabel(cell(r, c), cols[c].right, r == rows-1 && cell(r, 0) == "Total", tap))
		}
		box.Add(widget.NewSeparator())
		box.Add(container.New(columnsLayout{cols}, cells...))
	}
	return box
}
