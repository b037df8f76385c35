package criteria_test

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/internal/ydec"
)

// codeSeverity is the severity every declared code is reported with.
var codeSeverity = map[criteria.Code]criteria.Severity{
	criteria.CodeSyntax:          criteria.SeverityError,
	criteria.CodeKeyUnknown:      criteria.SeverityError,
	criteria.CodeKeyMissing:      criteria.SeverityError,
	criteria.CodeKeyDuplicate:    criteria.SeverityError,
	criteria.CodeType:            criteria.SeverityError,
	criteria.CodeValue:           criteria.SeverityError,
	criteria.CodeIDDuplicate:     criteria.SeverityError,
	criteria.CodeIDInvalid:       criteria.SeverityError,
	criteria.CodeRefField:        criteria.SeverityError,
	criteria.CodeRefRegion:       criteria.SeverityError,
	criteria.CodeRefGroup:        criteria.SeverityError,
	criteria.CodeRefCriterion:    criteria.SeverityError,
	criteria.CodeRefIndicator:    criteria.SeverityError,
	criteria.CodeRefAnnotation:   criteria.SeverityError,
	criteria.CodeRefCondition:    criteria.SeverityError,
	criteria.CodeExtends:         criteria.SeverityError,
	criteria.CodeExtendsCycle:    criteria.SeverityError,
	criteria.CodeFormat:          criteria.SeverityError,
	criteria.CodeUnitMismatch:    criteria.SeverityError,
	criteria.CodeExpr:            criteria.SeverityError,
	criteria.CodeExprLimit:       criteria.SeverityError,
	criteria.CodeExprUnsupported: criteria.SeverityError,
	criteria.CodeTarget:          criteria.SeverityError,
	criteria.CodeYears:           criteria.SeverityError,
	criteria.CodeData:            criteria.SeverityError,
	criteria.CodeDataRange:       criteria.SeverityError,
	criteria.CodeDataColumn:      criteria.SeverityError,
	criteria.CodeDataConsistency: criteria.SeverityError,
	criteria.CodeDataEncoding:    criteria.SeverityError,
	criteria.CodeDataLimit:       criteria.SeverityError,
	criteria.CodeUnit:            criteria.SeverityError,
	criteria.CodeCase:            criteria.SeverityError,
	criteria.CodeFileLimit:       criteria.SeverityError,
	criteria.WarnFileLimit:       criteria.SeverityWarning,
	criteria.WarnParent:          criteria.SeverityWarning,
	criteria.WarnWords:           criteria.SeverityWarning,
	criteria.WarnData:            criteria.SeverityWarning,
	criteria.WarnTargetMissing:   criteria.SeverityWarning,
	criteria.WarnRegionNoTarget:  criteria.SeverityWarning,
}

// declaredCodes returns the value of every constant of type Code declared in file.
func declaredCodes(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	require.NoError(t, err)
	var out []string
	for _, decl := range f.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for _, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				require.True(t, ok && lit.Kind == token.STRING, "%s: a code is a string literal", file)
				s, err := strconv.Unquote(lit.Value)
				require.NoError(t, err)
				out = append(out, s)
			}
		}
	}
	return out
}

// problemSource is one way the package's API reports problems, and the severity it reports.
type problemSource struct {
	name string
	sev  criteria.Severity
	err  func(t *testing.T) error
}

const missingTargetRules = `format: ntm.rules/v1
id: test.warn
version: "1"
level: commune
title: {vi: "Thử"}
legal:
  - {id: "T", title: {vi: "Văn bản thử"}}
effective: {from: 2016-01-01, until: 2020-12-31}
regions:
  - {id: north, name: {vi: "Bắc"}}
  - {id: south, name: {vi: "Nam"}}
fields:
  - {id: income, type: number, unit: "triệu đồng", label: {vi: "Thu nhập"}}
groups:
  - {id: "I", title: {vi: "Nhóm I"}}
criteria:
  - id: "1"
    name: {vi: "Thu nhập"}
    groups: ["I"]
    indicators:
      - id: "1"
        name: {vi: "Thu nhập"}
        checks:
          - measure: income
            op: ">="
            target:
              source: "T"
              confidence: verified
              north: {missing: "not published"}
`

