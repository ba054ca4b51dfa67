package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// checkDir says what is wrong with a path a command needs to be a
// directory: it does not exist, cannot be read, or is a file (with what the
// command expects instead). nil when it is a directory.
func checkDir(path, expected string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such file or directory; expected %s", path, expected)
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%s: cannot read: %v; expected %s", path, err, expected)
	case !st.IsDir():
		return fmt.Errorf("%s: not a directory; expected %s", path, expected)
	}
	return nil
}
