// Package demo makes Lastmile's demo workspace: six months of an invented
// furniture shop, Alder & Pine, with ad spend, leads, sales, refunds and
// stock. The data tells a story worth seeing: Google Ads pays back while
// Meta Ads does not, and leads from trade shows and word of mouth buy far
// bigger orders than leads from ads.
//
// Generate is a pure function of its seed and anchor date (same inputs, same
// data set); Write stores a data set through the same batch API the
// importers use.
package demo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"lastmile/data"
	"lastmile/data/civil"
)

// DefaultSeed is the seed of the demo the app and CLI make.
const DefaultSeed = 20251124

// Days is how many days of history the demo holds, ending on its anchor.
const Days = 182

// BusinessName is the demo business's name, as the window title shows it.
const BusinessName = "Alder & Pine Furniture (Demo)"

// Settings are the demo workspace's settings (fixed, so the same seed always
// gives the same workspace on any computer).
func Settings(anchor civil.Date) data.Settings {
	return data.Settings{
		BusinessName:          BusinessName,
		TimeZone:              "America/Denver",
		Currency:              "USD",
		Country:               "US",
		DateOrder:             "mdy",
		AttributionWindowDays: 180,
		Demo:                  true,
		DemoAnchor:            anchor,
	}
}

// Today returns the current date in the demo business's time zone: the
// anchor of a demo made now.
func Today(now time.Time) civil.Date {
	return Settings(civil.Date{}).Today(now)
}

// Batch is one generated "file" and its rows. Exactly one of the row slices
// is set, matching Info.Kind.
type Batch struct {
	Info    data.BatchInfo
	AdStats []data.AdStat
	Leads   []data.Lead
	Sales   []data.Sale
	Stock   []data.StockLevel
}

// Dataset is a whole generated demo.
type Dataset struct {
	Anchor   civil.Date
	Settings data.Settings
	Batches  []Batch
	// Meant says, by natural key, the channel the generator meant each
	// lead to come from and each sale's own source to say ("" for none):
	// what the workspace's classifier must find in their source fields.
	Meant map[string]string
}

// Period is the range of days the data set covers.
func (d Dataset) Period() data.Period {
	return data.Period{From: d.Anchor.AddDays(-(Days - 1)), To: d.Anchor}
}

// Write stores every batch of d in w, one transaction per batch, and then
// saves the demo settings. The anchor date is saved last, so a demo whose
// writing was cut short is made again the next time Ensure sees it.
func Write(ctx context.Context, w *data.Workspace, d Dataset) error {
	for _, b := range d.Batches {
		_, err := w.WriteBatch(ctx, b.Info, func(bw *data.BatchWriter) error {
			for _, a := range b.AdStats {
				if err := bw.AdStat(a); err != nil {
					return err
				}
			}
			for _, l := range b.Leads {
				if err := bw.Lead(l); err != nil {
					return err
				}
			}
			for _, s := range b.Sales {
				if err := bw.Sale(s); err != nil {
					return err
				}
			}
			for _, s := range b.Stock {
				if err := bw.StockLevel(s); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("write demo batch %s: %w", b.Info.FileName, err)
		}
	}
	return w.SaveSettings(ctx, d.Settings)
}

// DefaultPath returns where the app and the CLI keep the demo workspace.
func DefaultPath() (string, error) {
	dir, err := data.DefaultDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "Demo"+data.FileExt), nil
}

// Ensure opens the demo workspace at path, making it first if it is missing.
// A demo made on an earlier day is made again for today, so it always shows
// the last six months; a demo the person has imported their own files into
// is left as it is.
func Ensure(ctx context.Context, path string, today civil.Date) (*data.Workspace, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		s := Settings(today)
		s.DemoAnchor = civil.Date{}
		w, err := data.Create(ctx, path, s)
		if err != nil {
			return nil, err
		}
		if err := Write(ctx, w, Generate(DefaultSeed, today)); err != nil {
			_ = w.Close()
			return nil, err
		}
		return w, nil
	}
	w, err := data.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if s := w.Settings(); !s.Demo || s.DemoAnchor == today {
		return w, nil
	}
	batches, err := w.Batches(ctx)
	if err != nil {
		_ = w.Close()
		return nil, err
	}
	for _, b := range batches {
		if !IsDemoBatch(b) {
			return w, nil
		}
	}
	for _, b := range batches {
		if err := w.UndoBatch(ctx, b.ID); err != nil {
			_ = w.Close()
			return nil, err
		}
	}
	if err := Write(ctx, w, Generate(DefaultSeed, today)); err != nil {
		_ = w.Close()
		return nil, err
	}
	return w, nil
}