// problemSources lists every exported function that loads, reads or evaluates, each given
// input it must reject (or, for warnings, notice).
func problemSources(t *testing.T) []problemSource {
	t.Helper()
	testdata := os.DirFS("testdata")
	var out []problemSource
	add := func(name string, sev criteria.Severity, err func(t *testing.T) error) {
		out = append(out, problemSource{name, sev, err})
	}
	files, err := filepath.Glob("testdata/bad/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		name := strings.TrimPrefix(filepath.ToSlash(f), "testdata/")
		add("Load "+name, criteria.SeverityError, func(t *testing.T) error {
			_, err := criteria.Load(testdata, name)
			return err
		})
	}
	add("Load of a missing file", criteria.SeverityError, func(t *testing.T) error {
		_, err := criteria.Load(testdata, "bad/none.yaml")
		return err
	})
	add("Parse", criteria.SeverityError, func(t *testing.T) error {
		_, err := criteria.Parse("x.yaml", []byte("format: ntm.rules/v2\n"))
		return err
	})
	add("Parse of invalid YAML", criteria.SeverityError, func(t *testing.T) error {
		_, err := criteria.Parse("x.yaml", []byte("a: {b\n"))
		return err
	})
	add("Parse of an unknown base", criteria.SeverityError, func(t *testing.T) error {
		_, err := criteria.Parse("x.yaml", []byte(strings.Replace(missingTargetRules, "level: commune\n", "level: commune\nextends: test.none@1\n", 1)),
			criteria.WithBase(os.DirFS("testdata/mini")))
		return err
	})
	add("Resolve", criteria.SeverityError, func(t *testing.T) error {
		_, _, err := criteria.Resolve(nil, "", "test.mni@1", os.DirFS("testdata/mini"))
		return err
	})
	add("Resolve of a path without a file system", criteria.SeverityError, func(t *testing.T) error {
		_, _, err := criteria.Resolve(nil, "x.yaml", "base.yaml")
		return err
	})
	add("Ruleset.Warnings: a target missing, a region without one", criteria.SeverityWarning, func(t *testing.T) error {
		rs, err := criteria.Parse("warn.yaml", []byte(missingTargetRules))
		require.NoError(t, err)
		assert.Equal(t, []criteria.Code{criteria.WarnRegionNoTarget, criteria.WarnTargetMissing}, codesOf(rs.Warnings()))
		return rs.Warnings().Err()
	})
	add("Ruleset.Warnings of testdata/mini", criteria.SeverityWarning, func(t *testing.T) error {
		rs, err := criteria.Load(testdata, "mini/base.yaml")
		require.NoError(t, err)
		return rs.Warnings().Err()
	})
	add("LoadCases of a missing file", criteria.SeverityError, func(t *testing.T) error {
		_, err := criteria.LoadCases(testdata, "none.cases.yaml")
		return err
	})
	add("ParseCases", criteria.SeverityError, func(t *testing.T) error {
		_, err := criteria.ParseCases("c.yaml", []byte("format: ntm.cases/v1\nruleset: test.mini@1\ncases: [{name: x, unit: {code: '1', regoin: south, period: '2020'}, expect: {}}]\n"))
		return err
	})
	rs, prog := loadMini(t, "mini/base.yaml")
	cf, err := criteria.ParseCases("c.yaml", []byte(`format: ntm.cases/v1
ruleset: test.mini@1
cases:
  - {name: bad value, unit: {code: "1", region: south, period: "2020"}, values: {income: abc, incme: 1}, expect: {}}
  - {name: bad region, unit: {code: "2", region: east, period: "2020"}, values: {income: 50}, expect: {}}
`))
	require.NoError(t, err)
	add("CaseFile.Unit", criteria.SeverityError, func(t *testing.T) error {
		_, err := cf.Unit(cf.Cases[0], rs)
		return err
	})
	for i, c := range cf.Cases {
		add("CaseResult.Err of "+c.Name, criteria.SeverityError, func(t *testing.T) error {
			return cf.Run(context.Background(), prog)[i].Err
		})
	}
	add("Ruleset.BindColumns", criteria.SeverityError, func(t *testing.T) error {
		_, errs := rs.BindColumns([]string{"code", "regoin", "income", "income"}, criteria.ColumnOptions{DefaultRegion: "east"})
		return errs.Err()
	})
	add("Columns.Fill", criteria.SeverityError, func(t *testing.T) error {
		cols, errs := rs.BindColumns([]string{"code", "region", "period", "income", "history"}, criteria.ColumnOptions{})
		require.Empty(t, errs)
		return cols.Fill(&criteria.Unit{}, []string{"", "east", "2030", "abc", "ntm@15"}).Err()
	})
	add("Columns.AddRecognition", criteria.SeverityError, func(t *testing.T) error {
		cols, errs := rs.BindColumns([]string{"code", "region", "period", "history"}, criteria.ColumnOptions{})
		require.Empty(t, errs)
		cols.Start(&criteria.Unit{})
		return cols.AddRecognition(3, criteria.HistoryEntry{Level: "ntn", Year: "15", Recorded: []criteria.RecordedValue{{Field: "incme", Value: "1"}}}).Err()
	})
	for _, d := range []struct {
		format data.Format
		text   string
	}{
		{data.CSV, "code,region,period,income\n1,south,2020,abc\n2,east,2020,1\n"},
		{data.JSON, `[{"code":"1","region":"south","period":"2020","values":{"incme":1}}]`},
		{data.JSONLines, "{\"code\":\"1\",\"region\":\"south\",\"period\":2020,\"values\":{\"income\":true}}\n{,\n"},
		{data.YAML, "- {code: '1', region: south, period: 2020, values: {income: [1]}}\n"},
	} {
		add("data.Read of "+d.format.String()+" with bad rows", criteria.SeverityError, func(t *testing.T) error {
			ds := data.Read(strings.NewReader(d.text), "d."+d.format.String(), d.format, rs)
			require.NotEmpty(t, ds.Errors)
			return ds.Err()
		})
	}
	add("data.ReadFile of a missing file", criteria.SeverityError, func(t *testing.T) error {
		return data.ReadFile(testdata, "data/none.csv", rs).Err()
	})
	add("data.Open of an unknown format", criteria.SeverityError, func(t *testing.T) error {
		_, err := data.Open(fstest.MapFS{"d.xlsx": {Data: []byte("x")}}, "d.xlsx", rs)
		return err
	})
	add("data.NewReader with a default region the ruleset does not accept", criteria.SeverityError, func(t *testing.T) error {
		_, err := data.NewReader(strings.NewReader(""), "d.csv", data.CSV, rs, data.WithDefaultRegion("east"))
		return err
	})
	add("Values.SetString", criteria.SeverityError, func(t *testing.T) error {
		return rs.NewValues().SetString("income", "12,5")
	})
	add("Values.Set of an unknown field", criteria.SeverityError, func(t *testing.T) error {
		return rs.NewValues().Set("incme", criteria.NumberValue(criteria.IntNumber(1)))
	})
	add("Values.Unset", criteria.SeverityError, func(t *testing.T) error {
		return rs.NewValues().Unset("incme")
	})
	add("Values.Check", criteria.SeverityError, func(t *testing.T) error {
		v := rs.NewValues()
		require.NoError(t, v.SetString("households_total", "10"))
		require.NoError(t, v.SetString("households_hygienic", "20"))
		return v.Check().Err()
	})
	add("Field.Parse", criteria.SeverityError, func(t *testing.T) error {
		f, ok := rs.Field("has_market_in_plan")
		require.True(t, ok)
		_, err := f.Parse("maybe")
		return err
	})
	good := unit(t, rs, "south", 2020, map[string]string{"income": "50"})
	add("Program.Evaluate", criteria.SeverityError, func(t *testing.T) error {
		u := *good
		u.Region = "east"
		_, err := prog.Evaluate(context.Background(), &u)
		return err
	})
	add("Program.Verdicts", criteria.SeverityError, func(t *testing.T) error {
		u := *good
		u.Period = criteria.Period{Year: 2030}
		return prog.Verdicts(context.Background(), &u, new(criteria.Verdicts))
	})
	add("Program.Explain", criteria.SeverityError, func(t *testing.T) error {
		return prog.Explain(context.Background(), &criteria.Unit{Code: "x", Region: "south"}, new(criteria.Result))
	})
	for _, q := range []struct{ indicator, check, region string }{{"1.2", "", "south"}, {"1.1", "hygeinic", "south"}, {"1.1", "hygienic", "east"}} {
		add("Program.Target "+q.indicator+"/"+q.check+"/"+q.region, criteria.SeverityError, func(t *testing.T) error {
			_, err := prog.Target(q.indicator, q.check, q.region, 2020)
			return err
		})
	}
	add("Province.Evaluate", criteria.SeverityError, func(t *testing.T) error {
		u := *good
		u.Region = "east"
		res, err := criteria.Province{Commune: prog}.Evaluate(context.Background(), []*criteria.Unit{good, &u}, nil)
		require.NoError(t, err)
		return res.Errors.Err()
	})
	return out
}

