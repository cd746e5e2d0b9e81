package channel

import (
	"fmt"
	"regexp"
	"strings"
)

// platform: an ad stat counts under its platform.
func (c *Classifier) platform(s *signals) (Result, bool) {
	if s.platform == "" {
		return Result{}, false
	}
	if _, ok := platformNames[s.platform]; ok {
		return Result{Channel: s.platform, Rule: "ad report from " + platformNames[s.platform]}, true
	}
	return Result{Channel: OtherPaid, Rule: "ad report from " + s.platform}, true
}

// clickIDs: Google's, Microsoft's, TikTok's and LinkedIn's click ids are
// only added to ad clicks. Facebook's fbclid is not here: Facebook adds it
// to organic clicks too.
func (c *Classifier) clickIDs(s *signals) (Result, bool) {
	switch {
	case s.googleClick:
		return Result{Channel: GoogleAds, Rule: "Google Ads click id (gclid)"}, true
	case s.microsoftClick:
		return Result{Channel: MicrosoftAds, Rule: "Microsoft Ads click id (msclkid)"}, true
	case s.tiktokClick:
		return Result{Channel: TikTokAds, Rule: "TikTok Ads click id (ttclid)"}, true
	case s.linkedinClick:
		return Result{Channel: LinkedInAds, Rule: "LinkedIn Ads click id (li_fat_id)"}, true
	}
	return Result{}, false
}

// The regular expressions of GA4's default channel grouping.
var (
	paidMedium   = regexp.MustCompile(`^(.*cp.*|ppc|retargeting|paid.*)$`)
	shopCampaign = regexp.MustCompile(`^(.*(([^a-df-z]|^)shop|shopping).*)$`)
	emailTag     = regexp.MustCompile(`email|e-mail|e_mail|e mail|newsletter`)
	displayMedia = map[string]bool{"display": true, "banner": true, "expandable": true, "interstitial": true, "cpm": true}
	socialMedia  = map[string]bool{"social": true, "social-network": true, "social-media": true, "sm": true, "social network": true, "social media": true, "organic_social": true, "organic social": true}
)

// utm applies GA4's default channel grouping to the UTM tags (and to a
// WooCommerce attribution, which says the same in other words).
func (c *Classifier) utm(s *signals) (Result, bool) {
	src, med, camp := s.source, s.medium, s.campaign
	if src == "" && med == "" && camp == "" {
		return c.woo(s)
	}
	// A bare utm_source says little; a CRM that files the row under one of
	// its categories ("Paid search") knows more, and resolves the platform
	// from the source itself.
	if med == "" && (crmCategories[s.category] != "" || crmCategories[s.leadSource] != "") {
		return Result{}, false
	}
	tags := tagText(src, med)
	cat := categoryOf(src)
	paid := paidMedium.MatchString(med)
	shop := shopCampaign.MatchString(camp)
	switch {
	case src == "(direct)" && (med == "" || med == "(none)" || med == "(not set)"):
		return Result{Channel: Direct, Rule: tags + ": direct (GA4 rules)"}, true
	case strings.Contains(camp, "cross-network"):
		return c.paid(s, tags, "cross-network campaign")
	case (cat == catShopping || shop) && paid:
		return c.paid(s, tags, "paid shopping")
	case cat == catSearch && paid:
		return c.paid(s, tags, "paid search")
	case cat == catSocial && paid:
		return c.paid(s, tags, "paid social")
	case cat == catVideo && paid:
		return c.paid(s, tags, "paid video")
	case displayMedia[med]:
		return c.paid(s, tags, "display ads")
	case paid:
		return c.paid(s, tags, "paid")
	case cat == catShopping || shop:
		return Result{Channel: OrganicSearch, Rule: tags + ": organic shopping (counted as Organic search)"}, true
	case cat == catSocial || socialMedia[med]:
		return Result{Channel: OrganicSocial, Rule: tags + ": organic social (GA4 rules)"}, true
	case cat == catVideo || strings.Contains(med, "video"):
		return Result{Channel: OrganicSocial, Rule: tags + ": organic video (counted as Organic social)"}, true
	case cat == catSearch || med == "organic":
		return Result{Channel: OrganicSearch, Rule: tags + ": organic search (GA4 rules)"}, true
	case med == "referral" || med == "app" || med == "link":
		return Result{Channel: ReferralSites, Rule: tags + ": a link on another website (GA4 rules)"}, true
	case emailTag.MatchString(src) || emailTag.MatchString(med) || cat == catMail:
		return Result{Channel: Email, Rule: tags + ": email (GA4 rules)"}, true
	case med == "affiliate":
		return Result{Channel: ReferralSites, Rule: tags + ": affiliate (counted as Referral sites)"}, true
	case med == "audio":
		return c.paid(s, tags, "audio ads")
	case src == "sms" || med == "sms":
		return Result{Channel: Email, Rule: tags + ": SMS (counted with Email)"}, true
	case strings.HasSuffix(med, "push") || strings.Contains(med, "mobile") || strings.Contains(med, "notification") || src == "firebase":
		return Result{Channel: Email, Rule: tags + ": push notification (counted with Email)"}, true
	case aiAssistant(src):
		return Result{Channel: ReferralSites, Rule: tags + ": a link in an AI assistant's answer (counted as Referral sites)"}, true
	case med == "" && strings.Contains(src, ".") && hostOf(src) != "":
		return Result{Channel: ReferralSites, Rule: tags + ": a link on " + hostOf(src)}, true
	}
	return Result{}, false
}

