package criteria

import "github.com/nongthonmoi/ntm/internal/ydec"

// Error is one problem found in a rule file, a scheme, a case file or a data file. It names
// where the problem is (file, line and column, or CSV row and column), the path of the item
// (criterion 17 › indicator 17.1 › check 2), a stable machine-readable code and, where a near
// name exists, a suggestion. Error() formats it on one line.
type Error = ydec.Error

// ErrorList is every problem found in one load or read, sorted by position. Error() gives
// the first problem and how many more there are; Lines() gives every problem, one per line.
type ErrorList = ydec.ErrorList

// Errors returns the problems held by err: the elements of an ErrorList, a single *Error,
// or nil when err holds neither.
func Errors(err error) []*Error { return ydec.Errors(err) }

// Stable error and warning codes.
const (
	CodeSyntax          = ydec.CodeSyntax       // the file is not valid YAML/JSON/CSV
	CodeKeyUnknown      = ydec.CodeKeyUnknown   // a key the format does not define
	CodeKeyMissing      = ydec.CodeKeyMissing   // a required key is absent
	CodeKeyDuplicate    = ydec.CodeKeyDuplicate // a key appears twice in a mapping
	CodeType            = ydec.CodeType         // a value of the wrong type
	CodeValue           = ydec.CodeValue        // a value outside what the format allows
	CodeIDDuplicate     = "E-ID-DUPLICATE"      // two items with the same id
	CodeIDInvalid       = "E-ID-INVALID"        // an id that is not of the required form
	CodeRefField        = "E-REF-FIELD"         // reference to an undeclared field
	CodeRefRegion       = "E-REF-REGION"        // reference to an undeclared region
	CodeRefGroup        = "E-REF-GROUP"         // reference to an undeclared group
	CodeRefCriterion    = "E-REF-CRITERION"     // reference to an undeclared criterion
	CodeRefIndicator    = "E-REF-INDICATOR"     // reference to an undeclared indicator or check
	CodeRefAnnotation   = "E-REF-ANNOTATION"    // an undeclared annotation key or value
	CodeRefCondition    = "E-REF-CONDITION"     // reference to an undeclared condition
	CodeExtends         = "E-EXTENDS"           // the base of extends is not found
	CodeExtendsCycle    = "E-EXTENDS-CYCLE"     // extends forms a cycle
	CodeFormat          = "E-FORMAT"            // unknown or missing format version
	CodeUnitMismatch    = "E-UNIT-MISMATCH"     // a measure mixes types or units that do not fit
	CodeExpr            = "E-EXPR"              // an expression does not compile or has the wrong type
	CodeExprLimit       = "E-EXPR-LIMIT"        // an expression is larger than allowed
	CodeExprUnsupported = "E-EXPR-UNSUPPORTED"  // an expression uses a construct outside the engine's subset
	CodeTarget          = "E-TARGET"            // a target table or cell is malformed
	CodeYears           = "E-YEARS"             // overlapping or malformed year keys
	CodeData            = "E-DATA"              // a data value is malformed
	CodeDataRange       = "E-DATA-RANGE"        // a data value outside the field's plausible range
	CodeDataColumn      = "E-DATA-COLUMN"       // an unknown, duplicate or missing column
	CodeDataConsistency = "E-DATA-CONSISTENCY"  // values that contradict each other (at_most)
	CodeDataEncoding    = "E-DATA-ENCODING"     // the data file's encoding or separators are not supported
	CodeUnit            = "E-UNIT"              // a unit cannot be evaluated (region, period)
	CodeCase            = "E-CASE"              // a test case is malformed
	WarnTargetMissing   = "W-TARGET-MISSING"    // a target cell is declared missing
	WarnLowConfidence   = "W-LOW-CONFIDENCE"    // reserved for listings of unverified cells
	WarnRegionNoTarget  = "W-REGION-NO-TARGET"  // a region has no cell and no national fallback
)
