package channel

import (
	"slices"
	"strings"
)

// category is the kind of site a traffic source is, as in GA4's source
// categories.
type category int

const (
	catNone category = iota
	catSearch
	catSocial
	catVideo
	catShopping
	catMail // web mail: a click from an email
)

// sourceCategories lists the common sources by name, written as they
// appear once normalised (see categoryOf): names, hosts, or hosts without
// their top-level domain. It covers the search engines, social networks,
// video and shopping sites a small business sees in practice; a person's
// rules handle the rest.
var sourceCategories = map[string]category{
	// search engines
	"google": catSearch, "bing": catSearch, "yahoo": catSearch, "duckduckgo": catSearch, "ecosia": catSearch,
	"baidu": catSearch, "yandex": catSearch, "naver": catSearch, "ask": catSearch, "aol": catSearch,
	"startpage": catSearch, "qwant": catSearch, "search.brave": catSearch, "brave": catSearch, "seznam": catSearch,
	"sogou": catSearch, "so": catSearch, "daum": catSearch, "msn": catSearch, "yahoo japan": catSearch,
	"search.yahoo": catSearch, "lycos": catSearch, "kagi": catSearch, "mojeek": catSearch, "ekoru": catSearch,
	"google search": catSearch, "web.de": catSearch, "t-online": catSearch, "onet": catSearch, "rambler": catSearch,
	// social networks and messengers
	"facebook": catSocial, "fb": catSocial, "m.facebook": catSocial, "l.facebook": catSocial, "lm.facebook": catSocial,
	"instagram": catSocial, "ig": catSocial, "l.instagram": catSocial, "messenger": catSocial, "whatsapp": catSocial,
	"linkedin": catSocial, "lnkd": catSocial, "lnkd.in": catSocial, "twitter": catSocial, "t.co": catSocial, "x": catSocial,
	"pinterest": catSocial, "pin.it": catSocial, "reddit": catSocial, "tiktok": catSocial, "snapchat": catSocial,
	"threads": catSocial, "tumblr": catSocial, "quora": catSocial, "yelp": catSocial, "nextdoor": catSocial,
	"vk": catSocial, "weibo": catSocial, "wechat": catSocial, "line": catSocial, "telegram": catSocial,
	"discord": catSocial, "slack": catSocial, "mastodon": catSocial, "bsky": catSocial, "bluesky": catSocial,
	"xing": catSocial, "meetup": catSocial, "houzz": catSocial, "tripadvisor": catSocial, "trustpilot": catSocial,
	"social": catSocial, "facebook ads": catSocial, "meta": catSocial, "insta": catSocial, "teams": catSocial,
	// video
	"youtube": catVideo, "youtu.be": catVideo, "m.youtube": catVideo, "vimeo": catVideo, "twitch": catVideo,
	"dailymotion": catVideo, "wistia": catVideo,
	// shopping
	"google shopping": catShopping, "shopping.google": catShopping, "amazon": catShopping, "ebay": catShopping,
	"etsy": catShopping, "idealo": catShopping, "pricerunner": catShopping, "shopzilla": catShopping,
	"bizrate": catShopping, "kelkoo": catShopping, "shopify": catShopping, "walmart": catShopping,
	"google merchant center": catShopping, "merchant center": catShopping,
	// web mail
	"mail.google": catMail, "gmail": catMail, "outlook.live": catMail, "outlook.office": catMail,
	"outlook.office365": catMail, "mail.yahoo": catMail, "webmail": catMail, "mail": catMail, "email": catMail,
	"newsletter": catMail, "mailchimp": catMail, "klaviyo": catMail, "mailerlite": catMail, "brevo": catMail,
}

// categoryOf finds a source's category: the value as given, then without
// www./m./l. and the like, then its registrable domain, then that domain
// without its top-level domain (google.co.uk → google, l.facebook.com →
// facebook). Google's own list misses google.com and bing.com; this finds
// them.
func categoryOf(source string) category {
	for _, c := range sourceCandidates(source) {
		if cat, ok := sourceCategories[c]; ok {
			return cat
		}
	}
	return catNone
}

