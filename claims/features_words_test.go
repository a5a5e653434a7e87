package claims

// wordLists are the words of each class; features_words.go is generated
// from them and TestClassifyHash checks that it still matches.
func wordLists() map[handClass]string {
	return map[handClass]string{
		wcPercent:     "percent percentage per cent",
		wcMoney:       "dollars dollar million billion trillion bn cents pounds euros budget tax taxes deficit debt",
		wcComparative: "more less fewer than most least increase increased increases decrease decreased decreases highest lowest largest biggest smallest higher lower larger bigger doubled tripled rose risen fell fallen grew grown dropped cut raised times half twice average record only every all none number",
		wcPast:        "was were had did said voted passed created lost went became signed",
		wcFuture:      "will would shall plan promise",
		wcGoing:       "going gonna",
		wcI:           "i i'm i've i'd i'll",
		wcWe:          "we we're we'll we've",
		wcOpinion:     "think believe feel want hope guess suppose know",
	}
}
