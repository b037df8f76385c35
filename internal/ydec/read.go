package ydec

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// ReadLimited reads a rule, scheme or case file. It opens only what fs.Stat reports as a
// regular file, so a named pipe or a device (a link to /dev/zero) is never opened, and reads at
// most limit bytes, whatever size the file system reports.
func ReadLimited(fsys fs.FS, name string, limit int64) ([]byte, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %w", PathErr(err))
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (it is %s), so it is not opened", FileKind(st.Mode()))
	}
	if st.Size() > limit {
		return nil, &LimitError{fmt.Sprintf("the file is %d bytes; at most %d are allowed", st.Size(), limit)}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %w", PathErr(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (it is %s), so it is not read", FileKind(st.Mode()))
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %w", PathErr(err))
	}
	if int64(len(data)) > limit {
		return nil, &LimitError{fmt.Sprintf("the file holds more than %d bytes; at most %d are allowed", limit, limit)}
	}
	return data, nil
}

// LimitError is a file refused for its size.
type LimitError struct{ msg string }

func (e *LimitError) Error() string { return e.msg }

// IsLimit reports whether err is a file refused for its size.
func IsLimit(err error) bool {
	var le *LimitError
	return errors.As(err, &le)
}

// PathErr strips a *fs.PathError to its cause: the messages name the file already.
func PathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// FileKind names a file mode that is not a regular file, for messages.
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}
