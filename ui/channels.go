package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
	"lastmile/data/channel"
	"lastmile/data/money"
)

// ChannelSource is what the Channels screen reads and changes:
// *data.Workspace in the app.
type ChannelSource interface {
	Settings() data.Settings
	Channels(ctx context.Context) ([]data.Channel, error)
	SaveChannel(ctx context.Context, c data.Channel) (data.Channel, error)
	DeleteChannel(ctx context.Context, id int64) error
	Rules(ctx context.Context) ([]data.Rule, error)
	SaveRule(ctx context.Context, r data.Rule) (data.Rule, error)
	DeleteRule(ctx context.Context, id int64) error
	MoveRule(ctx context.Context, id int64, to int) error
	UnrecognisedSources(ctx context.Context) ([]data.SourceValue, error)
	AssignSource(ctx context.Context, value string, channelID int64) (data.Rule, error)
}

// channelsOptions is what the Channels screen needs.
type channelsOptions struct {
	Source ChannelSource
	Window fyne.Window
	Report reporter
	Run    runner
	// Changed is called after a change that moved rows between channels.
	Changed func()
}

// channelsScreen shows the source values no rule knows (assigned in one
// click), the person's rules and the channels themselves. Every change
// applies to all the workspace's rows at once.
type channelsScreen struct {
	o        channelsOptions
	status   *widget.Label
	tabs     *container.AppTabs
	queue    *fyne.Container
	rules    *fyne.Container
	channels *fyne.Container
	busy     bool
	content  fyne.CanvasObject

	chs     []data.Channel
	rs      []data.Rule
	unknown []data.SourceValue
}

func newChannelsScreen(o channelsOptions) *channelsScreen {
	if o.Run == nil {
		o.Run = goroutine
	}
	s := &channelsScreen{o: o}
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.status.Hide()
	s.queue = container.NewVBox()
	s.rules = container.NewVBox()
	s.channels = container.NewVBox()
	s.tabs = container.NewAppTabs(
		container.NewTabItem("Unrecognised sources", container.NewVScroll(s.queue)),
		container.NewTabItem("Rules", container.NewVScroll(s.rules)),
		container.NewTabItem("Channels", container.NewVScroll(s.channels)),
	)
	help := wrapLabel("Lastmile reads where each lead and sale came from (UTM tags, the CRM's original source, a lead-source column, the answer to “how did you hear about us?”) and counts it under a channel. Your rules come first; changes apply to every row at once.")
	s.content = container.NewBorder(container.NewVBox(screenTitle("Channels"), help, s.status), nil, nil, nil, s.tabs)
	s.load()
	return s
}

// load reads channels, rules and the queue, and shows them.
func (s *channelsScreen) load() {
	s.o.Run(func() {
		ctx := context.Background()
		chs, err := s.o.Source.Channels(ctx)
		var rs []data.Rule
		var unknown []data.SourceValue
		if err == nil {
			rs, err = s.o.Source.Rules(ctx)
		}
		if err == nil {
			unknown, err = s.o.Source.UnrecognisedSources(ctx)
		}
		fyne.Do(func() {
			if err != nil {
				s.showStatus(s.o.Report.text("reading channels and rules", err))
				return
			}
			s.chs, s.rs, s.unknown = chs, rs, unknown
			s.showQueue()
			s.showRules()
			s.showChannels()
			s.tabs.Items[0].Text = fmt.Sprintf("Unrecognised sources (%d)", len(unknown))
			s.tabs.Refresh()
		})
	})
}

func (s *channelsScreen) showStatus(msg string) {
	s.status.SetText(msg)
	s.status.Show()
}

// change runs a change in the background (it re-classifies every row),
// then reads everything again and says what happened.
func (s *channelsScreen) change(what, done string, f func(ctx context.Context) error) {
	if s.busy {
		return
	}
	s.busy = true
	s.showStatus("Applying the change to every lead and sale…")
	s.o.Run(func() {
		err := f(context.Background())
		fyne.Do(func() {
			s.busy = false
			if err != nil {
				s.showStatus(s.o.Report.text(what, err))
				return
			}
			s.showStatus(done)
			s.load()
			if s.o.Changed != nil {
				s.o.Changed()
			}
		})
	})
}

func (s *channelsScreen) channelNames() []string {
	var out []string
	for _, c := range s.chs {
		out = append(out, c.Name)
	}
	return out
}

func (s *channelsScreen) channelByName(name string) (data.Channel, bool) {
	for _, c := range s.chs {
		if c.Name == name {
			return c, true
		}
	}
	return data.Channel{}, false
}

