package match

// stopword reports whether w (lower-cased) carries too little to find or
// tell apart a claim: function words, the words every tweet and every
// fact-check use ("video", "shows" are not here: they are common but the
// index's idf already weighs them), and single letters other than digits.
func stopword(w string) bool {
	if len(w) < 2 {
		return !(len(w) == 1 && w[0] >= '0' && w[0] <= '9')
	}
	return stopwords[w]
}

var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range splitWords(`a about above after again against all am an and any are aren as at be
because been before being below between both but by can cannot could couldn did didn do does doesn
doing don down during each few for from further had hadn has hasn have haven having he her here hers
herself him himself his how i if in into is isn it its itself just let ll me more most mustn my myself
nor now of off on once only or other ought our ours ourselves out over own re same shan she should
shouldn so some such than that the their theirs them themselves then there these they this those
through to too under until up ve very was wasn we were weren what when where which while who whom why
will with wouldn would you your yours yourself yourselves also via amp rt says said say just get
got like im dont thats`) {
		m[w] = true
	}
	return m
}()

func splitWords(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' || s[i] == '\n' || s[i] == '\t' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}
