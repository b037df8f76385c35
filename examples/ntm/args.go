package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// errHelp is returned by parse when the user asked for a command's help; the help has been
// printed to standard output and the command exits 0.
var errHelp = errors.New("help shown")

// cli is one subcommand's flags and positional arguments.
type cli struct {
	e      *env
	name   string
	fset   *flag.FlagSet
	pos    []string // names of the positional arguments, e.g. "DATA"; a trailing "..." takes any number
	syntax string   // one canonical form, e.g. "[flags] [DATA]"
	set    map[string]bool
	// emptyOK names the flags for which an empty value means something ("none").
	emptyOK map[string]bool
	// multi names the flags that may be given more than once, each time adding a value.
	multi map[string]bool
}

// newCLI starts the flag set of a subcommand whose canonical form is syntax ("[DATA]",
// "CODE [DATA]", "FILE..."). Flag errors are printed to standard error with the usage.
func newCLI(e *env, name, syntax string, pos ...string) *cli {
	c := &cli{e: e, name: name, pos: pos, syntax: syntax}
	c.fset = flag.NewFlagSet("ntm "+name, flag.ContinueOnError)
	c.fset.SetOutput(io.Discard)
	return c
}

// usage writes the command's help.
func (c *cli) usage(w io.Writer) {
	summary := ""
	for _, x := range commands() {
		if x.name == c.name {
			summary = x.summary
		}
	}
	fmt.Fprintf(w, "Usage: ntm %s [flags] %s\n", c.name, c.syntax)
	if summary != "" {
		fmt.Fprintf(w, "\n%s.\n", strings.ToUpper(summary[:1])+summary[1:])
	}
	n := 0
	c.fset.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags (before or after the arguments):")
		c.fset.VisitAll(func(f *flag.Flag) {
			// Flags are written --name, as the documentation writes them (-name works too).
			name, usage := flag.UnquoteUsage(f)
			line := "  --" + f.Name
			if name != "" {
				line += " " + name
			}
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				usage += fmt.Sprintf(" (default %q)", f.DefValue)
			}
			fmt.Fprintf(w, "%s\n    \t%s\n", line, usage)
		})
	}
}

// isBool reports whether the flag named takes no value.
func (c *cli) isBool(name string) bool {
	f := c.fset.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// parse reads flags and positional arguments in any order ("explain 32221 --lang en",
// "rank data.csv --rules x.yaml"); everything after "--" is positional. -h, -help and --help
// print the command's help to standard output and return errHelp. A usage error is printed
// with a hint and returned; the caller exits 2.
func (c *cli) parse(args []string) ([]string, error) {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			pos = append(pos, args[i+1:]...)
			i = len(args)
		case a == "-h" || a == "-help" || a == "--help":
			c.usage(c.e.out)
			return nil, errHelp
		case len(a) > 1 && a[0] == '-':
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if strings.Contains(name, "=") || c.isBool(name) {
				continue
			}
			if c.fset.Lookup(name) != nil && i+1 < len(args) {
				i++
				flags = append(flags, args[i])
			}
		default:
			pos = append(pos, a)
		}
	}
	if err := c.fset.Parse(flags); err != nil {
		return nil, c.fail("%v", err)
	}
	if name := repeated(flags, c.multi); name != "" {
		return nil, c.fail("--%s given more than once; give it once", name)
	}
	c.set = map[string]bool{}
	var empty string
	c.fset.Visit(func(f *flag.Flag) {
		c.set[f.Name] = true
		if f.Value.String() == "" && f.DefValue == "" && empty == "" && !c.emptyOK[f.Name] {
			empty = f.Name
		}
	})
	if empty != "" {
		return nil, c.fail("--%s is empty: give it a value (a flag with a default takes it when left out)", empty)
	}
	max := len(c.pos)
	if max > 0 && strings.HasSuffix(c.pos[max-1], "...") {
		max = -1
	}
	if max >= 0 && len(pos) > max {
		extra := pos[max:]
		if max == 0 {
			return nil, c.fail("unexpected argument %q: this command takes no arguments", extra[0])
		}
		return nil, c.fail("unexpected argument %q: this command takes %s", extra[0], c.syntax)
	}
	return pos, nil
}

// repeated returns the name of a flag given more than once, or "".
func repeated(flags []string, multi map[string]bool) string {
	seen := map[string]bool{}
	for _, a := range flags {
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if seen[name] && !multi[name] {
			return name
		}
		seen[name] = true
	}
	return ""
}

// fail prints a usage error with the command's canonical form and returns it.
func (c *cli) fail(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	c.e.errorf("%s: %v", c.name, err)
	fmt.Fprintf(c.e.err, "usage: ntm %s [flags] %s (ntm %s -h for the flags)\n", c.name, c.syntax, c.name)
	return err
}

// status is the exit status for an error returned by parse.
func status(err error) int {
	if errors.Is(err, errHelp) {
		return exitOK
	}
	return exitUsage
}

// given reports whether the user set the flag.
func (c *cli) given(name string) bool { return c != nil && c.set[name] }

// takeInput sets *dst from the positional argument at i, when there is one. Giving the same
// input both ways is a usage error unless both name the same thing.
func (c *cli) takeInput(pos []string, i int, flagName string, dst *string) error {
	if i >= len(pos) {
		return nil
	}
	if c.given(flagName) && *dst != pos[i] {
		return c.fail("%s given twice: as an argument (%q) and with --%s (%q); give it once", c.pos[i], pos[i], flagName, *dst)
	}
	*dst = pos[i]
	c.set[flagName] = true
	return nil
}
