package scoring

import (
	"fmt"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

var rankingKeys = []string{"subject", "scope", "order", "ties", "total"}

func (p *parser) rankings(n *yaml.Node) {
	d := p.d
	items, ok := d.List(n, "rankings")
	if !ok {
		return
	}
	if len(items) == 0 {
		d.Errorf(n, "rankings", criteria.CodeValue, "declare at least one ranking")
		return
	}
	subjects := []string{string(SubjectCommune), string(SubjectCommuneFront), string(SubjectDistrict), string(SubjectDistrictFront)}
	for i, it := range items {
		path := fmt.Sprintf("rankings › %d", i+1)
		_, idx, ok := d.Mapping(it, path, rankingKeys, "subject", "order", "ties")
		if !ok {
			continue
		}
		r := RankingRule{Pos: d.Pos(it), Scope: ScopeProvince, Total: TotalAverage}
		if v := idx["subject"]; v != nil {
			s, ok := p.enum(v, path+" › subject", subjects...)
			if !ok {
				continue
			}
			r.Subject = Subject(s)
			path = "ranking " + s
			for _, o := range p.s.RankingRules {
				if o.Subject == r.Subject {
					d.Errorf(v, path, criteria.CodeIDDuplicate, "subject %s is ranked twice", s)
				}
			}
		}
		if v := idx["scope"]; v != nil {
			if s, ok := p.enum(v, path+" › scope", string(ScopeProvince), string(ScopeDistrict)); ok {
				r.Scope = Scope(s)
				if r.Subject.IsDistrict() && r.Scope == ScopeDistrict {
					d.Errorf(v, path+" › scope", criteria.CodeValue, "districts are ranked across the province; leave scope out or write province")
				}
			}
		} else if !r.Subject.IsDistrict() {
			d.Errorf(it, path, criteria.CodeKeyMissing, "missing required key %q (province or district)", "scope")
		}
		if v := idx["total"]; v != nil {
			if !r.Subject.IsDistrict() {
				d.Errorf(v, path+" › total", criteria.CodeValue, "total applies to district subjects only")
			} else if s, ok := p.enum(v, path+" › total", string(TotalAverage), string(TotalSum)); ok {
				r.Total = DistrictTotal(s)
			}
		}
		if v := idx["ties"]; v != nil {
			if s, ok := p.enum(v, path+" › ties", string(TiesShared), string(TiesDense)); ok {
				r.Ties = TiePolicy(s)
			}
		}
		if v := idx["order"]; v != nil {
			r.Order = p.order(v, path+" › order", r.Subject)
		}
		p.s.RankingRules = append(p.s.RankingRules, r)
	}
}

func (p *parser) order(n *yaml.Node, path string, subj Subject) []RankKey {
	d := p.d
	items, ok := d.List(n, path)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.Errorf(n, path, criteria.CodeValue, "give at least one ranking key")
		return nil
	}
	defs := communeKeys
	if subj.IsDistrict() {
		defs = districtKeys
	}
	names := make([]string, len(defs))
	for i, k := range defs {
		names[i] = k.name
	}
	var out []RankKey
	for i, it := range items {
		ipath := fmt.Sprintf("%s › %d", path, i+1)
		var keyNode, orderNode *yaml.Node
		if it.Kind == yaml.ScalarNode {
			keyNode = it
		} else {
			_, idx, ok := d.Mapping(it, ipath, []string{"key", "order"}, "key")
			if !ok {
				continue
			}
			keyNode, orderNode = idx["key"], idx["order"]
		}
		if keyNode == nil {
			continue
		}
		key, ok := d.Str(keyNode, ipath)
		if !ok {
			continue
		}
		def := -1
		for j, k := range defs {
			if k.name == key {
				def = j
			}
		}
		if def < 0 {
			e := d.Errorf(keyNode, ipath, criteria.CodeValue, "unknown ranking key %q for %s (expected one of: %s)", key, subj, strings.Join(names, ", "))
			e.Near(key, names)
			continue
		}
		rk := RankKey{Key: key, Desc: defs[def].desc}
		if orderNode != nil {
			if o, ok := p.enum(orderNode, ipath+" › order", "desc", "asc"); ok {
				rk.Desc = o == "desc"
			}
		}
		for _, o := range out {
			if o.Key == key {
				d.Errorf(keyNode, ipath, criteria.CodeValue, "key %q is listed twice", key)
			}
		}
		out = append(out, rk)
	}
	return out
}