// IsDemoBatch reports whether a batch was written by this package.
func IsDemoBatch(b data.Batch) bool { return strings.HasPrefix(b.SHA256, "demo-") }

// channel describes how leads from one channel behave in the demo.
type channel struct {
	key       string
	perDay    float64 // leads a day (paid channels: per $100 of spend)
	convert   float64 // share of leads that buy
	aov       float64 // median first order, dollars
	closeDays float64 // mean days from lead to sale
	emailRate float64 // share of leads with an email address
}

var channels = map[string]channel{
	"google_ads":     {"google_ads", 3.4, 0.21, 760, 6, 1},
	"microsoft_ads":  {"microsoft_ads", 3.0, 0.17, 690, 7, 1},
	"meta_ads":       {"meta_ads", 4.3, 0.04, 300, 9, 1},
	"organic_search": {"organic_search", 1.0, 0.14, 640, 8, 1},
	"email":          {"email", 0.45, 0.18, 420, 4, 1},
	"trade_show":     {"trade_show", 0, 0.30, 1850, 24, 0.95},
	"word_of_mouth":  {"word_of_mouth", 0.40, 0.38, 1480, 12, 0.9},
	"phone":          {"phone", 0.50, 0.25, 1150, 5, 0.75},
	"walk_in":        {"walk_in", 0.60, 0.34, 930, 2, 0.85},
}

// campaign is one ad campaign and its daily budget in dollars.
type campaign struct {
	platform, account, name, channel string
	budget                           float64
	cpc, ctr                         float64 // dollars per click, clicks per impression
	claim                            float64 // conversions the platform claims per real lead
	valueClaim                       float64 // claimed conversion value per real dollar
	rampFrom                         int     // day index from which the budget is raised
	rampBy                           float64
}

var campaigns = []campaign{
	{"google_ads", "Alder & Pine", "Search | Dining tables", "google_ads", 34, 2.45, 0.058, 1.25, 1.1, 0, 0},
	{"google_ads", "Alder & Pine", "Search | Brand", "google_ads", 11, 0.95, 0.12, 1.3, 1.2, 0, 0},
	{"google_ads", "Alder & Pine", "Performance Max | Catalog", "google_ads", 17, 1.35, 0.021, 1.6, 1.4, 0, 0},
	{"meta_ads", "Alder & Pine Ads", "Prospecting | Living room", "meta_ads", 31, 0.88, 0.011, 2.4, 3.3, 92, 1.6},
	{"meta_ads", "Alder & Pine Ads", "Retargeting | Catalog", "meta_ads", 19, 0.74, 0.016, 2.1, 2.8, 92, 1.3},
	{"microsoft_ads", "Alder & Pine", "Search | Dining tables", "microsoft_ads", 7, 1.6, 0.041, 1.1, 1.0, 0, 0},
}

// product is one thing the shop sells. weight is how often it is chosen;
// the slow movers have tiny weights.
type product struct {
	sku, name string
	price     int64 // cents
	cost      int64 // cents
	weight    float64
	onHand    float64
}

var products = []product{
	{"TBL-OAK-180", "Oak dining table 180 cm", 145000, 61000, 6, 9},
	{"TBL-WAL-200", "Walnut dining table 200 cm", 220000, 98000, 3, 5},
	{"CHR-OAK", "Oak dining chair", 24000, 9500, 14, 64},
	{"CHR-UPH", "Upholstered dining chair", 31000, 12800, 8, 30},
	{"SBD-OAK", "Oak sideboard", 98000, 41000, 4, 7},
	{"BKS-ASH", "Ash bookshelf", 56000, 22500, 5, 11},
	{"BED-OAK-Q", "Oak bed frame, queen", 128000, 54000, 4, 6},
	{"DSK-WAL", "Walnut writing desk", 89000, 37000, 4, 8},
	{"CFT-ROUND", "Round coffee table", 42000, 16500, 7, 14},
	{"LMP-BRASS", "Brass floor lamp", 21000, 8200, 8, 22},
	{"RUG-WOOL-L", "Wool rug 200×300", 64000, 26000, 5, 12},
	{"CUS-LIN", "Linen cushion", 4500, 1400, 20, 140},
	{"THR-WOOL", "Wool throw", 8900, 3100, 14, 75},
	{"CAN-SOY", "Soy candle", 2400, 600, 22, 210},
	{"OIL-CARE", "Furniture care kit", 3200, 900, 12, 96},
	{"CAB-BAR-WAL", "Walnut bar cabinet", 185000, 84000, 0.25, 6},
	{"LNG-TEAK", "Teak outdoor lounger", 76000, 33000, 0.2, 14},
	{"CHS-VEL", "Velvet chaise longue", 139000, 61000, 0.15, 5},
	{"MIR-ARCH", "Arched floor mirror", 38000, 15500, 0.4, 18},
	{"STL-BAR", "Leather bar stool", 29500, 12000, 0.3, 24},
}

