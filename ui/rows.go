package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/money"
)

// RowSource is what the Leads and Sales screens read and change:
// *data.Workspace in the app.
type RowSource interface {
	Settings() data.Settings
	Channels(ctx context.Context) ([]data.Channel, error)
	Leads(ctx context.Context, q data.RowQuery) ([]data.LeadRow, error)
	CountLeads(ctx context.Context, q data.RowQuery) (int, error)
	Lead(ctx context.Context, id int64) (data.LeadRow, error)
	Sales(ctx context.Context, q data.RowQuery) ([]data.SaleRow, error)
	CountSales(ctx context.Context, q data.RowQuery) (int, error)
	Sale(ctx context.Context, id int64) (data.SaleDetail, error)
	Review(ctx context.Context) ([]data.ReviewItem, error)
	LinkSale(ctx context.Context, saleID, leadID int64) error
	ConfirmMatch(ctx context.Context, saleID int64) error
	UnlinkSale(ctx context.Context, saleID int64) error
	RejectSuggestion(ctx context.Context, saleID, leadID int64) error
	ForgetDecisions(ctx context.Context, saleID int64) error
}

// rowFilter is what a Leads or Sales screen shows: a period (zero: all
// time), a channel and, for sales, the attribution model.
type rowFilter struct {
	Period  data.Period
	Channel int64 // 0 every channel, data.Unassigned none
	Model   data.Model
}

// rowsOptions is what the Leads and Sales screens need.
type rowsOptions struct {
	Source RowSource
	Window fyne.Window
	Report reporter
	Run    runner
	Filter rowFilter
	Now    func() time.Time // nil: time.Now
	// Changed is called after a person links, unlinks or confirms a sale,
	// so other screens read their figures again.
	Changed func()
}

const (
	allChannels = "All channels"
	allTime     = "All time"
)

// filterBar is the search box, the channel and period pickers and the row
// count above a table.
type filterBar struct {
	search   *widget.Entry
	channel  *widget.Select
	period   *widget.Select
	count    *widget.Label
	status   *widget.Label
	channels []data.Channel
	periods  map[string]data.Period
	noneName string
	onChange func()
	box      fyne.CanvasObject
}

func newFilterBar(o rowsOptions, noneName, placeholder string, onChange func()) *filterBar {
	f := &filterBar{noneName: noneName, onChange: onChange, periods: map[string]data.Period{allTime: {}}}
	f.search = widget.NewEntry()
	f.search.SetPlaceHolder(placeholder)
	f.search.OnChanged = func(string) { f.onChange() }
	f.channel = widget.NewSelect([]string{allChannels}, func(string) { f.onChange() })
	f.channel.Selected = allChannels
	today := o.Source.Settings().Today(nowOf(o))
	opts := []string{allTime}
	for _, p := range data.Presets {
		opts = append(opts, string(p))
		f.periods[string(p)] = data.PeriodFor(p, today)
	}
	sel := allTime
	if p := o.Filter.Period; !p.From.IsZero() {
		sel = p.String()
		f.periods[sel] = p
		opts = append(opts, sel)
	}
	f.period = widget.NewSelect(opts, func(string) { f.onChange() })
	f.period.Selected = sel
	f.count = widget.NewLabel("")
	f.status = widget.NewLabel("")
	f.status.Wrapping = fyne.TextWrapWord
	f.status.Hide()
	f.box = container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(f.channel, f.period, f.count), f.search),
		f.status)
	return f
}

// nowOf is the clock of the row screens.
func nowOf(o rowsOptions) time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// setChannels fills the channel picker and selects id.
func (f *filterBar) setChannels(chs []data.Channel, id int64) {
	f.channels = chs
	opts := []string{allChannels}
	sel := allChannels
	for _, c := range chs {
		opts = append(opts, c.Name)
		if c.ID == id {
			sel = c.Name
		}
	}
	opts = append(opts, f.noneName)
	if id == data.Unassigned {
		sel = f.noneName
	}
	f.channel.Options = opts
	f.channel.Selected = sel
	f.channel.Refresh()
}

// loadChannels fills the channel picker in the background, selects id,
// then shows the rows.
func (f *filterBar) loadChannels(o rowsOptions, id int64) {
	o.Run(func() {
		chs, err := o.Source.Channels(context.Background())
		fyne.Do(func() {
			if err != nil {
				f.showStatus(o.Report.text("reading channels", err))
				return
			}
			f.setChannels(chs, id)
			f.onChange()
		})
	})
}