// aiAssistant reports whether a source is an AI assistant that links to
// the sites it cites (ChatGPT tags its links utm_source=chatgpt.com).
func aiAssistant(src string) bool {
	for _, c := range sourceCandidates(src) {
		switch c {
		case "chatgpt", "openai", "perplexity", "claude", "gemini", "copilot", "chat.openai", "you":
			return true
		}
	}
	return false
}

// tagText writes the UTM tags a rule used.
func tagText(src, med string) string {
	var parts []string
	if src != "" {
		parts = append(parts, "utm_source "+src)
	}
	if med != "" {
		parts = append(parts, "utm_medium "+med)
	}
	if len(parts) == 0 {
		return "utm_campaign"
	}
	return strings.Join(parts, ", ")
}

// paid resolves a paid category to the platform the other fields name:
// the source, the CRM's drill-down, a click id, a campaign seen in an
// imported ad report, the referrer. Without one, the row counts under
// Other paid and is looked at again when ad reports arrive.
func (c *Classifier) paid(s *signals, what, kind string) (Result, bool) {
	for _, v := range []string{s.source, s.detail1, s.leadSource} {
		if p := platformOf(v); p != "" {
			return Result{Channel: p, Rule: fmt.Sprintf("%s: %s on %s", what, kind, platformNames[p])}, true
		}
	}
	switch {
	case s.googleClick:
		return Result{Channel: GoogleAds, Rule: fmt.Sprintf("%s: %s, Google click id", what, kind)}, true
	case s.microsoftClick:
		return Result{Channel: MicrosoftAds, Rule: fmt.Sprintf("%s: %s, Microsoft click id", what, kind)}, true
	case s.facebookClick:
		return Result{Channel: MetaAds, Rule: fmt.Sprintf("%s: %s, Facebook click id", what, kind)}, true
	}
	for _, camp := range []string{s.campaign, s.detail2} {
		if p, ok := c.campaigns[camp]; ok && camp != "" {
			if _, known := platformNames[p]; known {
				return Result{Channel: p, Rule: fmt.Sprintf("%s: %s, campaign “%s” is in the %s ad report", what, kind, camp, platformNames[p]), Generic: true}, true
			}
		}
	}
	if p := platformOf(s.referrer); p != "" {
		return Result{Channel: p, Rule: fmt.Sprintf("%s: %s, referred by %s", what, kind, s.referrer)}, true
	}
	// Campaign naming conventions put the platform first: gads_search_tents,
	// msads-brand, fb_spring_sale.
	for _, v := range []string{s.detail1, s.detail2, s.campaign} {
		if p := platformPrefix(v); p != "" {
			return Result{Channel: p, Rule: fmt.Sprintf("%s: %s, “%s” is named for %s", what, kind, v, platformNames[p])}, true
		}
	}
	// Last, what the person said: "Bing" to "how did you hear about us?".
	if p := platformOf(s.selfReported); p != "" {
		return Result{Channel: p, Rule: fmt.Sprintf("%s: %s, the lead said “%s”", what, kind, s.selfReported)}, true
	}
	return Result{Channel: OtherPaid, Rule: fmt.Sprintf("%s: %s, no field says which platform (counted as Other paid)", what, kind), Generic: true}, true
}