// trade shows the shop exhibited at: days before the anchor, length, leads.
var shows = []struct {
	name            string
	daysAgo, length int
	leads           int
}{
	{"Spring Home Show", 150, 3, 56},
	{"Design Week Market", 62, 2, 41},
}

type gen struct {
	r      *rand.Rand
	anchor civil.Date
	loc    *time.Location
	first  civil.Date
	names  map[string]bool
	phones []string
	nLead  int
	nWeb   int
	nInv   int
	nPOS   int
	meant  map[string]string // see Dataset.Meant
}

// Generate makes the demo data set for the six months ending on anchor.
// The same seed and anchor always give the same data set.
func Generate(seed uint64, anchor civil.Date) Dataset {
	s := Settings(anchor)
	g := &gen{
		r:      rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		anchor: anchor,
		loc:    s.Location(),
		first:  anchor.AddDays(-(Days - 1)),
		names:  map[string]bool{},
		meant:  map[string]string{},
	}
	g.phones = g.phonePool()

	ads, spendByDay := g.adStats()
	leads := g.leads(spendByDay)
	g.claims(ads, leads)
	web, pos, inv := g.sales(leads)
	stock := g.stock()

	imported := anchor.Time(g.loc).Add(9 * time.Hour)
	mk := func(name, format string, kind data.Kind, rows int) data.BatchInfo {
		return data.BatchInfo{
			FileName:   name,
			SHA256:     fmt.Sprintf("demo-%d-%s-%s", seed, anchor, name),
			Kind:       kind,
			Format:     format,
			ImportedAt: imported,
			From:       g.first,
			To:         anchor,
			Currency:   "USD",
			RowsRead:   rows,
		}
	}
	var batches []Batch
	for _, platform := range []struct{ key, file, format string }{
		{"google_ads", "Campaign report (Google Ads).csv", "Google Ads campaign report (demo)"},
		{"meta_ads", "Alder-Pine-Campaigns (Meta).csv", "Meta Ads Manager campaigns (demo)"},
		{"microsoft_ads", "Campaign performance (Microsoft Advertising).csv", "Microsoft Advertising campaign report (demo)"},
	} {
		var rows []data.AdStat
		for _, a := range ads {
			if a.Platform == platform.key {
				rows = append(rows, a)
			}
		}
		b := Batch{Info: mk(platform.file, platform.format, data.KindAdStats, len(rows)), AdStats: rows}
		batches = append(batches, b)
	}
	batches = append(batches,
		Batch{Info: mk("hubspot-crm-exports-all-contacts.csv", "HubSpot contacts (demo)", data.KindLeads, len(leads)), Leads: leadRows(leads)},
		Batch{Info: mk("orders_export_1.csv", "Shopify orders (demo)", data.KindSales, len(web)), Sales: web},
		Batch{Info: mk("transactions.csv", "Square transactions (demo)", data.KindSales, len(pos)), Sales: pos},
		Batch{Info: mk("Sales by Customer Detail.xlsx", "QuickBooks Online sales by customer detail (demo)", data.KindSales, len(inv)), Sales: inv},
	)
	stockInfo := mk("inventory.csv", "Stock on hand (demo)", data.KindStock, len(stock))
	stockInfo.From, stockInfo.To = anchor, anchor
	batches = append(batches, Batch{Info: stockInfo, Stock: stock})
	for _, l := range leads {
		g.meant[l.NaturalKey()] = l.ch.key
	}
	return Dataset{Anchor: anchor, Settings: s, Batches: batches, Meant: g.meant}
}

