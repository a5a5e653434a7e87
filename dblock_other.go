//go:build !unix

package claimdesk

import "os"

// On systems without flock, Open takes no lock and Restore cannot tell
// whether a server has the database open: stop the server first.
func lockShared(path string) (*os.File, error) { return nil, nil }

func lockExclusive(path string) (unlock func(), err error) { return func() {}, nil }
