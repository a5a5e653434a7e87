package web

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"

	"claimdesk/review"
)

// The dashboard's charts are drawn here (text and SVG bars), so the
// browser needs no chart library and the page works without JavaScript. Labels are user data
// (verdict names): they go through html/template like every other value,
// and colours are used only when they are exactly #rrggbb.

// chartBar is one bar of a horizontal bar chart.
type chartBar struct {
	Label string
	Value int
	// Color is the bar's fill; anything but #rrggbb falls back to the palette.
	Color string
	// Href, when set, makes the bar's label a link (a filtered list).
	Href string
}

// chart is a horizontal bar chart, laid out for the template.
type chart struct {
	Title string
	ID    string
	Rows  []chartRow
	Total int
}

// chartRow is one bar: BarW is its length out of chartBarMax, BarPct the
// share of the row's track it fills (the longest bar leaves room for its
// number).
type chartRow struct {
	chartBar
	BarW   int
	BarPct string
	Fill   string
}

// validColor reports whether c is a colour the charts and /verdicts.css
// may use as is: the store's own rule, exactly #rrggbb, so nothing else can
// reach an attribute or a stylesheet.
func validColor(c string) bool { return review.ValidColor(c) }

// chartPalette colours bars that carry no colour of their own; all pass AA
// contrast against white as non-text graphics (3:1).
var chartPalette = []string{"#0b5cad", "#6f42c1", "#9a6700", "#1a7f37", "#57606a", "#bf3989"}

const (
	chartBarMax   = 300 // the longest bar, in steps of its track
	chartTrackPct = 85  // how much of the track the longest bar fills
)

// newBarChart lays out bars: each row has the label, the bar, and the number
// written beside it, so the colour is never the only carrier.
func newBarChart(id, title string, bars []chartBar) chart {
	c := chart{ID: id, Title: title}
	maxV := 0
	for _, b := range bars {
		if b.Value > maxV {
			maxV = b.Value
		}
		c.Total += b.Value
	}
	for i, b := range bars {
		w := 0
		if maxV > 0 {
			w = b.Value * chartBarMax / maxV
		}
		if b.Value > 0 && w < 2 {
			w = 2 // a count of one is still visible
		}
		fill := b.Color
		if !validColor(fill) {
			fill = chartPalette[i%len(chartPalette)]
		}
		c.Rows = append(c.Rows, chartRow{chartBar: b, BarW: w, Fill: fill,
			BarPct: strconv.FormatFloat(float64(w*chartTrackPct)/chartBarMax, 'f', 2, 64)})
	}
	return c
}

// chartTemplate draws a chart. The labels and numbers are the page's own
// text, so they keep the page's size at any width and wrap on a phone
// (text inside an SVG shrinks with it); each bar is a small SVG whose width
// is an attribute, which the page's policy allows where a style would not.
// html/template escapes every label, so a verdict named "<script>" stays text.
var chartTemplate = template.Must(template.New("chart").Parse(`<figure class="chart" id="{{.ID}}">
<figcaption>{{.Title}} <span class="muted">({{.Total}} in all)</span></figcaption>
<ul class="chart-rows">
{{- range .Rows}}
<li class="chart-row">
{{- if .Href}}<a href="{{.Href}}" class="chart-label">{{.Label}}</a>
{{- else}}<span class="chart-label">{{.Label}}</span>{{end}}
<span class="chart-track"><svg xmlns="http://www.w3.org/2000/svg" class="chart-bar" width="{{.BarPct}}%" height="18" aria-hidden="true" focusable="false"><rect width="100%" height="18" fill="{{.Fill}}"><title>{{.Label}}: {{.Value}}</title></rect></svg><span class="chart-value">{{.Value}}</span></span>
</li>
{{- end}}
</ul>
</figure>`))

// renderChart draws c as SVG markup. The result is safe to place in a page
// as is: it was produced by html/template, which escaped every value.
func renderChart(c chart) (template.HTML, error) {
	var buf bytes.Buffer
	if err := chartTemplate.Execute(&buf, c); err != nil {
		return "", fmt.Errorf("draw chart %s: %w", c.ID, err)
	}
	return template.HTML(buf.String()), nil
}