// adStats makes one row per campaign per day and returns the spend per
// channel per day index, which drives how many leads the ads bring.
func (g *gen) adStats() ([]data.AdStat, map[string][]float64) {
	spend := map[string][]float64{}
	var rows []data.AdStat
	for i := range Days {
		day := g.first.AddDays(i)
		weekday := 1.0
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			weekday = 1.15
		}
		for _, c := range campaigns {
			budget := c.budget
			if c.rampFrom > 0 && i >= c.rampFrom {
				budget *= c.rampBy
			}
			dollars := budget * weekday * g.between(0.82, 1.08)
			cents := int64(math.Round(dollars * 100))
			clicks := int64(math.Round(dollars / (c.cpc * g.between(0.85, 1.15))))
			impressions := int64(math.Round(float64(clicks) / (c.ctr * g.between(0.8, 1.2))))
			if spend[c.channel] == nil {
				spend[c.channel] = make([]float64, Days)
			}
			spend[c.channel][i] += dollars
			rows = append(rows, data.AdStat{
				Line:        len(rows) + 1,
				Platform:    c.platform,
				Account:     c.account,
				Campaign:    c.name,
				From:        day,
				To:          day,
				Currency:    "USD",
				Spend:       cents,
				Impressions: impressions,
				Clicks:      clicks,
			})
		}
	}
	return rows, spend
}

// claims fills in the conversions each platform says its campaigns brought:
// more than the leads that really arrived, as platforms count views and
// cross-device guesses too (Meta far more than Google).
func (g *gen) claims(ads []data.AdStat, leads []lead) {
	type cd struct {
		platform, campaign string
		day                civil.Date
	}
	real := map[cd]int{}
	for _, l := range leads {
		if l.campaign != "" {
			real[cd{l.ch.key, l.campaign, l.Day}]++
		}
	}
	for i := range ads {
		a := &ads[i]
		for _, c := range campaigns {
			if c.platform != a.Platform || c.name != a.Campaign {
				continue
			}
			n := float64(real[cd{c.channel, c.name, a.From}])
			conv := math.Round(n*c.claim*g.between(0.8, 1.2)*100) / 100
			ch := channels[c.channel]
			value := int64(math.Round(conv * ch.convert * ch.aov * c.valueClaim * 100))
			a.Conversions, a.ConversionValue = &conv, &value
		}
	}
}

// lead is a generated lead plus what the generator knows about it.
type lead struct {
	data.Lead
	ch       channel
	campaign string
	event    string
}

func (g *gen) leads(spend map[string][]float64) []lead {
	var out []lead
	for i := range Days {
		day := g.first.AddDays(i)
		for _, key := range []string{"google_ads", "microsoft_ads", "meta_ads", "organic_search", "email", "word_of_mouth", "phone", "walk_in"} {
			ch := channels[key]
			lambda := ch.perDay
			if s, ok := spend[key]; ok {
				lambda = ch.perDay * s[i] / 100
			}
			if key == "walk_in" && (day.Weekday() == time.Saturday) {
				lambda *= 1.8
			}
			for range g.poisson(lambda) {
				out = append(out, g.newLead(day, ch, ""))
			}
		}
	}
	for _, s := range shows {
		for j := range s.leads {
			day := g.anchor.AddDays(-s.daysAgo + j%s.length)
			out = append(out, g.newLead(day, channels["trade_show"], s.name))
		}
	}
	slices.SortStableFunc(out, func(a, b lead) int { return a.CreatedAt.Compare(b.CreatedAt) })
	for i := range out {
		out[i].RecordID = fmt.Sprint(51200 + i*7)
		out[i].Line = i + 1
	}
	return out
}

