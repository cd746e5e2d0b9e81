//go:build !linux || !cgo

package memory

func arenasLimited() bool { return false }
