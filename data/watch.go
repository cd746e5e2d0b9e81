package data

import (
	"context"
	"errors"
)

// ErrStopped is returned by a long re-derivation (saving settings that
// rematch every sale) that the person stopped: nothing was changed.
var ErrStopped = errors.New("stopped; nothing was changed")

// watcher follows long derive work: it hears progress, and its context,
// when done, asks the work to stop between chunks (never inside a
// statement: an interrupted statement can end the transaction and let the
// ones after it commit on their own).
type watcher struct {
	progress func(done, total int)
	stop     context.Context
}

type watchKey struct{}

// Watch returns a context under which long derive work (SaveSettings when
// a new attribution window, time zone or country rematches every sale)
// tells progress how many sales it has matched of how many, and stops with
// ErrStopped, changing nothing, when ctx is cancelled. progress is called
// on the working goroutine.
func Watch(ctx context.Context, progress func(done, total int)) context.Context {
	return context.WithValue(ctx, watchKey{}, &watcher{progress: progress, stop: ctx})
}

// step reports done of total to ctx's watcher, if any, and says whether
// the work must stop.
func step(ctx context.Context, done, total int) error {
	w, _ := ctx.Value(watchKey{}).(*watcher)
	if w == nil {
		return nil
	}
	if w.stop.Err() != nil {
		return ErrStopped
	}
	if w.progress != nil {
		w.progress(done, total)
	}
	return nil
}