func (g *gen) newLead(day civil.Date, ch channel, event string) lead {
	first, last := g.pick(firstNames), g.pick(lastNames)
	l := lead{ch: ch, event: event}
	l.System = "hubspot"
	l.Day = day
	l.CreatedAt = g.at(day, 8, 21)
	l.Name = first + " " + last
	if g.r.Float64() < ch.emailRate {
		l.Email = g.email(first, last)
	}
	if g.r.Float64() < 0.45 && len(g.phones) > 0 {
		l.Phone, g.phones = g.phones[0], g.phones[1:]
	}
	if ch.key == "trade_show" || ch.key == "word_of_mouth" || (ch.key == "phone" && g.r.Float64() < 0.4) {
		if g.r.Float64() < 0.55 {
			l.Company = g.pick(companyPrefixes) + " " + g.pick(companySuffixes)
		}
	}
	l.Owner = g.pick([]string{"Maya Ortiz", "Tom Becker", "Priya Nair"})
	l.Stage = "Lead"
	f := func(name, value string) {
		l.SourceFields = append(l.SourceFields, data.Field{Name: name, Value: value})
	}
	switch ch.key {
	case "google_ads":
		l.campaign = g.pickCampaign("google_ads")
		l.ClickID = "Cj0KCQ" + g.token(18)
		f("Original Source", "Paid Search")
		f("Original Source Drill-Down 1", "google")
		f("Original Source Drill-Down 2", l.campaign)
		f("utm_source", "google")
		f("utm_medium", "cpc")
		f("utm_campaign", l.campaign)
	case "microsoft_ads":
		l.campaign = g.pickCampaign("microsoft_ads")
		l.ClickID = g.token(32)
		f("Original Source", "Paid Search")
		f("Original Source Drill-Down 1", "bing")
		f("utm_source", "bing")
		f("utm_medium", "cpc")
		f("utm_campaign", l.campaign)
	case "meta_ads":
		l.campaign = g.pickCampaign("meta_ads")
		l.ClickID = "IwAR" + g.token(22)
		src := g.pick([]string{"facebook", "facebook", "instagram"})
		f("Original Source", "Paid Social")
		f("Original Source Drill-Down 1", strings.ToUpper(src[:1])+src[1:])
		f("utm_source", src)
		f("utm_medium", "paid_social")
		f("utm_campaign", l.campaign)
	case "organic_search":
		f("Original Source", "Organic Search")
		f("Original Source Drill-Down 1", g.pick([]string{"google", "google", "google", "bing", "duckduckgo"}))
	case "email":
		f("Original Source", "Email Marketing")
		f("Original Source Drill-Down 1", "Alder & Pine newsletter")
		f("utm_source", "newsletter")
		f("utm_medium", "email")
	case "trade_show":
		f("Original Source", "Offline Sources")
		f("Original Source Drill-Down 1", "IMPORT")
		f("How did you hear about us?", "Trade show: "+event)
	case "word_of_mouth":
		f("Original Source", "Offline Sources")
		f("Original Source Drill-Down 1", "CRM_UI")
		f("How did you hear about us?", g.pick([]string{"A friend recommended you", "Referral from a customer", "Word of mouth"}))
	case "phone":
		f("Original Source", "Offline Sources")
		f("Original Source Drill-Down 1", "CRM_UI")
		f("How did you hear about us?", "Called the shop")
	case "walk_in":
		f("Original Source", "Offline Sources")
		f("Original Source Drill-Down 1", "CRM_UI")
		f("How did you hear about us?", "Walked into the showroom")
	}
	return l
}

func leadRows(ls []lead) []data.Lead {
	out := make([]data.Lead, len(ls))
	for i, l := range ls {
		out[i] = l.Lead
	}
	return out
}

// sales makes the orders: those of converted leads, walk-in purchases with
// no lead at all, and web orders that arrive straight from a search or an
// ad. It also marks converted leads as customers.
func (g *gen) sales(leads []lead) (web, pos, inv []data.Sale) {
	for i := range leads {
		l := &leads[i]
		if g.r.Float64() >= l.ch.convert {
			continue
		}
		delay := g.r.ExpFloat64() * l.ch.closeDays
		if l.ch.key == "walk_in" && g.r.Float64() < 0.4 {
			delay = 0
		}
		day := l.Day.AddDays(int(delay))
		if day.After(g.anchor) {
			continue // still open
		}
		l.Stage = "Customer"
		amount := g.lognormal(l.ch.aov, 0.5)
		g.addSale(&web, &pos, &inv, l, day, amount)
		if g.r.Float64() < 0.09 { // a later, smaller order from the same person
			day2 := day.AddDays(10 + g.r.IntN(60))
			if !day2.After(g.anchor) {
				g.addSale(&web, &pos, &inv, l, day2, g.lognormal(140, 0.6))
			}
		}
	}
	for i := range Days {
		day := g.first.AddDays(i)
		n := 3.2
		if day.Weekday() == time.Saturday {
			n = 6.5
		} else if day.Weekday() == time.Sunday {
			n = 1.5
		}
		for range g.poisson(n) {
			g.addSale(&web, &pos, &inv, nil, day, g.lognormal(88, 0.7))
		}
		for range g.poisson(0.9) {
			g.addSale(&web, &pos, &inv, nil, day, g.lognormal(240, 0.7))
		}
	}
	byTime := func(a, b data.Sale) int {
		return cmp.Or(a.PlacedAt.Compare(b.PlacedAt), strings.Compare(a.OrderID, b.OrderID))
	}
	slices.SortStableFunc(web, byTime)
	slices.SortStableFunc(pos, byTime)
	slices.SortStableFunc(inv, byTime)
	for _, list := range [][]data.Sale{web, pos, inv} {
		for i := range list {
			list[i].Line = i + 1
		}
	}
	return web, pos, inv
}

