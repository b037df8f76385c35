// Command scale measures the command-line tool on large data: it writes CSV files of 10,000,
// 100,000 and 1,000,000 Cà Mau communes (distinct codes; values from the seeded sample
// generator, 10,000 distinct communes cycled), runs the tool's commands on them as separate
// processes and reports wall time, rows per second and peak resident memory. With -assert it
// fails when a run's peak memory exceeds its bound:
//
//	check, evaluate (table, csv, jsonl) on 1,000,000 rows   ≤ 150 MB
//	evaluate --format json on 100,000 rows                   ≤ 150 MB
//	rank on 100,000 and 1,000,000 rows                       ≤ 400 MB
//
// Rank keeps every unit of the period in a compact set (about 70 bytes a unit), a 32-byte
// entry per ranking and per candidate (see docs/design-notes.md).
//
// Wall time is reported, never asserted. Run it from the module root:
//
//	go run ./examples/internal/scale -rows 10000,100000 [-assert]
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/rules"
)

// distinct is how many different communes the generator draws; larger files cycle them under
// new codes.
const distinct = 10000

// run is one measured command.
type run struct {
	name  string
	rows  int
	args  []string
	bound int64 // peak RSS bound in bytes when asserted (0: none)
}

func main() {
	rowsFlag := flag.String("rows", "10000,100000", "comma-separated row counts to generate and measure")
	assert := flag.Bool("assert", false, "fail when a run's peak memory exceeds its bound")
	keep := flag.String("dir", "", "folder for the generated files and the tool (default: a temporary folder, removed)")
	flag.Parse()
	if err := measure(*rowsFlag, *assert, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

func measure(rowsFlag string, assert bool, dir string) error {
	var counts []int
	for _, s := range strings.Split(rowsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("-rows: %q is not a positive row count", s)
		}
		counts = append(counts, n)
	}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "ntm-scale-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	tool := filepath.Join(dir, "ntm")
	if out, err := exec.Command("go", "build", "-o", tool, "./examples/ntm").CombinedOutput(); err != nil {
		return fmt.Errorf("building the tool: %v\n%s", err, out)
	}
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	if err != nil {
		return err
	}
	prog, err := rs.Compile()
	if err != nil {
		return err
	}
	units, err := gen.Varied(prog, distinct, gen.Seed, criteria.Period{Year: 2020})
	if err != nil {
		return err
	}
	var runs []run
	for _, n := range counts {
		file := filepath.Join(dir, fmt.Sprintf("communes-%d.csv", n))
		if err := writeCSV(file, rs, units, n); err != nil {
			return err
		}
		big := n >= 1000000
		bound := func(b int64) int64 {
			if big {
				return b
			}
			return 0
		}
		runs = append(runs,
			run{"check", n, []string{"check", file}, bound(150 << 20)},
			run{"evaluate (table)", n, []string{"evaluate", file}, bound(150 << 20)},
			run{"evaluate --format csv", n, []string{"evaluate", file, "--format", "csv"}, bound(150 << 20)},
			run{"evaluate --format jsonl", n, []string{"evaluate", file, "--format", "jsonl"}, bound(150 << 20)},
		)
		rb := int64(0)
		if n >= 100000 {
			rb = 400 << 20
		}
		runs = append(runs, run{"rank", n, []string{"rank", file}, rb})
		if n <= 100000 {
			jb := int64(0)
			if n == 100000 {
				jb = 150 << 20
			}
			runs = append(runs, run{"evaluate --format json", n, []string{"evaluate", file, "--format", "json"}, jb})
		}
	}
	fmt.Printf("%-24s %10s %10s %12s %10s %s\n", "command", "rows", "wall", "rows/s", "peak RSS", "bound")
	var failed []string
	for _, r := range runs {
		wall, rss, code, err := timeRun(tool, r.args)
		if err != nil {
			return fmt.Errorf("%s on %d rows: %v", r.name, r.rows, err)
		}
		b := "—"
		if r.bound > 0 {
			b = mb(r.bound)
			if assert && rss > r.bound {
				failed = append(failed, fmt.Sprintf("%s on %d rows: peak RSS %s exceeds %s", r.name, r.rows, mb(rss), mb(r.bound)))
			}
		}
		fmt.Printf("%-24s %10d %9.2fs %12.0f %10s %s (exit %d)\n", r.name, r.rows, wall.Seconds(), float64(r.rows)/wall.Seconds(), mb(rss), b, code)
	}
	if len(failed) > 0 {
		sort.Strings(failed)
		return errors.New(strings.Join(failed, "; "))
	}
	return nil
}

func mb(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }

// timeRun runs the tool with args, discarding its output, and returns the wall time, the
// process's peak resident memory and its exit status.
func timeRun(tool string, args []string) (time.Duration, int64, int, error) {
	cmd := exec.CommandContext(context.Background(), tool, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return 0, 0, 0, err
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0, 0, errors.New("no resource usage on this system")
	}
	return wall, ru.Maxrss * 1024, cmd.ProcessState.ExitCode(), nil
}

// writeCSV writes n rows: the generated communes cycled, each row with a distinct code.
func writeCSV(path string, rs *criteria.Ruleset, units []*criteria.Unit, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var fields []string
	for _, fl := range rs.Fields {
		if fl.From == nil {
			fields = append(fields, fl.ID)
		}
	}
	fmt.Fprintf(w, "code,name,district,region,period,history,%s\n", strings.Join(fields, ","))
	var b strings.Builder
	for i := 0; i < n; i++ {
		u := units[i%len(units)]
		b.Reset()
		fmt.Fprintf(&b, "%07d,%s,%s,%s,%s,%s", i+1, u.Name, u.District, u.Region, u.Period, history(u))
		for _, id := range fields {
			b.WriteByte(',')
			if v, ok := u.Values.Get(id); ok && !v.IsMissing() {
				b.WriteString(v.String())
			}
		}
		b.WriteByte('\n')
		if _, err := w.WriteString(b.String()); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func history(u *criteria.Unit) string {
	var parts []string
	for _, h := range u.History {
		parts = append(parts, h.Level+"@"+strconv.Itoa(h.Year))
	}
	return strings.Join(parts, ";")
}
