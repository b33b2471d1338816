package kube

import "sort"

// Duplicate is a copy of an object that a more deployment-like source also defines. It is not
// judged; callers list it when asked for detail (prc check --verbose).
type Duplicate struct {
	// Object is the copy left out.
	Object Object
	// Kept is the copy that is judged in its place.
	Kept Object
}

// identity is what names an object in a cluster. An empty or "default" namespace matches any:
// such objects land in whatever namespace they are applied to.
type identity struct{ kind, name string }

func sameNamespace(a, b string) bool {
	norm := func(ns string) string {
		if ns == "default" {
			return ""
		}
		return ns
	}
	a, b = norm(a), norm(b)
	return a == b || a == "" || b == ""
}

// dedupe keeps one copy of each object, from the best-ranked source (the first such source on a
// tie), and lists the others in Duplicates. Kept objects come raw files first, then charts, then
// kustomizations, each in plan order.
func (set *Set) dedupe(results []loaded) {
	type entry struct {
		obj  Object
		rank rank
		kind sourceKind
	}
	var all []entry
	for _, r := range results {
		for _, o := range r.objs {
			all = append(all, entry{o, r.src.rank, r.src.kind})
		}
	}
	byRank := make([]int, len(all))
	for i := range byRank {
		byRank[i] = i
	}
	sort.SliceStable(byRank, func(i, j int) bool { return all[byRank[i]].rank < all[byRank[j]].rank })
	keptBy := map[identity][]int{}
	keep := make([]bool, len(all))
	for _, i := range byRank {
		o := all[i].obj
		id := identity{o.Kind, o.Name}
		if dup, ok := findKept(o, keptBy[id], func(j int) Object { return all[j].obj }); ok && o.Name != "" {
			set.Duplicates = append(set.Duplicates, Duplicate{Object: o, Kept: all[dup].obj})
			continue
		}
		keep[i] = true
		keptBy[id] = append(keptBy[id], i)
	}
	order := make([]int, 0, len(all))
	for i := range all {
		if keep[i] {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return all[order[a]].kind < all[order[b]].kind })
	for _, i := range order {
		set.Objects = append(set.Objects, all[i].obj)
	}
}

func findKept(o Object, kept []int, obj func(int) Object) (int, bool) {
	for _, j := range kept {
		if sameNamespace(obj(j).Namespace, o.Namespace) {
			return j, true
		}
	}
	return 0, false
}
