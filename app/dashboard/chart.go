package dashboard

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/prchq/prc/app/store"
)

// chart is one organisation's share of fully ready services per day, drawn as inline SVG.
type chart struct {
	Org    string
	Latest string // "3 of 4 ready"
	Points string // SVG polyline points
	Dots   []dot
}

type dot struct {
	X, Y  float64
	Title string
}

const chartW, chartH = 300.0, 80.0

func newChart(org string, days []store.ReadinessDay) chart {
	c := chart{Org: org}
	var pts []string
	for i, d := range days {
		x := chartW / 2
		if len(days) > 1 {
			x = float64(i) * chartW / float64(len(days)-1)
		}
		share := 0.0
		if d.Services > 0 {
			share = float64(d.Ready) / float64(d.Services)
		}
		y := chartH - share*chartH
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
		c.Dots = append(c.Dots, dot{X: x, Y: y, Title: fmt.Sprintf("%s: %d of %d ready", d.Day, d.Ready, d.Services)})
		c.Latest = fmt.Sprintf("%d of %d services ready", d.Ready, d.Services)
	}
	c.Points = strings.Join(pts, " ")
	return c
}

// SVGSize is the chart's viewBox, for the template.
func (chart) SVGSize() template.HTMLAttr {
	return template.HTMLAttr(fmt.Sprintf(`viewBox="-5 -5 %.0f %.0f"`, chartW+10, chartH+10))
}
