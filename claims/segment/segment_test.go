package segment

import "testing"

// TestMaxAbbrev keeps maxAbbrev, a shortcut in the full-stop
// rule, in step with the word lists it stands for.
func TestMaxAbbrev(t *testing.T) {
	longest := 0
	for _, set := range []map[string]bool{titles, abbrevs, beforeNumber} {
		for w := range set {
			longest = max(longest, len(w))
		}
	}
	if longest != maxAbbrev {
		t.Errorf("longest abbreviation: got %d bytes, maxAbbrev is %d", longest, maxAbbrev)
	}
}

// TestSplitWords pins how the segmenter reads the words it looks up: as
// the claims word scanner finds them (words.Next), cut at an apostrophe.
func TestSplitWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"a contraction opens a sentence as its first part does",
			"He lives in the U.S. It's big.",
			[]string{"He lives in the U.S.", "It's big."}},
		{"a possessive name before a verb of saying keeps the quotation",
			`"Will it hold?" Lavrov's aide said.`,
			[]string{`"Will it hold?" Lavrov's aide said.`}},
		{"a word with digits is not the title it starts with",
			"Comments on draft rev1\nI have sent the file.",
			[]string{"Comments on draft rev1", "I have sent the file."}},
		{"a title at the end of a line still asks for a name",
			"The letter was signed by Rev\nMartin Luther King in 1963.",
			[]string{"The letter was signed by Rev\nMartin Luther King in 1963."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, s := range Split(tt.in) {
				got = append(got, tt.in[s.Start:s.End])
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("sentence %d: got %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// splitTexts returns the sentences Split finds in in, as text.
func splitTexts(in string) []string {
	var got []string
	for _, s := range Split(in) {
		got = append(got, in[s.Start:s.End])
	}
	return got
}

func checkSplit(t *testing.T, in string, want []string) {
	t.Helper()
	got := splitTexts(in)
	if len(got) != len(want) {
		t.Fatalf("Split(%q):\n got %q\nwant %q", in, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("Split(%q) sentence %d: got %q, want %q", in, i, got[i], want[i])
		}
	}
}

// TestSplitClasses pins each class of boundary that informal text and
// edited text with citations call for. The cases that find a boundary
// (or keep a quotation whole) failed before these rules; the "not ..."
// cases guard against splitting too often.
func TestSplitClasses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		class, name, in string
		want            []string
	}{
		// A lower-case start after . ? ! in informal text.
		{"lower case", "after a question mark",
			"Did you try the new bakery? best croissants in town!",
			[]string{"Did you try the new bakery?", "best croissants in town!"}},
		{"lower case", "after an exclamation mark",
			"Avoid this garage! they charged me twice.",
			[]string{"Avoid this garage!", "they charged me twice."}},
		{"lower case", "after a short ordinary word",
			"We went with my mum. the kids loved it.",
			[]string{"We went with my mum.", "the kids loved it."}},
		{"lower case", "after a long word",
			"The room was clean and quiet. staff were friendly too.",
			[]string{"The room was clean and quiet.", "staff were friendly too."}},
		{"lower case", "not after a listed abbreviation",
			"Bring plates, cups etc. and we will do the rest.",
			[]string{"Bring plates, cups etc. and we will do the rest."}},
		{"lower case", "not after an abbreviation with inner stops",
			"Use a mild cleaner, e.g. vinegar and water.",
			[]string{"Use a mild cleaner, e.g. vinegar and water."}},
		{"lower case", "not after an initial",
			"The prize went to Harry S. and his brother.",
			[]string{"The prize went to Harry S. and his brother."}},
		{"lower case", "not after a closing quote",
			`"Is it far?" she asked.`,
			[]string{`"Is it far?" she asked.`}},
		{"lower case", "not after a capitalised word quoted in running text",
			"Speakers say Huh? in almost every language.",
			[]string{"Speakers say Huh? in almost every language."}},
		{"lower case", "not after a percentage abbreviation",
			"Sales fell 3 pct. in March.",
			[]string{"Sales fell 3 pct. in March."}},
		{"lower case", "not after two full stops",
			"I called twice.. nobody answered.",
			[]string{"I called twice.. nobody answered."}},

		// Citation marks after the full stop stay with their sentence.
		{"citation", "a range after a space",
			"Earlier surveys found the same pattern. [4 - 6] Economists disagree about why.",
			[]string{"Earlier surveys found the same pattern. [4 - 6]", "Economists disagree about why."}},
		{"citation", "two marks after a space",
			"The dam was finished in 1936. [2] [5] It still stands.",
			[]string{"The dam was finished in 1936. [2] [5]", "It still stands."}},
		{"citation", "a mark ending the paragraph",
			"The ship sank in a storm. [3]",
			[]string{"The ship sank in a storm. [3]"}},
		{"citation", "a list of marks",
			"Rainfall doubled in a decade. [2,7] Farmers adapted.",
			[]string{"Rainfall doubled in a decade. [2,7]", "Farmers adapted."}},
		{"citation", "a bracketed word is no mark",
			"He wrote it himself. [Editor's note] The rest is lost.",
			[]string{"He wrote it himself.", "[Editor's note] The rest is lost."}},

		// A mis-curled closing quote does not block a split.
		{"quote", "an opening double quote used to close",
			"The board called it “a fair ruling.“ Then the appeal began.",
			[]string{"The board called it “a fair ruling.“", "Then the appeal began."}},
		{"quote", "an opening double quote still opens",
			"He left. “Where now?” she asked.",
			[]string{"He left.", "“Where now?” she asked."}},

		// A name and an unlisted verb of saying after a quotation.
		{"attribution", "an unlisted verb in -s",
			`"Marvellous!" Margot grins.`,
			[]string{`"Marvellous!" Margot grins.`}},
		{"attribution", "an unlisted verb in -ed with two names",
			`"Not again?" Ana Ruiz sighed, and sat down.`,
			[]string{`"Not again?" Ana Ruiz sighed, and sat down.`}},
		{"attribution", "the narrator after a quotation",
			"“Got any better ideas?” I asked. She laughed.",
			[]string{"“Got any better ideas?” I asked.", "She laughed."}},
		{"attribution", "the narrator who goes on is a new sentence",
			"'It was called A Charge to Keep.' I have read it twice.",
			[]string{"'It was called A Charge to Keep.'", "I have read it twice."}},
		{"attribution", "a name that goes on is a new sentence",
			`"Done!" Margot opens the door and leaves.`,
			[]string{`"Done!"`, "Margot opens the door and leaves."}},

		// Words that look like abbreviations.
		{"abbreviation", "a title before the article A",
			"The lecture was given by our Prof. A colleague took notes.",
			[]string{"The lecture was given by our Prof.", "A colleague took notes."}},
		{"abbreviation", "a title before an initial",
			"It was written by Prof. A. Novak in 1998.",
			[]string{"It was written by Prof. A. Novak in 1998."}},
		{"abbreviation", "a possessive in capitals",
			"Please send the forms to the NHS's. Thanks again.",
			[]string{"Please send the forms to the NHS's.", "Thanks again."}},
		{"abbreviation", "population before a number",
			"They moved to Ghent (pop. 263,000) in May.",
			[]string{"They moved to Ghent (pop. 263,000) in May."}},

		// Ellipses.
		{"ellipsis", "an ellipsis opening the next sentence",
			"The line never moved. ... It was noon before we got in.",
			[]string{"The line never moved.", "... It was noon before we got in."}},
		{"ellipsis", "after a bracket before a capital",
			"The screen is sharp (12 megapixels)... Battery life is poor.",
			[]string{"The screen is sharp (12 megapixels)...", "Battery life is poor."}},
	}
	for _, tt := range tests {
		t.Run(tt.class+"/"+tt.name, func(t *testing.T) {
			t.Parallel()
			checkSplit(t, tt.in, tt.want)
		})
	}
}

// TestSplitInformal pins the rules for e-mail and forum text: closings
// before a signature, signatures after a dash, missing spaces, marks set
// apart and bracketed remarks after a mark.
func TestSplitInformal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
	}{
		{"a closing before the name", "See you at the meeting. Regards, Tomas",
			[]string{"See you at the meeting.", "Regards,", "Tomas"}},
		{"a closing of two words", "Best regards, Ines Moreau",
			[]string{"Best regards,", "Ines Moreau"}},
		{"a comma inside a sentence", "Thanks, I will send it today.",
			[]string{"Thanks, I will send it today."}},
		{"a longer opening is no closing", "With best regards, Ines wrote back.",
			[]string{"With best regards, Ines wrote back."}},
		{"a signature after a dash", "Keep the receipts. --Marta",
			[]string{"Keep the receipts.", "--Marta"}},
		{"a dash that goes on", "It rained. - and then it snowed.",
			[]string{"It rained. - and then it snowed."}},
		{"no space after a question mark", "Did the update work?mine froze twice.",
			[]string{"Did the update work?", "mine froze twice."}},
		{"no space after a full stop", "We left the car in the shade.The dog stayed cool.",
			[]string{"We left the car in the shade.", "The dog stayed cool."}},
		{"an address is no boundary", "Order at www.shop.Com/hats?size=large today.",
			[]string{"Order at www.shop.Com/hats?size=large today."}},
		{"a question mark set apart", "is the tank big enough ? thanks for any help",
			[]string{"is the tank big enough ?", "thanks for any help"}},
		{"a bracketed remark after a full stop", "Buy a young bird. (the older ones are shy)",
			[]string{"Buy a young bird.", "(the older ones are shy)"}},
		{"a word in capitals", "It is a SCAM. stop answering them.",
			[]string{"It is a SCAM.", "stop answering them."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkSplit(t, tt.in, tt.want)
		})
	}
}

