package review

// The rule of what counts as a verdict lives here, once. A verdict is a
// claim's verdict only when an editor signed it off: the claim is done
// and has a verdict on the scale. A reviewer's verdict on an open claim is
// proposed; it is shown as proposed and never counted as a verdict. The
// dashboard (through the claim counters, which keep every status and
// verdict pair), the reports and the answers of "checked before?" ask
// HasVerdict.

// HasVerdict reports whether a claim in status whose verdict is named
// verdict ("" for none) has a verdict: signed off, that is done with a
// verdict.
func HasVerdict(status Status, verdict string) bool {
	return status == StatusDone && verdict != ""
}

// ProposedVerdict reports whether a claim in status carries a verdict that
// is not signed off: a reviewer's proposal on an open claim. A dismissed
// claim's verdict is neither a verdict nor a proposal.
func ProposedVerdict(status Status, verdict string) bool {
	return verdict != "" && status != StatusDone && status != StatusDismissed
}

// HasVerdict reports whether c's verdict is signed off (see HasVerdict).
func (c Claim) HasVerdict() bool { return HasVerdict(c.Status, c.Verdict) }

// ProposedVerdict reports whether c's verdict is only proposed.
func (c Claim) ProposedVerdict() bool { return ProposedVerdict(c.Status, c.Verdict) }

// HasVerdict reports whether the reported claim's verdict is signed off.
func (c ReportClaim) HasVerdict() bool { return HasVerdict(c.Status, c.Verdict) }
