// Command mkpairs writes claims/testdata/pairs.tsv, the labelled claim pairs
// the similarity is measured on. It lives under testdata so the build
// ignores it; run it from the repository root:
//
//	go run ./claims/testdata/mkpairs/main.go -data ../shared/data > claims/testdata/pairs.tsv
//
// Every pair starts from a real sentence: a check-worthy sentence of the
// CLEF CheckThat! 2024 task 1 English data (built on ClaimBuster), or a
// sentence of the sample TASS article. The second sentence of a pair is
// written by the rules below (rewordings, and near-misses that change a
// number, a name, a negation or a direction word), picked from the same
// data (unrelated pairs), or written by hand (hand.tsv next to this file).
// The rules are seeded, so the output is the same on every run.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

type pair struct {
	label      int
	kind, a, b string
	source     string
}

func main() {
	data := flag.String("data", "../shared/data", "the shared data folder")
	hand := flag.String("hand", "claims/testdata/mkpairs/hand.tsv", "hand-written pairs")
	flag.Parse()
	rng := rand.New(rand.NewSource(20201109))

	var sents []string
	var ids []string
	for _, f := range []string{"CT24_checkworthy_english_train.tsv", "CT24_checkworthy_english_dev.tsv"} {
		fh, err := os.Open(filepath.Join(*data, "checkworthy", f))
		if err != nil {
			fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			cols := strings.Split(sc.Text(), "\t")
			if len(cols) != 3 || cols[2] != "Yes" {
				continue
			}
			t := strings.TrimSpace(strings.Trim(cols[1], `"`))
			n := len(strings.Fields(t))
			if n < 8 || n > 30 || strings.Contains(t, "\"") {
				continue
			}
			sents = append(sents, t)
			ids = append(ids, "CT24:"+cols[0])
		}
		fh.Close()
	}
	art, err := os.ReadFile(filepath.Join(*data, "articles", "000_3db6768c7b0f1e3c.txt"))
	if err != nil {
		fatal(err)
	}
	var artSents []string
	for _, s := range regexp.MustCompile(`[^.!?"]+[.!?]`).FindAllString(string(art), -1) {
		s = strings.TrimSpace(s)
		if n := len(strings.Fields(s)); n >= 8 && n <= 40 && !strings.Contains(s, "All news") {
			artSents = append(artSents, s)
		}
	}

	names := namePool(sents)
	var out []pair
	perm := rng.Perm(len(sents))
	picked := 0
	for _, i := range perm {
		if picked >= 130 {
			break
		}
		s := sents[i]
		para := paraphrase(rng, s)
		if para == "" {
			continue
		}
		miss, kind := nearMiss(rng, s, names)
		if miss == "" {
			continue
		}
		// Half the near-misses are also reworded: a changed number must
		// not hide behind a changed word order.
		if rng.Intn(2) == 0 {
			if p := paraphrase(rng, miss); p != "" {
				miss = p
				kind += "+reworded"
			}
		}
		out = append(out, pair{1, "paraphrase", s, para, ids[i]}, pair{0, kind, s, miss, ids[i]})
		picked++
	}
	for i, s := range artSents {
		if p := paraphrase(rng, s); p != "" {
			out = append(out, pair{1, "paraphrase", s, p, "TASS-2020-11-12:" + strconv.Itoa(i)})
		}
		if m, kind := nearMiss(rng, s, names); m != "" {
			out = append(out, pair{0, kind, s, m, "TASS-2020-11-12:" + strconv.Itoa(i)})
		}
	}
	// Unrelated pairs on the same topic: the sentence sharing the most
	// words with another (hard), then plain random ones (easy).
	for k := 0; k < 60; k++ {
		i := perm[len(perm)-1-k]
		j := mostAlike(sents, i)
		if j < 0 {
			continue
		}
		out = append(out, pair{0, "unrelated-topical", sents[i], sents[j], ids[i] + "+" + ids[j]})
	}
	for k := 0; k < 30; k++ {
		i, j := rng.Intn(len(sents)), rng.Intn(len(sents))
		if i == j {
			continue
		}
		out = append(out, pair{0, "unrelated", sents[i], sents[j], ids[i] + "+" + ids[j]})
	}
	if fh, err := os.Open(*hand); err == nil {
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			line := sc.Text()
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			c := strings.Split(line, "\t")
			if len(c) != 5 {
				fatal(fmt.Errorf("hand.tsv: want 5 columns: %q", line))
			}
			l, _ := strconv.Atoi(c[0])
			out = append(out, pair{l, c[1], c[2], c[3], c[4]})
		}
		fh.Close()
	} else {
		fatal(err)
	}
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(w, "label\tsplit\tkind\ta\tb\tsource")
	for _, p := range out {
		// Tune on one half, report on the other, split by source sentence
		// so a sentence's rewording and its near-miss fall on one side.
		split := "tune"
		h := fnv.New32a()
		h.Write([]byte(p.source))
		if h.Sum32()%2 == 1 {
			split = "test"
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", p.label, split, p.kind, clean(p.a), clean(p.b), p.source)
	}
	w.Flush()
}

