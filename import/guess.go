package importer

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"lastmile/data"
)

// synonyms are header names (normalised) that suggest a field, in several
// languages. A person confirms or corrects the guess; the result is saved
// as a profile.
var synonyms = map[Field][]string{
	FDay:         {"day", "date", "datum", "fecha", "jour", "data", "giorno", "tag", "report date", "reporting date", "by day"},
	FCampaign:    {"campaign", "campaign name", "kampagne", "campagne", "campaña", "campagna", "kampanj"},
	FAdGroup:     {"ad group", "ad set", "ad set name", "ad group name", "anzeigengruppe", "groupe d'annonces", "grupo de anuncios"},
	FSpend:       {"cost", "spend", "amount spent", "kosten", "coût", "cout", "costo", "coste", "gasto", "ausgaben", "importe gastado"},
	FImpressions: {"impressions", "impr.", "impr", "impressionen", "impresiones", "impressioni"},
	FClicks:      {"clicks", "klicks", "clics", "clic", "link clicks"},
	FConversions: {"conversions", "conv.", "results", "conversiones", "konversionen"},
	FOrderID:     {"order", "order id", "order number", "order #", "order no", "invoice", "invoice number", "invoice no", "transaction id", "receipt", "bestellnummer", "rechnungsnummer", "numéro de commande", "pedido", "número de pedido", "id", "ref", "reference", "ref.", "no", "no.", "nr", "#", "number", "receipt no", "sale id", "sale number", "ticket"},
	FDate:        {"date", "order date", "created", "created at", "created date", "create date", "datum", "fecha", "invoice date", "sale date", "transaction date", "when", "sold on", "placed", "placed at", "create date", "date created"},
	FTotal:       {"total", "amount", "revenue", "sales", "net sales", "gross sales", "betrag", "umsatz", "montant", "importe", "total amount", "order total", "grand total", "price", "paid", "amount paid", "total paid", "value", "sale value", "net"},
	FCustomer:    {"customer", "customer name", "client", "name", "full name", "kunde", "cliente"},
	FEmail:       {"email", "e-mail", "email address", "mail", "correo", "courriel"},
	FPhone:       {"phone", "phone number", "telephone", "mobile", "mobile number", "mobile phone", "cell", "cell phone", "phone no", "tel", "telefon", "téléphone", "teléfono"},
	FCompany:     {"company", "company name", "organization", "organisation", "firma", "empresa", "société"},
	FCurrency:    {"currency", "currency code", "währung", "devise", "moneda"},
	FRecordID:    {"id", "record id", "lead id", "contact id"},
	FFirstName:   {"first name", "firstname", "given name", "vorname", "prénom", "nombre"},
	FLastName:    {"last name", "lastname", "surname", "family name", "nachname", "nom", "apellido"},
	FStage:       {"stage", "status", "lead status", "lifecycle stage"},
	FSKU:         {"sku", "item code", "product code", "article", "artikelnummer"},
	FProduct:     {"product", "item", "product name", "title", "description", "artikel", "produit", "producto"},
	FOnHand:      {"on hand", "qty on hand", "quantity on hand", "in stock", "stock", "available", "bestand", "inventory"},
	FQuantity:    {"quantity", "qty", "menge", "quantité", "cantidad"},
}

// sourceHints are header fragments of columns that say where a lead or
// sale came from; they are kept as raw source fields.
var sourceHints = regexp.MustCompile(`(?i)source|medium|utm|channel|campaign|referr|how did you|heard|found us|origin|herkunft|quelle|fuente`)

var emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}$`)

// guess makes a profile for a file no format fits: it finds the header (the
// first row of several text cells above rows of data), decides what kind of
// records the file holds, and maps columns by name and by their values.
func (f *File) guess(rows []Row) (*candidate, error) {
	hi := -1
	for i, r := range rows {
		if r.empty() || isComment(r) {
			continue
		}
		cells := nonEmptyCells(r, 0)
		if len(cells) < 2 {
			continue
		}
		text := 0
		for _, c := range cells {
			if _, ok := parseNumber(r.Cells[c], numberStyle{}); !ok && classifyDate(r.Cells[c]) == shapeNone {
				text++
			}
		}
		if text*3 >= len(cells)*2 {
			hi = i
			break
		}
	}
	if hi < 0 {
		return nil, data.UserErrorf("%s has no header row Lastmile can find: no row of column names above the data. Add a row of column names and import it again.", f.Name)
	}
	h := newHeader(rows[hi])
	body := rows[hi+1:]
	cols := map[Field][]string{}
	taken := map[int]bool{}
	// A column can be mapped only when a profile can find it again by its
	// name: not unnamed, not the second of two columns with one name.
	usable := func(col int) bool {
		n := h.names[col]
		return n != "" && h.index[n] == col
	}
	// assign maps fld to col when both are free and the column's values
	// fit the field (a "Tag" column of labels is not the day).
	assign := func(fld Field, col int) bool {
		if _, done := cols[fld]; done || taken[col] || !usable(col) || !fits(fld, body, col) {
			return false
		}
		if isRateHeader(h.raw[col]) && slices.Contains(moneyTotals, fld) {
			return false // "Cost per 1,000 … reached" is not the spend
		}
		cols[fld] = []string{h.raw[col]}
		taken[col] = true
		return true
	}
	// A column of email addresses is the email, whatever its name
	// ("Customer Email" is not the customer's name).
	for i := range h.names {
		if mostly(body, i, func(v string) bool { return emailRe.MatchString(v) }) {
			assign(FEmail, i)
		}
	}
	// By name: exact synonyms first, then headers that contain a synonym
	// as whole words ("Created on" holds "created", "Last updated" does
	// not hold "date").
	fields := make([]Field, 0, len(synonyms))
	for fld := range synonyms {
		fields = append(fields, fld)
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i] < fields[j] })
	for _, exact := range []bool{true, false} {
		for _, fld := range fields {
			for i, n := range h.names {
				if n == "" {
					continue
				}
				for _, syn := range synonyms[fld] {
					if exact && n == syn || !exact && !exactOnly[syn] && containsWords(n, syn) {
						assign(fld, i)
					}
				}
			}
		}
	}
	// A column whose header names a currency ("Paid (USD)", "Betrag €")
	// and whose values are numbers holds money.
	if _, named := cols[FTotal]; !named {
		for i, raw := range h.raw {
			if !taken[i] && currencyHeader.MatchString(raw) {
				assign(FTotal, i)
			}
		}
	}
	// A column of dates is the date, whatever its name.
	_, hasDate := cols[FDate]
	_, hasDay := cols[FDay]
	if !hasDate && !hasDay {
		for i := range h.raw {
			if !taken[i] && mostly(body, i, func(v string) bool { return classifyDate(v) != shapeNone }) {
				assign(FDate, i)
			}
		}
	}
	kind := guessKind(cols)
	// A lead list's id column is the record id, not an order number.
	if id, ok := cols[FOrderID]; ok && kind == data.KindLeads {
		if _, has := cols[FRecordID]; !has {
			cols[FRecordID] = id
			delete(cols, FOrderID)
		}
	}
	// Ad stats are counted by day, the rest by date: one date column
	// serves either.
	if d, ok := cols[FDate]; ok && kind == data.KindAdStats {
		if _, ok := cols[FDay]; !ok {
			cols[FDay] = d
		}
	}
	if d, ok := cols[FDay]; ok && kind != data.KindAdStats {
		if _, ok := cols[FDate]; !ok {
			cols[FDate] = d
		}
	}
	if !plausible(kind, cols) {
		var names []string
		for _, n := range h.raw {
			if n != "" {
				names = append(names, n)
			}
		}
		if len(names) > 8 {
			names = append(names[:8], "…")
		}
		return nil, data.UserErrorf("%s is not a format Lastmile knows, and its columns do not look like ad spend, sales, leads or stock: no money beside dates, no emails or phone numbers, no quantities on hand (its columns: %s). If it holds one of these, export it again with those columns; if it is a report, export the detailed data instead of the summary. Nothing was imported.",
			f.Name, strings.Join(names, ", "))
	}
	p := Profile{Name: "Guessed columns", Kind: kind, System: "file", Columns: map[Field][]string{}}
	keep := kindFields[kind]
	for fld, names := range cols {
		if keep[fld] {
			p.Columns[fld] = names
		}
	}
	if kind == data.KindSales || kind == data.KindLeads {
		for i, raw := range h.raw {
			if raw != "" && !taken[i] && sourceHints.MatchString(raw) {
				p.Source = append(p.Source, raw)
			}
		}
	}
	return &candidate{row: hi, h: h, titles: titleLines(rows[:hi]), profile: p, score: 0, conf: Guessed}, nil
}

// exactOnly are synonyms too short or too common to find inside a longer
// header: "number" in "Phone number", "value" in "Conv. value".
var exactOnly = map[string]bool{
	"id": true, "no": true, "no.": true, "nr": true, "#": true, "number": true, "ref": true, "ref.": true,
	"net": true, "value": true, "data": true, "tag": true, "when": true, "item": true, "title": true,
	"name": true, "stock": true, "available": true, "price": true, "sales": true,
}

// containsWords reports whether the words of syn appear, in order and
// next to each other, among the words of the header name n.
func containsWords(n, syn string) bool {
	hw, sw := words(n), words(syn)
	if len(sw) == 0 {
		return false
	}
	for i := 0; i+len(sw) <= len(hw); i++ {
		if slices.Equal(hw[i:i+len(sw)], sw) {
			return true
		}
	}
	return false
}

func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// fits reports whether the values of column col can be field fld: dates
// for a date, numbers for an amount or a count, addresses for an email.
// An empty column fits anything (a report of a quiet month).
func fits(fld Field, body []Row, col int) bool {
	switch fld {
	case FDay, FDate, FDateFrom, FDateTo, FReceived:
		return mostlyOrEmpty(body, col, func(v string) bool { return classifyDate(v) != shapeNone })
	case FSpend, FImpressions, FClicks, FConversions, FConversionValue, FPurchases, FPlatformLeads, FTotal, FRefunded,
		FQuantity, FUnitPrice, FLineTotal, FOnHand, FUnitCost:
		return mostlyOrEmpty(body, col, isNumber)
	case FEmail:
		return mostlyOrEmpty(body, col, func(v string) bool { return emailRe.MatchString(v) })
	}
	return true
}

// isNumber reports whether v reads as a number in either style (1,234.56
// or 1.234,56).
func isNumber(v string) bool {
	if _, ok := parseNumber(v, numberStyle{}); ok {
		return true
	}
	_, ok := parseNumber(v, numberStyle{decimalComma: true})
	return ok
}

// mostlyOrEmpty is mostly, true also for a column with no values.
func mostlyOrEmpty(body []Row, i int, ok func(string) bool) bool {
	for _, r := range body {
		if strings.TrimSpace(r.cell(i)) != "" {
			return mostly(body, i, ok)
		}
	}
	return true
}

// currencyHeader matches a header that names a currency.
var currencyHeader = regexp.MustCompile(`(?i)[$€£¥]|\b(usd|eur|gbp|cad|aud|nzd|chf|sek|nok|dkk|jpy|inr)\b`)

// mostly reports whether at least half of the body's non-empty cells of
// column i satisfy ok, and there is at least one.
func mostly(body []Row, i int, ok func(string) bool) bool {
	n, yes := 0, 0
	for _, r := range body {
		v := strings.TrimSpace(r.cell(i))
		if v == "" {
			continue
		}
		n++
		if ok(v) {
			yes++
		}
	}
	return n > 0 && yes*2 >= n
}

// kindFields are the fields each kind uses.
var kindFields = map[data.Kind]map[Field]bool{
	data.KindAdStats: set(FDay, FDateFrom, FDateTo, FAccount, FCampaign, FAdGroup, FDetail, FSpend, FImpressions, FClicks, FConversions, FConversionValue, FPurchases, FPlatformLeads, FCurrency),
	data.KindSales: set(FOrderID, FAltID, FDate, FTime, FTimeZone, FStatus, FType, FCustomer, FCompany, FEmail, FPhone, FTotal, FRefunded,
		FCurrency, FSKU, FProduct, FQuantity, FUnitPrice, FLineTotal, FItems, FClickID, FNotes),
	data.KindLeads: set(FRecordID, FFirstName, FLastName, FName, FCustomer, FCompany, FEmail, FPhone, FStage, FOwner, FOrderRef, FClickID, FDate),
	data.KindStock: set(FSKU, FProduct, FOnHand, FDate, FLocation, FUnitCost, FReceived),
}

func set(fs ...Field) map[Field]bool {
	m := map[Field]bool{}
	for _, f := range fs {
		m[f] = true
	}
	return m
}

// guessKind decides what a file of guessed columns holds.
// plausible says whether the columns found can hold records of kind k:
// ad spend or sales with money and a date, leads with an email, a phone
// or a record id and a date, stock with a quantity and a product.
func plausible(k data.Kind, cols map[Field][]string) bool {
	has := func(fs ...Field) bool {
		for _, f := range fs {
			if _, ok := cols[f]; ok {
				return true
			}
		}
		return false
	}
	switch k {
	case data.KindAdStats:
		return has(FSpend, FImpressions, FClicks) && has(FDay, FDate, FDateFrom)
	case data.KindSales:
		return has(FTotal, FLineTotal) && has(FDate, FDay)
	case data.KindStock:
		return has(FOnHand) && has(FSKU, FProduct)
	case data.KindLeads:
		return has(FEmail, FPhone) || has(FRecordID, FOrderID) && has(FDate, FDay)
	}
	return false
}

func guessKind(cols map[Field][]string) data.Kind {
	has := func(f Field) bool { _, ok := cols[f]; return ok }
	switch {
	case has(FSpend) && (has(FCampaign) || has(FImpressions) || has(FClicks)):
		return data.KindAdStats
	case has(FOnHand) && (has(FSKU) || has(FProduct)):
		return data.KindStock
	case has(FTotal) && (has(FOrderID) || has(FDate)):
		return data.KindSales
	}
	return data.KindLeads
}

// fieldOrder is the order a mapping editor lists fields in: when, which
// record, who, then the figures.
var fieldOrder = []Field{
	FDay, FDate, FDateFrom, FDateTo, FTime, FTimeZone,
	FOrderID, FRecordID, FAltID, FType, FStatus, FStage,
	FCustomer, FName, FFirstName, FLastName, FCompany, FEmail, FPhone,
	FAccount, FCampaign, FAdGroup, FDetail,
	FSpend, FImpressions, FClicks, FConversions, FConversionValue, FPurchases, FPlatformLeads,
	FTotal, FRefunded, FCurrency,
	FSKU, FProduct, FQuantity, FUnitPrice, FLineTotal, FItems,
	FOnHand, FLocation, FUnitCost, FReceived,
	FOwner, FOrderRef, FClickID, FNotes,
}

// Fields lists the fields a kind of file can map columns to, in the order a
// mapping editor shows them.
func Fields(k data.Kind) []Field {
	var out []Field
	for _, f := range fieldOrder {
		if kindFields[k][f] {
			out = append(out, f)
		}
	}
	return out
}
