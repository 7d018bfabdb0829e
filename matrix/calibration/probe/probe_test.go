// Package probe asks a real Go toolchain what the observed profiles claim
// (../../../../shared/design/BEHAVIOUR.md, O-facts). scripts/calibrate.py
// builds this package with each installed toolchain (go.mod written to say
// the toolchain's own version), runs each probe test in its own process and
// reads the lines
//
//	CALIBRATE <profile key path>=<value>
//
// that the probes print. Values are spelled as in the profiles
// (policies/README.md), so the recorded observations compare key by key with
// policies/observed/go1.<minor>-observed.yaml (tests/calibration); where real
// Go does something no profile value expresses, the probe says so with a
// spelling no profile has (late_cleanup=run).
//
// Only the standard library; no network. Waits for finalizers are bounded
// (finalizerWait) and generous. A finalizer that should have run and did not
// within it is reported as "timeout": inconclusive, and calibrate.py fails on
// it rather than record a slow machine as a Go behaviour. Where "it did not
// run" is itself an answer (a frame kept alive), a positive control in the
// same test shows finalizers were running.
package probe

import (
	"flag"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"
)

const finalizerWait = 30 * time.Second

func report(key, value string) { fmt.Printf("CALIBRATE %s=%s\n", key, value) }

// big is large enough to get its own span: never tiny-batched (O4).
type big struct{ buf [1 << 16]byte }

// gcUntil forces cycles until ch fires or finalizerWait passes. runtime.GC
// waits for mark and sweep, not for finalizers (O4), so poll.
func gcUntil(ch <-chan struct{}) bool {
	deadline := time.Now().Add(finalizerWait)
	for time.Now().Before(deadline) {
		runtime.GC()
		select {
		case <-ch:
			return true
		case <-time.After(50 * time.Millisecond):
		}
	}
	return false
}

// O2 (vs A2): is the test function's frame gone when a cleanup that does not
// capture its local runs? m is kept alive to the end of the body
// (runtime.KeepAlive), so only the frame's lifetime decides. Controls in the
// same test: `loose`, never referenced after SetFinalizer, must be finalized
// (finalizers are running), and `captured`, which the cleanup captures, must
// not be (O2's second half; reported as probe.captured_kept_alive).
func TestFrameRelease(t *testing.T) {
	mDone, looseDone, capturedDone := make(chan struct{}, 1), make(chan struct{}, 1), make(chan struct{}, 1)
	m, captured := &big{}, &big{}
	runtime.SetFinalizer(m, func(*big) { mDone <- struct{}{} })
	runtime.SetFinalizer(captured, func(*big) { capturedDone <- struct{}{} })
	func() {
		loose := &big{}
		runtime.SetFinalizer(loose, func(*big) { looseDone <- struct{}{} })
	}()
	t.Cleanup(func() {
		if !gcUntil(looseDone) {
			report("testing.frame_release", "timeout")
			return
		}
		if gcUntil(mDone) {
			report("testing.frame_release", "before_cleanups")
		} else {
			report("testing.frame_release", "after_cleanups")
		}
		select {
		case <-capturedDone:
			report("probe.captured_kept_alive", "false")
		default:
			report("probe.captured_kept_alive", "true")
		}
		runtime.KeepAlive(captured)
	})
	runtime.KeepAlive(m)
}

// O1: do a test's cleanups wait for its parallel subtests?
func TestCleanupsWaitForSubtests(t *testing.T) {
	var subDone atomic.Bool
	t.Cleanup(func() { report("testing.cleanups_wait_for_subtests", fmt.Sprint(subDone.Load())) })
	t.Run("sub", func(t *testing.T) {
		t.Parallel()
		time.Sleep(200 * time.Millisecond)
		subDone.Store(true)
	})
}

// O1: does a panic in the test goroutine still run the test's cleanups? The
// binary dies afterwards; the line is printed first or not at all
// (calibrate.py reads "absent" as false).
func TestCleanupsRunOnPanic(t *testing.T) {
	t.Cleanup(func() { report("testing.cleanups_run_on_panic", "true") })
	panic("calibration probe: a panic in the test goroutine")
}

// O3 (vs A8): t.Cleanup from another goroutine while the test runs: does it
// run (allow), panic, or vanish (ignore)? The first registration runs last
// and tells which.
func TestForeignGoroutineCleanup(t *testing.T) {
	var ran, panicked atomic.Bool
	t.Cleanup(func() {
		switch {
		case panicked.Load():
			report("testing.foreign_goroutine_cleanup", "panic")
		case ran.Load():
			report("testing.foreign_goroutine_cleanup", "allow")
		default:
			report("testing.foreign_goroutine_cleanup", "ignore")
		}
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if recover() != nil {
				panicked.Store(true)
			}
		}()
		t.Cleanup(func() { ran.Store(true) })
	}()
	<-done
}

// O3: t.Cleanup after the test completed: dropped silently, or a panic?
// LateCleanupA leaves a goroutine that registers once B has started — A is
// then complete, whatever the machine's load; B collects the verdict.
var (
	lateVerdict = make(chan string, 1)
	lateRan     atomic.Bool
	lateBStarts = make(chan struct{})
)

func TestLateCleanupA(t *testing.T) {
	go func() {
		<-lateBStarts // TestLateCleanupA has completed: tests run one after another
		defer func() {
			if recover() != nil {
				lateVerdict <- "panic"
				return
			}
			lateVerdict <- "registered"
		}()
		t.Cleanup(func() { lateRan.Store(true) })
	}()
}

