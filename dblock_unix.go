//go:build unix

package claimdesk

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockShared takes a shared lock on the lock file at path for as long as
// the database is open; it fails only while Restore holds the exclusive one.
func lockShared(path string) (*os.File, error) {
	return lockFile(path, syscall.LOCK_SH, errors.New("the database is being restored: try again when the restore is done"))
}

// lockExclusive takes the exclusive lock Restore needs: ErrInUse while any
// process has the database open. unlock releases it.
func lockExclusive(path string) (unlock func(), err error) {
	f, err := lockFile(path, syscall.LOCK_EX, ErrInUse)
	if err != nil {
		return nil, err
	}
	return func() { f.Close() }, nil
}

// lockFile opens (creating) path and takes how on it without waiting; busy
// is the error when another open file holds a lock that conflicts.
func lockFile(path string, how int, busy error) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, busy
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}