// woo reads WooCommerce's order attribution: "Source: Google" (UTM tags),
// "Organic: Google", "Referral: Facebook.com", "Direct".
func (c *Classifier) woo(s *signals) (Result, bool) {
	if s.woo == "" {
		return Result{}, false
	}
	kind, what, _ := strings.Cut(s.woo, ":")
	kind, what = strings.TrimSpace(kind), strings.TrimSpace(what)
	label := "WooCommerce attribution " + s.woo
	switch kind {
	case "direct", "typein", "type-in":
		return Result{Channel: Direct, Rule: label + ": direct"}, true
	case "source", "utm":
		t := *s
		t.source = what
		if r, ok := c.utm(&t); ok && t.source != "" {
			r.Rule = label + " (" + r.Rule + ")"
			return r, true
		}
		if p := platformOf(what); p != "" {
			return Result{Channel: p, Rule: label + ": tagged link from " + platformNames[p]}, true
		}
	case "organic":
		switch categoryOf(what) {
		case catSocial, catVideo:
			return Result{Channel: OrganicSocial, Rule: label + ": organic social"}, true
		default:
			return Result{Channel: OrganicSearch, Rule: label + ": organic search"}, true
		}
	case "referral":
		t := *s
		t.referrer = hostOf(what)
		if r, ok := c.referrer(&t); ok {
			r.Rule = label + " (" + r.Rule + ")"
			return r, true
		}
	case "web admin", "admin", "unknown", "mobile app":
		return Result{Rule: label + ": no source information"}, true
	}
	return Result{}, false
}

// referrer: a search engine, social network, video site or web mail
// referring the visit; any other site is a referral.
func (c *Classifier) referrer(s *signals) (Result, bool) {
	if s.referrer == "" {
		return Result{}, false
	}
	label := "referred by " + s.referrer
	if aiAssistant(s.referrer) {
		return Result{Channel: ReferralSites, Rule: label + ": an AI assistant's answer (counted as Referral sites)"}, true
	}
	switch categoryOf(s.referrer) {
	case catSearch, catShopping:
		return Result{Channel: OrganicSearch, Rule: label + ": organic search"}, true
	case catSocial, catVideo:
		return Result{Channel: OrganicSocial, Rule: label + ": organic social"}, true
	case catMail:
		return Result{Channel: Email, Rule: label + ": web mail"}, true
	}
	return Result{Channel: ReferralSites, Rule: label + ": a link on another website"}, true
}

// crmCategories are a CRM's source categories (HubSpot's original source,
// Pipedrive's source channel), normalised.
var crmCategories = map[string]string{
	"paid search": "paid search", "paid social": "paid social", "paid": "paid",
	"organic search": OrganicSearch, "social media": OrganicSocial, "organic social": OrganicSocial,
	"email marketing": Email, "email": Email, "referrals": ReferralSites, "direct traffic": Direct,
	"direct": Direct, "ai referrals": ReferralSites, "ai referral": ReferralSites,
	"offline sources": "offline", "offline": "offline", "other campaigns": "other",
}

// crmCategory: a CRM's own category, when it is a digital one. Offline
// sources are decided by the self-reported answer or the lead source that
// follow; "Other campaigns" by the UTM tags that came before.
func (c *Classifier) crmCategory(s *signals) (Result, bool) {
	if s.category == "" {
		return Result{}, false
	}
	return c.category(s, s.category, roleCategory)
}

