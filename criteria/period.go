package criteria

import (
	"fmt"
	"strconv"
	"strings"
)

// Period is the time a unit's data describes: a year, or a half of it.
type Period struct {
	Year int // e.g. 2020
	Half int // 0 for the whole year, 1 or 2 for a half-year review
}

// ParsePeriod reads "2020", "2020-H1" or "2020-H2".
func ParsePeriod(s string) (Period, error) {
	t := strings.TrimSpace(s)
	y, h, hasHalf := strings.Cut(t, "-")
	year, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 || year < 1900 || year > 2200 {
		return Period{}, fmt.Errorf("period %q: expected a year such as 2020, or 2020-H1 / 2020-H2", s)
	}
	p := Period{Year: year}
	if hasHalf {
		switch strings.ToUpper(h) {
		case "H1":
			p.Half = 1
		case "H2":
			p.Half = 2
		default:
			return Period{}, fmt.Errorf("period %q: expected a year such as 2020, or 2020-H1 / 2020-H2", s)
		}
	}
	return p, nil
}

// String writes the period as ParsePeriod reads it.
func (p Period) String() string {
	if p.Half == 0 {
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%d-H%d", p.Year, p.Half)
}

// Before reports whether p ends before q starts or ends (periods ordered by year, then half;
// a whole year sorts after its halves).
func (p Period) Before(q Period) bool {
	if p.Year != q.Year {
		return p.Year < q.Year
	}
	return halfOrder(p.Half) < halfOrder(q.Half)
}

func halfOrder(h int) int {
	if h == 0 {
		return 3
	}
	return h
}

// MarshalText implements encoding.TextMarshaler.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