var goalKeys = []string{"id", "label", "kind", "at_least", "by", "district", "source"}

func (p *parser) goals(n *yaml.Node) {
	d := p.d
	items, ok := d.List(n, "goals")
	if !ok {
		return
	}
	seen := map[string]bool{}
	kinds := []string{string(GoalShareRecognised), string(GoalRecognised), string(GoalAverageMet), string(GoalNoneBelow), string(GoalDistrictStandard)}
	total := decimal.NewFromInt(int64(len(p.rs.Criteria)))
	for i, it := range items {
		path := fmt.Sprintf("goals › %d", i+1)
		_, idx, ok := d.Mapping(it, path, goalKeys, "id", "label", "kind", "by")
		if !ok {
			continue
		}
		g := Goal{Pos: d.Pos(it)}
		if v := idx["id"]; v != nil {
			g.ID, _ = p.itemID(v, path+" › id", seen)
			path = "goal " + g.ID
		}
		if v := idx["label"]; v != nil {
			g.Label = p.text(v, path+" › label")
		}
		if v := idx["by"]; v != nil {
			if y, ok := p.year(v, path+" › by"); ok {
				g.By = y
				if p.s.Periods.From > 0 && y < p.s.Periods.From {
					d.Errorf(v, path+" › by", criteria.CodeValue, "%d is before the scheme's first year %d", y, p.s.Periods.From)
				}
			}
		}
		if v := idx["source"]; v != nil {
			g.Source, _ = d.Str(v, path+" › source")
		}
		v := idx["kind"]
		if v == nil {
			continue
		}
		k, ok := p.enum(v, path+" › kind", kinds...)
		if !ok {
			continue
		}
		g.Kind = GoalKind(k)
		if g.Kind == GoalDistrictStandard {
			if w := idx["at_least"]; w != nil {
				d.Errorf(w, path+" › at_least", criteria.CodeValue, "a district_standard goal has no threshold: every commune of the district recognised")
			}
			if w := idx["district"]; w != nil {
				g.Districts, _ = d.StrList(w, path+" › district")
			} else {
				d.Errorf(it, path, criteria.CodeKeyMissing, "missing required key %q (the district's name or code as the results write it)", "district")
			}
		} else {
			if w := idx["district"]; w != nil {
				d.Errorf(w, path+" › district", criteria.CodeValue, "district applies to district_standard goals only")
			}
			w := idx["at_least"]
			if w == nil {
				d.Errorf(it, path, criteria.CodeKeyMissing, "missing required key %q", "at_least")
			} else if a, ok := p.amount(w, path+" › at_least"); ok {
				g.AtLeast = a
				switch {
				case a.Sign() < 0:
					d.Errorf(w, path+" › at_least", criteria.CodeValue, "the threshold must be 0 or more")
				case g.Kind == GoalShareRecognised && a.GreaterThan(decimal.NewFromInt(100)):
					d.Errorf(w, path+" › at_least", criteria.CodeValue, "a share is a percentage from 0 to 100, found %s", decString(a))
				case (g.Kind == GoalRecognised || g.Kind == GoalNoneBelow) && !a.Equal(a.Truncate(0)):
					d.Errorf(w, path+" › at_least", criteria.CodeValue, "expected a whole number, found %s", decString(a))
				case (g.Kind == GoalAverageMet || g.Kind == GoalNoneBelow) && a.GreaterThan(total):
					d.Errorf(w, path+" › at_least", criteria.CodeValue, "%s criteria: the ruleset has only %s", decString(a), decString(total))
				}
			}
		}
		p.s.GoalRules = append(p.s.GoalRules, g)
	}
}

