package orgconfig

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

var durationRE = regexp.MustCompile(`^(?:\d+[dhms])+$`)
var durationPartRE = regexp.MustCompile(`(\d+)([dhms])`)

var durationUnits = map[string]time.Duration{"d": 24 * time.Hour, "h": time.Hour, "m": time.Minute, "s": time.Second}

// ParseDuration reads a duration such as 7d, 720h, 1d12h or 90s: whole numbers of days, hours,
// minutes and seconds. A day is 24 hours.
func ParseDuration(s string) (time.Duration, error) {
	if !durationRE.MatchString(s) {
		return 0, fmt.Errorf("%q is not a duration: want whole numbers of d, h, m or s, such as 7d or 36h", s)
	}
	var total time.Duration
	for _, m := range durationPartRE.FindAllStringSubmatch(s, -1) {
		n, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || n > int64(1<<62)/int64(durationUnits[m[2]]) {
			return 0, fmt.Errorf("%q is too long a duration", s)
		}
		total += time.Duration(n) * durationUnits[m[2]]
		if total < 0 {
			return 0, fmt.Errorf("%q is too long a duration", s)
		}
	}
	if total == 0 {
		return 0, fmt.Errorf("%q is zero; a period must be longer", s)
	}
	return total, nil
}