// query returns the filter as a row query.
func (f *filterBar) query(m data.Model) data.RowQuery {
	q := data.RowQuery{Search: f.search.Text, Model: m, Period: f.periods[f.period.Selected]}
	switch f.channel.Selected {
	case allChannels, "":
	case f.noneName:
		q.Channel = data.Unassigned
	default:
		for _, c := range f.channels {
			if c.Name == f.channel.Selected {
				q.Channel = c.ID
			}
		}
	}
	return q
}

func (f *filterBar) showStatus(msg string) {
	f.status.SetText(msg)
	f.status.Show()
}

// screenTitle is a screen's heading.
func screenTitle(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	return l
}

// leadsScreen lists leads: when each came in, from which channel and why,
// and what each has bought.
type leadsScreen struct {
	o       rowsOptions
	bar     *filterBar
	table   *widget.Table
	rows    *pager[data.LeadRow]
	content fyne.CanvasObject
}

func newLeadsScreen(o rowsOptions) *leadsScreen {
	if o.Run == nil {
		o.Run = goroutine
	}
	s := &leadsScreen{o: o}
	cur := o.Source.Settings().Currency
	s.rows = &pager[data.LeadRow]{fetch: o.Source.Leads, count: o.Source.CountLeads, run: o.Run}
	s.bar = newFilterBar(o, "No channel", "Search names, emails, companies, phone numbers, record ids", s.reload)
	cols := []column{{"Date", 100, false}, {"Name", 170, false}, {"Company", 150, false}, {"Email", 200, false},
		{"Channel", 140, false}, {"Why this channel", 300, false}, {"Sales", 60, true}, {"Revenue", 100, true}}
	s.table = newTextTable(cols, s.rows.len, func(row, col int) string {
		l, ok := s.rows.row(row)
		if !ok {
			if col == 0 {
				return "…"
			}
			return ""
		}
		switch col {
		case 0:
			return shortDate(l.Day)
		case 1:
			return l.Name
		case 2:
			return l.Company
		case 3:
			return l.Email
		case 4:
			return orNone(l.Channel, "No channel")
		case 5:
			return why(l.Rule, l.SourceValue)
		case 6:
			return fmt.Sprint(l.Sales)
		default:
			if l.Sales == 0 && l.Revenue == 0 {
				return ""
			}
			return money.Format(l.Revenue, cur)
		}
	}, func(row, _ int) {
		if l, ok := s.rows.row(row); ok {
			s.showLead(l)
		}
	})
	s.rows.onChange = func() {
		s.bar.count.SetText(countOf(s.rows.len(), "lead", "leads"))
		s.table.Refresh()
	}
	s.rows.onError = func(err error) { s.bar.showStatus(o.Report.text("listing leads", err)) }
	help := widget.NewLabel("Every lead in the workspace, newest first. Tap a lead to see where it came from and why Lastmile counts it under its channel.")
	help.Wrapping = fyne.TextWrapWord
	s.content = container.NewBorder(container.NewVBox(screenTitle("Leads"), help, s.bar.box), nil, nil, nil, s.table)
	s.bar.loadChannels(o, o.Filter.Channel)
	return s
}

func (s *leadsScreen) reload() {
	s.table.ScrollToTop()
	s.rows.reset(s.bar.query(data.FirstTouch))
}

func (s *leadsScreen) showLead(l data.LeadRow) {
	cur := s.o.Source.Settings().Currency
	items := []*widget.FormItem{
		textItem("Came in", longDate(l.Day)),
		textItem("Name", l.Name),
		textItem("Company", l.Company),
		textItem("Email", l.Email),
		textItem("Phone", l.Phone),
		textItem("Stage", l.Stage),
		textItem("Owner", l.Owner),
		textItem("Channel", orNone(l.Channel, "No channel")),
		textItem("Why", why(l.Rule, l.SourceValue)),
		textItem("Bought", fmt.Sprintf("%s, %s", countOf(l.Sales, "sale", "sales"), money.Format(l.Revenue, cur))),
		textItem("Record", l.System+" "+l.RecordID),
	}
	showForm(s.o.Window, "Lead", items)
}

// salesScreen lists sales: where each came from under the chosen model,
// which lead it was matched to and how; its detail links, unlinks and
// confirms, and the review list holds the matches a person must choose.
type salesScreen struct {
	o       rowsOptions
	bar     *filterBar
	model   *widget.RadioGroup
	table   *widget.Table
	rows    *pager[data.SaleRow]
	review  *widget.Button
	content fyne.CanvasObject
}