func (p *parser) front(n *yaml.Node) {
	d := p.d
	const path = "front_report"
	_, idx, ok := d.Mapping(n, path, []string{"content", "groups", "responsibility"})
	if !ok {
		return
	}
	f := &FrontRule{}
	if idx["content"] == nil && idx["responsibility"] == nil {
		d.Errorf(n, path, criteria.CodeKeyMissing, "name the content-group annotation (content), the responsibility annotation (responsibility), or both")
	}
	if v := idx["content"]; v != nil {
		if k, ok := p.annotationKey(v, path+" › content"); ok {
			f.Content = k.ID
		}
	}
	if v := idx["responsibility"]; v != nil {
		if k, ok := p.annotationKey(v, path+" › responsibility"); ok {
			f.Responsibility = k.ID
		}
	}
	groupIDs := make([]string, len(p.rs.Groups))
	for i, g := range p.rs.Groups {
		groupIDs[i] = g.ID
	}
	if v := idx["groups"]; v != nil {
		if idx["content"] == nil {
			d.Errorf(v, path+" › groups", criteria.CodeKeyMissing, "groups are read from a content annotation: name it with content")
		}
		ids, nodes := d.StrList(v, path+" › groups")
		for i, id := range ids {
			if !ydec.Contains(groupIDs, id) {
				e := d.Errorf(nodes[i], path+" › groups", criteria.CodeRefGroup, "%s has no group %q", p.rs.Ref(), id)
				e.Near(id, groupIDs)
				continue
			}
			if ydec.Contains(f.Groups, id) {
				d.Errorf(nodes[i], path+" › groups", criteria.CodeValue, "group %q is listed twice", id)
				continue
			}
			f.Groups = append(f.Groups, id)
		}
	} else if f.Content != "" {
		// Every group some criterion is annotated with, in the ruleset's group order.
		for _, g := range p.rs.Groups {
			for _, c := range p.rs.Criteria {
				if c.Annotation(f.Content) == g.ID {
					f.Groups = append(f.Groups, g.ID)
					break
				}
			}
		}
	}
	p.s.FrontRules = f
}

var candidateKeys = []string{"id", "label", "subject", "among", "scope", "top", "share", "of", "round", "minimum", "min_class", "source"}

func (p *parser) candidates(n *yaml.Node) {
	items, ok := p.d.List(n, "candidates")
	if !ok {
		return
	}
	seen := map[string]bool{}
	for i, it := range items {
		path := fmt.Sprintf("candidates › %d", i+1)
		_, idx, ok := p.d.Mapping(it, path, candidateKeys, "id", "label", "subject", "among")
		if !ok {
			continue
		}
		c := CandidateRule{Pos: p.d.Pos(it), Of: "pool"}
		if v := idx["id"]; v != nil {
			c.ID, _ = p.itemID(v, path+" › id", seen)
			path = "candidates " + c.ID
		}
		if v := idx["label"]; v != nil {
			c.Label = p.text(v, path+" › label")
		}
		if v := idx["source"]; v != nil {
			c.Source, _ = p.d.Str(v, path+" › source")
		}
		rule := p.candidateSubject(&c, idx, path)
		p.candidatePool(&c, rule, idx, path)
		p.candidateQuota(&c, it, idx, path)
		p.candidateFloor(&c, idx, path)
		p.s.CandidateRules = append(p.s.CandidateRules, c)
	}
}

// candidateSubject reads which ranking a candidate rule draws from; nil when it names none.
func (p *parser) candidateSubject(c *CandidateRule, idx map[string]*yaml.Node, path string) *RankingRule {
	v := idx["subject"]
	if v == nil {
		return nil
	}
	s, ok := p.d.Str(v, path+" › subject")
	if !ok {
		return nil
	}
	c.Subject = Subject(s)
	var ranked []string
	for k := range p.s.RankingRules {
		ranked = append(ranked, string(p.s.RankingRules[k].Subject))
		if string(p.s.RankingRules[k].Subject) == s {
			c.Scope = p.s.RankingRules[k].Scope
			return &p.s.RankingRules[k]
		}
	}
	e := p.d.Errorf(v, path+" › subject", CodeRefSubject, "no ranking ranks %q (ranked: %s)", s, strings.Join(ranked, ", "))
	e.Near(s, ranked)
	return nil
}