func codesOf(l criteria.ErrorList) []criteria.Code {
	var out []criteria.Code
	for _, e := range l {
		out = append(out, e.Code)
	}
	return out
}

// TestAPIProblemsAreErrors checks that every problem the API reports is a *criteria.Error
// found by errors.As and listed by Errors, with a code and the severity of its kind.
func TestAPIProblemsAreErrors(t *testing.T) {
	for _, src := range problemSources(t) {
		t.Run(src.name, func(t *testing.T) {
			err := src.err(t)
			require.Error(t, err)
			var first *criteria.Error
			require.True(t, errors.As(err, &first), "%T is no *criteria.Error: %v", err, err)
			assert.NotEmpty(t, first.Code, "%v", first)
			list := criteria.Errors(err)
			require.NotEmpty(t, list, "%v", err)
			assert.Same(t, list[0], first)
			for _, e := range list {
				assert.NotEmpty(t, e.Code, "%v", e)
				assert.NotEmpty(t, e.Message, "%v", e)
				assert.Equal(t, src.sev, e.Severity, "%v", e)
				assert.Equal(t, src.sev == criteria.SeverityWarning, e.IsWarning(), "%v", e)
			}
		})
	}
}

// TestCodeSeverities checks that the table above holds every code declared, that warnings are
// the codes written W-, and that every problem the API reports has its code's severity.
func TestCodeSeverities(t *testing.T) {
	declared := declaredCodes(t, "codes.go")
	require.NotEmpty(t, declared)
	assert.Len(t, codeSeverity, len(declared), "a code declared twice, or a stale entry in the table")
	for _, s := range declared {
		sev, ok := codeSeverity[criteria.Code(s)]
		if assert.True(t, ok, "code %s has no severity in the table", s) {
			assert.Equal(t, strings.HasPrefix(s, "W-"), sev == criteria.SeverityWarning, "code %s is a %s", s, sev)
			assert.True(t, strings.HasPrefix(s, "W-") || strings.HasPrefix(s, "E-"), s)
		}
	}
	seen := map[criteria.Code]bool{}
	for _, src := range problemSources(t) {
		for _, e := range criteria.Errors(src.err(t)) {
			sev, ok := codeSeverity[e.Code]
			if assert.True(t, ok, "%s: undeclared code: %v", src.name, e) {
				assert.Equal(t, sev, e.Severity, "%s: %v", src.name, e)
			}
			seen[e.Code] = true
		}
	}
	for _, c := range []criteria.Code{criteria.WarnTargetMissing, criteria.WarnRegionNoTarget} {
		assert.True(t, seen[c], "no source reports %s", c)
	}
}

