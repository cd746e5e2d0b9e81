package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/gofrs/flock"
)

// lockSuffix names the lock file kept beside a workspace, next to SQLite's own
// -wal and -shm files. The file is never deleted: deleting a lock file while
// another process waits on it would let two processes believe they hold it.
const lockSuffix = "-lock"

// lockState is what the lock file says about the process that holds (or last
// held) the workspace.
type lockState struct {
	State  string    `json:"state"` // "open" while held, "closed" after a clean close
	PID    int       `json:"pid"`
	Host   string    `json:"host"`
	Opened time.Time `json:"opened"`
}

// workspaceLock is an exclusive OS file lock on a workspace. The OS releases
// it when the process dies, so a crash never leaves a stale lock; the state
// written inside tells the next process whether the last close was clean.
type workspaceLock struct {
	fl   *flock.Flock
	path string
}

// acquireLock takes the lock for the workspace at dbPath. uncleanBefore
// reports that the previous holder did not close the workspace cleanly.
func acquireLock(dbPath string) (l *workspaceLock, uncleanBefore bool, err error) {
	path := dbPath + lockSuffix
	fl := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDWR), flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, false, &UserError{
			Msg: fmt.Sprintf("Lastmile cannot open %s: it needs to write a lock file beside it (%v). Check that its folder is writable.", dbPath, err),
			Err: err,
		}
	}
	if !ok {
		prev := readLockState(path)
		who := "another Lastmile window or lastmile-cli"
		if prev.PID != 0 {
			who = fmt.Sprintf("another Lastmile window or lastmile-cli (process %d on %s, since %s)",
				prev.PID, prev.Host, prev.Opened.Local().Format("2 Jan 15:04"))
		}
		return nil, false, &UserError{
			Msg: fmt.Sprintf("%s is already open in %s. Close it there first, or open a different workspace.", dbPath, who),
			Err: ErrLocked,
		}
	}
	prev := readLockState(path)
	l = &workspaceLock{fl: fl, path: path}
	host, _ := os.Hostname()
	if err := l.write(lockState{State: "open", PID: os.Getpid(), Host: host, Opened: time.Now().UTC()}); err != nil {
		_ = fl.Unlock()
		return nil, false, err
	}
	return l, prev.State == "open", nil
}

// release records a clean close and unlocks.
func (l *workspaceLock) release() error {
	err := l.write(lockState{State: "closed", PID: os.Getpid()})
	return errors.Join(err, l.fl.Unlock())
}

// The state is written from byte 1 on: on Windows the lock covers byte 0 and
// is mandatory, so other handles (including another process reading who holds
// the workspace) must stay clear of it.
func (l *workspaceLock) write(s lockState) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("write lock file: %w", err)
	}
	_, err = f.WriteAt(append(b, '\n'), 1)
	if err == nil {
		err = f.Truncate(int64(len(b)) + 2)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write lock file: %w", err)
	}
	return nil
}

func readLockState(path string) lockState {
	var s lockState
	f, err := os.Open(path)
	if err != nil {
		return s
	}
	defer f.Close()
	buf := make([]byte, 4096)
	n, _ := f.ReadAt(buf, 1)
	_ = json.Unmarshal(bytes.TrimSpace(buf[:n]), &s)
	return s
}