// TestSplitLayout pins the boundaries that no punctuation marks, in mail
// and web text joined into one line: time stamps, addresses, separator
// lines, emoticons, photo credits, date lines and the name signed after a
// closing. Each case that finds a boundary failed before these rules; the
// others guard against splitting too often.
func TestSplitLayout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		class, name, in string
		want            []string
	}{
		{"time stamp", "a header line between a name and the message",
			"Kay Mann 04/26/2001 07:17 AM Will you be providing an executed copy?",
			[]string{"Kay Mann", "04/26/2001 07:17 AM", "Will you be providing an executed copy?"}},
		{"time stamp", "seconds and no hour mark",
			"Jane Roe wrote on 04/25/01 12:42:55 We have changed our address.",
			[]string{"Jane Roe wrote on 04/25/01 12:42:55", "We have changed our address."}},
		{"time stamp", "a date without a time is no header",
			"The contract of 04/26/2001 runs for a year.",
			[]string{"The contract of 04/26/2001 runs for a year."}},
		{"address", "an e-mail address before a capital",
			"Call 713.864.4149 or write ann.lee@example.com Our web address is below.",
			[]string{"Call 713.864.4149 or write ann.lee@example.com", "Our web address is below."}},
		{"address", "an e-mail address in angle brackets before a time stamp",
			`"Les Spahn" <spahn@example.com> 02/13/2001 08:02 PM It is agreed.`,
			[]string{`"Les Spahn" <spahn@example.com>`, "02/13/2001 08:02 PM", "It is agreed."}},
		{"address", "an e-mail address inside a sentence",
			"Write to ann.lee@example.com and ask for the form.",
			[]string{"Write to ann.lee@example.com and ask for the form."}},
		{"address", "a list of web addresses",
			"See these: http://example.org/a.html http://example.org/b.html Both are free.",
			[]string{"See these: http://example.org/a.html", "http://example.org/b.html", "Both are free."}},
		{"address", "a web address inside a sentence",
			"Upload your designs at www.example.org and tell us why.",
			[]string{"Upload your designs at www.example.org and tell us why."}},
		{"separator", "a line of signs between a message and a notice",
			"Thanks for your help. ======================================== The information in this message is private.",
			[]string{"Thanks for your help.", "========================================", "The information in this message is private."}},
		{"separator", "a line of signs after a signature",
			"Michael McDermott ______________________ Get your free download now",
			[]string{"Michael McDermott", "______________________", "Get your free download now"}},
		{"emoticon", "a smiley before a capital",
			"many of us never got anything :) There's a newer model now.",
			[]string{"many of us never got anything :)", "There's a newer model now."}},
		{"emoticon", "a smiley after a full stop stays with its sentence",
			"Patience is the key. =) he might never be cuddly.",
			[]string{"Patience is the key. =)", "he might never be cuddly."}},
		{"emoticon", "a smiley before a lower-case word goes on",
			"My birthday is Saturday :) and I want a big breakfast.",
			[]string{"My birthday is Saturday :) and I want a big breakfast."}},
		{"caption", "a photo credit after a caption",
			"Artist's rendering of the Stardust probe Image: NASA.",
			[]string{"Artist's rendering of the Stardust probe", "Image: NASA."}},
		{"date line", "a headline before its date line",
			"Scientists report on a new sea anemone Tuesday, January 21, 2014 Researchers found it under the ice.",
			[]string{"Scientists report on a new sea anemone", "Tuesday, January 21, 2014", "Researchers found it under the ice."}},
		{"date line", "a date inside a sentence",
			"Send your answers by noon on Monday, October 30, 2000 to the office.",
			[]string{"Send your answers by noon on Monday, October 30, 2000 to the office."}},
		{"signature", "the name signed after a closing",
			"Please make copies. Thanks, Sean Here you go.",
			[]string{"Please make copies.", "Thanks,", "Sean", "Here you go."}},
		{"address", "an author line goes on to the affiliation",
			"Ann Lee ann.lee@example.ac.uk Durham University, United Kingdom",
			[]string{"Ann Lee ann.lee@example.ac.uk Durham University, United Kingdom"}},
		{"address", "a web address after a full stop starts a sentence",
			"The cages are listed here... http://example.org/cages.html",
			[]string{"The cages are listed here...", "http://example.org/cages.html"}},
		{"attachment", "the close of an attachment's mark",
			"- notes.xls << File: notes.xls >> I talked with the supplier today.",
			[]string{"- notes.xls << File: notes.xls >>", "I talked with the supplier today."}},
		{"attachment", "a run of attachment marks stays together",
			"The drafts: <<a-1.doc>> <<b-2.doc>> <<c-3.xls>>",
			[]string{"The drafts: <<a-1.doc>> <<b-2.doc>> <<c-3.xls>>"}},
		{"abbreviation", "an example after e.g. with a capital",
			"Use a shared guide (e.g. The Programming Historian) for the course.",
			[]string{"Use a shared guide (e.g. The Programming Historian) for the course."}},
		{"abbreviation", "a short weekday before a short month",
			"We fly to Paris on Wed. Sept. 27 and back on Fri. Sept. 29 in the evening.",
			[]string{"We fly to Paris on Wed. Sept. 27 and back on Fri. Sept. 29 in the evening."}},
		{"abbreviation", "a postscript",
			"I will call you tomorrow. P.S. Please copy Sarah on the reply.",
			[]string{"I will call you tomorrow.", "P.S. Please copy Sarah on the reply."}},
		{"list", "a numbered list after a colon",
			"Check the following: 1. Is the tank warm enough? 2. Is the water clean?",
			[]string{"Check the following:", "1. Is the tank warm enough?", "2. Is the water clean?"}},
		{"list", "a time after a colon is no list",
			"The call starts at 10: 1. The agenda follows.",
			[]string{"The call starts at 10: 1.", "The agenda follows."}},
		{"note", "a note number after a full stop",
			"Authors pay a publication fee. 8 Yet some journals waive it.",
			[]string{"Authors pay a publication fee. 8", "Yet some journals waive it."}},
		{"note", "a citation mark with its own full stop",
			"Work in short bursts. [1]. Then take a break.",
			[]string{"Work in short bursts. [1].", "Then take a break."}},
	}
	for _, tt := range tests {
		t.Run(tt.class+"/"+tt.name, func(t *testing.T) {
			t.Parallel()
			checkSplit(t, tt.in, tt.want)
		})
	}
}

