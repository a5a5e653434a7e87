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

// newsWordLists are the words of each news class; features_news_words.go
// is generated from them (go test ./claims -run TestClassifyNews -update)
// and TestClassifyNews checks that it still matches.
func newsWordLists() map[newsClass]string {
	return map[newsClass]string{
		newsObligation: "must required require requires obliged obligated mandatory shall should ought agreed agree agrees pledged obliges",
		newsHave:       "have has had",
		newsTo:         "to",
		newsSaid:       "said says say told according claims claimed claim stated states reported reports announced alleged allegedly reportedly confirmed denied denies insisted warned added noted estimates argued testified revealed admitted accused",
		newsHedge:      "may might could believe believes believed suggest suggests suggested likely possibly probably perhaps appears seems unclear",
		newsCause:      "because cause causes caused causing due lead leads led result results resulted prevent prevents prevented linked effect effects responsible therefore",
		newsHealth:     "health disease diseases virus cancer vaccine vaccines vaccination infection infections infected patients patient deaths death died killed dead injured wounded hospital symptoms medicine medical treatment treatments drug drugs deficiency risk risks covid coronavirus pandemic epidemic brain pregnant doctors illness toxic",
		newsNot:        "no not never nothing neither nor without cannot can't don't doesn't didn't isn't aren't wasn't weren't won't wouldn't",
		newsQuantity:   "hundreds thousands millions dozens several many few majority minority quarter third one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand dozen",
		newsIs:         "is are does",
		newsDate:       "monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december",
		newsMedia:      "image video audio photo",
		newsYou:        "you your you're you'll you've",
	}
}