func newSalesScreen(o rowsOptions) *salesScreen {
	if o.Run == nil {
		o.Run = goroutine
	}
	if o.Filter.Model == "" {
		o.Filter.Model = data.FirstTouch
	}
	s := &salesScreen{o: o}
	cur := o.Source.Settings().Currency
	s.rows = &pager[data.SaleRow]{fetch: o.Source.Sales, count: o.Source.CountSales, run: o.Run}
	s.bar = newFilterBar(o, data.Unattributed, "Search customers, emails, companies, phone numbers, order numbers", s.reload)
	s.model = widget.NewRadioGroup([]string{modelFirst, modelLast}, func(string) { s.reload() })
	s.model.Horizontal = true
	s.model.Required = true
	s.model.Selected = modelName(o.Filter.Model)
	cols := []column{{"Date", 100, false}, {"Order", 110, false}, {"Customer", 180, false}, {"Amount", 100, true},
		{"Channel", 150, false}, {"Lead", 160, false}, {"Matched by", 230, false}}
	s.table = newTextTable(cols, s.rows.len, func(row, col int) string {
		r, ok := s.rows.row(row)
		if !ok {
			if col == 0 {
				return "…"
			}
			return ""
		}
		switch col {
		case 0:
			return shortDate(r.Day)
		case 1:
			return r.OrderID
		case 2:
			return firstNonEmpty(r.Customer, r.Company, r.Email)
		case 3:
			amount := money.Format(r.Net, cur)
			switch r.Kind {
			case data.SaleRefund:
				amount += " refund"
			case data.SaleVoid:
				amount = "void"
			}
			return amount
		case 4:
			ch := r.FirstChannel
			if s.currentModel() == data.LastTouch {
				ch = r.LastChannel
			}
			return orNone(ch, data.Unattributed)
		case 5:
			return r.LeadName
		default:
			return matchWords(r)
		}
	}, func(row, _ int) {
		if r, ok := s.rows.row(row); ok {
			s.showSale(r.ID)
		}
	})
	s.rows.onChange = func() {
		s.bar.count.SetText(countOf(s.rows.len(), "sale", "sales"))
		s.table.Refresh()
	}
	s.rows.onError = func(err error) { s.bar.showStatus(o.Report.text("listing sales", err)) }
	s.review = widget.NewButtonWithIcon("Matches to review", theme.QuestionIcon(), s.showReview)
	help := widget.NewLabel("Every sale, refund and voided order, newest first. Tap one to see its lead, how it was matched and why it counts under its channel; link, unlink or confirm from there.")
	help.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(
		container.NewBorder(nil, nil, screenTitle("Sales"), s.review),
		help,
		container.NewHBox(widget.NewLabel("Count sales by"), s.model),
		s.bar.box)
	s.content = container.NewBorder(top, nil, nil, nil, s.table)
	s.bar.loadChannels(o, o.Filter.Channel)
	s.countReview()
	return s
}

const (
	modelFirst = "First touch (the lead's channel)"
	modelLast  = "Last touch (the sale's own source)"
)

func modelName(m data.Model) string {
	if m == data.LastTouch {
		return modelLast
	}
	return modelFirst
}

func (s *salesScreen) currentModel() data.Model {
	if s.model.Selected == modelLast {
		return data.LastTouch
	}
	return data.FirstTouch
}

func (s *salesScreen) reload() {
	s.table.ScrollToTop()
	s.rows.reset(s.bar.query(s.currentModel()))
}

// countReview shows how many matches wait for a person on the review
// button.
func (s *salesScreen) countReview() {
	s.o.Run(func() {
		items, err := s.o.Source.Review(context.Background())
		fyne.Do(func() {
			if err != nil {
				s.bar.showStatus(s.o.Report.text("reading the review list", err))
				return
			}
			if len(items) == 0 {
				s.review.SetText("No matches to review")
				s.review.Importance = widget.LowImportance
			} else {
				s.review.SetText(fmt.Sprintf("%s to review", countOf(len(items), "match", "matches")))
				s.review.Importance = widget.WarningImportance
			}
			s.review.Refresh()
		})
	})
}

// changed reads everything again after a decision.
func (s *salesScreen) changed() {
	s.rows.reset(s.bar.query(s.currentModel()))
	s.countReview()
	if s.o.Changed != nil {
		s.o.Changed()
	}
}

