package match

import (
	"sort"

	"lastmile/data/civil"
)

// Tier is the key a sale was linked to its lead by.
type Tier string

// The tiers, strongest first, then a person's link.
const (
	TierOrder   Tier = "order_id"
	TierClick   Tier = "click_id"
	TierEmail   Tier = "email"
	TierPhone   Tier = "phone"
	TierName    Tier = "name"
	TierCompany Tier = "company"
	TierManual  Tier = "manual"
)

// Tiers lists the automatic tiers, strongest first.
var Tiers = []Tier{TierOrder, TierClick, TierEmail, TierPhone, TierName, TierCompany}

// Label names a tier for people.
func (t Tier) Label() string {
	switch t {
	case TierOrder:
		return "same order number"
	case TierClick:
		return "same ad click id"
	case TierEmail:
		return "same email"
	case TierPhone:
		return "same phone number"
	case TierName:
		return "same name (the only lead with it)"
	case TierCompany:
		return "same company (the only lead with it)"
	case TierManual:
		return "linked by hand"
	}
	return string(t)
}

// unique reports whether a tier links only when exactly one lead has the
// key: names and companies are shared by different people.
func (t Tier) unique() bool { return t == TierName || t == TierCompany }

// Keys are a sale's (or a lead's) normalised keys, one per tier.
type Keys map[Tier]string

// Lead is a candidate lead.
type Lead struct {
	ID  int64
	Key string // natural key, for decisions that survive re-imports
	Day civil.Date
}

// Finder returns the current leads whose key for tier t is value, in any
// order.
type Finder interface {
	Leads(t Tier, value string) ([]Lead, error)
}

// Result is the decision for one sale.
type Result struct {
	// Lead is the linked lead; zero ID when there is none.
	Lead Lead
	Tier Tier
	// Review lists the leads a person must choose between, when the first
	// tier with candidates has several different people (same name or
	// company).
	Review []Lead
}

// Linked reports whether the sale is linked to a lead.
func (r Result) Linked() bool { return r.Lead.ID != 0 }

// Decide links a sale of day with keys to a lead, trying the tiers in
// order. rejected holds the natural keys of leads a person said this sale
// did not come from; they are never linked or suggested again.
func Decide(day civil.Date, keys Keys, windowDays int, rejected map[string]bool, f Finder) (Result, error) {
	latest := day.AddDays(1)
	earliest := day.AddDays(-windowDays)
	for _, t := range Tiers {
		v := keys[t]
		if v == "" {
			continue
		}
		all, err := f.Leads(t, v)
		if err != nil {
			return Result{}, err
		}
		var in []Lead
		for _, l := range all {
			if !l.Day.After(latest) && !l.Day.Before(earliest) && !rejected[l.Key] {
				in = append(in, l)
			}
		}
		if len(in) == 0 {
			continue
		}
		sort.Slice(in, func(i, j int) bool {
			if in[i].Day != in[j].Day {
				return in[i].Day.Before(in[j].Day)
			}
			return in[i].ID < in[j].ID
		})
		if t.unique() && len(in) > 1 {
			return Result{Tier: t, Review: in}, nil
		}
		return Result{Lead: in[0], Tier: t}, nil
	}
	return Result{}, nil
}
