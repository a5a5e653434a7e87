// Code generated from the word lists in features_words_test.go; DO NOT EDIT.

package claims

// classifyHash sorts a word, given its hash (hashWord with the word seed),
// for the hand-written features. A switch on constants is several times
// faster than one on strings, and allocates nothing.
func classifyHash(h uint32) handClass {
	switch h {
	case 0xb3b2695d, 0xb4d0d464, 0xe18c89fb, 0xcc89a14a:
		// percent percentage per cent
		return wcPercent
	case 0xcd4c3623, 0xc7da1342, 0xcff010c8, 0xd2df9a11, 0xc1112d35, 0xe9df4b24, 0x35a8ccbb, 0xa424b687, 0xf77e727a, 0xc1c0fc4d, 0x29385391, 0xf30539bd, 0x8c6b65a2, 0xe8cd6b19:
		// dollars dollar million billion trillion bn cents pounds euros budget tax taxes deficit debt
		return wcMoney
	case 0x1ec06e1d, 0x9159120d, 0xa57134cd, 0xdd114faf, 0x2bc2c12b, 0xe5043eb5, 0xf09fa584, 0xab521fa0, 0xc25243d5, 0xa94ae898, 0x7cecc4b4, 0x6beca9f1, 0xbab524f8, 0x052381ce, 0x9a073c8c, 0x06d84969, 0xa9bf9b0d, 0x099f43ef, 0x4b825161, 0x10c6da43, 0x10705554, 0xd7afd017, 0xc1da9848, 0xd8e5c89b, 0xbe6c1f05, 0xd43ef8a9, 0xfde3843a, 0x39f90881, 0x7451ee2b, 0xd2cc4ce2, 0xe71d175c, 0x7f0f86a0, 0xc0363692, 0x4777fbcd, 0x12ce2cf0, 0xad9a1523, 0x8d39ef61, 0xfa04208e, 0x71794be7, 0x280472ef, 0x0350aa06, 0x7ef4b0e5:
		// more less fewer than most least increase increased increases decrease decreased decreases highest lowest largest biggest smallest higher lower larger bigger doubled tripled rose risen fell fallen grew grown dropped cut raised times half twice average record only every all none number
		return wcComparative
	case 0x74496da1, 0xa9a33b15, 0x0e73f611, 0x131938ed, 0x28d8ed61, 0xa32c5e94, 0xf7c9d6d4, 0x0f0c212c, 0xf0ab7c62, 0xa8d4d64e, 0x8f9695eb, 0x7efd59dc:
		// was were had did said voted passed created lost went became signed
		return wcPast
	case 0x91756fe8, 0xde66f56d, 0x22a19c72, 0xcf258947, 0xeabba7dd:
		// will would shall plan promise
		return wcFuture
	case 0xf5a2742e, 0x4875bf3d:
		// going gonna
		return wcGoing
	case 0x2f1819a7, 0x6d0a2117, 0xf9083a65, 0x640a12ec, 0xfbf03a38:
		// i i'm i've i'd i'll
		return wcI
	case 0x10b02a54, 0x1eb7928c, 0x4b802c69, 0x2ec0a618:
		// we we're we'll we've
		return wcWe
	case 0x7f331bb4, 0xccc3bc88, 0xae5005f8, 0xe6640e12, 0xa626bc92, 0x61c79779, 0xdb7e5aad, 0x346ec06f:
		// think believe feel want hope guess suppose know
		return wcOpinion
	}
	return wcPlain
}
