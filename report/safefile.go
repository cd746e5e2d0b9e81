package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"lastmile/data"
)

// ErrExists is returned by WriteFile when the target exists and may not be
// replaced.
var ErrExists = errors.New("the file exists already")

// WriteFile writes a file whole or not at all: write fills a temporary file
// in the target's folder, which is synced, closed and renamed over path,
// and the folder is synced so the rename survives a power cut. On any
// error, or a crash part-way, path is untouched and no temporary file is
// left behind (a crash may leave a ".lastmile-*.tmp" file, never a half
// report under the real name). With overwrite false an existing path is
// refused with ErrExists. The file is readable by its owner only, like the
// workspace it comes from.
func WriteFile(path string, overwrite bool, write func(io.Writer) error) (err error) {
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".lastmile-*.tmp")
	if err != nil {
		return cannotWrite(path, err)
	}
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	buf := bufio.NewWriterSize(tmp, 1<<16)
	if err := write(buf); err != nil {
		return err
	}
	if err := buf.Flush(); err != nil {
		return cannotWrite(path, err)
	}
	if err := tmp.Sync(); err != nil {
		return cannotWrite(path, err)
	}
	if err := tmp.Close(); err != nil {
		return cannotWrite(path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return cannotWrite(path, err)
	}
	renamed = true
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: not every system syncs folders
		d.Close()
	}
	return nil
}

// cannotWrite says what went wrong writing a file, and what to do.
func cannotWrite(path string, err error) error {
	var pe *os.PathError
	cause := err
	if errors.As(err, &pe) || errors.As(err, new(*os.LinkError)) {
		cause = errors.Unwrap(err)
	}
	return &data.UserError{Msg: fmt.Sprintf("Could not write %s: %v. Check that the folder exists, that there is room on the disk and that the file is not open in another program (such as Excel), then export again.", path, cause), Err: err}
}