// category classifies a CRM category written in the field of role r.
func (c *Classifier) category(s *signals, v string, r role) (Result, bool) {
	f := s.raw[r]
	label := fmt.Sprintf("%s “%s”", strings.TrimSpace(f.Name), strings.TrimSpace(f.Value))
	switch k := crmCategories[v]; k {
	case "paid search", "paid social", "paid":
		return c.paid(s, label, k)
	case "offline", "other", "":
		return Result{}, false
	default:
		return Result{Channel: k, Rule: label}, true
	}
}

// offlineSynonyms map words people use for offline channels to a channel,
// checked as whole words in this order ("walked into the showroom" before
// "show"; "partner referral" before "referral").
var offlineSynonyms = []struct {
	channel string
	words   []string
}{
	{WalkIn, []string{"walk-in", "walk in", "walked in", "walked into", "walk ins", "showroom", "store visit", "visited the store",
		"visited the shop", "in store", "in-store", "counter", "passing by", "passed by", "shop window", "storefront", "laufkundschaft"}},
	{PrintMail, []string{"flyer", "flyers", "leaflet", "mailer", "direct mail", "newspaper", "magazine", "print", "print ad", "radio",
		"tv", "television", "billboard", "poster", "brochure", "catalog", "catalogue", "postcard", "zeitung", "prospekt"}},
	{Partner, []string{"partner", "partner referral", "dealer", "distributor", "reseller", "agent", "agency", "affiliate", "installer", "supplier"}},
	{TradeShow, []string{"trade show", "tradeshow", "trade fair", "expo", "exhibition", "fair", "conference", "seminar", "event", "events",
		"messe", "salon", "feria", "convention", "webinar", "workshop"}},
	{WordOfMouth, []string{"referral", "referred", "referred by", "word of mouth", "wom", "recommendation", "recommended", "friend", "friends",
		"family", "colleague", "customer referral", "employee referral", "external referral", "neighbour", "neighbor",
		"mundpropaganda", "empfehlung", "bouche a oreille", "recomendacion", "a friend"}},
	{Phone, []string{"phone", "call", "called", "telephone", "inbound call", "rang", "phone inquiry", "phoned", "call in", "anruf", "telefon"}},
	{Repeat, []string{"repeat", "repeat customer", "existing customer", "reorder", "returning", "returning customer", "previous customer",
		"past customer", "already a customer", "stammkunde"}},
	{Other, []string{"cold call", "cold outreach", "telemarketing", "outbound", "prospecting", "sales rep", "purchased list", "list",
		"yellow pages", "directory", "tender", "other"}},
}

// offline finds the offline channel a free-text value names.
func offline(v string) (string, string, bool) {
	w := " " + strings.Join(words(v), " ") + " "
	for _, o := range offlineSynonyms {
		for _, syn := range o.words {
			if strings.Contains(w, " "+strings.Join(words(syn), " ")+" ") {
				return o.channel, syn, true
			}
		}
	}
	return "", "", false
}

// words splits normalised text into words (letters and digits).
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f)
	})
}

// selfReported reads the answer to "how did you hear about us?".
func (c *Classifier) selfReported(s *signals) (Result, bool) {
	return c.freeText(s, s.selfReported, roleSelfReported)
}

// leadSource reads a lead-source column: a CRM category, an offline
// channel, or a platform. "Referral" here means word of mouth.
func (c *Classifier) leadSource(s *signals) (Result, bool) {
	if s.leadSource == "" {
		return Result{}, false
	}
	if r, ok := c.category(s, s.leadSource, roleLeadSource); ok {
		return r, true
	}
	return c.freeText(s, s.leadSource, roleLeadSource)
}

// adWords mark an answer that names an ad ("saw your ad on Instagram").
var adWords = []string{"ad", "ads", "advert", "advertisement", "advertising", "sponsored", "anzeige", "werbung", "cpc", "ppc", "paid"}

