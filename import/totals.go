package importer

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"lastmile/data"
	"lastmile/data/money"
)

// A file that states its own totals (Google Ads' "Total: Account" row, for
// instance) is held to them: the records Lastmile would store must add up
// to what the file says, or the import stops until a person decides. A
// total the file itemises but does not list row by row ("Total: Other
// search terms") is kept as one record, so the spend equals the account's.

// Unlisted is a person's decision about spend a file's totals hold but its
// rows do not list.
type Unlisted string

const (
	// UnlistedUndecided holds the import until a person decides.
	UnlistedUndecided Unlisted = ""
	// UnlistedKeep adds the difference as one record, so the stored spend
	// equals the file's total.
	UnlistedKeep Unlisted = "keep"
	// UnlistedLeave imports the listed rows only.
	UnlistedLeave Unlisted = "leave"
)

// ParseUnlisted reads a decision as a person types it ("keep", "leave").
func ParseUnlisted(s string) (Unlisted, error) {
	switch u := Unlisted(strings.ToLower(strings.TrimSpace(s))); u {
	case UnlistedKeep, UnlistedLeave:
		return u, nil
	}
	return "", fmt.Errorf("%q is not a choice for spend the rows do not list: say keep or leave", s)
}

// Gap is a difference between what a file's records add up to and the
// total the file states. Amounts are in minor units of the workspace's
// currency.
type Gap struct {
	Kind     data.Kind
	Label    string // the total row the file states, as written ("Total: Account")
	Stated   int64  // what that row says
	Listed   int64  // what the records add up to
	Why      string // what the file itself says about the difference, or ""
	Currency string
}

// Missing is the spend the rows do not list (negative: the rows list more
// than the total, so something is counted twice).
func (g *Gap) Missing() int64 { return g.Stated - g.Listed }

// Describe says what is wrong in words for people, naming both figures.
func (g *Gap) Describe() string {
	f := func(v int64) string { return money.Format(v, g.Currency) }
	if g.Kind == data.KindSales {
		return fmt.Sprintf("The sales read add up to %s net of refunds, but the file's own %s row says %s, a difference of %s. Some rows may not have been read as sales; check the preview.",
			f(g.Listed), g.Label, f(g.Stated), f(abs(g.Missing())))
	}
	if g.Missing() < 0 {
		return fmt.Sprintf("The rows add up to %s of spend, more than the file's own %s row (%s): %s would be counted twice. Some rows may be totals Lastmile did not recognise; check the preview.",
			f(g.Listed), g.Label, f(g.Stated), f(-g.Missing()))
	}
	why := ""
	if g.Why != "" {
		why = " (" + g.Why + ")"
	}
	return fmt.Sprintf("The rows add up to %s of spend, but the file's own %s row says %s: %s of spend is not in the rows%s.",
		f(g.Listed), g.Label, f(g.Stated), f(g.Missing()), why)
}

// CanKeep says whether the difference can be kept as one record: spend
// the rows do not list can; a sale no row names cannot.
func (g *Gap) CanKeep() bool { return g.Kind != data.KindSales && g.Missing() > 0 }

// noteSalesTotal keeps the money of a sales file's total row (Profile.TotalRow).
func (f *File) noteSalesTotal(r Row, label string) {
	named := f.plan.profile.TotalRow != "" && strings.EqualFold(strings.TrimSpace(label), f.plan.profile.TotalRow)
	if !named && label != genericTotalLabel {
		return
	}
	b := &builder{p: f.plan}
	for _, fld := range []Field{FTotal, FLineTotal} {
		if v, ok := b.money(r, fld, b.rowCurrency(r)); ok {
			f.salesTotal = append(f.salesTotal, v)
			f.salesTotalLabel = strings.TrimSpace(label)
			return
		}
	}
}

// salesGap holds a sales file to the total it states: its sales, net of
// refunds (amount, over records records), must add up to it within half a
// cent a sale. Nil when they do, or the file states no total.
func (f *File) salesGap(amount int64, records int) *Gap {
	if f.Profile.Kind != data.KindSales || len(f.salesTotal) == 0 {
		return nil
	}
	var stated int64
	for _, v := range f.salesTotal {
		stated += v
	}
	gap := Gap{Kind: data.KindSales, Label: f.salesTotalLabel, Stated: stated, Listed: amount, Currency: f.plan.currency}
	tolerance := max(1, int64(records)/2)
	if d := gap.Missing(); d > tolerance || d < -tolerance {
		return &gap
	}
	return nil
}

