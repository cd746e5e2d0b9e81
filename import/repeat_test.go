package importer

import (
	"context"
	"testing"

	"lastmile/data"
)

// TestDryRunRefusesWhatTheImportRefuses: a file that repeats a record is
// refused by the import; reading it whole (the dry run, the preview) says
// the same words, so a dry run never passes a file the import refuses.
func TestDryRunRefusesWhatTheImportRefuses(t *testing.T) {
	files := map[string]string{
		"stock.csv":  "SKU,Product,Location,On hand\nTNT-6P,Basecamp Tent,Boulder,12\nSTV-1,Pack Stove,Boulder,3\nTNT-6P,Basecamp Tent,Boulder,9\n",
		"orders.csv": "Order,Date,Email,Total\nA-1,03/02/2025,ana@example.com,10.00\nA-2,03/02/2025,bo@example.com,12.00\nA-1,03/03/2025,ana@example.com,10.00\n",
	}
	for name, body := range files {
		path := writeFile(t, name, []byte(body))
		ctx := context.Background()
		// The import, reading as it writes.
		quick := read(t, path, Options{Quick: true})
		_, importErr := quick.Import(ctx, newWS(t, denverUSD()), false)
		ie, ok := data.AsUserError(importErr)
		if !ok {
			t.Fatalf("%s: import %v, want a refusal", name, importErr)
		}
		// The dry run, reading the file whole.
		_, dryErr := Read(ctx, path, Options{Settings: denverUSD(), Now: fixedNow, TmpDir: t.TempDir()})
		de, ok := data.AsUserError(dryErr)
		if !ok || de.Msg != ie.Msg {
			t.Errorf("%s: the dry run says %v\nthe import says %q", name, dryErr, ie.Msg)
		}
	}
}