func clean(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\t", " ")), " ")
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "mkpairs:", err)
	os.Exit(1)
}

var numWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}
var tens = map[int]string{30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}

func wordOf(n int) string {
	if n >= 0 && n <= 20 {
		return numWords[n]
	}
	if w, ok := tens[n]; ok {
		return w
	}
	return ""
}

var (
	reFillers = regexp.MustCompile(`(?i)\b(uh|um)\b\s*-?\s*|^(well|now|and|but|so|look|you know),?\s+|\bI think (that )?|, you know,`)
	rePercent = regexp.MustCompile(`(\d+(?:\.\d+)?) percent\b`)
	rePctSign = regexp.MustCompile(`(\d+(?:\.\d+)?)%`)
	reSmall   = regexp.MustCompile(`\b([2-9]|1[0-9]|[3-9]0)\b`)
	reLead    = regexp.MustCompile(`^((?:In|On|During|Since|After|Over|Under|By|Last|This) [^,]{3,40}), (.+?)([.!?]?)$`)
	reDollar  = regexp.MustCompile(`\$(\d+(?:\.\d+)?) (billion|million|trillion)\b`)
	reNum     = regexp.MustCompile(`\b\d+(?:[.,]\d+)*\b`)
)

var contractions = [][2]string{{"we've", "we have"}, {"We've", "We have"}, {"it's", "it is"}, {"It's", "It is"},
	{"we're", "we are"}, {"We're", "We are"}, {"they're", "they are"}, {"He's", "He has"}, {"that's", "that is"},
	{"don't", "do not"}, {"doesn't", "does not"}, {"didn't", "did not"}, {"isn't", "is not"}, {"I've", "I have"}}

var verbs = [][2]string{{" said ", " stated "}, {" stated ", " said "}, {" noted ", " said "}, {" has increased ", " increased "},
	{" has gone up ", " went up "}, {" have gone up ", " went up "}, {" has cut ", " cut "}, {" have cut ", " cut "},
	{" has risen ", " rose "}, {" has doubled ", " doubled "}, {" is spending ", " spends "}, {" are spending ", " spend "},
	{" voted for ", " supported "}, {" killed ", " left dead "}}

// paraphrase rewords s by one or two meaning-keeping rules; "" when no
// rule applies.
func paraphrase(rng *rand.Rand, s string) string {
	t := strings.TrimSpace(reFillers.ReplaceAllString(s, ""))
	if t != "" {
		t = strings.ToUpper(t[:1]) + t[1:]
	}
	rules := []func(string) string{
		func(x string) string { // percent written another way
			if rePercent.MatchString(x) {
				if rng.Intn(2) == 0 {
					return rePercent.ReplaceAllString(x, "$1%")
				}
				return rePercent.ReplaceAllString(x, "$1 per cent")
			}
			return rePctSign.ReplaceAllString(x, "$1 percent")
		},
		func(x string) string { // a small number in words
			loc := reSmall.FindStringIndex(x)
			if loc == nil || strings.ContainsAny(x[max(0, loc[0]-1):loc[0]], "$/.,") ||
				loc[1]+1 < len(x) && strings.ContainsAny(x[loc[1]:loc[1]+1], "/.,") && x[loc[1]+1] >= '0' && x[loc[1]+1] <= '9' {
				return x
			}
			n, _ := strconv.Atoi(x[loc[0]:loc[1]])
			if w := wordOf(n); w != "" {
				return x[:loc[0]] + w + x[loc[1]:]
			}
			return x
		},
		func(x string) string { // a leading clause moved to the end
			m := reLead.FindStringSubmatch(x)
			if m == nil {
				return x
			}
			lead := strings.ToLower(m[1][:1]) + m[1][1:]
			return strings.ToUpper(m[2][:1]) + m[2][1:] + " " + lead + "."
		},
		func(x string) string { // dollars spelled out
			return reDollar.ReplaceAllString(x, "$1 $2 dollars")
		},
		func(x string) string { // contractions opened
			for _, c := range contractions {
				if strings.Contains(x, c[0]) {
					return strings.Replace(x, c[0], c[1], 1)
				}
			}
			return x
		},
		func(x string) string { // another verb form or verb
			for _, v := range verbs {
				if strings.Contains(x, v[0]) {
					return strings.Replace(x, v[0], v[1], 1)
				}
			}
			return x
		},
	}
	changed := 0
	for _, k := range rng.Perm(len(rules)) {
		if u := rules[k](t); u != t {
			t = u
			changed++
			if changed == 2 {
				break
			}
		}
	}
	if changed == 0 {
		return ""
	}
	return t
}

