package web

import (
	"bytes"
	"fmt"
	"html/template"

	"claimdesk/review"
)

// The dashboard's charts are drawn here as SVG, so the browser needs no
// chart library and the page works without JavaScript. Labels are user data
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
	Title  string
	ID     string
	Width  int
	Height int
	Rows   []chartRow
	Total  int
}

type chartRow struct {
	chartBar
	Y, BarX, BarW, TextY, ValueX int
	Fill                         string
}

// validColor reports whether c is a colour the charts and /verdicts.css
// may use as is: the store's own rule, exactly #rrggbb, so nothing else can
// reach an attribute or a stylesheet.
func validColor(c string) bool { return review.ValidColor(c) }

// chartPalette colours bars that carry no colour of their own; all pass AA
// contrast against white as non-text graphics (3:1).
var chartPalette = []string{"#0b5cad", "#6f42c1", "#9a6700", "#1a7f37", "#57606a", "#bf3989"}

const (
	chartLabelW = 150 // room for the label left of the bars
	chartBarMax = 300 // the longest bar
	chartRowH   = 26
	chartValueW = 50
)

// newBarChart lays out bars: each row has the label, the bar, and the number
// written beside it, so the colour is never the only carrier.
func newBarChart(id, title string, bars []chartBar) chart {
	c := chart{ID: id, Title: title, Width: chartLabelW + chartBarMax + chartValueW}
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
		y := i * chartRowH
		c.Rows = append(c.Rows, chartRow{
			chartBar: b, Y: y + 4, BarX: chartLabelW, BarW: w,
			TextY: y + 18, ValueX: chartLabelW + w + 6, Fill: fill,
		})
	}
	c.Height = max(len(bars)*chartRowH+4, chartRowH)
	return c
}

// chartTemplate draws a chart. html/template escapes every label in text and
// attribute context, so a verdict named "<script>" stays text.
var chartTemplate = template.Must(template.New("chart").Funcs(template.FuncMap{
	// minus6 puts a label just left of its bar.
	"minus6": func(x int) int { return x - 6 },
}).Parse(`<figure class="chart" id="{{.ID}}">
<figcaption>{{.Title}} <span class="muted">({{.Total}} in all)</span></figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{{.ID}}-title" viewBox="0 0 {{.Width}} {{.Height}}" width="100%" preserveAspectRatio="xMinYMin meet" class="chart-svg">
<title id="{{.ID}}-title">{{.Title}}: {{range $i, $r := .Rows}}{{if $i}}, {{end}}{{$r.Label}} {{$r.Value}}{{end}}</title>
{{- range .Rows}}
<g class="chart-row">
{{- if .Href}}<a href="{{.Href}}"><text x="{{.BarX | minus6}}" y="{{.TextY}}" text-anchor="end" class="chart-label">{{.Label}}</text></a>
{{- else}}<text x="{{.BarX | minus6}}" y="{{.TextY}}" text-anchor="end" class="chart-label">{{.Label}}</text>{{end}}
<rect x="{{.BarX}}" y="{{.Y}}" width="{{.BarW}}" height="18" fill="{{.Fill}}"><title>{{.Label}}: {{.Value}}</title></rect>
<text x="{{.ValueX}}" y="{{.TextY}}" class="chart-value">{{.Value}}</text>
</g>
{{- end}}
</svg>
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