// unlistedCampaign names the record that keeps spend the rows do not list.
const unlistedCampaign = "Spend not listed in this report"

// otherTermsGroup names the record that keeps Google's "Total: Other search
// terms": the spend of search terms Google does not show one by one.
const otherTermsGroup = "Other search terms (not listed by Google)"

// statedTotal is one total row of a file, read as a record.
type statedTotal struct {
	label   string // as written: "Total: Account"
	segment string // the segment value before it, for a segmented report ("Computers")
	stat    data.AdStat
}

// genericTotals are the labels people and programs give a total row, in
// the languages of the files seen: a first cell that is exactly one of
// them (any case, a colon allowed) is the file's own total, whatever its
// layout (built-in, saved or guessed columns).
var genericTotals = []string{"total", "totals", "grand total", "sum", "summe", "gesamt", "gesamtsumme", "totaal", "totale", "total général", "total general"}

// genericTotalLabel is the display label of the generic total rows.
const genericTotalLabel = "Total"

// isGenericTotal says whether v, a first cell, is one of genericTotals.
func isGenericTotal(v string) bool {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), ":"))
	for _, g := range genericTotals {
		if strings.EqualFold(v, g) {
			return true
		}
	}
	return false
}

// datedElsewhere says whether r has a date in a date column other than
// col: a row named "Total" that is dated is a campaign, customer or
// product of that name, not the file's total.
func (f *File) datedElsewhere(r Row, col int) bool {
	for _, fld := range []Field{FDate, FDay, FDateFrom} {
		c, ok := f.plan.m.cols[fld]
		if !ok || c == col || c >= len(r.Cells) {
			continue
		}
		if !isMissing(strings.TrimSpace(r.Cells[c])) {
			return true
		}
	}
	return false
}

// totalLabel finds a total row's label among its first cells: "Total:
// Account" first, or after a segment value ("Computers,Total: Account").
// Only labels ending in a colon are looked for after the first cell: they
// cannot be a product or campaign name. A first cell that is a generic
// total ("Total", "Summe") is labelled genericTotalLabel.
func (f *File) totalLabel(r Row, cells []int) (label string, col int) {
	for i, c := range cells {
		v := strings.TrimSpace(r.Cells[c])
		if isMissing(v) {
			continue
		}
		if i == 0 && isGenericTotal(v) && !f.datedElsewhere(r, c) {
			return genericTotalLabel, c
		}
		for _, prefix := range f.plan.profile.SkipFirstCell {
			if !strings.HasSuffix(prefix, ":") && i > 0 {
				continue
			}
			if hasPrefixFold(v, prefix) {
				return v, c
			}
		}
	}
	return "", -1
}

// noteTotal keeps a total row of an ad report for reconcile.
func (f *File) noteTotal(r Row, label string, col int) {
	if f.Profile.Kind == data.KindSales {
		f.noteSalesTotal(r, label)
		return
	}
	if f.Profile.Kind != data.KindAdStats {
		return
	}
	var seg []string
	for c := 0; c < col; c++ {
		if v := strings.TrimSpace(r.Cells[c]); !isMissing(v) {
			seg = append(seg, v)
		}
	}
	b := &builder{p: f.plan}
	a, _ := b.adStat(r) // a total row has no day and no campaign: only its figures count
	f.totals = append(f.totals, statedTotal{label: label, segment: strings.Join(seg, " "), stat: a})
}

// totalOf adds up the total rows labelled label: the unsegmented one when
// the file has it, else one per segment value. ok is false when the file
// has none.
func (f *File) totalOf(label string) (sum data.AdStat, ok bool) {
	var plain, segmented []data.AdStat
	for _, t := range f.totals {
		if !strings.EqualFold(t.label, label) {
			continue
		}
		if t.segment == "" {
			plain = append(plain, t.stat)
		} else {
			segmented = append(segmented, t.stat)
		}
	}
	use := plain
	if len(use) == 0 {
		use = segmented
	}
	for i, a := range use {
		if i == 0 {
			sum = a
			continue
		}
		addStat(&sum, a)
	}
	return sum, len(use) > 0
}