// addSale books one order in the system the channel sells through. A nil
// lead is a customer the shop never had as a lead: a showroom purchase when
// the amount is small, else a web order that came straight from a search or
// an ad.
func (g *gen) addSale(web, pos, inv *[]data.Sale, l *lead, day civil.Date, dollars float64) {
	lines := g.basket(dollars)
	var total int64
	for _, ln := range lines {
		total += ln.Amount
	}
	s := data.Sale{Day: day, Currency: "USD", Kind: data.SaleOrder, Gross: total, Net: total, Lines: lines}
	key := ""
	if l != nil {
		key = l.ch.key
		s.Customer, s.Company, s.Email, s.Phone = l.Name, l.Company, l.Email, l.Phone
	} else {
		s.Customer = g.pick(customerFirstNames) + " " + g.pick(customerLastNames)
	}
	system := "shopify"
	switch {
	case key == "trade_show" || (key == "word_of_mouth" && dollars > 900) || (key == "phone" && dollars > 1400):
		system = "quickbooks"
	case key == "walk_in" || key == "word_of_mouth" || (l == nil && dollars < 150):
		system = "square"
	}
	switch system {
	case "shopify":
		g.nWeb++
		s.System, s.OrderID = "shopify", fmt.Sprintf("#%d", 1000+g.nWeb)
		s.PlacedAt = g.at(day, 7, 23)
		s.Status = "paid"
		g.webSource(&s, l)
		if g.r.Float64() < 0.045 { // returns
			if g.r.Float64() < 0.5 || len(lines) == 1 {
				s.Refunded, s.Status = total, "refunded"
			} else {
				s.Refunded, s.Status = lines[len(lines)-1].Amount, "partially_refunded"
			}
			s.Net = total - s.Refunded
		}
		*web = append(*web, s)
	case "square":
		g.nPOS++
		s.System, s.OrderID = "square", g.token(22)
		s.PlacedAt = g.at(day, 10, 18)
		s.Status = "Complete"
		if l == nil && g.r.Float64() > 0.25 {
			s.Email = "" // most counter customers give no email
		} else if l == nil {
			s.Email = g.email(strings.Fields(s.Customer)[0], strings.Fields(s.Customer)[1])
		}
		*pos = append(*pos, s)
		if g.r.Float64() < 0.03 { // a refund at the counter a few days later
			back := lines[0].Amount
			rday := day.AddDays(1 + g.r.IntN(10))
			if !rday.After(g.anchor) {
				// As Square writes it: the refund keeps its payment's
				// transaction id, under a payment id of its own.
				g.nPOS++
				paymentID := g.token(22)
				r := data.Sale{
					System: "square", OrderID: "Refund " + s.OrderID, Ref: s.OrderID, RefundOf: s.OrderID,
					Kind: data.SaleRefund, Status: "Refund", PlacedAt: g.at(rday, 10, 18), Day: rday,
					Customer: s.Customer, Email: s.Email, Currency: "USD", Gross: -back, Net: -back,
					SourceFields: data.SourceFields{{Name: "Payment ID", Value: paymentID}},
				}
				*pos = append(*pos, r)
			}
		}
	case "quickbooks":
		g.nInv++
		s.System, s.OrderID = "quickbooks", fmt.Sprintf("INV-%d", 2400+g.nInv)
		s.Status = "Invoice"
		*inv = append(*inv, s)
		if g.nInv%23 == 0 { // a credit memo against this invoice
			back := lines[0].Amount / 4
			rday := day.AddDays(7 + g.r.IntN(14))
			if !rday.After(g.anchor) {
				g.nInv++
				*inv = append(*inv, data.Sale{
					System: "quickbooks", OrderID: fmt.Sprintf("CM-%d", 2400+g.nInv), Kind: data.SaleRefund,
					Status: "Credit Memo", Day: rday, Customer: s.Customer, Company: s.Company, Email: s.Email,
					Currency: "USD", Gross: -back, Net: -back,
				})
			}
		}
	}
}

