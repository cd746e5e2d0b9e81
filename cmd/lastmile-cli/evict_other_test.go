//go:build !linux

package main

import "testing"

// evictFromCache does nothing here: the page-cache effect it undoes is
// Linux's (see evict_linux_test.go).
func evictFromCache(testing.TB, string) {}