var auxRe = regexp.MustCompile(`\b(is|are|was|were|has|have|had|will|would|can|could|did|does|should)\b `)
var negRe = regexp.MustCompile(`\b(not|never) |n't\b`)
var antonyms = [][2]string{{"increased", "decreased"}, {"decreased", "increased"}, {"rose", "fell"}, {"fell", "rose"},
	{"more", "less"}, {"less", "more"}, {"higher", "lower"}, {"lower", "higher"}, {"won", "lost"}, {"lost", "won"},
	{"up", "down"}, {"down", "up"}, {"increase", "decrease"}, {"raised", "cut"}, {"cut", "raised"},
	{"largest", "smallest"}, {"best", "worst"}, {"worst", "best"}, {"supported", "opposed"}, {"opposed", "supported"}}

// nearMiss changes what makes s true: a number, a name, a negation or a
// direction word. It returns "" when none applies.
func nearMiss(rng *rand.Rand, s string, names []string) (string, string) {
	for _, k := range rng.Perm(4) {
		switch k {
		case 0:
			locs := reNum.FindAllStringIndex(s, -1)
			if len(locs) == 0 {
				continue
			}
			loc := locs[rng.Intn(len(locs))]
			v, err := strconv.Atoi(strings.ReplaceAll(s[loc[0]:loc[1]], ",", ""))
			if err != nil || v == 0 {
				continue
			}
			nv := v + 1 + rng.Intn(max(1, v/2+1))
			if v >= 1900 && v <= 2030 {
				nv = v - 1 - rng.Intn(8) // another year
			}
			return s[:loc[0]] + strconv.Itoa(nv) + s[loc[1]:], "changed-number"
		case 1:
			words := strings.Fields(s)
			var cands []int
			for i, w := range words {
				w = strings.Trim(w, ",.;:'s")
				if i > 0 && len(w) > 2 && w[0] >= 'A' && w[0] <= 'Z' && isName(w, names) {
					cands = append(cands, i)
				}
			}
			if len(cands) == 0 {
				continue
			}
			i := cands[rng.Intn(len(cands))]
			old := strings.Trim(words[i], ",.;:'s")
			nw := names[rng.Intn(len(names))]
			if strings.Contains(s, nw) || nw == old {
				continue
			}
			words[i] = strings.Replace(words[i], old, nw, 1)
			return strings.Join(words, " "), "changed-name"
		case 2:
			if loc := negRe.FindStringIndex(s); loc != nil {
				r := s[:loc[0]] + s[loc[1]:]
				r = strings.NewReplacer("ca ", "can ", "wo ", "will ").Replace(r)
				return r, "negation-removed"
			}
			if loc := auxRe.FindStringIndex(s); loc != nil {
				return s[:loc[1]] + "not " + s[loc[1]:], "negation-added"
			}
		case 3:
			for _, a := range rng.Perm(len(antonyms)) {
				re := regexp.MustCompile(`\b` + antonyms[a][0] + `\b`)
				if re.MatchString(s) {
					return re.ReplaceAllString(s, antonyms[a][1]), "antonym"
				}
			}
		}
	}
	return "", ""
}

var notName = map[string]bool{"The": true, "I": true, "And": true, "But": true, "We": true, "In": true, "It": true,
	"Mr": true, "American": true, "Americans": true, "America": true, "United": true, "States": true, "Senator": true,
	"President": true, "Governor": true, "Minister": true, "Prime": true, "Foreign": true, "Secretary": true,
	"Committee": true, "House": true, "Senate": true, "Republican": true, "Democrat": true, "Democrats": true, "Republicans": true, "Congress": true, "January": true, "February": true, "March": true, "April": true,
	"May": true, "June": true, "July": true, "August": true, "September": true, "October": true, "November": true, "December": true}

func isName(w string, names []string) bool {
	if notName[w] {
		return false
	}
	i := sort.SearchStrings(names, w)
	return i < len(names) && names[i] == w
}

// namePool is the capitalised words found inside sentences at least three
// times: people, places and bodies the debates speak of.
func namePool(sents []string) []string {
	n := map[string]int{}
	for _, s := range sents {
		for i, w := range strings.Fields(s) {
			w = strings.Trim(w, ",.;:'s\"")
			if i > 0 && len(w) > 3 && w[0] >= 'A' && w[0] <= 'Z' && strings.ToLower(w[1:]) == w[1:] && !notName[w] && !strings.ContainsAny(w, "'’-") {
				n[w]++
			}
		}
	}
	var out []string
	for w, c := range n {
		if c >= 3 {
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

func mostAlike(sents []string, i int) int {
	words := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(strings.ToLower(s)) {
			w = strings.Trim(w, ",.;:'\"?!")
			if len(w) >= 5 {
				m[w] = true
			}
		}
		return m
	}
	a := words(sents[i])
	best, bestN := -1, 0
	for j, s := range sents {
		if j == i || s == sents[i] {
			continue
		}
		n := 0
		b := words(s)
		for w := range b {
			if a[w] {
				n++
			}
		}
		// The debates repeat claims: a sentence sharing most of its words
		// is likely the same claim again, not an unrelated one.
		if float64(n) > 0.5*float64(len(a)+len(b)-n) {
			continue
		}
		if n > bestN {
			best, bestN = j, n
		}
	}
	return best
}
