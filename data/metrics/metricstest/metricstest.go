// Package metricstest builds data.Aggregates by hand, so that the report's
// figures can be tested, and worked out in a test's comments, without a
// workspace file.
package metricstest

import (
	"lastmile/data"
	"lastmile/data/civil"
)

// Channels are the workspace's default channels (data/migrations/0001),
// with ids by their position.
var Channels = []data.Channel{
	{ID: 1, Key: "google_ads", Name: "Google Ads", Group: "Paid Search", Origin: data.Digital, Paid: true, Position: 1},
	{ID: 2, Key: "microsoft_ads", Name: "Microsoft Ads", Group: "Paid Search", Origin: data.Digital, Paid: true, Position: 2},
	{ID: 3, Key: "meta_ads", Name: "Meta Ads", Group: "Paid Social", Origin: data.Digital, Paid: true, Position: 3},
	{ID: 4, Key: "linkedin_ads", Name: "LinkedIn Ads", Group: "Paid Social", Origin: data.Digital, Paid: true, Position: 4},
	{ID: 5, Key: "tiktok_ads", Name: "TikTok Ads", Group: "Paid Social", Origin: data.Digital, Paid: true, Position: 5},
	{ID: 7, Key: "organic_search", Name: "Organic search", Group: "Organic Search", Origin: data.Digital, Position: 7},
	{ID: 9, Key: "email", Name: "Email", Group: "Email", Origin: data.Digital, Position: 9},
	{ID: 12, Key: "trade_show", Name: "Trade show / events", Group: "Events", Origin: data.Traditional, Position: 12},
	{ID: 13, Key: "word_of_mouth", Name: "Word of mouth", Group: "Referral (offline)", Origin: data.Traditional, Position: 13},
	{ID: 15, Key: "phone", Name: "Phone", Group: "Phone", Origin: data.Traditional, Position: 15},
	{ID: 16, Key: "walk_in", Name: "Walk-in", Group: "Walk-in", Origin: data.Traditional, Position: 16},
}

// ID returns the id of the channel with key k; 0 for "".
func ID(k string) int64 {
	if k == "" {
		return 0
	}
	for _, c := range Channels {
		if c.Key == k {
			return c.ID
		}
	}
	panic("metricstest: no channel " + k)
}

// Shop gathers a period's rows.
type Shop struct {
	A     data.Aggregates
	leads int64
}

// New starts the aggregates of the period from–to (YYYY-MM-DD), first
// touch, in USD, with the data's end at the period's end.
func New(from, to string) *Shop {
	p := data.Period{From: civil.MustParse(from), To: civil.MustParse(to)}
	return &Shop{A: data.Aggregates{
		Options:  data.ReportOptions{Period: p, Model: data.FirstTouch, Today: p.To},
		Settings: data.Settings{Currency: "USD", TimeZone: "UTC", Country: "US"},
		Channels: Channels,
		DataEnd:  p.To,
	}}
}

// Ad adds a campaign's ad totals.
func (s *Shop) Ad(channel, campaign string, spend int64) *Shop {
	s.A.Ads = append(s.A.Ads, data.CampaignAds{ChannelID: ID(channel), Platform: channel, Campaign: campaign, Spend: spend})
	return s
}

// Lead adds a lead of channel made on day; firstSale is the day of its
// first order ("" for none). It returns the lead's id.
func (s *Shop) Lead(channel, day, firstSale string) int64 {
	s.leads++
	l := data.LeadOutcome{ChannelID: ID(channel), Day: civil.MustParse(day)}
	if firstSale != "" {
		l.FirstSale = civil.MustParse(firstSale)
	}
	s.A.Leads = append(s.A.Leads, l)
	return s.leads
}

// Sale adds an order of amount (minor units) on day, at place, counted
// under channel with evidence; lead is the lead it is traced to (0 for
// none) and leadChannel that lead's channel.
func (s *Shop) Sale(day, channel string, ev data.Evidence, place string, amount int64, lead int64, leadChannel string) *Shop {
	id := ID(channel)
	if ev == data.EvidenceUnknown {
		id = 0
	}
	s.A.Orders = append(s.A.Orders, data.Order{ChannelID: id, EvidenceIndex: data.EvidenceIndexOf(ev), PlaceIndex: data.PlaceIndexOf(place),
		LeadID: lead, LeadChannelID: ID(leadChannel), Amount: amount})
	d := civil.MustParse(day)
	for i, x := range s.A.SalesDays {
		if x.Day == d && x.ChannelID == id && x.Evidence == ev && x.Place == place {
			s.A.SalesDays[i].Sales++
			s.A.SalesDays[i].Revenue += amount
			return s
		}
	}
	s.A.SalesDays = append(s.A.SalesDays, data.SalesDay{Day: d, ChannelID: id, Evidence: ev, Place: place, Sales: 1, Revenue: amount})
	return s
}

// Traced adds an order traced to a new lead of channel made the same day
// (a buyer), at place.
func (s *Shop) Traced(day, channel, place string, amount int64) *Shop {
	lead := s.Lead(channel, day, day)
	return s.Sale(day, channel, data.EvidenceLead, place, amount, lead, channel)
}
