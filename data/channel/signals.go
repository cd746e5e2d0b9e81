package channel

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// role is what a raw source field says about where a row came from.
type role int

const (
	roleOther          role = iota
	roleSource              // utm_source
	roleMedium              // utm_medium
	roleCampaign            // utm_campaign
	roleSourceMedium        // "google / cpc" in one cell
	roleReferrer            // the referring page or site
	roleLanding             // the landing page, whose query may carry UTM tags and click ids
	roleCategory            // a CRM's original source category (HubSpot "Original Source")
	roleDetail1             // its first drill-down
	roleDetail2             // its second drill-down
	roleLeadSource          // a lead-source column kept by salespeople
	roleSelfReported        // the answer to "how did you hear about us?"
	roleTill                // where a sale was rung up: web, pos, Point of Sale
	roleWoo                 // WooCommerce's order attribution ("Source: Google")
	roleGoogleClick         // gclid, gbraid, wbraid, gad_source
	roleMicrosoftClick      // msclkid
	roleFacebookClick       // fbclid: paid and organic Facebook clicks alike
	roleTikTokClick         // ttclid
	roleLinkedInClick       // li_fat_id
)

// roleNames maps normalised field names (see fieldKey) to their role.
var roleNames = map[string]role{
	"utm source": roleSource, "utm source metadata": roleSource, "source utm": roleSource, "utmsource": roleSource,
	"utm medium": roleMedium, "utm medium metadata": roleMedium, "medium": roleMedium, "utmmedium": roleMedium,
	"utm campaign": roleCampaign, "utm campaign metadata": roleCampaign, "campaign": roleCampaign, "campaign name": roleCampaign,
	"source medium": roleSourceMedium, "session source medium": roleSourceMedium, "first user source medium": roleSourceMedium,
	"referring site": roleReferrer, "referrer": roleReferrer, "referer": roleReferrer, "referral url": roleReferrer,
	"referring url": roleReferrer, "http referer": roleReferrer, "first referrer": roleReferrer, "document referrer": roleReferrer,
	"landing site": roleLanding, "landing page": roleLanding, "landing url": roleLanding, "landing page url": roleLanding,
	"first page seen": roleLanding, "first url": roleLanding,
	"original source": roleCategory, "original source type": roleCategory, "original traffic source": roleCategory,
	"original source drill down 1": roleDetail1, "original traffic source drill down 1": roleDetail1,
	"original source drill down 2": roleDetail2, "original traffic source drill down 2": roleDetail2,
	"lead source": roleLeadSource, "deal lead source": roleLeadSource, "deal source channel": roleLeadSource,
	"source channel": roleLeadSource, "deal source": roleLeadSource, "lead origin": roleLeadSource,
	"source of lead": roleLeadSource, "campaign source": roleLeadSource, "leadsource": roleLeadSource,
	"source": roleTill, "channel": roleTill, "sales channel": roleTill, "order source": roleTill, "device name": roleTill,
	"attribution": roleWoo, "origin": roleWoo,
	"gclid": roleGoogleClick, "google ad click id": roleGoogleClick, "google click id": roleGoogleClick,
	"gbraid": roleGoogleClick, "wbraid": roleGoogleClick, "gad source": roleGoogleClick,
	"msclkid": roleMicrosoftClick, "microsoft click id": roleMicrosoftClick, "bing click id": roleMicrosoftClick,
	"fbclid": roleFacebookClick, "facebook click id": roleFacebookClick,
	"ttclid": roleTikTokClick, "tiktok click id": roleTikTokClick,
	"li fat id": roleLinkedInClick, "linkedin click id": roleLinkedInClick,
}

