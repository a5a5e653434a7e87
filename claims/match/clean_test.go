package match

import (
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"byline, picture link and hashtag",
			"How are butterflies surviving the #AustralianFires? Footage by Julie Favell pic.twitter.com/0eJtwJyS1J — Center for Bio Div (@CenterForBioDiv) January 14, 2020",
			"How are butterflies surviving the Australian Fires? Footage by Julie Favell"},
		{"hashtag glued to a picture link",
			"The US drone attack on #Soleimani caught on camera.#IranUsapic.twitter.com/TvRkHvlgby — Olaudah Equiano® (@RealOlaudah) January 6, 2020",
			"The US drone attack on Soleimani caught on camera. Iran Usa"},
		{"retweet with handles and a short link",
			"RT @CNN: BREAKING: @POTUS signs the bill https://t.co/AbC123xyz",
			"BREAKING: signs the bill"},
		{"byline without a date",
			"Masks do not work against viruses. — Jane Roe (@jroe)",
			"Masks do not work against viruses."},
		{"digits and acronyms in hashtags",
			"#COVID19 vaccines #USAToday #stop_the_steal",
			"COVID 19 vaccines USA Today stop the steal"},
		{"entities and spaces",
			"Salt &amp; pepper\n\n  in   the\tsoup   www.example.com/a?b=c",
			"Salt & pepper in the soup"},
		{"a dash that is no byline stays",
			"Prices rose 5% — the most in a decade.",
			"Prices rose 5% — the most in a decade."},
		{"empty", "", ""},
		{"only noise", "RT @a: https://t.co/x pic.twitter.com/y", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clean(tt.in)
			if got != tt.want {
				t.Errorf("Clean(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if again := Clean(got); again != got {
				t.Errorf("Clean is not idempotent: Clean(%q) = %q", got, again)
			}
		})
	}
}

func TestQuery(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"stop words out, words quoted, joined by OR",
			"Trump needs to immediately divest from his businesses — Ilhan Omar (@IlhanMN) January 6, 2020",
			`"trump" OR "needs" OR "immediately" OR "divest" OR "businesses"`},
		{"the same stem once", "Vaccines vaccine vaccinated policy", `"vaccines" OR "policy"`},
		{"digits kept, apostrophes split", "Biden's 2 cats", `"biden" OR "2" OR "cats"`},
		{"nothing left", "RT @x: the of and https://t.co/a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Query(tt.in); got != tt.want {
				t.Errorf("Query(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestQueryKeepsTheRarestLookingTerms(t *testing.T) {
	var words []string
	for i := 0; i < 60; i++ {
		words = append(words, "cat"+strings.Repeat("s", i%3))
		words = append(words, string(rune('a'+i%26))+string(rune('a'+i/26))+"x")
	}
	long := strings.Join(words, " ") + " Zelenskyy 1969 extraordinarily"
	q := Query(long)
	terms := strings.Split(q, " OR ")
	if len(terms) > MaxTerms {
		t.Fatalf("Query gave %d terms, want at most %d", len(terms), MaxTerms)
	}
	for _, want := range []string{`"zelenskyy"`, `"1969"`, `"extraordinarily"`} {
		if !strings.Contains(q, want) {
			t.Errorf("Query dropped %s, a name, number or long word: %s", want, q)
		}
	}
}

func TestTokensFoldLikeTheIndex(t *testing.T) {
	var got []string
	for _, tk := range tokens("Café São-Paulo's NAÏVE running") {
		got = append(got, tk.word+"/"+tk.stem)
	}
	want := "cafe/cafe sao/sao paulo/paulo s/s naive/naiv running/run"
	if strings.Join(got, " ") != want {
		t.Errorf("tokens = %q, want %q", strings.Join(got, " "), want)
	}
}

func TestStemLikePorter(t *testing.T) {
	for in, want := range map[string]string{
		"caresses": "caress", "ponies": "poni", "cats": "cat", "feed": "feed", "agreed": "agre",
		"plastered": "plaster", "motoring": "motor", "hopping": "hop", "filing": "file", "happy": "happi",
		"relational": "relat", "conditional": "condit", "vaccination": "vaccin", "generalization": "gener",
		"hopeful": "hope", "goodness": "good", "adjustment": "adjust", "probate": "probat", "controll": "control",
		"vaccines": "vaccin", "elections": "elect", "xi": "xi", "michelle": "michel", "roll": "roll", "controlling": "control",
	} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPeople(t *testing.T) {
	tests := []struct{ in, want string }{
		{"In order to get elected, @BarackObama will start a war with Iran. — Donald J. Trump (@realDonaldTrump) November 29, 2011", "Donald J. Trump Barack Obama"},
		{"Before @AOC hit the national stage", "AOC"},
		{"No people here.", ""},
	}
	for _, tt := range tests {
		if got := people(tt.in); got != tt.want {
			t.Errorf("people(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestContainsWords(t *testing.T) {
	for _, c := range []struct {
		q, w string
		want bool
	}{
		{"the rate rose", "rate", true},
		{"the rate rose", "rat", false},
		{"the rate rose", "the rate rose", true},
		{"the rate rose", "e r", false},
		{"pirate rate", "rate", true},
		{"pirate rates", "rate", false},
		{"a a a", "a a", true},
	} {
		padded := " " + c.q + " "
		if got := containsWords(padded, c.w); got != c.want || got != strings.Contains(padded, " "+c.w+" ") {
			t.Errorf("containsWords(%q, %q) = %v, want %v", padded, c.w, got, c.want)
		}
	}
}
