package match

import (
	"testing"

	"lastmile/data/civil"
)

func TestKeys(t *testing.T) {
	cases := []struct {
		fn       func(string) string
		in, want string
	}{
		{EmailKey, "  Ana.Pena@Example.COM ", "ana.pena@example.com"},
		{EmailKey, "not an address", ""},
		{EmailKey, "@example.com", ""},
		{NameKey, "Smith, John A.", "john smith"},
		{NameKey, "  JOHN   smith ", "john smith"},
		{NameKey, "Dr. José Müller-Peña", "jose muller pena"},
		{NameKey, "Mr J. Smith", ""}, // one word left: too common to match
		{NameKey, "Madonna", ""},
		{CompanyKey, "Peña Bikes, Inc.", "pena bikes"},
		{CompanyKey, "PENA BIKES LLC", "pena bikes"},
		{CompanyKey, "Pena Bikes L.L.C.", "pena bikes"},
		{CompanyKey, "Müller & Söhne GmbH", "muller and sohne"},
		{CompanyKey, "The Oak Company", "oak"},
		{CompanyKey, "Inc.", ""},
		{OrderKey, "#1001", "1001"},
		{OrderKey, " No. INV-77 ", "inv-77"},
	}
	for _, c := range cases {
		if got := c.fn(c.in); got != c.want {
			t.Errorf("%q → %q, want %q", c.in, got, c.want)
		}
	}
	phones := []struct{ in, country, want string }{
		{"(303) 555-0101", "US", "+13035550101"},
		{"+1 303 555 0101", "DE", "+13035550101"},
		{"030 1234567", "DE", "+49301234567"},
		{"0049 30 1234567", "DE", "+49301234567"},
		{"020 7946 0018", "GB", "+442079460018"},
		{"call me", "US", ""},
		{"12", "US", ""},
	}
	for _, p := range phones {
		if got := PhoneKey(p.in, p.country); got != p.want {
			t.Errorf("PhoneKey(%q, %s) = %q, want %q", p.in, p.country, got, p.want)
		}
	}
}

// leads is a Finder over a fixed list.
type leads []struct {
	Lead
	keys Keys
}

func (ls leads) Leads(t Tier, v string) ([]Lead, error) {
	var out []Lead
	for _, l := range ls {
		if l.keys[t] == v {
			out = append(out, l.Lead)
		}
	}
	return out, nil
}

func TestDecide(t *testing.T) {
	d := civil.MustParse
	f := leads{
		{Lead{1, "crm/1", d("2025-03-01")}, Keys{TierEmail: "ana@example.com", TierName: "ana pena"}},
		{Lead{2, "crm/2", d("2025-03-10")}, Keys{TierEmail: "ana@example.com", TierPhone: "+13035550101"}},
		{Lead{3, "crm/3", d("2025-03-05")}, Keys{TierOrder: "q-17", TierEmail: "bo@example.com"}},
		{Lead{4, "crm/4", d("2025-03-06")}, Keys{TierName: "jo smith", TierCompany: "oak"}},
		{Lead{5, "crm/5", d("2025-03-07")}, Keys{TierName: "jo smith"}},
		{Lead{6, "crm/6", d("2024-01-01")}, Keys{TierEmail: "old@example.com"}},
		{Lead{7, "crm/7", d("2025-03-21")}, Keys{TierEmail: "late@example.com"}},
		{Lead{8, "crm/8", d("2025-03-02")}, Keys{TierClick: "Cj0abc", TierEmail: "cy@example.com"}},
	}
	day := d("2025-03-20")
	cases := []struct {
		name     string
		keys     Keys
		rejected map[string]bool
		want     int64
		tier     Tier
		review   []int64
	}{
		{"the earliest lead with the email: first touch", Keys{TierEmail: "ana@example.com"}, nil, 1, TierEmail, nil},
		{"order id beats email", Keys{TierOrder: "q-17", TierEmail: "ana@example.com"}, nil, 3, TierOrder, nil},
		{"click id beats email", Keys{TierClick: "Cj0abc", TierEmail: "ana@example.com"}, nil, 8, TierClick, nil},
		{"phone", Keys{TierPhone: "+13035550101"}, nil, 2, TierPhone, nil},
		{"a unique name", Keys{TierName: "ana pena"}, nil, 1, TierName, nil},
		{"two leads with the name: a person chooses", Keys{TierName: "jo smith"}, nil, 0, TierName, []int64{4, 5}},
		{"a company with one lead", Keys{TierCompany: "oak"}, nil, 4, TierCompany, nil},
		{"outside the window", Keys{TierEmail: "old@example.com"}, nil, 0, "", nil},
		{"a day after the sale is clock slack", Keys{TierEmail: "late@example.com"}, nil, 7, TierEmail, nil},
		{"a rejected lead is skipped", Keys{TierEmail: "ana@example.com"}, map[string]bool{"crm/1": true}, 2, TierEmail, nil},
		{"rejecting one of two names links the other", Keys{TierName: "jo smith"}, map[string]bool{"crm/4": true}, 5, TierName, nil},
		{"no keys", Keys{}, nil, 0, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Decide(day, c.keys, 180, c.rejected, f)
			if err != nil {
				t.Fatal(err)
			}
			if r.Lead.ID != c.want || r.Tier != c.tier {
				t.Errorf("lead %d by %q, want %d by %q", r.Lead.ID, r.Tier, c.want, c.tier)
			}
			var review []int64
			for _, l := range r.Review {
				review = append(review, l.ID)
			}
			if len(review) != len(c.review) || (len(review) > 0 && (review[0] != c.review[0] || review[1] != c.review[1])) {
				t.Errorf("review %v, want %v", review, c.review)
			}
		})
	}
	// Lead 7 is two days after a sale on the 19th: not linked.
	if r, _ := Decide(d("2025-03-19"), Keys{TierEmail: "late@example.com"}, 180, nil, f); r.Linked() {
		t.Error("a lead two days after the sale was linked")
	}
}
