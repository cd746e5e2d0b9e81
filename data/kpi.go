package data

import (
	"fmt"
	"math"
	"strconv"

	"lastmile/data/money"
)

// Unit says how a KPI's numbers are written.
type Unit int

// The units of a KPI.
const (
	UnitMoney Unit = iota // minor units of the workspace currency
	UnitCount
	UnitRatio // a multiple, such as return on ad spend
)

// KPI is one headline figure with its value in the previous period. The
// desktop tiles, the CLI summary and the exports all list Dashboard.KPIs, so
// they show the same figures in the same order with the same words.
type KPI struct {
	Key   string // stable identifier, used in JSON
	Label string
	Help  string // one sentence that says how the figure is made
	Unit  Unit
	// Current and Previous are the values; money is in minor units. OK
	// flags say whether a value exists (return on ad spend needs spend).
	Current, Previous     float64
	CurrentOK, PreviousOK bool
}

// KPIs returns the dashboard's headline figures.
func (d Dashboard) KPIs() []KPI {
	c, p := d.Current, d.Prior
	croas, cok := c.ROAS()
	proas, pok := p.ROAS()
	return []KPI{
		{Key: "spend", Label: "Ad spend", Help: "What the ad platforms charged in the period.",
			Unit: UnitMoney, Current: float64(c.Spend), Previous: float64(p.Spend), CurrentOK: true, PreviousOK: true},
		{Key: "leads", Label: "Leads", Help: "People or companies that got in touch in the period, from every channel.",
			Unit: UnitCount, Current: float64(c.Leads), Previous: float64(p.Leads), CurrentOK: true, PreviousOK: true},
		{Key: "sales", Label: "Sales", Help: "Orders, payments and invoices in the period. Refunds and voided orders are not sales.",
			Unit: UnitCount, Current: float64(c.Sales), Previous: float64(p.Sales), CurrentOK: true, PreviousOK: true},
		{Key: "revenue", Label: "Revenue", Help: "What customers paid in the period, net of refunds, from every channel.",
			Unit: UnitMoney, Current: float64(c.Revenue), Previous: float64(p.Revenue), CurrentOK: true, PreviousOK: true},
		{Key: "roas", Label: "Return on ad spend", Help: "Revenue from paid-ad channels ÷ ad spend. 2.0× means the ads brought in sales worth twice what they cost.",
			Unit: UnitRatio, Current: croas, Previous: proas, CurrentOK: cok, PreviousOK: pok},
	}
}

// Change returns the relative change from the previous value, as a fraction
// (0.25 is 25% more). ok is false when there is nothing to compare with.
func (k KPI) Change() (change float64, ok bool) {
	if !k.CurrentOK || !k.PreviousOK || k.Previous == 0 {
		return 0, false
	}
	return (k.Current - k.Previous) / math.Abs(k.Previous), true
}

// Format writes v in the KPI's unit; currency is the workspace currency.
func (k KPI) Format(v float64, ok bool, currency string) string {
	if !ok {
		return "–"
	}
	switch k.Unit {
	case UnitMoney:
		return money.FormatWhole(int64(math.Round(v)), currency)
	case UnitRatio:
		return strconv.FormatFloat(v, 'f', 2, 64) + "×"
	default:
		return money.Count(int64(math.Round(v)))
	}
}

// FormatChange writes the change against the previous period for people:
// "+12%", "−3%", "no change", or why there is nothing to compare.
func (k KPI) FormatChange() string {
	ch, ok := k.Change()
	switch {
	case !ok && k.CurrentOK && k.PreviousOK && k.Previous == 0 && k.Current == 0:
		return "no change"
	case !ok && k.PreviousOK && k.Previous == 0 && k.CurrentOK:
		return "new this period"
	case !ok:
		return "nothing to compare"
	}
	pct := math.Round(ch * 100)
	switch {
	case pct == 0:
		return "no change"
	case pct > 0:
		return fmt.Sprintf("+%.0f%%", pct)
	default:
		return fmt.Sprintf("−%.0f%%", -pct)
	}
}