// TestSplitReference pins the rules for reference text (encyclopedia
// articles, papers, lists of works): "etc." before a capital, numbered
// headings, an editor's tag after a sentence, "div." before a year, and a
// title ending in "!" or "?" before its year. Each case that keeps or
// ends a sentence differently from the plain rules failed before them; the
// "not ..." cases guard against the rule reaching too far.
func TestSplitReference(t *testing.T) {
	t.Parallel()
	tests := []struct {
		class, name, in string
		want            []string
	}{
		{"etc", "before a capital that seldom opens sentences",
			"Budget for travel, field work, etc. Manuscript review takes longer.",
			[]string{"Budget for travel, field work, etc.", "Manuscript review takes longer."}},
		{"etc", "before a name that signs a message",
			"Floods took lives, homes, crops etc. Vijay Choudhry",
			[]string{"Floods took lives, homes, crops etc.", "Vijay Choudhry"}},
		{"etc", "not before a lower-case word",
			"Plates, cups etc. are in the kitchen.",
			[]string{"Plates, cups etc. are in the kitchen."}},
		{"section", "a numbered heading",
			"The case of Argentina\n\n2.1. New Institutional Economics, as North defined it, studies rules.",
			[]string{"The case of Argentina", "2.1. New Institutional Economics, as North defined it, studies rules."}},
		{"section", "three levels",
			"4.1.3. Limitations of the study are listed here.",
			[]string{"4.1.3. Limitations of the study are listed here."}},
		{"section", "not a number at the end of a sentence",
			"Growth was 2.1. Analysts expected more.",
			[]string{"Growth was 2.1.", "Analysts expected more."}},
		{"editor's tag", "a tag after a citation mark",
			"He felt guilty afterwards. [13] [better source needed] To appease his conscience, he gave.",
			[]string{"He felt guilty afterwards. [13] [better source needed]", "To appease his conscience, he gave."}},
		{"editor's tag", "a tag right after the full stop",
			"The town was founded in 1820. [citation needed] It grew fast.",
			[]string{"The town was founded in 1820. [citation needed]", "It grew fast."}},
		{"editor's tag", "not a bracketed remark",
			"We met the mayor. [The interview is abridged.] She spoke first.",
			[]string{"We met the mayor.", "[The interview is abridged.]", "She spoke first."}},
		{"div", "a divorce in an infobox",
			"Spouse(s) Jean-Louis Richard (m. 1949; div. 1964) William Friedkin (m. 1977; div. 1979)",
			[]string{"Spouse(s) Jean-Louis Richard (m. 1949; div. 1964) William Friedkin (m. 1977; div. 1979)"}},
		{"title", "an exclamation mark before the year of a film",
			"She won a BAFTA for Viva Maria! (1965), and a César for Lumière.",
			[]string{"She won a BAFTA for Viva Maria! (1965), and a César for Lumière."}},
		{"title", "a question mark before a translated title and its year",
			"She played in Meurtres? (Three Sinners, 1950) and other films.",
			[]string{"She played in Meurtres? (Three Sinners, 1950) and other films."}},
		{"title", "not a remark in brackets",
			"Can we check in at noon? (We land at nine.)",
			[]string{"Can we check in at noon?", "(We land at nine.)"}},
	}
	for _, tt := range tests {
		t.Run(tt.class+"/"+tt.name, func(t *testing.T) {
			t.Parallel()
			checkSplit(t, tt.in, tt.want)
		})
	}
}

