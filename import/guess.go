package importer

import (
	"regexp"
	"sort"
	"strings"

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
	FPhone:       {"phone", "phone number", "telephone", "mobile", "telefon", "téléphone", "teléfono"},
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
	assign := func(fld Field, col int) {
		if _, done := cols[fld]; done || taken[col] {
			return
		}
		cols[fld] = []string{h.raw[col]}
		taken[col] = true
	}
	// By name first, exact synonyms before partial ones.
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
					if exact && n == syn || !exact && len(syn) > 3 && strings.Contains(n, syn) {
						assign(fld, i)
					}
				}
			}
		}
	}
	// Then by values: an unnamed column of emails is the email.
	for i := range h.names {
		if taken[i] {
			continue
		}
		emails := 0
		for _, r := range body {
			if emailRe.MatchString(strings.TrimSpace(r.cell(i))) {
				emails++
			}
		}
		if emails > 0 && emails*2 >= len(body) {
			assign(FEmail, i)
		}
	}
	// A column whose header names a currency ("Paid (USD)", "Betrag €")
	// and whose values are numbers holds money.
	if _, named := cols[FTotal]; !named {
		for i, raw := range h.raw {
			if !taken[i] && currencyHeader.MatchString(raw) && mostly(body, i, func(v string) bool { _, ok := parseNumber(v, numberStyle{}); return ok }) {
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
	data.KindAdStats: set(FDay, FDateFrom, FDateTo, FAccount, FCampaign, FAdGroup, FDetail, FSpend, FImpressions, FClicks, FConversions, FConversionValue, FCurrency),
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
	FSpend, FImpressions, FClicks, FConversions, FConversionValue,
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
