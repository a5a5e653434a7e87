// Code generated from the word lists in features_words_test.go; DO NOT EDIT.

package claims

// classifyNews sorts a word, given its hash (hashWord with the word seed),
// for the news features.
func classifyNews(h uint32) newsClass {
	switch h {
	case 0xa201c7fd, 0xed8a119d, 0xbbf25e6b, 0xf68a1fc8, 0xdb487ace, 0x3df96c8b, 0x715fc0cb, 0x22a19c72, 0xa882e5af, 0x1a2ec3cd, 0x40bbe098, 0x6e095c6c, 0x57bc04cd, 0x55f4ed83, 0xce486657:
		// must required require requires obliged obligated mandatory shall should ought agreed agree agrees pledged obliges
		return 1
	case 0x48afaa5a, 0x1f7410d4, 0x0e73f611:
		// have has had
		return 2
	case 0xeaa932bd:
		// to
		return 3
	case 0x28d8ed61, 0x1a017834, 0x2681970f, 0xb1400f25, 0x77eb8908, 0x9de254b1, 0x44787ed9, 0xf7644b58, 0xb562d317, 0xc262e78e, 0x7aec2cf7, 0xa474bfdf, 0xe4ec74c9, 0xc97da49a, 0x4c11d9e1, 0xca56e4e8, 0xc5ad56bd, 0x451c75ef, 0x321c5806, 0x95d6004d, 0x95e62221, 0x064314ce, 0x3ac6ad2c, 0x9a686ba3, 0x2828194e, 0xe0d7ff7b, 0x42070f50, 0x849bab06, 0x106fc710:
		// said says say told according claims claimed claim stated states reported reports announced alleged allegedly reportedly confirmed denied denies insisted warned added noted estimates argued testified revealed admitted accused
		return 4
	case 0xd17d6295, 0x5d408ddf, 0x8872f749, 0xccc3bc88, 0x53227f21, 0x44226784, 0xc7fe026e, 0xf1dd53a7, 0x9e3de86f, 0xafeaea48, 0x6bb86d6f, 0x685fbc47, 0x43d0bf11, 0x81779352, 0x0e1cf55f, 0xda73ea18:
		// may might could believe believes believed suggest suggests suggested likely possibly probably perhaps appears seems unclear
		return 5
	case 0xb85962a0, 0x78f701d7, 0x10d7952c, 0x1fd7acc9, 0xa338d7c0, 0x11e79a8e, 0x6e85fa92, 0xdde9f033, 0x69a57949, 0xf2d249ed, 0xdf09e3ba, 0xf65b9634, 0x029e7896, 0x0478507f, 0x008a0717, 0x9e028095, 0x7e2be85d, 0xcd1e806a, 0x53daac94, 0x69b7cd50:
		// because cause causes caused causing due lead leads led result results resulted prevent prevents prevented linked effect effects responsible therefore
		return 6
	case 0xf966f462, 0x564769c2, 0x836b61a3, 0xb179ae71, 0x6453e5e4, 0x7ad75ccf, 0x1d06fbf4, 0x17c42bbd, 0x2d9c6701, 0x3f36d876, 0x079fea18, 0xc0db6962, 0x8e8ed625, 0x37443d7f, 0x5b0af796, 0xbbb1f69a, 0x6762eb35, 0xe6cfa68a, 0x3ccaa221, 0xad4c897e, 0xb6adfc72, 0xdd57f55c, 0xa0cbc54c, 0x502bf793, 0xd4a91728, 0x212fc441, 0xd034710a, 0x3b8ea17b, 0xe27b1ffd, 0xfdc02c27, 0xc985c83c, 0x42cd6d75, 0x5fb61231, 0x975d9223, 0xf07ce9e6, 0x65242fd0, 0x59a1ef19, 0x2281a15c, 0x77ca1e38, 0x2ae70473:
		// health disease diseases virus cancer vaccine vaccines vaccination infection infections infected patients patient deaths death died killed dead injured wounded hospital symptoms medicine medical treatment treatments drug drugs deficiency risk risks covid coronavirus pandemic epidemic brain pregnant doctors illness toxic
		return 7
	case 0xeae84713, 0x32a86725, 0xf3b88ff6, 0xaefec101, 0x7d75a3a3, 0x2ca85db3, 0x20e14230, 0x95d61263, 0x532464f5, 0x3d1a636a, 0x149faa3e, 0xcc565dca, 0x5d7b8675, 0x214862bb, 0xed8d708e, 0xa1a7daf2, 0x1bd0fb77, 0x11ea174a:
		// no not never nothing neither nor without cannot can't don't doesn't didn't isn't aren't wasn't weren't won't wouldn't
		return 8
	case 0xc591b381, 0x56f8f613, 0x11ea5661, 0x5bccef8b, 0x82d5bf10, 0xac28c15b, 0xd929999a, 0xfea879d7, 0x76c6079b, 0x000e0718, 0x563bd585, 0xbcad7888, 0x3a6e884e, 0x54e82b6c, 0x522f3d28, 0xc2da48ac, 0x2596b034, 0x3cc0fc71, 0x2273d0a7, 0xacae9bfc, 0x3b416a43, 0x19d26239, 0xda7fbbb9, 0xc7bd7969, 0xbc58eb24, 0x984be25c, 0xc94c7bf2, 0x6a81f368, 0xacae09f2, 0xc469f55a:
		// hundreds thousands millions dozens several many few majority minority quarter third one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand dozen
		return 9
	case 0xf6f0a8bc, 0x0344e006, 0x3406a111:
		// is are does
		return 10
	case 0x377f7144, 0xbd51a3b3, 0x01fff528, 0xfaae5c1e, 0x52938ebb, 0x1e5ff10b, 0xd8a5dec8, 0x26623416, 0x7131ce6a, 0x242db867, 0x590f0a40, 0x43b9fa44, 0x4bb589ae, 0x966c1dad, 0xb34e5c27, 0xf456c758, 0x953778fa, 0xfd63e7ff:
		// monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december
		return 11
	case 0x70b7b9a1, 0xfff43c0f, 0x2a6a530e, 0x790bd248:
		// image video audio photo
		return 12
	case 0xb6136887, 0x958e39af, 0xf1d603c9, 0xd4c6cb98, 0xd1e05ec5:
		// you your you're you'll you've
		return 13
	}
	return newsPlain
}
