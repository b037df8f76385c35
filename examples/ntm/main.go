// Command ntm evaluates communes against the national new-rural criteria (Bộ tiêu chí quốc gia
// về nông thôn mới), explains what each one lacks, and ranks them for the Front's emulation.
//
// With no arguments it evaluates and ranks the embedded Cà Mau sample data with the embedded
// rulesets. Every job is a subcommand; `ntm help` lists them.
//
// Exit status: 0 success; 1 findings (rule-file errors, failed test cases, rejected data
// rows); 2 usage errors or unreadable files. Results go to standard output, errors and the
// read/evaluated/rejected counts to standard error.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/nongthonmoi/ntm/scoring"
)

// Exit statuses.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

func main() {
	// rank and progress hold every unit of a period (about 100 bytes each with their rankings);
	// half the collector's default headroom keeps a million units near 300 MB instead of 400,
	// at no measurable cost in time. GOGC, when set, decides.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) int
}

// env is what a subcommand writes to.
type env struct {
	out, err io.Writer
	// diskDirs are the folders, as the user wrote them, of the files read from disk: a
	// problem in a file of one of them is printed with that folder, so an editor opens it.
	diskDirs []string
	// lang is the language of the command's notes and counts: its --lang ("vi" by default),
	// or "" for a command without one (English).
	lang string
	// langOpt is the command's --lang, which the first ruleset loaded settles when it was not
	// given (langGiven); inEnglish names the vocabulary shown in English for want of the
	// ruleset's word in the command's language.
	langOpt                *string
	langGiven, langSettled bool
	inEnglish              map[string]bool
	// rules is the first ruleset the command loaded, and dataShown its data file as the user
	// named it, for the about sheet of a workbook; finish writes the --out file at the end.
	rules     *criteria.Ruleset
	scheme    *scoring.Scheme
	dataShown string
	counts    *tally // the counts the command ended with
	finish    func() error
	// opened pairs each data file's name as read with the name the user gave (across).
	opened [][2]string
	// rulesDefaulted is set when the user's data is read with the default (Cà Mau) rule file.
	rulesDefaulted bool
}

func (e *env) errorf(format string, args ...any) {
	fmt.Fprintf(e.err, "ntm: "+format+"\n", args...)
}

// note states a default the command took, in Vietnamese (vi) when the command speaks it, else
// in English (en); both formats take the same arguments.
func (e *env) note(vi, en string, args ...any) {
	if e.lang == "vi" && vi != "" {
		fmt.Fprintf(e.err, "ntm: lưu ý: "+vi+"\n", args...)
		return
	}
	fmt.Fprintf(e.err, "ntm: note: "+en+"\n", args...)
}

func commands() []command {
	return []command{
		{"demo", "evaluate and rank the embedded Cà Mau sample data (the default)", cmdDemo},
		{"evaluate", "evaluate units: criteria met per unit, or the full verdicts", cmdEvaluate},
		{"explain", "explain one unit: what it misses, its value, the target and the gap", cmdExplain},
		{"rank", "rank communes, districts or Front committees with a scoring scheme", cmdRank},
		{"progress", "progress between two periods, and 3- and 5-year summaries with goals", cmdProgress},
		{"impact", "who a rule change affects: the units whose verdicts differ, the checks that flip, totals before and after", cmdImpact},
		{"across", "a period before a reorganisation of units beside periods after it: each new unit's predecessors and title, each old unit's successors, goals", cmdAcross},
		{"plan", "which indicators, improved in turn, lift the most units over a threshold (a greedy plan)", cmdPlan},
		{"report", "one self-contained HTML page of a period: at a glance, the matrix, parents, progress, rankings, what each unit misses", cmdReport},
		{"province", "evaluate a whole province: communes, then districts and towns", cmdProvince},
		{"rollup", "evaluate units at several levels in one run: hamlets, communes, the province", cmdRollup},
		{"sheet", "a ruleset's indicators and targets as a sheet to fill in (export), and a filled sheet as a layer file (import)", cmdSheet},
		{"targets", "show a ruleset's targets for a region and year, with their confidence", cmdTargets},
		{"deviations", "show how a rule file deviates from the file it extends", cmdDeviations},
		{"validate", "validate rule, case and scheme files (every problem at file:line:col)", cmdValidate},
		{"test", "run the test cases beside rulesets, and boundary cases from their target tables", cmdTest},
		{"template", "print a CSV data template for a ruleset", cmdTemplate},
		{"check", "check a data file against a ruleset without evaluating it", cmdCheck},
		{"list", "list the shipped rulesets, schemes and case files", cmdList},
	}
}

func run(ctx context.Context, args []string, out, errw io.Writer) int {
	e := &env{out: out, err: errw}
	if len(args) == 0 {
		return cmdDemo(ctx, e, nil)
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help":
		usage(out)
		return exitOK
	case "help":
		if len(args) == 1 || len(args) == 2 && args[1] == "help" {
			usage(out)
			return exitOK
		}
		if len(args) > 2 {
			e.errorf("help: unexpected argument %q: help takes one command name", args[2])
			return exitUsage
		}
		if c, ok := findCommand(e, args[1]); ok {
			return c.run(ctx, e, []string{"-h"})
		}
		return exitUsage
	case "version", "--version", "-version":
		if len(args) > 1 {
			e.errorf("%s: unexpected argument %q", name, args[1])
			return exitUsage
		}
		return printVersion(e)
	}
	if strings.HasPrefix(name, "-") {
		return cmdDemo(ctx, e, args)
	}
	c, ok := findCommand(e, name)
	if !ok {
		return exitUsage
	}
	code := c.run(ctx, e, args[1:])
	e.closeWords()
	if e.finish != nil && code != exitUsage {
		if err := e.finish(); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
	}
	return code
}

// findCommand looks a subcommand up by name; an unknown name is reported with the nearest.
func findCommand(e *env, name string) (command, bool) {
	var names []string
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
		names = append(names, c.name)
	}
	if s := ydec.Suggest(name, names); s != "" {
		e.errorf("unknown command %q (did you mean %q?); run 'ntm help' for the list", name, s)
	} else {
		e.errorf("unknown command %q; run 'ntm help' for the list", name)
	}
	return command{}, false
}

// printVersion prints the module's version and the shipped rulesets and schemes.
// version is the tool's module version, "(devel)" when built from a checkout.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func printVersion(e *env) int {
	fmt.Fprintf(e.out, "ntm %s\n", version())
	entries, err := criteria.List(rules.FS)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	fmt.Fprintln(e.out, "shipped files:")
	for _, en := range entries {
		if en.ID != "" {
			fmt.Fprintf(e.out, "  %-30s %s\n", en.Ref(), en.Path)
		}
	}
	return exitOK
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "ntm — đánh giá xã theo Bộ tiêu chí quốc gia về nông thôn mới; evaluate communes against the new-rural criteria")
	fmt.Fprintln(w, "\nUsage: ntm [command] [flags]   (no command: demo)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'ntm help <command>' or 'ntm <command> -h' for a command's arguments and flags;")
	fmt.Fprintln(w, "'ntm --version' for the version and the shipped rule files.")
	fmt.Fprintln(w, "Exit status: 0 ok; 1 findings or rejected input; 2 usage error or unreadable file.")
}