// webSource fills the UTM note attributes a web order carries. Orders from
// ad leads often keep the ad's UTM; orders with no lead came straight from a
// search, an ad or a typed address.
func (g *gen) webSource(s *data.Sale, l *lead) {
	utm := func(src, medium, camp, own string) {
		s.SourceFields = append(s.SourceFields,
			data.Field{Name: "utm_source", Value: src}, data.Field{Name: "utm_medium", Value: medium})
		if camp != "" {
			s.SourceFields = append(s.SourceFields, data.Field{Name: "utm_campaign", Value: camp})
		}
		g.meant[s.NaturalKey()] = own
	}
	if l != nil {
		if g.r.Float64() < 0.6 {
			switch l.ch.key {
			case "google_ads":
				utm("google", "cpc", l.campaign, "google_ads")
				s.ClickID = l.ClickID
			case "microsoft_ads":
				utm("bing", "cpc", l.campaign, "microsoft_ads")
			case "meta_ads":
				utm("facebook", "paid_social", l.campaign, "meta_ads")
			case "email":
				utm("newsletter", "email", "", "email")
			}
		}
		return
	}
	switch x := g.r.Float64(); {
	case x < 0.35:
		utm("google", "organic", "", "organic_search")
	case x < 0.55:
		utm("google", "cpc", "Search | Brand", "google_ads")
	case x < 0.58:
		utm("facebook", "paid_social", "Retargeting | Catalog", "meta_ads")
	case x < 0.68:
		utm("instagram", "social", "", "organic_social")
	}
	if s.Email == "" {
		parts := strings.Fields(s.Customer)
		s.Email = g.email(parts[0], parts[1])
	}
}

// basket fills an order worth about dollars with products, favouring the
// popular ones; the slow movers turn up rarely.
func (g *gen) basket(dollars float64) []data.SaleLine {
	remaining := int64(dollars * 100)
	var lines []data.SaleLine
	for len(lines) < 6 {
		var fit []product
		var total float64
		for _, p := range products {
			if p.price <= remaining+remaining/6 {
				fit = append(fit, p)
				total += p.weight
			}
		}
		if len(fit) == 0 {
			break
		}
		x := g.r.Float64() * total
		var p product
		for _, c := range fit {
			p = c
			if x -= c.weight; x < 0 {
				break
			}
		}
		qty := int64(1)
		if strings.HasPrefix(p.sku, "CHR-") {
			qty = min(int64(2+2*g.r.IntN(3)), max(1, remaining/p.price))
		}
		lines = append(lines, data.SaleLine{SKU: p.sku, Product: p.name, Quantity: float64(qty), Amount: p.price * qty})
		remaining -= p.price * qty
		if remaining < 2400 {
			break
		}
	}
	if len(lines) == 0 {
		p := products[13] // the cheapest thing in the shop
		lines = append(lines, data.SaleLine{SKU: p.sku, Product: p.name, Quantity: 1, Amount: p.price})
	}
	return lines
}

// stock is one count of the warehouse on the anchor day. The slow movers
// arrived long ago; the rest were restocked recently.
func (g *gen) stock() []data.StockLevel {
	var out []data.StockLevel
	for i, p := range products {
		cost := p.cost
		received := g.anchor.AddDays(-(10 + g.r.IntN(40)))
		if p.weight < 1 {
			received = g.anchor.AddDays(-(95 + g.r.IntN(120)))
		}
		out = append(out, data.StockLevel{
			Line: i + 1, Day: g.anchor, SKU: p.sku, Product: p.name, Location: "Warehouse",
			OnHand: p.onHand, UnitCost: &cost, Currency: "USD", ReceivedOn: received,
		})
	}
	return out
}

func (g *gen) pickCampaign(channel string) string {
	var names []string
	var weights []float64
	var total float64
	for _, c := range campaigns {
		if c.channel == channel {
			names = append(names, c.name)
			weights = append(weights, c.budget)
			total += c.budget
		}
	}
	x := g.r.Float64() * total
	for i, w := range weights {
		if x -= w; x < 0 {
			return names[i]
		}
	}
	return names[len(names)-1]
}

// at returns an instant on day between the hours from and to, local time.
func (g *gen) at(day civil.Date, from, to int) time.Time {
	minutes := from*60 + g.r.IntN((to-from)*60)
	return day.Time(g.loc).Add(time.Duration(minutes) * time.Minute)
}

func (g *gen) email(first, last string) string {
	base := asciiFold(strings.ToLower(first + "." + last))
	domain := g.pick([]string{"example.com", "example.org", "example.net"})
	e := base + "@" + domain
	for n := 2; g.names[e]; n++ {
		e = fmt.Sprintf("%s%d@%s", base, n, domain)
	}
	g.names[e] = true
	return e
}