// decide runs a decision in the background, then reads everything again.
func (s *salesScreen) decide(what string, f func(ctx context.Context) error, after func()) {
	s.o.Run(func() {
		err := f(context.Background())
		fyne.Do(func() {
			if err != nil {
				s.o.Report.dialog(s.o.Window, "Could not save the decision", what, err)
				return
			}
			s.changed()
			if after != nil {
				after()
			}
		})
	})
}

// matchWords says how a sale found its lead.
func matchWords(r data.SaleRow) string {
	switch {
	case r.LeadID == 0:
		return ""
	case r.State == "manual":
		return "linked by hand"
	case r.State == "confirmed":
		return r.Tier.Label() + ", confirmed"
	default:
		return r.Tier.Label()
	}
}

// showSale opens a sale's detail: what it is, its lead and why, and the
// decisions a person can make about it.
func (s *salesScreen) showSale(id int64) {
	s.o.Run(func() {
		d, err := s.o.Source.Sale(context.Background(), id)
		fyne.Do(func() {
			if err != nil {
				s.o.Report.dialog(s.o.Window, "Could not open the sale", "reading a sale", err)
				return
			}
			s.saleDialog(d)
		})
	})
}

func (s *salesScreen) saleDialog(d data.SaleDetail) {
	cur := d.Currency
	var dlg interface{ Hide() }
	close := func() {
		if dlg != nil {
			dlg.Hide()
		}
	}
	form := widget.NewForm(
		widget.NewFormItem("Date", widget.NewLabel(longDate(d.Day))),
		widget.NewFormItem("Order", widget.NewLabel(d.System+" "+d.OrderID+" "+kindWords(d.Kind, d.Status))),
		widget.NewFormItem("Customer", wrapLabel(strings.TrimSpace(strings.Join(present(d.Customer, d.Company, d.Email, d.Phone), " · ")))),
		widget.NewFormItem("Amount", widget.NewLabel(money.Format(d.Net, cur))),
		widget.NewFormItem("First touch", wrapLabel(orNone(d.FirstChannel, data.Unattributed)+": "+firstTouchWhy(d))),
		widget.NewFormItem("Last touch", wrapLabel(orNone(d.LastChannel, data.Unattributed)+": "+lastTouchWhy(d))),
	)
	box := container.NewVBox(form)
	for _, f := range d.SourceFields {
		box.Add(wrapLabel(fmt.Sprintf("Source field %s: %s", f.Name, f.Value)))
	}
	if len(d.Lines) > 0 {
		var parts []string
		for _, l := range d.Lines {
			parts = append(parts, fmt.Sprintf("%g × %s (%s)", l.Quantity, firstNonEmpty(l.Product, l.SKU), money.Format(l.Amount, cur)))
		}
		box.Add(wrapLabel("Lines: " + strings.Join(parts, "; ")))
	}
	box.Add(widget.NewSeparator())
	if d.Lead != nil {
		l := d.Lead
		box.Add(widget.NewLabelWithStyle("Lead", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(wrapLabel(fmt.Sprintf("%s, came in %s from %s. %s", firstNonEmpty(l.Name, l.Email, l.Company), longDate(l.Day),
			orNone(l.Channel, "no known channel"), leadWhy(d))))
		buttons := container.NewHBox()
		if d.State == "auto" {
			buttons.Add(widget.NewButtonWithIcon("Confirm this lead", theme.ConfirmIcon(), func() {
				s.decide("confirming a match", func(ctx context.Context) error { return s.o.Source.ConfirmMatch(ctx, d.ID) }, close)
			}))
		}
		buttons.Add(widget.NewButtonWithIcon("Not this lead: unlink", theme.ContentClearIcon(), func() {
			s.decide("unlinking a sale", func(ctx context.Context) error { return s.o.Source.UnlinkSale(ctx, d.ID) }, close)
		}))
		box.Add(buttons)
	} else {
		box.Add(widget.NewLabelWithStyle("No lead", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		if len(d.Suggestions) > 0 {
			box.Add(wrapLabel("More than one lead shares this sale's name or company, so Lastmile did not choose. Is it one of these?"))
			for _, l := range d.Suggestions {
				l := l
				box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(
					widget.NewButton("This one", func() {
						s.decide("linking a sale", func(ctx context.Context) error { return s.o.Source.LinkSale(ctx, d.ID, l.ID) }, close)
					}),
					widget.NewButton("Not this one", func() {
						s.decide("rejecting a suggestion", func(ctx context.Context) error { return s.o.Source.RejectSuggestion(ctx, d.ID, l.ID) }, close)
					})), wrapLabel(leadLine(l))))
			}
		} else {
			box.Add(wrapLabel("No lead has this sale's order number, click id, email, phone, name or company within the attribution window."))
		}
	}
	linkBtn := widget.NewButtonWithIcon("Link to a lead…", theme.SearchIcon(), func() { s.pickLead(d, close) })
	actions := container.NewHBox(linkBtn)
	if len(d.Rejected) > 0 || d.State == "manual" || d.State == "confirmed" {
		actions.Add(widget.NewButton("Forget my decisions about this sale", func() {
			s.decide("forgetting decisions", func(ctx context.Context) error { return s.o.Source.ForgetDecisions(ctx, d.ID) }, close)
		}))
	}
	box.Add(actions)
	if len(d.Rejected) > 0 {
		var names []string
		for _, l := range d.Rejected {
			names = append(names, firstNonEmpty(l.Name, l.Email))
		}
		box.Add(wrapLabel("You said it is not: " + strings.Join(names, ", ")))
	}
	scroll := container.NewVScroll(box)
	scroll.SetMinSize(fyne.NewSize(620, 540))
	dlg = showCustom(s.o.Window, "Sale "+d.OrderID, scroll)
}

// pickLead lets a person search the leads and link the sale to one.
func (s *salesScreen) pickLead(d data.SaleDetail, done func()) {
	search := widget.NewEntry()
	search.SetPlaceHolder("Name, email, company or phone")
	search.SetText(firstNonEmpty(d.Email, d.Customer, d.Company))
	var found []data.LeadRow
	list := widget.NewList(func() int { return len(found) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(leadLine(found[i])) })
	var dlg interface{ Hide() }
	list.OnSelected = func(i widget.ListItemID) {
		l := found[i]
		if dlg != nil {
			dlg.Hide()
		}
		s.decide("linking a sale", func(ctx context.Context) error { return s.o.Source.LinkSale(ctx, d.ID, l.ID) }, done)
	}
	seq := 0
	look := func(text string) {
		seq++
		mine := seq
		s.o.Run(func() {
			rows, err := s.o.Source.Leads(context.Background(), data.RowQuery{Search: text, Limit: 50})
			fyne.Do(func() {
				if mine != seq {
					return
				}
				if err != nil {
					s.o.Report.dialog(s.o.Window, "Could not search the leads", "searching leads", err)
					return
				}
				found = rows
				list.UnselectAll()
				list.Refresh()
			})
		})
	}
	search.OnChanged = look
	look(search.Text)
	body := container.NewBorder(container.NewVBox(wrapLabel("Choose the lead this sale came from. Your choice is kept when files are imported again."), search), nil, nil, nil, list)
	wrap := container.NewStack(body)
	dlg = showCustomSized(s.o.Window, "Link sale "+d.OrderID+" to a lead", wrap, fyne.NewSize(560, 480))
}

// showReview lists the sales whose lead a person must choose.
func (s *salesScreen) showReview() {
	s.o.Run(func() {
		items, err := s.o.Source.Review(context.Background())
		fyne.Do(func() {
			if err != nil {
				s.o.Report.dialog(s.o.Window, "Could not read the review list", "reading the review list", err)
				return
			}
			s.reviewDialog(items)
		})
	})
}

func (s *salesScreen) reviewDialog(items []data.ReviewItem) {
	var dlg interface{ Hide() }
	close := func() {
		if dlg != nil {
			dlg.Hide()
		}
	}
	box := container.NewVBox()
	if len(items) == 0 {
		box.Add(wrapLabel("Nothing to review: every sale either has one clear lead or none."))
	} else {
		box.Add(wrapLabel("These sales share a name or company with more than one lead, so Lastmile did not choose. Pick the right lead, or say it is none of them; your decision is kept when files are imported again."))
	}
	for _, it := range items {
		it := it
		sale := it.Sale
		box.Add(widget.NewSeparator())
		box.Add(widget.NewLabelWithStyle(fmt.Sprintf("%s · order %s · %s · %s", shortDate(sale.Day), sale.OrderID,
			firstNonEmpty(sale.Customer, sale.Company, sale.Email), money.Format(sale.Net, sale.Currency)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(wrapLabel("Same " + strings.TrimPrefix(strings.TrimSuffix(it.Tier.Label(), " (the only lead with it)"), "same ") + " as:"))
		for _, l := range it.Candidates {
			l := l
			box.Add(container.NewBorder(nil, nil, nil, widget.NewButton("This one", func() {
				s.decide("linking a sale", func(ctx context.Context) error { return s.o.Source.LinkSale(ctx, sale.ID, l.ID) }, func() {
					close()
					s.showReview()
				})
			}), wrapLabel(leadLine(l))))
		}
		box.Add(container.NewHBox(widget.NewButton("None of these", func() {
			s.decide("rejecting suggestions", func(ctx context.Context) error {
				for _, l := range it.Candidates {
					if err := s.o.Source.RejectSuggestion(ctx, sale.ID, l.ID); err != nil {
						return err
					}
				}
				return nil
			}, func() {
				close()
				s.showReview()
			})
		})))
	}
	scroll := container.NewVScroll(box)
	scroll.SetMinSize(fyne.NewSize(620, 460))
	dlg = showCustom(s.o.Window, "Matches to review", scroll)
}

// leadLine describes a lead in one line.
func leadLine(l data.LeadRow) string {
	return strings.Join(present(firstNonEmpty(l.Name, l.Email), l.Company, l.Email, "came in "+shortDate(l.Day), orNone(l.Channel, "no channel")), " · ")
}

func firstTouchWhy(d data.SaleDetail) string {
	if d.Lead != nil && d.Lead.Channel != "" {
		return "the channel of its lead (" + d.Lead.Rule + ")"
	}
	if d.OwnChannel != "" {
		return "its own source: " + d.OwnRule
	}
	return unattributedWhy(d)
}

func lastTouchWhy(d data.SaleDetail) string {
	if d.OwnChannel != "" {
		return "its own source: " + d.OwnRule
	}
	if d.Lead != nil && d.Lead.Channel != "" {
		return "it has no source of its own, so its lead's (" + d.Lead.Rule + ")"
	}
	return unattributedWhy(d)
}

func unattributedWhy(d data.SaleDetail) string {
	if d.SourceValue != "" {
		return "no rule knows its source “" + d.SourceValue + "”; assign it on the Channels screen"
	}
	return "it has no lead and no source of its own"
}

func leadWhy(d data.SaleDetail) string {
	switch d.State {
	case "manual":
		return "You linked it by hand."
	case "confirmed":
		return "Matched by " + d.Tier.Label() + "; you confirmed it."
	}
	return "Matched by " + d.Tier.Label() + "."
}

func kindWords(k data.SaleKind, status string) string {
	switch k {
	case data.SaleRefund:
		return "(refund or credit memo)"
	case data.SaleVoid:
		return "(voided or unpaid: not counted)"
	}
	if status != "" {
		return "(" + status + ")"
	}
	return ""
}

func why(rule, value string) string {
	if rule != "" {
		return rule
	}
	if value != "" {
		return "no rule knows “" + value + "”"
	}
	return "no source field"
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// present keeps the strings that are not blank, in order.
func present(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// countOf writes "1 lead" or "1,234 leads".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return money.Count(int64(n)) + " " + many
}

func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// showForm shows read-only fields in a dialog.
func showForm(win fyne.Window, title string, items []*widget.FormItem) {
	form := widget.NewForm(items...)
	scroll := container.NewVScroll(form)
	scroll.SetMinSize(fyne.NewSize(520, 380))
	showCustom(win, title, scroll)
}

// textItem is a form row of wrapped text.
func textItem(label, text string) *widget.FormItem {
	return widget.NewFormItem(label, wrapLabel(text))
}

// shortDate writes a day as "3 Mar 2025".
func shortDate(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time(time.UTC).Format("2 Jan 2006")
}

// longDate writes a day as "Monday 3 March 2025".
func longDate(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time(time.UTC).Format("Monday 2 January 2006")
}

// showCustom shows content in a dialog with a Close button.
func showCustom(win fyne.Window, title string, content fyne.CanvasObject) dialog.Dialog {
	d := dialog.NewCustom(title, "Close", content, win)
	d.Show()
	return d
}

// showCustomSized is showCustom at a given size (set after Show: Fyne's
// dialogs must be shown before they are resized).
func showCustomSized(win fyne.Window, title string, content fyne.CanvasObject, size fyne.Size) dialog.Dialog {
	d := showCustom(win, title, content)
	d.Resize(size)
	return d
}