// showQueue lists the unrecognised values, each with a picker that
// assigns it at once.
func (s *channelsScreen) showQueue() {
	cur := s.o.Source.Settings().Currency
	s.queue.RemoveAll()
	if len(s.unknown) == 0 {
		s.queue.Add(wrapLabel("Every source value in this workspace is recognised. Values no rule knows appear here, with how many leads and how much revenue hang on each."))
		return
	}
	s.queue.Add(wrapLabel("No rule knows these source values, so their leads and sales count under no channel. Choose a channel for a value and Lastmile adds the rule and applies it to every row."))
	for _, v := range s.unknown {
		v := v
		pick := widget.NewSelect(s.channelNames(), nil)
		pick.PlaceHolder = "Count under…"
		pick.OnChanged = func(name string) {
			c, ok := s.channelByName(name)
			if !ok {
				return
			}
			s.change("assigning a source value", fmt.Sprintf("Rows with “%s” now count under %s. The rule is on the Rules tab.", v.Value, c.Name),
				func(ctx context.Context) error {
					_, err := s.o.Source.AssignSource(ctx, v.Value, c.ID)
					return err
				})
		}
		figures := fmt.Sprintf("%s · %s · %s", countOf(v.Leads, "lead", "leads"), countOf(v.Sales, "sale", "sales"), money.FormatWhole(v.Revenue, cur))
		s.queue.Add(container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel(figures), sized(pick, 200)),
			widget.NewLabelWithStyle(v.Value, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})))
	}
}

// ruleText says a rule in words.
func ruleText(r data.Rule) string {
	field, op := r.Field, r.Op
	for _, f := range channel.Fields {
		if f.Key == r.Field {
			field = f.Label
		}
	}
	for _, o := range channel.Ops {
		if o.Key == r.Op {
			op = o.Label
		}
	}
	return fmt.Sprintf("When %s %s “%s”, count it under %s", field, op, r.Value, r.ChannelName)
}

func (s *channelsScreen) showRules() {
	s.rules.RemoveAll()
	add := widget.NewButtonWithIcon("Add a rule…", theme.ContentAddIcon(), func() { s.editRule(data.Rule{}) })
	add.Importance = widget.HighImportance
	s.rules.Add(container.NewHBox(add))
	if len(s.rs) == 0 {
		s.rules.Add(wrapLabel("You have no rules yet: Lastmile's own reading of sources applies (Google's channel grouping, platform names and click ids, then offline words like “trade show” or “walk-in”). Add a rule to override it, e.g. when lead source is “Messe München”, count it under Trade show / events."))
		return
	}
	s.rules.Add(wrapLabel("Your rules apply in this order, before Lastmile's own; the first that fits decides."))
	for i, r := range s.rs {
		r, i := r, i
		up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() {
			s.change("moving a rule", "Rule moved up; every row was classified again.", func(ctx context.Context) error { return s.o.Source.MoveRule(ctx, r.ID, i) })
		})
		down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() {
			s.change("moving a rule", "Rule moved down; every row was classified again.", func(ctx context.Context) error { return s.o.Source.MoveRule(ctx, r.ID, i+2) })
		})
		if i == 0 {
			up.Disable()
		}
		if i == len(s.rs)-1 {
			down.Disable()
		}
		edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { s.editRule(r) })
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			dialog.ShowConfirm("Delete this rule?", ruleText(r)+".\n\nRows it decided are classified again by the rules that remain.", func(ok bool) {
				if ok {
					s.change("deleting a rule", "Rule deleted; every row was classified again.", func(ctx context.Context) error { return s.o.Source.DeleteRule(ctx, r.ID) })
				}
			}, s.o.Window)
		})
		s.rules.Add(container.NewBorder(nil, nil, widget.NewLabel(fmt.Sprintf("%d.", i+1)), container.NewHBox(up, down, edit, del), wrapLabel(ruleText(r))))
	}
}

// editRule opens the rule form; a rule with ID 0 is new.
func (s *channelsScreen) editRule(r data.Rule) {
	var fieldLabels, opLabels []string
	for _, f := range channel.Fields {
		fieldLabels = append(fieldLabels, f.Label)
	}
	for _, o := range channel.Ops {
		opLabels = append(opLabels, o.Label)
	}
	field := widget.NewSelect(fieldLabels, nil)
	op := widget.NewSelect(opLabels, nil)
	value := widget.NewEntry()
	value.SetPlaceHolder("e.g. Messe München")
	ch := widget.NewSelect(s.channelNames(), nil)
	field.SetSelectedIndex(0)
	op.SetSelectedIndex(0)
	for i, f := range channel.Fields {
		if f.Key == r.Field {
			field.SetSelectedIndex(i)
		}
	}
	for i, o := range channel.Ops {
		if o.Key == r.Op {
			op.SetSelectedIndex(i)
		}
	}
	value.SetText(r.Value)
	if r.ChannelName != "" {
		ch.SetSelected(r.ChannelName)
	}
	problem := wrapLabel("")
	problem.Importance = widget.DangerImportance
	problem.Hide()
	title := "Add a rule"
	if r.ID != 0 {
		title = "Change the rule"
	}
	items := []*widget.FormItem{
		widget.NewFormItem("When", field),
		widget.NewFormItem("", op),
		widget.NewFormItem("", value),
		widget.NewFormItem("Count it under", ch),
	}
	var d dialog.Dialog
	save := func() {
		c, ok := s.channelByName(ch.Selected)
		nr := data.Rule{ID: r.ID, Field: channel.Fields[field.SelectedIndex()].Key, Op: channel.Ops[op.SelectedIndex()].Key, Value: value.Text, ChannelID: c.ID}
		cr := channel.Rule{Field: nr.Field, Op: nr.Op, Value: nr.Value, Channel: c.Key}
		if !ok {
			cr.Channel = ""
		}
		if err := cr.Validate(); err != nil {
			problem.SetText(strings.ToUpper(err.Error()[:1]) + err.Error()[1:] + ".")
			problem.Show()
			return
		}
		d.Hide()
		s.change("saving a rule", "Rule saved; every row was classified again.", func(ctx context.Context) error {
			_, err := s.o.Source.SaveRule(ctx, nr)
			return err
		})
	}
	form := widget.NewForm(items...)
	body := container.NewVBox(form, problem)
	saveBtn := widget.NewButtonWithIcon("Save", theme.ConfirmIcon(), save)
	saveBtn.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, container.NewHBox(cancel, saveBtn), nil, nil, body), s.o.Window)
	d.Show()
	d.Resize(fyne.NewSize(520, 320))
}

