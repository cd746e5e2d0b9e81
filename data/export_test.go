package data

import (
	"database/sql"
	"testing"

	"lastmile/data/civil"
)

// What the external tests (package data_test, which may import packages
// that import data, such as metrics) use of the package's insides.

// LargeWorkspace is largeWorkspace.
func LargeWorkspace(tb testing.TB, sales, leads int) (*Workspace, civil.Date) {
	return largeWorkspace(tb, sales, leads)
}

// BenchDashboard is benchDashboard.
func BenchDashboard(b *testing.B, w *Workspace, p Period) { benchDashboard(b, w, p) }

// RDB returns the workspace's read pool.
func RDB(w *Workspace) *sql.DB { return w.rdb }

// Src is src.
func Src(k string) SourceFields { return src(k) }
