package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromium finds a headless browser, or skips the test saying why.
func chromium(t *testing.T) string {
	t.Helper()
	if os.Getenv("NTM_HEAVY") == "" {
		t.Skip("the report in headless Chromium: set NTM_HEAVY=1 to run it (.ci/run does, and installs Chromium when missing)")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("SKIPPED: no Chromium on this machine (install the distribution's chromium package; .ci/run does)")
	return ""
}

// browse runs headless Chromium on a local file with extra arguments and returns its standard
// output and its log (console messages included). Chromium is told to reach no network.
func browse(t *testing.T, bin, page string, args ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), "file://"+page)...)
	var out, log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &log
	require.NoError(t, cmd.Run(), "chromium: %s", log.String())
	return out.String(), log.String()
}

var consoleRE = regexp.MustCompile(`(?m)^.*:CONSOLE[^\n]*$`)

// TestReportInBrowser opens the report in headless Chromium (behind NTM_HEAVY): no console
// message (a control page with a script error proves they are caught), the key numbers in the
// DOM, a hostile unit name as text and not as elements, a screenshot of the first screen and a
// print to PDF on A4, saved in NTM_REPORT_DIR when set.
func TestReportInBrowser(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	keep := os.Getenv("NTM_REPORT_DIR")
	if keep == "" {
		keep = dir
	}
	require.NoError(t, os.MkdirAll(keep, 0o755))

	// The detector: a page with a console error and an uncaught one.
	control := filepath.Join(dir, "control.html")
	require.NoError(t, os.WriteFile(control, []byte(`<!DOCTYPE html><p>x</p><script>console.error("control-error"); missingFunction();</script>`), 0o644))
	_, log := browse(t, bin, control, "--dump-dom")
	require.Contains(t, log, "control-error", "console messages are read from Chromium's log")
	require.Contains(t, log, "missingFunction")

	src, err := os.ReadFile(sampleCSV)
	require.NoError(t, err)
	evil := `<img src=x onerror="document.title='pwned'"><b>Thạnh Phú</b>`
	data := strings.Replace(string(src), "Thạnh Phú", `"`+strings.ReplaceAll(evil, `"`, `""`)+`"`, -1)
	in := filepath.Join(dir, "xa.csv")
	require.NoError(t, os.WriteFile(in, []byte(data), 0o644))
	page := filepath.Join(keep, "bao-cao.html")
	code, _, errs := ntm(t, "report", in, "--out", page)
	require.Equal(t, 0, code, errs)

	dom, log := browse(t, bin, page, "--dump-dom")
	assert.Empty(t, consoleRE.FindAllString(log, -1), "no console message")
	c := cards(dom)
	assert.Equal(t, "82", c["units"])
	assert.Equal(t, "42", c["recognised"])
	assert.Contains(t, dom, `data-value="16.2">16,2</div>`)
	assert.Contains(t, dom, "&lt;img src=x onerror=\"document.title='pwned'\"&gt;&lt;b&gt;Thạnh Phú&lt;/b&gt;")
	assert.NotContains(t, dom, "<img", "the name made no element")
	assert.NotContains(t, dom, "pwned</title>")
	assert.Equal(t, 82, strings.Count(dom, `<td data-met="`), "the matrix holds every unit")

	shot := filepath.Join(keep, "bao-cao.png")
	browse(t, bin, page, "--window-size=1280,1600", "--hide-scrollbars", "--screenshot="+shot)
	png, err := os.ReadFile(shot)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")), "a PNG")
	assert.Greater(t, len(png), 50_000, "a rendered page, not a blank one")

	pdf := filepath.Join(keep, "bao-cao.pdf")
	browse(t, bin, page, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
	doc, err := os.ReadFile(pdf)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(doc, []byte("%PDF-")), "a PDF")
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(doc, -1))
	assert.GreaterOrEqual(t, pages, 4, "each section starts a page of A4")
	// A4 is 595 × 842 points.
	assert.Regexp(t, `/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\s*\]`, string(doc))
	t.Logf("report, screenshot and PDF (%d pages) in %s", pages, keep)

	// The then-and-now view of the new units, against the old communes of 2020, as Chromium
	// renders it: the totals by former province and a row per new unit.
	then := filepath.Join(keep, "truoc-sau.html")
	code, _, errs = ntm(t, "report", "--scheme", "camau/muc-tieu-2026-2030.yaml", "--rules", "vn/xa-ntm-2026-2030.yaml",
		filepath.Join(filepath.Dir(sampleCSV), "camau-don-vi-moi-2026.csv"), "--then", sampleCSV, "--out", then)
	require.Equal(t, 0, code, errs)
	dom, log = browse(t, bin, then, "--dump-dom")
	assert.Empty(t, consoleRE.FindAllString(log, -1), "no console message")
	assert.Contains(t, dom, `<section id="across">`)
	assert.Contains(t, dom, "<td><bdi>7,3–43,6 %</bdi></td>")
	assert.Contains(t, dom, "<td><bdi>phần Tỉnh Bạc Liêu cũ</bdi></td><td><bdi>20</bdi></td><td><bdi>0</bdi></td><td><bdi>20</bdi></td>")
	assert.Contains(t, dom, "<td><bdi>chờ tỉnh quyết định giữ chuẩn *</bdi></td>")
}
