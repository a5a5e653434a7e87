package claims

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestClassifyNews checks that the generated switch of features_news_words.go
// sorts every word of newsWordLists into its class, in any case, and leaves
// other words plain; with -update it writes the file anew.
func TestClassifyNews(t *testing.T) {
	lists := newsWordLists()
	if *updateGolden {
		var b bytes.Buffer
		b.WriteString("// Code generated from the word lists in features_words_test.go; DO NOT EDIT.\n\npackage claims\n\n")
		b.WriteString("// classifyNews sorts a word, given its hash (hashWord with the word seed),\n// for the news features.\nfunc classifyNews(h uint32) newsClass {\n\tswitch h {\n")
		var classes []newsClass
		for c := range lists {
			classes = append(classes, c)
		}
		slices.Sort(classes)
		for _, c := range classes {
			var hs []string
			for w := range strings.FieldsSeq(lists[c]) {
				hs = append(hs, fmt.Sprintf("0x%08x", hashWord(kindSeed(kindWord), w, 0, len(w))))
			}
			fmt.Fprintf(&b, "\tcase %s:\n\t\t// %s\n\t\treturn %d\n", strings.Join(hs, ", "), lists[c], c)
		}
		b.WriteString("\t}\n\treturn newsPlain\n}\n")
		src, err := format.Source(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("features_news_words.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]newsClass{}
	for c, list := range lists {
		for w := range strings.FieldsSeq(list) {
			if prev, ok := seen[w]; ok {
				t.Errorf("%q is in classes %d and %d", w, prev, c)
			}
			seen[w] = c
			for _, v := range []string{w, strings.ToUpper(w), strings.ToUpper(w[:1]) + w[1:]} {
				if got := classifyNews(hashWord(kindSeed(kindWord), v, 0, len(v))); got != c {
					t.Errorf("%q: got class %d, want %d (regenerate features_news_words.go)", v, got, c)
				}
			}
		}
	}
	for _, w := range []string{"tree", "musts", "toe", "health-care", "sayings"} {
		if got := classifyNews(hashWord(kindSeed(kindWord), w, 0, len(w))); got != newsPlain {
			t.Errorf("%q: got class %d, want plain", w, got)
		}
	}
}
