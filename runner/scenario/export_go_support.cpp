// export_go_support.cpp — the Go helpers every exported scenario carries:
// observations in canonical form, records, one finalizer per object (counting
// `live` and recording labels), settling after runtime.GC, test ends and panics,
// cleanups Go ran or refused, checks as t.Errorf. Go text, kept verbatim.
#include "scenario/export_go.hpp"

namespace gcm::scenario::go {

const char* support_code() {
  return R"GO(// ---- gcmatrix support: observations, records, finalizers, test ends (not the scenario's own code) ----

// gcmValue is an observation in the emulation's canonical form (runner/scenario/value.hpp):
// integers in decimal, text as is.
type gcmValue struct {
	numeric bool
	number  int64
	text    string
}

func (v gcmValue) String() string {
	if v.numeric {
		return strconv.FormatInt(v.number, 10)
	}
	return v.text
}

func gcmNumber(n int64) gcmValue { return gcmValue{numeric: true, number: n} }

func gcmText(s string) gcmValue { return gcmValue{text: s} }

// gcmInconclusive is what a `live` read prints when its finalizers did not settle in time: never a guess.
var gcmInconclusive = gcmText("inconclusive")

type gcmKeep int

const (
	gcmKeepLast gcmKeep = iota
	gcmKeepMax
	gcmKeepSum
)

type gcmLetKey struct{ test, variable string }

type gcmLabel struct{ label, test string }

// gcmFinalizer is an object's one Go finalizer (runtime.SetFinalizer allows one per object): it
// counts the object dead for `live` and records the scenario's finalizer labels.
type gcmFinalizer struct {
	tracker *gcmTracker
	labels  []gcmLabel
}

// gcmTracker counts the objects one `let` made and how many of them were finalized since.
type gcmTracker struct{ total, finalized int64 }

type gcmCleanupEntry struct {
	test         string
	ran, refused bool
}

var gcm = struct {
	sync.Mutex
	order      []string
	values     map[string]gcmValue
	records    map[string][]string
	finalized  map[string]int64
	trackers   map[gcmLetKey]*gcmTracker
	latestLet  map[string]gcmLetKey
	maps       map[gcmLetKey]*gcmCounts
	finalizers map[uintptr]*gcmFinalizer
	panicked   map[string]bool
	status     map[string]string
	cleanups   []*gcmCleanupEntry
}{values: map[string]gcmValue{}, records: map[string][]string{}, finalized: map[string]int64{},
	trackers: map[gcmLetKey]*gcmTracker{}, latestLet: map[string]gcmLetKey{}, maps: map[gcmLetKey]*gcmCounts{},
	finalizers: map[uintptr]*gcmFinalizer{}, panicked: map[string]bool{}, status: map[string]string{}}

// gcmStore keeps an observation (keep: max / sum on numbers, else the last value written).
func gcmStore(name string, keep gcmKeep, v gcmValue) {
	gcm.Lock()
	defer gcm.Unlock()
	old, seen := gcm.values[name]
	if !seen {
		gcm.order = append(gcm.order, name)
	} else if old.numeric && v.numeric && keep == gcmKeepMax && old.number > v.number {
		v = old
	} else if old.numeric && v.numeric && keep == gcmKeepSum {
		v.number += old.number
	}
	gcm.values[name] = v
}

// gcmRecord appends label to test's record log and to each ancestor's ("TestA/Sub" → also "TestA").
func gcmRecord(test, label string) {
	gcm.Lock()
	defer gcm.Unlock()
	gcmRecordLocked(test, label)
}

func gcmRecordLocked(test, label string) {
	for name := test; ; name = name[:strings.LastIndexByte(name, '/')] {
		gcm.records[name] = append(gcm.records[name], label)
		if !strings.Contains(name, "/") {
			return
		}
	}
}

func gcmTopTest(name string) string {
	if i := strings.IndexByte(name, '/'); i >= 0 {
		return name[:i]
	}
	return name
}

func gcmFinalizerOf(obj any) *gcmFinalizer {
	addr := reflect.ValueOf(obj).Pointer()
	f := gcm.finalizers[addr]
	if f == nil {
		f = &gcmFinalizer{}
		gcm.finalizers[addr] = f
		runtime.SetFinalizer(obj, gcmFinalize)
	}
	return f
}

// gcmFinalize runs on the runtime's finalizer goroutine, some time after a cycle found obj
// unreachable (O4).
func gcmFinalize(obj any) {
	gcm.Lock()
	defer gcm.Unlock()
	addr := reflect.ValueOf(obj).Pointer()
	f := gcm.finalizers[addr]
	delete(gcm.finalizers, addr)
	if f == nil {
		return
	}
	if f.tracker != nil {
		f.tracker.finalized++
	}
	for _, l := range f.labels {
		gcm.finalized[l.label]++
		gcmRecordLocked(l.test, l.label)
	}
}

// gcmTag stands for one object `live` counts: the object points to its tag and nothing else does,
// so the tag becomes unreachable in the cycle its object does. The finalizer is on the tag, not on
// the object: a finalizer keeps everything its object reaches alive for one more cycle, so
// finalizers on the nodes of a tree would free it one level per cycle. 16 pointer-free bytes: not
// tiny-batched (O13: tiny means under 16 B).
type gcmTag struct{ _ [2]uintptr }

// gcmTrack gives each tag (or pointer-free object) a let made a finalizer, so `live` can count
// them (weak references arrive only in Go 1.24). Only variables some `live` observes are tracked:
// a finalizer delays its object's freeing by one cycle, which HeapAlloc would show.
func gcmTrack(test, variable string, objects []any) {
	gcm.Lock()
	defer gcm.Unlock()
	key := gcmLetKey{gcmTopTest(test), variable}
	tr := &gcmTracker{total: int64(len(objects))}
	gcm.trackers[key] = tr
	gcm.latestLet[variable] = key
	for _, o := range objects {
		gcmFinalizerOf(o).tracker = tr
	}
}

// gcmSetFinalizer is runtime.SetFinalizer(o, func(*T) { record(label) }) on each object.
func gcmSetFinalizer(objects []any, label, test string) {
	if len(objects) == 0 {
		panic("runtime.SetFinalizer: object is nil")
	}
	gcm.Lock()
	defer gcm.Unlock()
	for _, o := range objects {
		f := gcmFinalizerOf(o)
		if len(f.labels) > 0 {
			panic("runtime.SetFinalizer: finalizer already set")
		}
		f.labels = append(f.labels, gcmLabel{label, test})
	}
}

func gcmObject(p any, isNil bool) []any {
	if isNil {
		return nil
	}
	return []any{p}
}

func gcmBytes(b []byte) []any {
	if len(b) == 0 {
		return nil // make([]byte, 0) allocates nothing to observe
	}
	return []any{&b[0]}
}

func gcmTiny[T any](xs []*T) []any {
	var out []any
	for _, p := range xs {
		if p != nil {
			out = append(out, p)
		}
	}
	return out
}

func gcmTrieRoot(m Map) []any { return gcmObject(m, m == nil) }

// node is the small object with pointer fields of `let: {object: {}}`.
type node struct {
	left, right *node
	tag         *gcmTag
}

func (n *node) tags() []any {
	n.tag = &gcmTag{}
	return []any{n.tag}
}

// gcmCounts is a `let: {map: {}}`: map[int]int guarded by a mutex. Observations read it through
// gcm.maps, which holds the counts, never the variable's object.
type gcmCounts struct {
	sync.Mutex
	m map[int]int
}

type countMap struct {
	counts *gcmCounts
	tag    *gcmTag
}

func (c *countMap) tags() []any {
	c.tag = &gcmTag{}
	return []any{c.tag}
}

func newCountMap(test, variable string) *countMap {
	c := &countMap{counts: &gcmCounts{m: map[int]int{}}}
	key := gcmLetKey{gcmTopTest(test), variable}
	gcm.Lock()
	gcm.maps[key] = c.counts
	gcm.latestLet[variable] = key
	gcm.Unlock()
	return c
}

func (c *countMap) write(key int) {
	c.counts.Lock()
	c.counts.m[key]++
	c.counts.Unlock()
}

// ---- Observations: one function per kind (scenarios/README.md, "Observations")

func gcmLatest(variable, test string) gcmLetKey {
	if test != "" {
		return gcmLetKey{test, variable}
	}
	return gcm.latestLet[variable]
}

func gcmLive(variable, test string) gcmValue {
	if !gcmSettle() {
		return gcmInconclusive
	}
	gcm.Lock()
	defer gcm.Unlock()
	tr := gcm.trackers[gcmLatest(variable, test)]
	if tr == nil {
		return gcmNumber(0)
	}
	return gcmNumber(tr.total - tr.finalized)
}

func gcmFinalized(label string) gcmValue {
	gcm.Lock()
	defer gcm.Unlock()
	return gcmNumber(gcm.finalized[label])
}

func gcmHeapAlloc() gcmValue {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return gcmNumber(int64(ms.HeapAlloc))
}

func gcmGoroutines() gcmValue { return gcmNumber(int64(runtime.NumGoroutine())) }

func gcmMapCounts(variable string) map[int]int {
	gcm.Lock()
	c := gcm.maps[gcm.latestLet[variable]]
	gcm.Unlock()
	out := map[int]int{}
	if c != nil {
		c.Lock()
		for k, n := range c.m {
			out[k] = n
		}
		c.Unlock()
	}
	return out
}

func gcmMapKeys(variable string) gcmValue {
	m := gcmMapCounts(variable)
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	pairs := make([]string, len(keys))
	for i, k := range keys {
		pairs[i] = fmt.Sprintf("%d:%d", k, m[k])
	}
	return gcmText(strings.Join(pairs, " "))
}

func gcmMapSize(variable string) gcmValue { return gcmNumber(int64(len(gcmMapCounts(variable)))) }

func gcmMapCount(variable string, key int) gcmValue {
	return gcmNumber(int64(gcmMapCounts(variable)[key]))
}

func gcmRecords(test string) gcmValue {
	gcm.Lock()
	defer gcm.Unlock()
	return gcmText(strings.Join(gcm.records[test], " "))
}

func gcmLen(n int) gcmValue { return gcmNumber(int64(n)) }

func gcmStatus(test string) gcmValue {
	gcm.Lock()
	defer gcm.Unlock()
	if s, ok := gcm.status[test]; ok {
		return gcmText(s)
	}
	return gcmText("not_run")
}

// gcmRejectedCleanups counts t.Cleanup calls that panicked, or whose function never ran although
// its test had ended (Go appends it and never runs it: O3).
func gcmRejectedCleanups() gcmValue {
	gcm.Lock()
	defer gcm.Unlock()
	n := int64(0)
	for _, c := range gcm.cleanups {
		_, ended := gcm.status[c.test]
		if c.refused || (!c.ran && ended) {
			n++
		}
	}
	return gcmNumber(n)
}

func gcmAborted(aborted bool) gcmValue {
	if aborted {
		return gcmNumber(1)
	}
	return gcmNumber(0)
}

// ---- GC and finalizer settling

// Each scenario `gc` drops a sentinel first; a `live` read waits for every sentinel's finalizer.
type gcmSentinel struct {
	next *gcmSentinel
	pad  [4]int64 // pointerful and 40 bytes: never tiny-batched (O13)
}

var gcmSentinels struct {
	sync.Mutex
	dropped, ran int64
}

//go:noinline
func gcmDropSentinel() {
	gcmSentinels.Lock()
	gcmSentinels.dropped++
	gcmSentinels.Unlock()
	runtime.SetFinalizer(&gcmSentinel{}, func(*gcmSentinel) {
		gcmSentinels.Lock()
		gcmSentinels.ran++
		gcmSentinels.Unlock()
	})
}

// gcmGC is the scenario's runtime.GC(), times times.
func gcmGC(times int) {
	for i := 0; i < times; i++ {
		gcmDropSentinel()
		runtime.GC()
	}
}

func gcmFinalizedSoFar() (sentinelsPending bool, finalized int64) {
	gcmSentinels.Lock()
	sentinelsPending = gcmSentinels.ran < gcmSentinels.dropped
	gcmSentinels.Unlock()
	gcm.Lock()
	for _, tr := range gcm.trackers {
		finalized += tr.finalized
	}
	gcm.Unlock()
	return sentinelsPending, finalized
}

// gcmSettle waits for the finalizers the cycles so far queued: runtime.GC returns after mark and
// sweep, not after finalizers ran (O4), and the finalizer goroutine runs them later, on any P (O14).
// Settled = every sentinel's finalizer ran and no tracked object was finalized over 3 polls 2 ms
// apart; not settled within gcmSettleWait = false (the read prints "inconclusive").
func gcmSettle() bool {
	const gcmSettleWait = 10 * time.Second
	deadline := time.Now().Add(gcmSettleWait)
	_, last := gcmFinalizedSoFar()
	for quiet := 0; quiet < 3; {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
		pending, now := gcmFinalizedSoFar()
		if pending || now != last {
			quiet = 0
		} else {
			quiet++
		}
		last = now
	}
	return true
}

// ---- Tests: panics, cleanups, ends

// gcmWatch is deferred first in every test and cleanup body: it notes a panic on its way out,
// since the test binary dies after that test's cleanups (O1).
func gcmWatch(t *testing.T) {
	if r := recover(); r != nil {
		gcm.Lock()
		gcm.panicked[t.Name()] = true
		gcm.Unlock()
		panic(r)
	}
}

// gcmWatchGoroutine is deferred first in every go body: a panic there kills the binary at once,
// so the observations are printed first.
func gcmWatchGoroutine() {
	if r := recover(); r != nil {
		gcmFinish(true)
		panic(r)
	}
}

// gcmBegin registers the test's first cleanup, which runs last (LIFO, A6/O1): its status.
func gcmBegin(t *testing.T) {
	t.Cleanup(func() { gcmEnd(t) })
}

func gcmEnd(t *testing.T) {
	gcm.Lock()
	panicked := gcm.panicked[t.Name()]
	status := "passed"
	switch {
	case panicked:
		status = "panicked"
	case t.Failed():
		status = "failed"
	case t.Skipped():
		status = "skipped"
	}
	gcm.status[t.Name()] = status
	gcm.Unlock()
	if panicked {
		gcmFinish(true) // the binary dies once this test's cleanups are done
	}
}

// gcmCleanup is t.Cleanup(f), remembering whether Go ran or refused it (A8 vs O3).
func gcmCleanup(t *testing.T, f func()) {
	c := &gcmCleanupEntry{test: t.Name()}
	gcm.Lock()
	gcm.cleanups = append(gcm.cleanups, c)
	gcm.Unlock()
	defer func() {
		if r := recover(); r != nil {
			gcm.Lock()
			c.refused = true
			gcm.Unlock()
			panic(r)
		}
	}()
	t.Cleanup(func() {
		gcm.Lock()
		c.ran = true
		gcm.Unlock()
		f()
	})
}

// gcmStart is `go f()`: a loop's go statement through a call, so vet's loopclosure check does not
// report the loop variable the scenario captures on purpose (A9/O5).
func gcmStart(f func()) { go f() }

// gcmHold is deferred after each let and for each capture: the variable stays reachable until its
// function returns, as in the emulated frame (O2); its value at that time, not at the let.
func gcmHold(variables ...any) {
	for _, v := range variables {
		runtime.KeepAlive(v)
	}
}

var gcmFinishOnce sync.Once

// gcmFinish reads the package's observations and prints every observation once, in the order
// first written: `GCMATRIX observe <name>=<value>`.
func gcmFinish(aborted bool) {
	gcmFinishOnce.Do(func() {
		gcmPackageObservations(aborted)
		gcm.Lock()
		defer gcm.Unlock()
		for _, name := range gcm.order {
			fmt.Printf("GCMATRIX observe %s=%s\n", name, gcm.values[name])
		}
	})
}

// ---- Checks: t.Errorf assertions on observations

type gcmReading struct {
	observe string
	value   gcmValue
	ok      bool
}

// gcmObserved is an observation as written so far.
func gcmObserved(name string) gcmReading {
	gcm.Lock()
	defer gcm.Unlock()
	v, ok := gcm.values[name]
	return gcmReading{name, v, ok}
}

func gcmShown(v gcmValue) string {
	if v.numeric {
		return v.String()
	}
	return strconv.Quote(v.text)
}

func gcmJudge(t *testing.T, check string, r gcmReading, passed bool, expected string) {
	switch {
	case !r.ok:
		t.Errorf("check %s: %s was never observed (the step that reads it did not run); expected %s", check, r.observe, expected)
	case r.value == gcmInconclusive:
		t.Errorf("check %s: %s is inconclusive (its finalizers did not settle in time); expected %s", check, r.observe, expected)
	case !passed:
		t.Errorf("check %s: %s = %s (expected %s)", check, r.observe, gcmShown(r.value), expected)
	}
}

func gcmEquals(t *testing.T, check string, r gcmReading, want string) {
	gcmJudge(t, check, r, r.value.String() == want, "equals "+strconv.Quote(want))
}

func gcmAtMost(t *testing.T, check string, r gcmReading, bound int64) {
	gcmJudge(t, check, r, r.value.numeric && r.value.number <= bound, fmt.Sprintf("at most %d", bound))
}

func gcmAtLeast(t *testing.T, check string, r gcmReading, bound int64) {
	gcmJudge(t, check, r, r.value.numeric && r.value.number >= bound, fmt.Sprintf("at least %d", bound))
}

func gcmOneOf(t *testing.T, check string, r gcmReading, choices ...string) {
	quoted := make([]string, len(choices))
	passed := false
	for i, c := range choices {
		quoted[i] = strconv.Quote(c)
		passed = passed || r.value.String() == c
	}
	gcmJudge(t, check, r, passed, "one of "+strings.Join(quoted, ", "))
}

// gcmRan is a finalizer's or AddCleanup's record(label), on the runtime's finalizer goroutine.
func gcmRan(label, test string) {
	gcm.Lock()
	defer gcm.Unlock()
	gcm.finalized[label]++
	gcmRecordLocked(test, label)
}

// gcmRemove removes the first element of s that is v itself (the same object), clearing the
// vacated slot so the backing array does not keep the last element reachable.
func gcmRemove(s []any, v any) []any {
	for i, e := range s {
		if gcmSame(e, v) {
			copy(s[i:], s[i+1:])
			s[len(s)-1] = nil
			return s[:len(s)-1]
		}
	}
	return s
}

func gcmSame(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	return va.Type() == vb.Type() && va.Pointer() == vb.Pointer()
}

// gcmReadingOf is an observation read now, inside a check's t.Cleanup.
func gcmReadingOf(name string, v gcmValue) gcmReading { return gcmReading{name, v, true} }

// gcmContext is the scenario's one context.WithCancel(context.Background()): `block: {until:
// context}` waits for it, `cancel: {}` cancels it.
var gcmContext, gcmCancel = context.WithCancel(context.Background())
)GO";
}

}  // namespace gcm::scenario::go
