package importer

import (
	"regexp"
	"strings"

	"golang.org/x/text/currency"

	"lastmile/data"
)

// moneyTotals are the fields that hold money spent or taken: a column
// that holds a rate or a cost per unit is never one of them.
var moneyTotals = []Field{FSpend, FTotal, FConversionValue, FRefunded, FLineTotal}

// rateHeader matches a header that names a rate or a unit cost: "Cost per
// 1,000 Accounts Center accounts reached", "Cost / conv.", "CPM", "Avg.
// CPC", "CTR", "Conv. rate", "Purchase ROAS", "Share %".
var rateHeader = regexp.MustCompile(`(?i)\b(cost|price|amount|spend|spent)\s+(per|/)\s|\bper\s+(1[,.]?000|thousand|mille|click|result|conversion|conv\b|lead|purchase|impression|view|unit)|\b(cpm|cpc|cpa|cpl|cpv|cpe|ctr|roas)\b|^\s*avg\b|\baverage\b|%|\brate\b|/\s*conv`)

// isRateHeader reports whether a header names a rate or a unit cost.
func isRateHeader(h string) bool { return rateHeader.MatchString(h) }

// headerCurrency finds the currency a header names in brackets at its end:
// "Amount spent (IDR)", "Cost [SGD]". "" when it names none.
var headerCurrencyRe = regexp.MustCompile(`[(\[]\s*([A-Za-z]{3})\s*[)\]]\s*$`)

func headerCurrency(h string) string {
	m := headerCurrencyRe.FindStringSubmatch(h)
	if m == nil {
		return ""
	}
	code := strings.ToUpper(m[1])
	if _, err := currency.ParseISO(code); err != nil {
		return ""
	}
	return code
}

// checkMoneyColumns refuses a mapping that takes money from a rate column,
// and takes the file's currency from the money columns' headers when they
// name one (for every profile: built in, saved or guessed).
func (f *File) checkMoneyColumns(p *plan) error {
	for _, fld := range moneyTotals {
		col, ok := p.m.cols[fld]
		if !ok {
			continue
		}
		h := p.h.raw[col]
		if isRateHeader(h) {
			return data.UserErrorf("%s: the column %q was taken as the %s, but its name says it is a rate or a cost per unit, not money spent or taken. Choose the column with the amount itself (such as Amount spent, Cost or Total) with Change columns.",
				f.Name, h, strings.ReplaceAll(string(fld), "_", " "))
		}
		if c := headerCurrency(h); c != "" && p.fileCurrency == "" {
			p.fileCurrency = c
		}
	}
	return nil
}