// freeText classifies a value a person typed or picked.
func (c *Classifier) freeText(s *signals, v string, r role) (Result, bool) {
	if v == "" {
		return Result{}, false
	}
	f := s.raw[r]
	label := fmt.Sprintf("%s “%s”", strings.TrimSpace(f.Name), strings.TrimSpace(f.Value))
	ws := words(v)
	ad := false
	for _, w := range ws {
		for _, a := range adWords {
			ad = ad || w == a
		}
	}
	ad = ad || adProduct(v, ws)
	platform := platformOf(v)
	if platform == "" {
		for _, w := range ws {
			if p := platformOf(w); p != "" && len(w) > 2 {
				platform = p
				break
			}
		}
	}
	if ad && platform != "" {
		return Result{Channel: platform, Rule: label + ": an ad on " + platformNames[platform]}, true
	}
	if ch, syn, ok := offline(v); ok && !(ch == Other && platform != "") {
		return Result{Channel: ch, Rule: fmt.Sprintf("%s: “%s”", label, syn)}, true
	}
	if platform != "" || categoryOf(v) != catNone {
		switch categoryOf(firstKnown(v, ws)) {
		case catSearch, catShopping:
			return Result{Channel: OrganicSearch, Rule: label + ": a search engine, no ad named (counted as Organic search)"}, true
		case catSocial, catVideo:
			return Result{Channel: OrganicSocial, Rule: label + ": a social network, no ad named (counted as Organic social; add a rule if these come from your ads)"}, true
		case catMail:
			return Result{Channel: Email, Rule: label + ": email"}, true
		}
		if platform != "" {
			return Result{Channel: platform, Rule: label + ": names " + platformNames[platform]}, true
		}
	}
	switch {
	case strings.Contains(v, "search") || strings.Contains(v, "searched") || strings.Contains(v, "online"):
		return Result{Channel: OrganicSearch, Rule: label + ": found online (counted as Organic search)"}, true
	case emailTag.MatchString(v):
		return Result{Channel: Email, Rule: label + ": email"}, true
	}
	return Result{}, false
}

// adProducts name an ad platform's advertising, not its site.
var adProducts = map[string]bool{
	"google ads": true, "adwords": true, "google adwords": true, "gads": true, "pmax": true, "performance max": true,
	"gdn": true, "google display": true, "demand gen": true, "youtube ads": true, "bing ads": true, "microsoft ads": true,
	"microsoft advertising": true, "msads": true, "ms ads": true, "facebook ads": true, "meta ads": true,
	"instagram ads": true, "audience network": true, "linkedin ads": true, "tiktok ads": true,
}

// adProduct reports whether a value names an ad product ("Google
// AdWords"), as a whole or by one of its words.
func adProduct(v string, ws []string) bool {
	if adProducts[v] {
		return true
	}
	for i, w := range ws {
		if adProducts[w] || i+1 < len(ws) && adProducts[w+" "+ws[i+1]] {
			return true
		}
	}
	return false
}

// firstKnown returns the value, or the first of its words that is a known
// source, for looking up its category.
func firstKnown(v string, ws []string) string {
	if categoryOf(v) != catNone {
		return v
	}
	for _, w := range ws {
		if categoryOf(w) != catNone && len(w) > 1 {
			return w
		}
	}
	return v
}

// organicClick: a Facebook click id with nothing that says "paid" is a
// Facebook click, paid or organic; GA4 and most tools count it organic.
func (c *Classifier) organicClick(s *signals) (Result, bool) {
	if s.facebookClick {
		return Result{Channel: OrganicSocial, Rule: "Facebook click id (fbclid) with no paid tag: Facebook adds it to organic clicks too (counted as Organic social)"}, true
	}
	return Result{}, false
}

// till: the sales-channel column of a shop system says where a sale was
// rung up (see Place), not what brought the buyer. A card payment at the
// till that no lead or tag explains stays of unknown source: counting it as
// Walk-in would fill a traditional channel with every counter sale.
func (c *Classifier) till(s *signals) (Result, bool) {
	if s.till == "" {
		return Result{}, false
	}
	f := s.raw[roleTill]
	label := fmt.Sprintf("%s “%s”", strings.TrimSpace(f.Name), strings.TrimSpace(f.Value))
	return Result{Rule: label + ": says where the sale was made, not what brought the buyer"}, true
}