// TestSplitTypedLines pins how a single line break is read: in a
// paragraph with a line longer than any wrap width (typedWidth), the line
// breaks were typed where they are, as in an article pasted with one line
// break between paragraphs, so each ends the sentence before it when the
// next line starts a new one; in text wrapped by hand they do not. Each
// case that ends a sentence at a line break failed before this rule; the
// others guard against splitting too often.
func TestSplitTypedLines(t *testing.T) {
	t.Parallel()
	long := "Making cupcakes without eggs or butter is easier than it sounds, and the two methods below give a light crumb that nobody will tell apart from the usual kind at a party."
	if len(long) <= typedWidth {
		t.Fatalf("the long line has %d bytes, not more than typedWidth (%d)", len(long), typedWidth)
	}
	tests := []struct {
		class, name, in string
		want            []string
	}{
		{"typed", "a heading ending in a colon, and its parts",
			"How to Make Vegan Cupcakes\nTwo Methods:\nBasic Vanilla Vegan Cupcakes\n" + long,
			[]string{"How to Make Vegan Cupcakes", "Two Methods:", "Basic Vanilla Vegan Cupcakes", long}},
		{"typed", "a paragraph ending in a colon before the next one",
			long + " Follow these rules of thumb:\nElderly people won't like crude jokes.",
			[]string{long, "Follow these rules of thumb:", "Elderly people won't like crude jokes."}},
		{"typed", "speech broken off with a dash",
			long + "\nWe have --\nHow can you tell whether they are nice?",
			[]string{long, "We have --", "How can you tell whether they are nice?"}},
		{"typed", "a line starting in lower case",
			long + "\nWorked for me\nthanks for the recipe.",
			[]string{long, "Worked for me", "thanks for the recipe."}},
		{"typed", "not after a word that needs the next line",
			long + " It was printed by the\nNew York Times first.",
			[]string{long, "It was printed by the\nNew York Times first."}},
		{"typed", "not after a hyphen inside a word",
			long + " It is a well-\nKnown recipe.",
			[]string{long, "It is a well-\nKnown recipe."}},
		{"typed", "not in a paragraph wrapped by hand",
			"The board will meet on Friday to review the following:\nBudget for the new year and the\nplan for the Houston office.",
			[]string{"The board will meet on Friday to review the following:\nBudget for the new year and the\nplan for the Houston office."}},
		{"typed", "not from one paragraph into the next",
			"We met at noon, as planned, and agreed on three points:\n\n" + long,
			[]string{"We met at noon, as planned, and agreed on three points:", long}},
	}
	for _, tt := range tests {
		t.Run(tt.class+"/"+tt.name, func(t *testing.T) {
			t.Parallel()
			checkSplit(t, tt.in, tt.want)
		})
	}
}

