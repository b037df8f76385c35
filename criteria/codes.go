package criteria

import "fmt"

// Code is the stable, machine-readable code of a problem, e.g. "E-KEY-UNKNOWN" or
// "W-TARGET-MISSING". It is printed in brackets at the end of Error() and documented with
// the formats; its text never changes once published, so it can be searched for.
type Code string

// Severity says whether a problem stops a load or read (SeverityError) or is only noticed
// (SeverityWarning). The zero value is SeverityError.
type Severity uint8

// Severities.
const (
	SeverityError   Severity = iota // the file, row or unit is rejected
	SeverityWarning                 // noticed without failing, e.g. in Ruleset.Warnings
)

// String returns "error" or "warning".
func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// Error codes. Every problem with one of these codes has SeverityError.
const (
	CodeSyntax          Code = "E-SYNTAX"           // the file is not valid YAML/JSON/CSV
	CodeKeyUnknown      Code = "E-KEY-UNKNOWN"      // a key the format does not define
	CodeKeyMissing      Code = "E-KEY-MISSING"      // a required key is absent
	CodeKeyDuplicate    Code = "E-KEY-DUPLICATE"    // a key appears twice in a mapping
	CodeType            Code = "E-TYPE"             // a value of the wrong type
	CodeValue           Code = "E-VALUE"            // a value outside what the format allows
	CodeIDDuplicate     Code = "E-ID-DUPLICATE"     // two items with the same id
	CodeIDInvalid       Code = "E-ID-INVALID"       // an id that is not of the required form
	CodeRefField        Code = "E-REF-FIELD"        // reference to an undeclared field
	CodeRefRegion       Code = "E-REF-REGION"       // reference to an undeclared region
	CodeRefGroup        Code = "E-REF-GROUP"        // reference to an undeclared group
	CodeRefCriterion    Code = "E-REF-CRITERION"    // reference to an undeclared criterion
	CodeRefIndicator    Code = "E-REF-INDICATOR"    // reference to an undeclared indicator or check
	CodeRefAnnotation   Code = "E-REF-ANNOTATION"   // an undeclared annotation key or value
	CodeRefCondition    Code = "E-REF-CONDITION"    // reference to an undeclared condition
	CodeExtends         Code = "E-EXTENDS"          // the base of extends is not found
	CodeExtendsCycle    Code = "E-EXTENDS-CYCLE"    // extends forms a cycle
	CodeFormat          Code = "E-FORMAT"           // unknown or missing format version
	CodeUnitMismatch    Code = "E-UNIT-MISMATCH"    // a measure mixes types or units that do not fit
	CodeExpr            Code = "E-EXPR"             // an expression does not compile or has the wrong type
	CodeExprLimit       Code = "E-EXPR-LIMIT"       // an expression is larger than allowed
	CodeExprUnsupported Code = "E-EXPR-UNSUPPORTED" // an expression uses a construct outside the engine's subset
	CodeTarget          Code = "E-TARGET"           // a target table or cell is malformed
	CodeYears           Code = "E-YEARS"            // overlapping or malformed year keys
	CodeData            Code = "E-DATA"             // a data value is malformed
	CodeDataRange       Code = "E-DATA-RANGE"       // a data value outside the field's plausible range
	CodeDataColumn      Code = "E-DATA-COLUMN"      // an unknown, duplicate or missing column
	CodeDataConsistency Code = "E-DATA-CONSISTENCY" // values that contradict each other (at_most)
	CodeDataEncoding    Code = "E-DATA-ENCODING"    // the data file's encoding or separators are not supported
	CodeDataLimit       Code = "E-DATA-LIMIT"       // a cell, row or header larger than a reader accepts, or too many problems to list
	CodeUnit            Code = "E-UNIT"             // a unit cannot be evaluated (region, period)
	CodeCase            Code = "E-CASE"             // a test case is malformed
	CodeFileLimit       Code = "E-FILE-LIMIT"       // a rule, scheme or case file too large, too deep, or with too many problems to list
)

// Warning codes. Every problem with one of these codes has SeverityWarning; loading goes on.
const (
	WarnTargetMissing  Code = "W-TARGET-MISSING"   // a target cell is declared missing
	WarnRegionNoTarget Code = "W-REGION-NO-TARGET" // a region has no cell and no national fallback
	WarnFileLimit      Code = "W-FILE-LIMIT"       // more warnings than a file lists: the rest are counted
	WarnParent         Code = "W-PARENT"           // a roll-up: a unit whose parent is not in the run, so it counts in none
	WarnWords          Code = "W-WORDS"            // a ruleset in another language gives no word for some of the vocabulary
	WarnData           Code = "W-DATA"             // a data cell read with a caveat (a formula with no saved value, read as empty)
)
