package web

import (
	"strings"
	"testing"
)

func TestBarChartEscapesLabelsAndColours(t *testing.T) {
	c := newBarChart("chart-x", "Claims by verdict", []chartBar{
		{Label: `<script>alert(1)</script>`, Value: 3, Color: "#1a7f37"},
		{Label: `"><rect onload="x`, Value: 1, Color: `red" onmouseover="x`},
		{Label: "Unproven", Value: 0, Color: "#57606a"},
	})
	got, err := renderChart(c)
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	for _, bad := range []string{"<script>", `onload="x`, `onmouseover="x`, `"><rect onload`} {
		if strings.Contains(s, bad) {
			t.Errorf("chart contains %q unescaped:\n%s", bad, s)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", `fill="#1a7f37"`, `fill="` + chartPalette[1] + `"`, ">Unproven<", "<svg", `width="85.00%"`, "Claims by verdict"} {
		if !strings.Contains(s, want) {
			t.Errorf("chart lacks %q:\n%s", want, s)
		}
	}
}

func TestBarChartLabelsEveryBarWithItsNumber(t *testing.T) {
	bars := []chartBar{{Label: "New", Value: 10}, {Label: "Done", Value: 5}, {Label: "Dismissed", Value: 0}, {Label: "One", Value: 1}}
	c := newBarChart("c", "t", bars)
	if len(c.Rows) != len(bars) {
		t.Fatalf("rows: got %d, want %d", len(c.Rows), len(bars))
	}
	tests := []struct {
		i     int
		wantW int
	}{{0, chartBarMax}, {1, chartBarMax / 2}, {2, 0}, {3, chartBarMax / 10}}
	for _, tt := range tests {
		if got := c.Rows[tt.i].BarW; got != tt.wantW {
			t.Errorf("bar %q width: got %d, want %d", bars[tt.i].Label, got, tt.wantW)
		}
	}
	if c.Total != 16 {
		t.Errorf("total: got %d, want 16", c.Total)
	}
	html, err := renderChart(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bars {
		// The number is written beside the bar, not left to the bar's length.
		want := `class="chart-value">` + itoa(b.Value) + `</span>`
		if !strings.Contains(string(html), want) {
			t.Errorf("no value text for %q: want %s", b.Label, want)
		}
		if !strings.Contains(string(html), `class="chart-label">`+b.Label+"</span>") {
			t.Errorf("no label text for %q", b.Label)
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func TestValidColor(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"#1a7f37", true}, {"#ABCDEF", true}, {"#fff", false}, {"red", false},
		{"#1a7f37; background:url(x)", false}, {"#1a7f3g", false}, {"", false}, {"#1a7f37\n", false},
	}
	for _, tt := range tests {
		if got := validColor(tt.in); got != tt.want {
			t.Errorf("validColor(%q): got %v, want %v", tt.in, got, tt.want)
		}
	}
}
