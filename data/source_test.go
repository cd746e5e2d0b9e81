package data

import "testing"

// src returns source fields the built-in classifier reads as the channel
// with key k, so tests can say where a row came from the way a file does.
func src(k string) SourceFields {
	f := func(kv ...string) SourceFields {
		var out SourceFields
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, Field{Name: kv[i], Value: kv[i+1]})
		}
		return out
	}
	switch k {
	case "google_ads":
		return f("utm_source", "google", "utm_medium", "cpc")
	case "microsoft_ads":
		return f("utm_source", "bing", "utm_medium", "cpc")
	case "meta_ads":
		return f("utm_source", "facebook", "utm_medium", "paid_social")
	case "organic_search":
		return f("utm_source", "google", "utm_medium", "organic")
	case "organic_social":
		return f("utm_source", "instagram", "utm_medium", "social")
	case "email":
		return f("utm_source", "newsletter", "utm_medium", "email")
	case "trade_show":
		return f("Lead Source", "Trade show")
	case "word_of_mouth":
		return f("Lead Source", "Word of mouth")
	case "phone":
		return f("Lead Source", "Phone")
	case "walk_in":
		return f("Lead Source", "Walk-in")
	case "partner":
		return f("Lead Source", "Partner")
	case "repeat":
		return f("Lead Source", "Repeat customer")
	case "":
		return nil
	}
	panic("src: no fields for channel " + k)
}

func TestSrcFieldsClassifyAsMeant(t *testing.T) {
	w := newWorkspace(t)
	cl, err := loadClassifier(t.Context(), w.rdb)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"google_ads", "microsoft_ads", "meta_ads", "organic_search", "organic_social", "email",
		"trade_show", "word_of_mouth", "phone", "walk_in", "partner", "repeat"} {
		if got := cl.Classify(channelInput(src(k), "")).Channel; got != k {
			t.Errorf("src(%q) classifies as %q", k, got)
		}
	}
}