// reconcileAds holds an ad report's records to the totals it states. It
// adds Google's other search terms as a record, works out f.Gap, and, when
// a person chose to keep spend the rows do not list, adds that as a
// record too. ads and order are assemble's records and their order.
func (f *File) reconcileAds(ads map[string]*data.AdStat, order []string) []string {
	f.Gap = nil
	if len(f.totals) == 0 || len(order) == 0 {
		return order
	}
	p := f.plan
	campaigns := map[string]bool{}
	first := *ads[order[0]]
	from, to := first.From, first.To
	var listed int64
	for _, k := range order {
		a := ads[k]
		campaigns[a.Campaign] = true
		listed += a.Spend
		if a.From.Before(from) {
			from = a.From
		}
		if a.To.After(to) {
			to = a.To
		}
	}
	add := func(a data.AdStat) {
		a.Platform, a.Level, a.Currency = first.Platform, first.Level, first.Currency
		if a.From.IsZero() || a.To.IsZero() {
			a.From, a.To = from, to
		}
		k := a.NaturalKey()
		if prev, ok := ads[k]; ok {
			addStat(prev, a)
			return
		}
		ads[k] = &a
		order = append(order, k)
	}
	onlyCampaign := ""
	if len(campaigns) == 1 {
		onlyCampaign = first.Campaign
	}
	if other, ok := f.totalOf("Total: Other search terms"); ok && (other.Spend != 0 || other.Clicks != 0) {
		other.Campaign, other.AdGroup = onlyCampaign, otherTermsGroup
		if other.Campaign == "" {
			other.Campaign = otherTermsGroup
		}
		listed += other.Spend
		add(other)
		f.warnOnce(fmt.Sprintf("Google does not list every search term: the %s spent on terms it does not show is kept as one record, %q, so the file's spend equals the account's.",
			money.Format(other.Spend, p.currency), otherTermsGroup))
	}
	var label string
	var stated data.AdStat
	found := false
	for _, l := range []string{"Total: Account", "Total: Campaign", p.profile.SummaryTotal, genericTotalLabel} {
		if l == "" {
			continue
		}
		if stated, found = f.totalOf(l); found {
			label = l
			break
		}
	}
	if !found {
		return order
	}
	// Google (and Meta) round each row's cost to the cent and add up the
	// exact figures: allow half a cent a record.
	tolerance := max(1, int64(len(order))/2)
	gap := Gap{Kind: data.KindAdStats, Label: label, Stated: stated.Spend, Listed: listed, Currency: p.currency}
	if d := gap.Missing(); d <= tolerance && d >= -tolerance {
		return order
	}
	if removed, ok := f.totalOf("Total: All but removed ads"); ok && abs(removed.Spend-listed) <= tolerance {
		gap.Why = "the rows are the ads that are not removed; the account's total also counts removed ads"
	}
	f.Gap = &gap
	if f.opts.Unlisted == UnlistedKeep && gap.Missing() > 0 {
		f.warnOnce(fmt.Sprintf("%s of spend the rows do not list is kept as one record, %q, so the spend equals the file's %s row.",
			money.Format(gap.Missing(), p.currency), unlistedCampaign, label))
		// A download from inside one campaign states that campaign's total:
		// the difference is that campaign's. An account's total does not
		// say which campaign spent it.
		kept := data.AdStat{Line: stated.Line, Campaign: unlistedCampaign, Spend: gap.Missing()} // the line of the total it comes from
		if label == "Total: Campaign" && onlyCampaign != "" {
			kept.Campaign, kept.AdGroup = onlyCampaign, unlistedCampaign
		}
		add(kept)
	}
	return order
}

// ErrUnlisted is wrapped by the refusal of a file whose rows do not add up
// to its own total while no one has decided what to do about it.
var ErrUnlisted = errors.New("the rows do not add up to the file's own total")

// Held says why the file is not imported as it stands: its rows do not add
// up to its own total and Options.Unlisted does not decide. Nil otherwise,
// and nil for a file with rows that cannot be read: the money of those rows
// is what is missing, and they are decided on first (--skip-bad-rows). A
// dry run and an import say the same.
func (f *File) Held() error {
	if f.Gap == nil || f.opts.Unlisted != UnlistedUndecided || len(f.Problems) > 0 {
		return nil
	}
	choice := fmt.Sprintf("Import it with the difference kept as one record, %q, or with the listed rows only.", unlistedCampaign)
	if !f.Gap.CanKeep() {
		choice = "Import the listed rows only if you are sure they are right."
	}
	return &data.UserError{Msg: fmt.Sprintf("%s: %s Lastmile does not guess which is right. %s Nothing was imported.", f.Name, f.Gap.Describe(), choice), Err: ErrUnlisted}
}

// SetUnlisted records a person's decision about spend the rows do not list
// and reads the file again, so the preview shows the result.
func (f *File) SetUnlisted(ctx context.Context, u Unlisted) error {
	f.opts.Unlisted = u
	if !f.scanned {
		return nil
	}
	return f.scan(ctx)
}
