package scoring

// A loaded Scheme cannot be changed by what it exposes. Parse keeps the scheme it checked as a
// private core, which every method reads, and returns a copy whose exported fields describe
// it: changing them, or a Class, Band or rule a report returns, changes no later result.

// public returns a deep copy of the scheme's exported description, reading through to s.
func (s *Scheme) public() *Scheme {
	p := &Scheme{ID: s.ID, Version: s.Version, RulesetRef: s.RulesetRef, Title: s.Title, Description: s.Description,
		Illustrative: s.Illustrative, File: s.File, rs: s.rs, core: s}
	p.Sources = append(p.Sources, s.Sources...)
	p.Periods = Periods{From: s.Periods.From, Until: s.Periods.Until, Reviews: append([]Review(nil), s.Periods.Reviews...),
		Summaries: append([]SummaryRule(nil), s.Periods.Summaries...)}
	p.Points = s.Points
	if d := s.Points.Met.Default; d != nil {
		v := *d
		p.Points.Met.Default = &v
	}
	p.Points.Met.Values = append([]Weight(nil), s.Points.Met.Values...)
	p.Points.Met.Criteria = append([]Weight(nil), s.Points.Met.Criteria...)
	for _, c := range s.Classes {
		c.Range = c.Range.clone()
		p.Classes = append(p.Classes, c)
	}
	for _, b := range s.BandRules.ByMet {
		b.Range = b.Range.clone()
		p.BandRules.ByMet = append(p.BandRules.ByMet, b)
	}
	for _, r := range s.RankingRules {
		r.Order = append([]RankKey(nil), r.Order...)
		p.RankingRules = append(p.RankingRules, r)
	}
	for _, g := range s.GoalRules {
		g.Districts = append([]string(nil), g.Districts...)
		p.GoalRules = append(p.GoalRules, g)
	}
	if f := s.FrontRules; f != nil {
		c := *f
		c.Groups = append([]string(nil), f.Groups...)
		p.FrontRules = &c
	}
	for _, c := range s.CandidateRules {
		if c.Share != nil {
			v := *c.Share
			c.Share = &v
		}
		p.CandidateRules = append(p.CandidateRules, c)
	}
	return p
}

// clone returns a copy of the interval that shares no bound.
func (iv Interval) clone() Interval {
	out := iv
	if iv.Lower != nil {
		b := *iv.Lower
		out.Lower = &b
	}
	if iv.Upper != nil {
		b := *iv.Upper
		out.Upper = &b
	}
	return out
}