// TestSplitRemaining pins the rules for the single cases the treebanks'
// train and dev parts left after the classes above: each case that finds
// or keeps a boundary failed before its rule; the "not ..." cases guard
// against splitting too often.
func TestSplitRemaining(t *testing.T) {
	t.Parallel()
	tests := []struct {
		class, name, in string
		want            []string
	}{
		{"opening ellipsis", "glued to the word it opens",
			"Congratulations! You've all won!\n\n...Now comes the fun part.",
			[]string{"Congratulations!", "You've all won!", "...Now comes the fun part."}},
		{"opening ellipsis", "before a capital after a question",
			"Do you know about pearl pigment?\n\n...Nope and I am proud of it.",
			[]string{"Do you know about pearl pigment?", "...Nope and I am proud of it."}},
		{"opening ellipsis", "not inside a sentence",
			"I waited and...Then it rang.",
			[]string{"I waited and...", "Then it rang."}},
		{"number before lower case", "a telephone number",
			"call them at 303-832-8160. they haven't heard from you in a while.",
			[]string{"call them at 303-832-8160.", "they haven't heard from you in a while."}},
		{"number before lower case", "a closing bracket",
			"or Kathy Mayfield (3-3264). you know that both of them can help.",
			[]string{"or Kathy Mayfield (3-3264).", "you know that both of them can help."}},
		{"number before lower case", "not a list's marker",
			"two claims are made here: 1. that Huh? is universal, and 2. that it is a word.",
			[]string{"two claims are made here: 1. that Huh? is universal, and 2. that it is a word."}},
		{"number before lower case", "not before a code",
			"Social Psychology 92 (6): 1087-1101. doi:10.1037/0022-3514.92.6.1087.",
			[]string{"Social Psychology 92 (6): 1087-1101. doi:10.1037/0022-3514.92.6.1087."}},
		{"glued lower case", "a word that opens sentences",
			"No meat on the burger and too much pepper.no place to sit either.",
			[]string{"No meat on the burger and too much pepper.", "no place to sit either."}},
		{"glued lower case", "after a name",
			"we went out to see New York.but we mostly slept.",
			[]string{"we went out to see New York.", "but we mostly slept."}},
		{"glued lower case", "not before a preposition",
			"The enchiladas did not taste good.at all, sadly.",
			[]string{"The enchiladas did not taste good.at all, sadly."}},
		{"glued lower case", "not in a web address",
			"Look it up on google.it and on example.com first.",
			[]string{"Look it up on google.it and on example.com first."}},
		{"glued lower case", "not after an abbreviation",
			"Ask Pitt, Briggs & Co.the rest is theirs.",
			[]string{"Ask Pitt, Briggs & Co.the rest is theirs."}},
		{"number before lower case", "an ordinal",
			"Any plans for today, Saturday Nov 5th. preferably in San Jose.",
			[]string{"Any plans for today, Saturday Nov 5th.", "preferably in San Jose."}},
		{"number before lower case", "a closing quote",
			`Like you said "the kids egg him on". maybe too much.`,
			[]string{`Like you said "the kids egg him on".`, "maybe too much."}},
		{"number before lower case", "not a single letter of an ordinal",
			"Take the 5t. truck to the depot.",
			[]string{"Take the 5t. truck to the depot."}},
		{"decade", "a year with an apostrophe",
			"Nothing like it in England in the 1590's. True, but two plays come close.",
			[]string{"Nothing like it in England in the 1590's.", "True, but two plays come close."}},
		{"two dots", "glued to a capital",
			"I have danced to it before..I should have asked then.",
			[]string{"I have danced to it before..", "I should have asked then."}},
		{"two dots", "not a range",
			"Use the keys 1..9 to pick a slot.",
			[]string{"Use the keys 1..9 to pick a slot."}},
		{"lost character", "a question mark after a colon",
			"John Staikos Direct Dial:? 203.961.7523 Direct Fax:? 203.674.7723",
			[]string{"John Staikos Direct Dial:? 203.961.7523 Direct Fax:? 203.674.7723"}},
		{"lost character", "not a run of question marks",
			"RE:??? June 14 Reception",
			[]string{"RE:???", "June 14 Reception"}},
		{"ellipsis after an end", "before a lower-case word",
			"The decline continues to this day. ...a drop in the birth rate, a rise in deaths.",
			[]string{"The decline continues to this day.", "...a drop in the birth rate, a rise in deaths."}},
		{"ellipsis after an end", "set apart, after an exclamation",
			"I LIVE THERE! ... Ive been living here for years.",
			[]string{"I LIVE THERE!", "... Ive been living here for years."}},
		{"ellipsis after an end", "not dots set apart",
			"It was abandoned. . . . The town moved on.",
			[]string{"It was abandoned.", ". . . The town moved on."}},
		{"abbreviation", "e.g. typed without its inner full stop",
			"We hired strong performers, eg. Paul Thomas and Jason Choate.",
			[]string{"We hired strong performers, eg. Paul Thomas and Jason Choate."}},
		{"abbreviation", "not the name IE",
			"Stop using IE6 and update to a newer IE. Its goal is to cut IE6 use.",
			[]string{"Stop using IE6 and update to a newer IE.", "Its goal is to cut IE6 use."}},
		{"abbreviation", "et. al. with a stray full stop",
			"To the Congressmen, Guards, Taxpayers, et. al., we are here.",
			[]string{"To the Congressmen, Guards, Taxpayers, et. al., we are here."}},
		{"title", "Attn. before an addressee",
			"Changes are in red.\n\nAttn. GCP_London: There's a new product.",
			[]string{"Changes are in red.", "Attn. GCP_London: There's a new product."}},
		{"mail", "an address and its link",
			"Amy Cornell amy.cornell@compaq.com <mailto:amy.cornell@compaq.com>",
			[]string{"Amy Cornell amy.cornell@compaq.com <mailto:amy.cornell@compaq.com>"}},
		{"mail", "not another address's mark",
			"Send it to amy@compaq.com <<File: notes.doc>>",
			[]string{"Send it to amy@compaq.com", "<<File: notes.doc>>"}},
		{"separator", "three stars standing alone",
			"He replaced Steffen W. Graae. *** Bush also nominated A. Noel Anketell Kramer.",
			[]string{"He replaced Steffen W. Graae.", "***", "Bush also nominated A. Noel Anketell Kramer."}},
		{"separator", "not stars inside a word",
			"What the f*** is going on here?",
			[]string{"What the f*** is going on here?"}},
		{"closing", "Respectfully before the name",
			"I look forward to our meeting.\n\nRespectfully, George Chriss",
			[]string{"I look forward to our meeting.", "Respectfully,", "George Chriss"}},
		{"attachments", "a list of attached files",
			"(See attached file: API.pdf) - UnleadedStocks.pdf - CrudeStocks.pdf",
			[]string{"(See attached file: API.pdf)", "- UnleadedStocks.pdf", "- CrudeStocks.pdf"}},
		{"attachments", "not a file's name with a dash inside",
			"See attached file: ENRON - SCHEDULE.doc for the terms.",
			[]string{"See attached file: ENRON - SCHEDULE.doc for the terms."}},
		{"omission", "before a capital",
			"Cleaning the air would improve crop yields [...] Ozone is something we understand.",
			[]string{"Cleaning the air would improve crop yields [...]", "Ozone is something we understand."}},
		{"omission", "not before a lower-case word",
			"The projections are consistent [...] the future of ozone is not.",
			[]string{"The projections are consistent [...] the future of ozone is not."}},
		{"abbreviation", "Assoc. before a title",
			"Donald Leslie, Vice Provost and Assoc. Dean for Undergraduate Education",
			[]string{"Donald Leslie, Vice Provost and Assoc. Dean for Undergraduate Education"}},
		{"title", "the plural of Dr.",
			"I tried it on myself first. Drs. Ali and Khan work wonders.",
			[]string{"I tried it on myself first.", "Drs. Ali and Khan work wonders."}},
		{"marks set apart", "a run of question marks",
			"They claim the moral high ground ? ? ? ? Talk about nerve.",
			[]string{"They claim the moral high ground ? ? ? ?", "Talk about nerve."}},
		{"marks set apart", "one mark before a lower-case word still ends",
			"is this a problem ? thanks for any help",
			[]string{"is this a problem ?", "thanks for any help"}},
		{"list", "counting down",
			"10. Jack Welch, CEO 9. Scott McNealy, CEO 8. Satisfied customers",
			[]string{"10. Jack Welch, CEO", "9. Scott McNealy, CEO", "8. Satisfied customers"}},
		{"list", "counting up",
			"1. Preheat the oven 2. Mix the flour 3. Bake",
			[]string{"1. Preheat the oven", "2. Mix the flour", "3. Bake"}},
		{"list", "not a number that skips",
			"7. Stir in 5. grams of salt",
			[]string{"7. Stir in 5. grams of salt"}},
		{"author line", "the second author of a line",
			"Michiel Cock m.p.cock@vu.nl Vrije Universiteit Amsterdam, the Netherlands Lotte Wilms lotte.wilms@kb.nl National Library of the Netherlands",
			[]string{"Michiel Cock m.p.cock@vu.nl Vrije Universiteit Amsterdam, the Netherlands",
				"Lotte Wilms lotte.wilms@kb.nl National Library of the Netherlands"}},
		{"author line", "not the first address of a line",
			"Please write to Anna Lee anna@example.org before Friday.",
			[]string{"Please write to Anna Lee anna@example.org before Friday."}},
	}
	for _, tt := range tests {
		t.Run(tt.class+"/"+tt.name, func(t *testing.T) {
			t.Parallel()
			checkSplit(t, tt.in, tt.want)
		})
	}
}