func TestSeverity(t *testing.T) {
	assert.Equal(t, "error", criteria.SeverityError.String())
	assert.Equal(t, "warning", criteria.SeverityWarning.String())
	assert.Equal(t, "Severity(7)", criteria.Severity(7).String())
	var zero criteria.Error
	assert.Equal(t, criteria.SeverityError, zero.Severity, "an error unless said otherwise")
	assert.False(t, zero.IsWarning())
	// The severity is read from the field, whatever the code.
	assert.True(t, (&criteria.Error{Code: criteria.CodeData, Severity: criteria.SeverityWarning}).IsWarning())
	assert.False(t, (&criteria.Error{Code: criteria.WarnTargetMissing}).IsWarning())
}

func TestErrorListUnwrap(t *testing.T) {
	a := &criteria.Error{File: "a.yaml", Line: 1, Code: criteria.CodeType, Message: "a"}
	b := &criteria.Error{File: "a.yaml", Line: 2, Code: criteria.CodeValue, Message: "b"}
	var err error = criteria.ErrorList{a, b}
	var e *criteria.Error
	require.True(t, errors.As(err, &e))
	assert.Same(t, a, e, "the first problem")
	assert.True(t, errors.Is(err, b))
	assert.Equal(t, []*criteria.Error{a, b}, criteria.Errors(err))
	assert.Equal(t, []*criteria.Error{b}, criteria.Errors(b))
	assert.Nil(t, criteria.Errors(errors.New("plain")))
	assert.Equal(t, "a.yaml:1: a [E-TYPE] (and 1 more error)", err.Error())
	assert.NoError(t, criteria.ErrorList(nil).Err())
}

// TestDecoderCodes checks that the codes the YAML decoder reports on its own are the
// strings criteria declares for them.
func TestDecoderCodes(t *testing.T) {
	for got, want := range map[string]criteria.Code{
		ydec.CodeSyntax:       criteria.CodeSyntax,
		ydec.CodeKeyUnknown:   criteria.CodeKeyUnknown,
		ydec.CodeKeyMissing:   criteria.CodeKeyMissing,
		ydec.CodeKeyDuplicate: criteria.CodeKeyDuplicate,
		ydec.CodeType:         criteria.CodeType,
		ydec.CodeValue:        criteria.CodeValue,
	} {
		assert.Equal(t, string(want), got)
	}
}
