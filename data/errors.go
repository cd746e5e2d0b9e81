package data

import (
	"errors"
	"fmt"
)

// A UserError is an error a person can act on. Its message is written for
// them (what happened, to which file, what to do) and is shown as it is.
// Every other error is an internal one: it is logged with its full chain and
// shown generically.
type UserError struct {
	Msg string // the sentence shown to the person
	Err error  // the underlying cause, if any, for the log
}

// Error returns the message for the person.
func (e *UserError) Error() string { return e.Msg }

// Unwrap returns the underlying cause.
func (e *UserError) Unwrap() error { return e.Err }

// UserErrorf returns a *UserError with a formatted message and no cause.
func UserErrorf(format string, args ...any) error {
	return &UserError{Msg: fmt.Sprintf(format, args...)}
}

// AsUserError reports whether err (or an error it wraps) is a *UserError and
// returns it.
func AsUserError(err error) (*UserError, bool) {
	var ue *UserError
	if errors.As(err, &ue) {
		return ue, true
	}
	return nil, false
}

// Sentinel causes carried by user errors, for callers that need to branch.
var (
	// ErrNotWorkspace means the file is not a Lastmile workspace.
	ErrNotWorkspace = errors.New("not a lastmile workspace")
	// ErrLocked means another process has the workspace open.
	ErrLocked = errors.New("workspace is open in another process")
	// ErrOpenHere means this process already has the workspace open.
	ErrOpenHere = errors.New("workspace is already open in this process")
	// ErrTooNew means the workspace was written by a newer Lastmile.
	ErrTooNew = errors.New("workspace schema is newer than this program")
	// ErrDamaged means SQLite's integrity checks found a problem.
	ErrDamaged = errors.New("workspace failed its integrity check")
)
