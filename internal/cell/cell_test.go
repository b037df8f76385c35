package cell

import "testing"

func TestNeutralize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Tân Hải", "Tân Hải"},
		{`=HYPERLINK("http://x","Bấm")`, `'=HYPERLINK("http://x","Bấm")`},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-", "'-"},
		{"-5", "-5"},
		{"+1.25", "+1.25"},
		{"-47,5", "-47,5"},
		{"-1.2.3", "'-1.2.3"},
		{"a=b", "a=b"},
	} {
		if got := Neutralize(c.in); got != c.want {
			t.Errorf("Neutralize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