// phonePool is the fictional 555-01xx numbers of several Colorado area
// codes, shuffled.
func (g *gen) phonePool() []string {
	var out []string
	for _, area := range []string{"303", "720", "970", "719", "303", "720"} {
		for n := range 100 {
			out = append(out, fmt.Sprintf("(%s) 555-01%02d", area, n))
		}
	}
	out = slices.Compact(slices.Sorted(slices.Values(out)))
	g.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func (g *gen) token(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) between(lo, hi float64) float64 { return lo + g.r.Float64()*(hi-lo) }

// lognormal returns a positive amount whose median is median.
func (g *gen) lognormal(median, sigma float64) float64 {
	return median * math.Exp(g.r.NormFloat64()*sigma)
}

// poisson draws a Poisson count (Knuth's method; the rates here are small).
func (g *gen) poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= g.r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

func asciiFold(s string) string {
	return strings.NewReplacer("é", "e", "í", "i", "á", "a", "ó", "o", "ú", "u", "ñ", "n", "ü", "u", "ø", "o", "ö", "o", "ç", "c", "'", "").Replace(s)
}

var firstNames = []string{
	"Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofia", "Lucas", "Mia", "Ethan", "Isabella", "James",
	"Amelia", "Benjamin", "Harper", "Elijah", "Chloé", "Henry", "Zoe", "Daniel", "Nora", "Samuel", "Leah",
	"Jack", "Aisha", "Omar", "Hannah", "Diego", "Grace", "Kenji", "Lena", "Marcus", "Ruth", "Tobias", "Ines",
	"Felix", "Clara", "Ravi", "Maren", "Jonas", "Adele", "Bruno", "Celia", "Dmitri", "Elif", "Farah", "Gustav",
	"Hiro", "Ingrid", "Joaquín", "Keira", "Lorenzo", "Malia", "Nikolai", "Odette", "Pavel", "Quinn", "Rosa",
	"Soren", "Talia", "Umar", "Vera", "Wendell", "Ximena", "Yusuf", "Zara", "Anders", "Beatriz", "Cyrus",
	"Dalia", "Emil", "Fiona", "Gideon", "Hana", "Idris", "Jolene",
}

var lastNames = []string{
	"Peña", "Müller", "Østergaard", "Johnson", "Garcia", "Nguyen", "Smith", "Brown", "Martinez", "Lee", "Walker",
	"Hall", "Young", "King", "Wright", "Lopez", "Hill", "Scott", "Green", "Adams", "Baker", "Nelson", "Carter",
	"Mitchell", "Perez", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins",
	"Stewart", "Morris", "Rogers", "Reed", "Cook", "Morgan", "Bell", "Abbott", "Barrett", "Castillo", "Delgado",
	"Eriksen", "Fischer", "Gallagher", "Haddad", "Ibarra", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak",
	"O'Brien", "Petrov", "Quintero", "Rahman", "Sato", "Tanaka", "Umberto", "Vasquez", "Whitfield", "Xu",
	"Yilmaz", "Zeller", "Ashford", "Blackwood", "Caldwell", "Dunmore", "Everett", "Fairbanks", "Grayson", "Holloway",
}

// The customers who never were leads (counter and web buyers) have names of
// their own, so none of them is taken for a lead of the same name.
var customerFirstNames = []string{
	"Arlo", "Bea", "Cosmo", "Dina", "Edgar", "Flora", "Gus", "Hattie", "Ivo", "June", "Kurt", "Lottie", "Mabel",
	"Ned", "Opal", "Percy", "Rhea", "Silas", "Thea", "Vince", "Wilma", "Yael", "Zeke",
}

var customerLastNames = []string{
	"Ainsley", "Birch", "Crowley", "Dufresne", "Ellery", "Fenwick", "Gorski", "Harlow", "Iverson", "Jessup",
	"Kettering", "Lachance", "Merriweather", "Nakamura", "Ostrander", "Pritchard", "Quimby", "Rosenthal",
	"Stanhope", "Thackeray", "Upton", "Vandermeer", "Winslow",
}

var companyPrefixes = []string{"Juniper", "Northwind", "Foothill", "Cedar", "Flatiron", "Larkspur", "Bluebird", "Canyon", "Aspen", "Granite"}

var companySuffixes = []string{"Café", "Interiors", "Dental", "Design Studio", "Bistro", "Architects", "Lodge", "Realty", "Co-working", "Yoga"}
