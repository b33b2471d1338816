package checklist

// Broken reports whether r is a required auto item that fails or errors: a result that, on a
// launched service, counts as a regression when it was satisfied before.
func (r Result) Broken() bool { return r.Kind == KindAuto && r.Required && r.Failed() }

// Regressed lists the results of after that are Broken although the same item was satisfied in
// before, in after's order: what the change from before to after broke. An item before lacks,
// or one that was already failing, is not a regression.
func Regressed(before, after ServiceReport) []Result {
	was := make(map[string]bool, len(before.Items))
	for _, r := range before.Items {
		was[r.ID] = r.Status.Satisfied()
	}
	var out []Result
	for _, r := range after.Items {
		if r.Broken() && was[r.ID] {
			out = append(out, r)
		}
	}
	return out
}