// fieldKey normalises a field name: lower case, words only ("UTM Source
// (metadata)" → "utm source metadata").
func fieldKey(name string) string {
	f := strings.FieldsFunc(strings.ToLower(foldAccents(name)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(f, " ")
}

// roleOf returns the role of a field by its name.
func roleOf(name string) role {
	k := fieldKey(name)
	if r, ok := roleNames[k]; ok {
		return r
	}
	switch {
	case strings.Contains(k, "hear") || strings.Contains(k, "find us") || strings.Contains(k, "found us") ||
		strings.Contains(k, "referred by") || strings.Contains(k, "erfahren") || strings.Contains(k, "conoc") ||
		strings.Contains(k, "connu") || strings.Contains(k, "trouve"):
		return roleSelfReported
	case strings.HasPrefix(k, "utm source"):
		return roleSource
	case strings.HasPrefix(k, "utm medium"):
		return roleMedium
	case strings.HasPrefix(k, "utm campaign"):
		return roleCampaign
	case strings.HasSuffix(k, "lead source"):
		return roleLeadSource
	}
	return roleOther
}

// signals are the normalised facts of one row, by role. Each keeps the
// first non-empty value; raw keeps the field as written, for messages.
type signals struct {
	source, medium, campaign string
	referrer                 string // host, without www.
	category, detail1        string
	detail2                  string
	leadSource, selfReported string
	till, woo                string
	googleClick              bool
	microsoftClick           bool
	facebookClick            bool
	tiktokClick              bool
	linkedinClick            bool
	platform, adCampaign     string

	raw    map[role]Field // the field each role came from
	fields []Field        // every field, for rules on "any"
}

func readSignals(in Input) signals {
	s := signals{raw: map[role]Field{}, fields: in.Fields, platform: norm(in.Platform), adCampaign: norm(in.Campaign)}
	set := func(dst *string, r role, f Field, v string) {
		if *dst == "" && v != "" {
			*dst = v
			s.raw[r] = f
		}
	}
	var landing []string
	for _, f := range in.Fields {
		v := norm(f.Value)
		if v == "" || v == "(not set)" || v == "n/a" || v == "-" || v == "--" {
			continue
		}
		switch r := roleOf(f.Name); r {
		case roleSource:
			set(&s.source, r, f, v)
		case roleMedium:
			set(&s.medium, r, f, v)
		case roleCampaign:
			set(&s.campaign, r, f, v)
		case roleSourceMedium:
			src, med, _ := strings.Cut(v, "/")
			set(&s.source, roleSource, f, strings.TrimSpace(src))
			set(&s.medium, roleMedium, f, strings.TrimSpace(med))
		case roleReferrer:
			set(&s.referrer, r, f, hostOf(f.Value))
			// A referrer URL can carry a click id too (google.com/aclk?gclid=…).
			landing = append(landing, f.Value)
		case roleLanding:
			landing = append(landing, f.Value)
		case roleCategory:
			set(&s.category, r, f, v)
		case roleDetail1:
			set(&s.detail1, r, f, v)
		case roleDetail2:
			set(&s.detail2, r, f, v)
		case roleLeadSource:
			set(&s.leadSource, r, f, v)
		case roleSelfReported:
			set(&s.selfReported, r, f, v)
		case roleTill:
			// Shopify's and Square's "Source" and "Channel" say where a sale
			// was rung up; in a lead list the same names hold lead sources.
			if isTillValue(v) {
				set(&s.till, r, f, v)
			} else if fieldKey(f.Name) != "device name" {
				set(&s.leadSource, roleLeadSource, f, v)
			}
		case roleWoo:
			set(&s.woo, r, f, v)
		case roleGoogleClick:
			s.googleClick = true
		case roleMicrosoftClick:
			s.microsoftClick = true
		case roleFacebookClick:
			s.facebookClick = true
		case roleTikTokClick:
			s.tiktokClick = true
		case roleLinkedInClick:
			s.linkedinClick = true
		}
	}
	for _, l := range landing {
		s.readURL(l)
	}
	if in.ClickID != "" {
		s.clickID(in.ClickIDField, in.ClickID)
	}
	return s
}

// readURL takes UTM tags and click ids from a page address's query.
func (s *signals) readURL(raw string) {
	raw = strings.TrimSpace(raw)
	i := strings.IndexByte(raw, '?')
	if i < 0 {
		return
	}
	q, err := url.ParseQuery(raw[i+1:])
	if err != nil && len(q) == 0 {
		return
	}
	f := Field{Name: "landing page", Value: raw}
	get := func(k string) string { return norm(q.Get(k)) }
	if s.source == "" && get("utm_source") != "" {
		s.source, s.raw[roleSource] = get("utm_source"), f
	}
	if s.medium == "" && get("utm_medium") != "" {
		s.medium, s.raw[roleMedium] = get("utm_medium"), f
	}
	if s.campaign == "" && get("utm_campaign") != "" {
		s.campaign, s.raw[roleCampaign] = get("utm_campaign"), f
	}
	if q.Has("gclid") || q.Has("gbraid") || q.Has("wbraid") || q.Has("gad_source") {
		s.googleClick = true
	}
	s.microsoftClick = s.microsoftClick || q.Has("msclkid")
	s.facebookClick = s.facebookClick || q.Has("fbclid")
	s.tiktokClick = s.tiktokClick || q.Has("ttclid")
	s.linkedinClick = s.linkedinClick || q.Has("li_fat_id")
}

// clickID reads the kind of a click id from its column, else its value.
func (s *signals) clickID(field, value string) {
	switch roleOf(field) {
	case roleGoogleClick:
		s.googleClick = true
		return
	case roleMicrosoftClick:
		s.microsoftClick = true
		return
	case roleFacebookClick:
		s.facebookClick = true
		return
	case roleTikTokClick:
		s.tiktokClick = true
		return
	case roleLinkedInClick:
		s.linkedinClick = true
		return
	}
	v := strings.TrimSpace(value)
	switch {
	case strings.HasPrefix(v, "Cj0K") || strings.HasPrefix(v, "CjwK") || strings.HasPrefix(v, "EAIa") || strings.HasPrefix(v, "CjgK"):
		s.googleClick = true
	case strings.HasPrefix(v, "IwAR") || strings.HasPrefix(v, "IwZX") || strings.HasPrefix(v, "IwY2"):
		s.facebookClick = true
	case len(v) == 32 && isHex(v):
		s.microsoftClick = true
	}
}

// isTillValue reports whether v names where a sale was rung up (see
// tillPlaces).
func isTillValue(v string) bool {
	_, ok := tillPlaces[v]
	return ok
}

func isHex(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// hostOf returns the host of a referrer, lower-cased, without "www.": the
// value may be a URL, a bare host, or a word such as "facebook".
func hostOf(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		return ""
	}
	if !strings.Contains(v, "://") {
		v = "http://" + strings.TrimPrefix(v, "//")
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return ""
	}
	h := u.Hostname()
	return strings.TrimPrefix(h, "www.")
}

// unrecognised is the raw value a person should assign, most telling
// first: a lead-source answer, the self-reported one, the CRM's category,
// the UTM tags, the referrer, the till.
func (s *signals) unrecognised() string {
	show := func(r role) string {
		f, ok := s.raw[r]
		if !ok {
			return ""
		}
		return strings.TrimSpace(f.Name) + ": " + strings.Join(strings.Fields(f.Value), " ")
	}
	for _, r := range []role{roleLeadSource, roleSelfReported} {
		if v := show(r); v != "" {
			return v
		}
	}
	if v := show(roleCategory); v != "" {
		if d := show(roleDetail1); d != "" {
			return v + ", " + d
		}
		return v
	}
	if s.source != "" || s.medium != "" {
		parts := []string{}
		if s.source != "" {
			parts = append(parts, "utm_source "+s.source)
		}
		if s.medium != "" {
			parts = append(parts, "utm_medium "+s.medium)
		}
		return strings.Join(parts, ", ")
	}
	if s.referrer != "" {
		return "referrer: " + s.referrer
	}
	for _, r := range []role{roleWoo, roleTill} {
		if v := show(r); v != "" {
			return v
		}
	}
	return ""
}

// ClickSignature is the part of a click id the classifier reads: its first
// characters and its shape, which say whose it is. Rows whose source
// fields are the same and whose click ids share a signature classify alike,
// so a caller may classify one and reuse the result.
func ClickSignature(v string) string {
	v = strings.TrimSpace(v)
	if len(v) <= 4 {
		return v
	}
	return fmt.Sprintf("%s:%d:%t", v[:4], len(v), isHex(v))
}