func TestLateCleanupB(t *testing.T) {
	close(lateBStarts)
	select {
	case v := <-lateVerdict:
		time.Sleep(100 * time.Millisecond) // a registration that would run has had its chance
		switch {
		case v == "panic":
			report("testing.late_cleanup", "panic")
		case lateRan.Load():
			report("testing.late_cleanup", "run")
		default:
			report("testing.late_cleanup", "drop")
		}
	case <-time.After(finalizerWait):
		t.Fatal("the late registration never happened")
	}
}

// O6: t.Run inside a cleanup: allowed, or a panic (Go >= 1.20)?
func TestRunInCleanup(t *testing.T) {
	t.Cleanup(func() {
		defer func() {
			if recover() != nil {
				report("testing.run_in_cleanup", "panic")
			}
		}()
		t.Run("inner", func(*testing.T) {})
		report("testing.run_in_cleanup", "allow")
	})
}

// O9: is t.Context() there to be cancelled before the cleanups (Go >= 1.24)?
// Asked through reflection, so the probe builds with every toolchain.
func TestContextCancelBeforeCleanup(t *testing.T) {
	m := reflect.ValueOf(t).MethodByName("Context")
	if !m.IsValid() {
		report("testing.context_cancel_before_cleanup", "false")
		return
	}
	ctx := m.Call(nil)[0]
	done := ctx.MethodByName("Done").Call(nil)[0]
	t.Cleanup(func() { report("testing.context_cancel_before_cleanup", fmt.Sprint(isClosed(done))) })
}

func isClosed(ch reflect.Value) bool {
	chosen, _, _ := reflect.Select([]reflect.SelectCase{
		{Dir: reflect.SelectRecv, Chan: ch},
		{Dir: reflect.SelectDefault},
	})
	return chosen == 0
}

// O4 (vs A11-A13): can a finalizer run during the test body, after a GC?
func TestFinalizerDuringTest(t *testing.T) {
	finalized := make(chan struct{}, 1)
	func() {
		o := &big{}
		runtime.SetFinalizer(o, func(*big) { finalized <- struct{}{} })
	}()
	if gcUntil(finalized) {
		report("testing.finalizer_eligibility", "free")
	} else {
		report("testing.finalizer_eligibility", "timeout")
	}
}

// O4 (vs A15): is a finalizer still pending when its test ends dropped?
// PendingA leaves an unreachable object with a finalizer and no GC;
// PendingB, next in the same binary, collects and waits.
var pendingFinalized = make(chan struct{}, 1)

func TestPendingFinalizerA(t *testing.T) {
	o := &big{}
	runtime.SetFinalizer(o, func(*big) { pendingFinalized <- struct{}{} })
}

// A control of B's own shows finalizers are running: then a pending one of
// A's that never comes was dropped.
func TestPendingFinalizerB(t *testing.T) {
	own := make(chan struct{}, 1)
	func() {
		o := &big{}
		runtime.SetFinalizer(o, func(*big) { own <- struct{}{} })
	}()
	if !gcUntil(own) {
		report("testing.discard_pending_finalizers_at_test_end", "timeout")
		return
	}
	if gcUntil(pendingFinalized) {
		report("testing.discard_pending_finalizers_at_test_end", "false")
	} else {
		report("testing.discard_pending_finalizers_at_test_end", "true")
	}
}

// O5 (vs A9): one loop variable, or one per iteration? go.mod says the
// toolchain's own version (calibrate.py), as a module kept current would.
func TestLoopVar(t *testing.T) {
	var ps []*int
	for i := 0; i < 3; i++ {
		ps = append(ps, &i)
	}
	if ps[0] == ps[1] {
		report("testing.loopvar", "shared")
	} else {
		report("testing.loopvar", "per_iteration")
	}
}

// O7 (vs A22): is -timeout one alarm for the binary or a limit per test?
// Run with -test.timeout=1s: two tests of 0.7 s each pass a per-test limit
// but not a binary-wide one. calibrate.py reads the panic; TimeoutB's
// cleanup and TimeoutC must then never print (cleanups skipped, later tests
// not run).
func TestTimeoutA(t *testing.T) { time.Sleep(700 * time.Millisecond) }

func TestTimeoutB(t *testing.T) {
	t.Cleanup(func() { report("probe.timeout_cleanup_ran", "true") })
	time.Sleep(700 * time.Millisecond)
}

func TestTimeoutC(t *testing.T) { report("probe.timeout_later_test_ran", "true") }

// O7: the -timeout `go test` gives a test binary when none is set (run by
// calibrate.py through `go test`, not the compiled binary).
func TestDefaultTimeout(t *testing.T) {
	f := flag.Lookup("test.timeout")
	if f == nil {
		t.Fatal("no -test.timeout flag")
	}
	d, err := time.ParseDuration(f.Value.String())
	if err != nil {
		t.Fatal(err)
	}
	report("testing.timeout.seconds", fmt.Sprint(int64(d/time.Second)))
}

// O10: GOGC's default and the 4 MiB minimum heap goal, read from the runtime
// with GOGC and GOMEMLIMIT unset (calibrate.py clears them).
func TestPacerDefaults(t *testing.T) {
	previous := debug.SetGCPercent(100)
	report("gc.gogc", fmt.Sprint(previous))
	limit := debug.SetMemoryLimit(-1) // -1: read only
	if limit == math.MaxInt64 {
		report("gc.memory_limit_bytes", "off")
	} else {
		report("gc.memory_limit_bytes", fmt.Sprint(limit))
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc < 1<<20 { // the goal is the minimum only while the live heap is small
		report("gc.min_heap_bytes", fmt.Sprint(ms.NextGC))
	}
}
