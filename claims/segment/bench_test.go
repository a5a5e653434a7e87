package segment

import (
	"strings"
	"testing"
)

// informalText is e-mail and forum prose written for the benchmark: lower-case
// starts, missing spaces, closings, signatures and citation marks, the
// paths the informal rules add to the loop.
const informalText = `hi all, quick question about the tank. is 40 gallons enough for two turtles? my friend says no.they need room to swim!! anyway thanks for any help ? also, what heater do you use... mine broke twice.

Thanks, Rosa

Avoid this garage! they charged me twice for the same repair. The manager said it was "a system error.“ However, nobody called back. --Pete

Earlier surveys found the same pattern. [4 - 6] Economists disagree about why. The dam was finished in 1936. [2] It still stands (pop. 4,000 nearby).

"Marvellous!" Margot grins. We went with my mum. the kids loved it. I called twice.. nobody answered. Bring plates, cups etc. and we will do the rest.
`

// BenchmarkSplitInformal times Split on informalText repeated to 1 MB.
func BenchmarkSplitInformal(b *testing.B) {
	text := strings.Repeat(informalText+"\n", (1<<20)/len(informalText)+1)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Split(text)
	}
}
