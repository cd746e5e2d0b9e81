package channel

import (
	"fmt"
	"regexp"
	"strings"
)

// The fields a rule can look at.
const (
	FieldSource       = "source"        // utm_source (also from a landing page's tags)
	FieldMedium       = "medium"        // utm_medium
	FieldCampaign     = "campaign"      // utm_campaign, or an ad stat's campaign
	FieldReferrer     = "referrer"      // the referring site's host
	FieldCategory     = "category"      // a CRM's original source and its drill-downs
	FieldLeadSource   = "lead_source"   // a lead-source column
	FieldSelfReported = "self_reported" // "how did you hear about us?"
	FieldPlatform     = "platform"      // an ad stat's platform
	FieldAny          = "any"           // any source field's value
)

// Fields lists the fields rules can use, in the order an editor offers
// them, with their names for people.
var Fields = []struct{ Key, Label string }{
	{FieldAny, "any source field"},
	{FieldLeadSource, "lead source"},
	{FieldSelfReported, "“how did you hear about us?”"},
	{FieldSource, "utm_source"},
	{FieldMedium, "utm_medium"},
	{FieldCampaign, "campaign"},
	{FieldReferrer, "referring site"},
	{FieldCategory, "CRM original source"},
	{FieldPlatform, "ad platform"},
}

// The comparisons a rule can make. All ignore case, accents and extra
// spaces.
const (
	OpEquals     = "equals"
	OpContains   = "contains"
	OpStartsWith = "starts_with"
	OpRegex      = "regex"
)

// Ops lists the comparisons with their names for people.
var Ops = []struct{ Key, Label string }{
	{OpEquals, "is"},
	{OpContains, "contains"},
	{OpStartsWith, "starts with"},
	{OpRegex, "matches the pattern"},
}

// Rule is a person's rule: when Field compares to Value by Op, the row is
// counted under Channel. A person's rules apply before the built-in ones,
// in their order.
type Rule struct {
	ID          int64
	Field       string
	Op          string
	Value       string
	Channel     string // the channel's key
	ChannelName string // for messages

	re   *regexp.Regexp
	want string // Value normalised
}

// Validate says, for people, what is wrong with a rule.
func (r Rule) Validate() error {
	known := false
	for _, f := range Fields {
		known = known || f.Key == r.Field
	}
	if !known {
		return fmt.Errorf("a rule cannot look at %q", r.Field)
	}
	if strings.TrimSpace(r.Value) == "" {
		return fmt.Errorf("give the value the rule looks for")
	}
	if r.Channel == "" {
		return fmt.Errorf("choose the channel the rule counts rows under")
	}
	return r.compile()
}

func (r *Rule) compile() error {
	r.want = norm(r.Value)
	switch r.Op {
	case OpEquals, OpContains, OpStartsWith:
	case OpRegex:
		re, err := regexp.Compile("(?i)" + r.Value)
		if err != nil {
			return fmt.Errorf("%q is not a pattern Lastmile can read: %v", r.Value, err)
		}
		r.re = re
	default:
		return fmt.Errorf("a rule cannot compare with %q", r.Op)
	}
	return nil
}

// matches reports whether the rule fires on a row.
func (r *Rule) matches(s signals) bool {
	for _, v := range r.values(s) {
		if v != "" && r.test(v) {
			return true
		}
	}
	return false
}

func (r *Rule) test(v string) bool {
	switch r.Op {
	case OpEquals:
		return v == r.want
	case OpContains:
		return strings.Contains(v, r.want)
	case OpStartsWith:
		return strings.HasPrefix(v, r.want)
	case OpRegex:
		return r.re != nil && r.re.MatchString(v)
	}
	return false
}

// values are the row's values for the rule's field, normalised.
func (r *Rule) values(s signals) []string {
	switch r.Field {
	case FieldSource:
		return []string{s.source}
	case FieldMedium:
		return []string{s.medium}
	case FieldCampaign:
		return []string{s.campaign, s.adCampaign, s.detail2}
	case FieldReferrer:
		return []string{s.referrer}
	case FieldCategory:
		return []string{s.category, s.detail1, s.detail2}
	case FieldLeadSource:
		return []string{s.leadSource}
	case FieldSelfReported:
		return []string{s.selfReported}
	case FieldPlatform:
		return []string{s.platform}
	}
	out := []string{s.source, s.medium, s.campaign, s.referrer, s.platform, s.adCampaign}
	for _, f := range s.fields {
		out = append(out, norm(f.Value))
	}
	return out
}

// describe says what the rule is, for the row it decided.
func (r *Rule) describe() string {
	field, op := r.Field, r.Op
	for _, f := range Fields {
		if f.Key == r.Field {
			field = f.Label
		}
	}
	for _, o := range Ops {
		if o.Key == r.Op {
			op = o.Label
		}
	}
	name := r.ChannelName
	if name == "" {
		name = r.Channel
	}
	return fmt.Sprintf("your rule: %s %s “%s” → %s", field, op, r.Value, name)
}

// RuleFor makes the rule that recognises an unrecognised value, as
// Result.Unrecognised writes it ("Lead Source: Messe München", "utm_source
// spring, utm_medium qr", "referrer: example.org"), so that a person can
// assign the value to a channel in one step. It reports false for text in
// no such form.
func RuleFor(unrecognised string) (Rule, bool) {
	u := strings.TrimSpace(unrecognised)
	if host, ok := strings.CutPrefix(u, "referrer: "); ok && host != "" {
		return Rule{Field: FieldReferrer, Op: OpEquals, Value: host}, true
	}
	if rest, ok := strings.CutPrefix(u, "utm_source "); ok {
		src, _, _ := strings.Cut(rest, ", utm_medium ")
		return Rule{Field: FieldSource, Op: OpEquals, Value: src}, src != ""
	}
	if med, ok := strings.CutPrefix(u, "utm_medium "); ok {
		return Rule{Field: FieldMedium, Op: OpEquals, Value: med}, med != ""
	}
	name, value, ok := strings.Cut(u, ": ")
	if !ok || strings.TrimSpace(value) == "" {
		return Rule{}, false
	}
	switch roleOf(name) {
	case roleLeadSource:
		return Rule{Field: FieldLeadSource, Op: OpEquals, Value: value}, true
	case roleSelfReported:
		return Rule{Field: FieldSelfReported, Op: OpEquals, Value: value}, true
	case roleCategory:
		// "Offline Sources, Original Source Drill-Down 1: IMPORT": the
		// drill-down is the specific part.
		if i := strings.LastIndex(value, ", "); i >= 0 {
			if n2, v2, ok := strings.Cut(value[i+2:], ": "); ok && roleOf(n2) == roleDetail1 && v2 != "" {
				return Rule{Field: FieldCategory, Op: OpEquals, Value: v2}, true
			}
		}
		return Rule{Field: FieldCategory, Op: OpEquals, Value: value}, true
	}
	return Rule{Field: FieldAny, Op: OpEquals, Value: value}, true
}