// sourceCandidates are the names to look a source up by, most specific
// first.
func sourceCandidates(source string) []string {
	s := strings.ToLower(strings.TrimSpace(source))
	if s == "" {
		return nil
	}
	if strings.Contains(s, "://") || strings.Contains(s, "/") {
		if h := hostOf(s); h != "" {
			s = h
		}
	}
	out := []string{s}
	add := func(v string) {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	for _, p := range []string{"www.", "m.", "l.", "lm.", "mobile.", "out.", "web."} {
		if strings.HasPrefix(s, p) {
			s = strings.TrimPrefix(s, p)
			add(s)
		}
	}
	labels := strings.Split(s, ".")
	if len(labels) >= 2 {
		// The registrable domain: two labels, or three under a country's
		// second-level domain (co.uk, com.au).
		n := 2
		if len(labels) >= 3 && secondLevel[labels[len(labels)-2]] && len(labels[len(labels)-1]) == 2 {
			n = 3
		}
		reg := strings.Join(labels[max(0, len(labels)-n):], ".")
		// With the subdomain kept but the TLD dropped (mail.google.com →
		// mail.google), then the registrable domain and its bare name.
		add(strings.Join(labels[:len(labels)-n+1], "."))
		add(reg)
		add(strings.Split(reg, ".")[0])
	}
	return out
}

// secondLevel are the second-level labels of country domains (google.co.uk).
var secondLevel = map[string]bool{"co": true, "com": true, "net": true, "org": true, "gov": true, "ac": true, "ne": true, "or": true}

// platformAliases name the ad platforms the way people and tools write
// them, abbreviations included.
var platformAliases = map[string]string{
	"google": GoogleAds, "google ads": GoogleAds, "googleads": GoogleAds, "adwords": GoogleAds, "google adwords": GoogleAds,
	"gads": GoogleAds, "gad": GoogleAds, "pmax": GoogleAds, "performance max": GoogleAds, "youtube": GoogleAds,
	"youtube ads": GoogleAds, "google search": GoogleAds, "google shopping": GoogleAds, "gdn": GoogleAds,
	"google display": GoogleAds, "demand gen": GoogleAds,
	"bing": MicrosoftAds, "bing ads": MicrosoftAds, "microsoft": MicrosoftAds, "microsoft ads": MicrosoftAds,
	"microsoft advertising": MicrosoftAds, "msads": MicrosoftAds, "ms ads": MicrosoftAds, "msn": MicrosoftAds,
	"facebook": MetaAds, "fb": MetaAds, "facebook ads": MetaAds, "ig": MetaAds, "insta": MetaAds, "instagram": MetaAds,
	"instagram ads": MetaAds, "meta": MetaAds, "meta ads": MetaAds, "messenger": MetaAds, "audience network": MetaAds,
	"an": MetaAds, "facebook.com": MetaAds, "instagram.com": MetaAds,
	"linkedin": LinkedInAds, "li": LinkedInAds, "lnkd": LinkedInAds, "linkedin ads": LinkedInAds, "linkedin.com": LinkedInAds,
	"tiktok": TikTokAds, "tt": TikTokAds, "tiktok ads": TikTokAds, "tiktok.com": TikTokAds,
}

// platformOf finds the ad platform a value names, as a whole value or by
// its host's name.
func platformOf(v string) string {
	if v == "" {
		return ""
	}
	if p, ok := platformAliases[v]; ok {
		return p
	}
	for _, c := range sourceCandidates(v) {
		if p, ok := platformAliases[c]; ok {
			return p
		}
	}
	return ""
}

// platformPrefix finds the ad platform that the first word of a campaign
// or drill-down value names ("gads_search_tents" is Google's,
// "msads-brand" Microsoft's); words are split on anything but letters and
// digits.
func platformPrefix(v string) string {
	first, _, found := strings.Cut(strings.Map(func(r rune) rune {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			return r
		}
		return ' '
	}, v), " ")
	if !found || first == "" {
		return ""
	}
	return platformAliases[first]
}

// platformNames are the platforms as people say them, for rule messages.
var platformNames = map[string]string{
	GoogleAds: "Google", MicrosoftAds: "Microsoft (Bing)", MetaAds: "Meta (Facebook, Instagram)",
	LinkedInAds: "LinkedIn", TikTokAds: "TikTok",
}
