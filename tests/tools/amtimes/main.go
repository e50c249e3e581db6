// amtimes asks Alertmanager's own code what amtool cannot: for chosen instants, which time
// intervals of an exported config contain them, and whether an alert with given labels, routed
// by the config's routing tree, is delivered then (its route's active intervals minus its mute
// intervals). Built offline from Debian's golang-github-prometheus-alertmanager-dev.
//
// Usage: amtimes CONFIG; stdin: one query a line, "RFC3339-INSTANT label=value[,label=value]";
// stdout: one JSON object a line: {"receiver", "delivered", "intervals"}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/alertmanager/config"
	"github.com/prometheus/alertmanager/pkg/labels"
	"github.com/prometheus/alertmanager/timeinterval"
	"github.com/prometheus/common/model"
)

type answer struct {
	Receiver  string   `json:"receiver"`
	Delivered bool     `json:"delivered"`
	Intervals []string `json:"intervals"`
}

// route finds the route an alert goes to: the first matching child, depth first, as
// Alertmanager does for routes without `continue`.
func route(r *config.Route, ls model.LabelSet, receiver string, active, mute []string) (string, []string, []string) {
	if r.Receiver != "" {
		receiver = r.Receiver
	}
	if len(r.ActiveTimeIntervals) > 0 {
		active = r.ActiveTimeIntervals
	}
	if len(r.MuteTimeIntervals) > 0 {
		mute = r.MuteTimeIntervals
	}
	for _, child := range r.Routes {
		if labels.Matchers(child.Matchers).Matches(ls) {
			return route(child, ls, receiver, active, mute)
		}
	}
	return receiver, active, mute
}

func contains(intervals map[string][]timeinterval.TimeInterval, name string, t time.Time) bool {
	for _, ti := range intervals[name] {
		if ti.ContainsTime(t) {
			return true
		}
	}
	return false
}

func main() {
	cfg, err := config.LoadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	intervals := map[string][]timeinterval.TimeInterval{}
	for _, ti := range cfg.TimeIntervals {
		intervals[ti.Name] = ti.TimeIntervals
	}
	for _, ti := range cfg.MuteTimeIntervals {
		intervals[ti.Name] = ti.TimeIntervals
	}
	names := make([]string, 0, len(intervals))
	for n := range intervals {
		names = append(names, n)
	}
	sort.Strings(names)
	in := bufio.NewScanner(os.Stdin)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		fields := strings.Fields(in.Text())
		if len(fields) == 0 {
			continue
		}
		t, err := time.Parse(time.RFC3339, fields[0])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		ls := model.LabelSet{}
		if len(fields) > 1 {
			for _, kv := range strings.Split(fields[1], ",") {
				p := strings.SplitN(kv, "=", 2)
				ls[model.LabelName(p[0])] = model.LabelValue(p[1])
			}
		}
		receiver, active, mute := route(cfg.Route, ls, "", nil, nil)
		delivered := len(active) == 0
		for _, n := range active {
			delivered = delivered || contains(intervals, n, t)
		}
		for _, n := range mute {
			if contains(intervals, n, t) {
				delivered = false
			}
		}
		a := answer{Receiver: receiver, Delivered: delivered, Intervals: []string{}}
		for _, n := range names {
			if contains(intervals, n, t) {
				a.Intervals = append(a.Intervals, n)
			}
		}
		if err := out.Encode(a); err != nil {
			os.Exit(1)
		}
	}
}