func (s *channelsScreen) showChannels() {
	s.channels.RemoveAll()
	add := widget.NewButtonWithIcon("Add a channel…", theme.ContentAddIcon(), func() { s.editChannel(data.Channel{Origin: data.Digital}) })
	s.channels.Add(container.NewHBox(add))
	s.channels.Add(wrapLabel("Digital channels are online (ads, search, social, email, websites); traditional ones are offline (trade shows, referrals, phone, walk-ins). Paid channels count toward return on ad spend."))
	for _, c := range s.chs {
		c := c
		kind := c.Origin
		if c.Paid {
			kind += ", paid"
		}
		if c.Color != "" {
			kind += ", colour " + c.Color
		}
		edit := widget.NewButtonWithIcon("Change…", theme.DocumentCreateIcon(), func() { s.editChannel(c) })
		right := container.NewHBox(edit)
		if !c.Builtin {
			right.Add(widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
				dialog.ShowConfirm("Delete "+c.Name+"?", "Its rules go too, and its leads and sales are classified again by the rules that remain.", func(ok bool) {
					if ok {
						s.change("deleting a channel", c.Name+" deleted; every row was classified again.", func(ctx context.Context) error { return s.o.Source.DeleteChannel(ctx, c.ID) })
					}
				}, s.o.Window)
			}))
		}
		s.channels.Add(container.NewBorder(nil, nil, nil, right,
			container.NewHBox(widget.NewLabelWithStyle(c.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), widget.NewLabel(c.Group+" · "+kind))))
	}
}

// editChannel opens the channel form; a channel with ID 0 is new.
func (s *channelsScreen) editChannel(c data.Channel) {
	name := widget.NewEntry()
	name.SetText(c.Name)
	group := widget.NewEntry()
	group.SetText(c.Group)
	group.SetPlaceHolder("e.g. Events (defaults to the name)")
	origin := widget.NewRadioGroup([]string{"Digital", "Traditional"}, nil)
	origin.Horizontal = true
	origin.Required = true
	origin.SetSelected("Digital")
	if c.Origin == data.Traditional {
		origin.SetSelected("Traditional")
	}
	paid := widget.NewCheck("Paid: its revenue counts toward return on ad spend", nil)
	paid.SetChecked(c.Paid)
	color := widget.NewEntry()
	color.SetText(c.Color)
	color.SetPlaceHolder("#1f77b4, or empty for automatic")
	problem := wrapLabel("")
	problem.Importance = widget.DangerImportance
	problem.Hide()
	title := "Add a channel"
	if c.ID != 0 {
		title = "Change " + c.Name
	}
	var d dialog.Dialog
	save := func() {
		nc := c
		nc.Name, nc.Group, nc.Paid, nc.Color = name.Text, group.Text, paid.Checked, strings.TrimSpace(color.Text)
		nc.Origin = strings.ToLower(origin.Selected)
		s.o.Run(func() {
			_, err := s.o.Source.SaveChannel(context.Background(), nc)
			fyne.Do(func() {
				if err != nil {
					problem.SetText(s.o.Report.text("saving a channel", err))
					problem.Show()
					return
				}
				d.Hide()
				s.showStatus(nc.Name + " saved.")
				s.load()
				if s.o.Changed != nil {
					s.o.Changed()
				}
			})
		})
	}
	form := widget.NewForm(
		widget.NewFormItem("Name", name),
		widget.NewFormItem("Group", group),
		widget.NewFormItem("Origin", origin),
		widget.NewFormItem("", paid),
		widget.NewFormItem("Colour", color),
	)
	saveBtn := widget.NewButtonWithIcon("Save", theme.ConfirmIcon(), save)
	saveBtn.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, container.NewHBox(cancel, saveBtn), nil, nil, container.NewVBox(form, problem)), s.o.Window)
	d.Show()
	d.Resize(fyne.NewSize(520, 340))
}