// candidatePool reads whom a rule draws among, and across what scope.
func (p *parser) candidatePool(c *CandidateRule, rule *RankingRule, idx map[string]*yaml.Node, path string) {
	if v := idx["among"]; v != nil && rule != nil {
		pools := []string{string(PoolAll), string(PoolRecognised), string(PoolRecognisedInPeriod), string(PoolNewlyRecognised), string(PoolAllMet)}
		if rule.Subject.IsDistrict() {
			pools = []string{string(PoolAll), string(PoolStandard)}
		}
		if s, ok := p.enum(v, path+" › among", pools...); ok {
			c.Among = Pool(s)
		}
	}
	if v := idx["scope"]; v != nil {
		if s, ok := p.enum(v, path+" › scope", string(ScopeProvince), string(ScopeDistrict)); ok {
			c.Scope = Scope(s)
			if c.Subject.IsDistrict() && c.Scope == ScopeDistrict {
				p.d.Errorf(v, path+" › scope", criteria.CodeValue, "districts are drawn across the province; leave scope out or write province")
			}
		}
	}
}

// candidateQuota reads how many a rule proposes: the first N (top), or a share of the pool
// rounded as it says.
func (p *parser) candidateQuota(c *CandidateRule, it *yaml.Node, idx map[string]*yaml.Node, path string) {
	d := p.d
	if idx["top"] != nil && idx["share"] != nil {
		d.Errorf(idx["share"], path, criteria.CodeValue, "give top (the first N) or share (a percentage of the pool), not both")
	}
	if v := idx["top"]; v != nil {
		if t, ok := p.count(v, path+" › top"); ok {
			if t == 0 {
				d.Errorf(v, path+" › top", criteria.CodeValue, "top must be 1 or more")
			}
			c.Top = t
		}
	}
	if v := idx["share"]; v != nil {
		if a, ok := p.amount(v, path+" › share"); ok {
			if a.Sign() <= 0 || a.GreaterThan(decimal.NewFromInt(100)) {
				d.Errorf(v, path+" › share", criteria.CodeValue, "a share is a percentage above 0 and at most 100, found %s", decString(a))
			}
			c.Share = &a
		}
		if idx["round"] == nil {
			d.Errorf(it, path, criteria.CodeKeyMissing, "missing required key %q: say how a share becomes a whole number (down, up or nearest)", "round")
		}
	} else {
		for _, k := range []string{"round", "of"} {
			if v := idx[k]; v != nil {
				d.Errorf(v, path+" › "+k, criteria.CodeValue, "%s applies to share rules only", k)
			}
		}
	}
	if v := idx["round"]; v != nil {
		if s, ok := p.enum(v, path+" › round", string(RoundDown), string(RoundUp), string(RoundNearest)); ok {
			c.Round = Rounding(s)
		}
	}
	if v := idx["of"]; v != nil {
		if s, ok := p.enum(v, path+" › of", "pool", "all"); ok {
			c.Of = s
		}
	}
}

// candidateFloor reads the least a rule proposes and the lowest class it accepts.
func (p *parser) candidateFloor(c *CandidateRule, idx map[string]*yaml.Node, path string) {
	if v := idx["minimum"]; v != nil {
		c.Minimum, _ = p.count(v, path+" › minimum")
	}
	v := idx["min_class"]
	if v == nil {
		return
	}
	s, ok := p.d.Str(v, path+" › min_class")
	if !ok {
		return
	}
	ids := make([]string, len(p.s.Classes))
	for k, cl := range p.s.Classes {
		ids[k] = cl.ID
	}
	if !ydec.Contains(ids, s) {
		e := p.d.Errorf(v, path+" › min_class", CodeRefClass, "no class %q (classes: %s)", s, strings.Join(ids, ", "))
		e.Near(s, ids)
	}
	c.MinClass = s
}
