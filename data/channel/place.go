package channel

import (
	"strings"
	"unicode"
)

// The places a sale can be made, as stored on each sale. A place says where
// the money changed hands, not what brought the buyer: a card payment at
// the till is "store" whether the buyer came from a trade show, an ad or
// walked past.
const (
	PlaceWeb         = "web"         // a web shop order
	PlaceStore       = "store"       // rung up at a till in a shop
	PlacePhone       = "phone"       // taken over the phone: a draft order, a payment link, a virtual terminal
	PlaceInvoice     = "invoice"     // an invoice from the accounts
	PlaceMarketplace = "marketplace" // sold through a marketplace (Amazon, eBay, Etsy)
	PlaceOther       = "other"       // a file that does not say
)

// Places lists every place, in the order reports show them.
var Places = []string{PlaceWeb, PlaceStore, PlacePhone, PlaceInvoice, PlaceMarketplace, PlaceOther}

// tillPlaces maps the values of a shop system's sales-channel column to the
// place they name.
var tillPlaces = map[string]string{
	"pos": PlaceStore, "point of sale": PlaceStore, "register": PlaceStore, "kiosk": PlaceStore,
	"square point of sale": PlaceStore, "iphone": PlaceStore, "android": PlaceStore,
	"web": PlaceWeb, "online": PlaceWeb, "online store": PlaceWeb, "square online": PlaceWeb,
	"mobile app": PlaceWeb, "buy button": PlaceWeb, "ecommerce api": PlaceWeb,
	"shopify draft order": PlacePhone, "shopify_draft_order": PlacePhone, "draft order": PlacePhone,
	"virtual terminal": PlacePhone,
	"invoices":         PlaceInvoice, "square invoices": PlaceInvoice,
}

// systemPlaces is where a system's sales are made when its file does not
// say otherwise.
var systemPlaces = map[string]string{
	"shopify": PlaceWeb, "woocommerce": PlaceWeb, "stripe": PlaceWeb,
	"square":     PlaceStore,
	"quickbooks": PlaceInvoice, "xero": PlaceInvoice,
	"amazon": PlaceMarketplace, "ebay": PlaceMarketplace, "etsy": PlaceMarketplace,
}

// Place returns where a sale was made: from the sales-channel column of its
// row when the file has one (Shopify's and Square's "Source", "Channel"),
// else from the system the file came from (a Shopify export is a web shop,
// QuickBooks holds invoices), else PlaceOther.
func Place(system string, in Input) string {
	s := readSignals(in)
	if p, ok := tillPlaces[s.till]; ok {
		return p
	}
	if p, ok := systemPlaces[system]; ok {
		return p
	}
	return PlaceOther
}

// Campaign returns the campaign a lead or sale names in its tags
// (utm_campaign, a campaign column, or the utm_campaign of its landing
// page), or in a CRM's source drill-down (HubSpot writes a paid search or
// email lead's utm_campaign in Original Source Drill-Down 1, and a social
// lead's campaign in Drill-Down 2, after the network), in CampaignKey's
// form; "" when it names none.
func Campaign(in Input) string {
	s := readSignals(in)
	c := s.campaign
	if c == "" {
		switch s.category {
		case "paid search", "email marketing":
			c = s.detail1
		case "paid social", "organic social", "social media":
			c = s.detail2
		}
	}
	return CampaignKey(c)
}

// CampaignKey normalises a campaign name so that an ad report's "Spring
// Sale - Prospecting" and a tag's "spring_sale_prospecting" meet: lower
// case, accents folded, and every run of other characters than letters and
// digits one space.
func CampaignKey(name string) string {
	return strings.Join(strings.FieldsFunc(foldAccents(strings.ToLower(name)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// PlaceLabel names a place for people, as in "Source unknown: in store".
func PlaceLabel(place string) string {
	switch place {
	case PlaceWeb:
		return "web shop"
	case PlaceStore:
		return "in store"
	case PlacePhone:
		return "by phone"
	case PlaceInvoice:
		return "by invoice"
	case PlaceMarketplace:
		return "marketplace"
	}
	return "other sales"
}
