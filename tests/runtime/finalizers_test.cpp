// SetFinalizer (O4) and AddCleanup (O9) semantics.
#define BOOST_TEST_MODULE runtime finalizers
#include <boost/test/unit_test.hpp>

#include "runtime/runtime.hpp"

using namespace gcm::rt;

namespace {
Runtime::Options opts(bool tiny = false) {
  Runtime::Options o;
  o.gc.gogc_off = true;
  o.gc.tiny_alloc_batching = tiny;
  o.verify_gc = true;
  return o;
}
Object* node(Runtime& rt) { return rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 1, 8); }
}  // namespace

BOOST_AUTO_TEST_CASE(finalizer_runs_once_resurrects_and_object_dies_next_cycle) {
  Runtime rt(opts());
  int runs = 0;
  ObjectId seen = 0, child_id = 0, obj_id = 0;
  const RunReport r = rt.run("main", [&] {
    RootSet* frame = rt.open_frame("main");
    Object* obj = node(rt);
    Object* child = node(rt);
    obj->slot(0) = child;
    obj_id = obj->id;
    child_id = child->id;
    Object* fin = rt.new_closure("fin", {}, [&](Object*, Object* arg) {
      ++runs;
      seen = arg->id;
    });
    frame->set("fin", fin);
    rt.set_finalizer(obj, fin);
    rt.gc();            // obj unreachable: resurrected, queued
    BOOST_TEST(rt.heap().is_live(obj_id));
    BOOST_TEST(rt.heap().is_live(child_id));  // what it references survives too
    rt.sleep(1'000'000);  // let the finalizer goroutine run
    BOOST_TEST(runs == 1);
    BOOST_TEST(seen == obj_id);
    rt.gc();
    BOOST_TEST(!rt.heap().is_live(obj_id));
    BOOST_TEST(!rt.heap().is_live(child_id));
    rt.gc();
    rt.sleep(1'000'000);
    BOOST_TEST(runs == 1);  // at most once
  });
  BOOST_TEST(r.outcome == RunOutcome::main_returned);
  BOOST_TEST(rt.verify_problems().empty());
}

BOOST_AUTO_TEST_CASE(finalizer_closure_capturing_the_object_would_keep_it_alive_but_a_plain_one_does_not) {
  Runtime rt(opts());
  RootSet* pins = rt.new_root_set(RootKind::pinned, "fns");
  Object* a = node(rt);
  Object* fin = rt.new_closure("fin", {}, [](Object*, Object*) {});
  pins->set("fin", fin);
  rt.set_finalizer(a, fin);
  rt.gc();
  BOOST_TEST(rt.finalizers().queue_size() == 1u);  // the closure did not keep `a` reachable
  // A closure capturing the object (a cycle through the finalizer) keeps it: never finalized (O4).
  Object* b = node(rt);
  Object* fin_b = rt.new_closure("fin_b", {b}, [](Object*, Object*) {});
  rt.set_finalizer(b, fin_b);
  rt.gc();
  BOOST_TEST(rt.finalizers().queue_size() == 1u);
  BOOST_TEST(rt.heap().is_live(b->id));
  BOOST_TEST(rt.verify_problems().empty());
}

BOOST_AUTO_TEST_CASE(tiny_batching_delays_finalizer_until_block_mates_die) {
  Runtime rt(opts(/*tiny=*/true));
  RootSet* pins = rt.new_root_set(RootKind::pinned, "t");
  Object* small = rt.alloc(static_cast<std::uint8_t>(ObjectKind::string), 0, 4);
  Object* mate = rt.alloc(static_cast<std::uint8_t>(ObjectKind::string), 0, 4);
  BOOST_TEST(small->is(object_flag::tiny));
  Object* fin = rt.new_closure("fin", {}, [](Object*, Object*) {});
  pins->set("fin", fin);
  pins->set("mate", mate);
  rt.set_finalizer(small, fin);
  rt.gc();
  BOOST_TEST(rt.finalizers().queue_size() == 0u);  // mate alive: block alive
  BOOST_TEST(rt.heap().is_live(small->id));
  pins->set("mate", nullptr);
  rt.gc();
  BOOST_TEST(rt.finalizers().queue_size() == 1u);
  BOOST_TEST(rt.verify_problems().empty());
}

BOOST_AUTO_TEST_CASE(without_tiny_batching_the_finalizer_is_queued_at_once) {
  Runtime rt(opts(/*tiny=*/false));
  RootSet* pins = rt.new_root_set(RootKind::pinned, "t");
  Object* small = rt.alloc(static_cast<std::uint8_t>(ObjectKind::string), 0, 4);
  Object* mate = rt.alloc(static_cast<std::uint8_t>(ObjectKind::string), 0, 4);
  Object* fin = rt.new_closure("fin", {}, [](Object*, Object*) {});
  pins->set("fin", fin);
  pins->set("mate", mate);
  rt.set_finalizer(small, fin);
  rt.gc();
  BOOST_TEST(rt.finalizers().queue_size() == 1u);
}

BOOST_AUTO_TEST_CASE(addcleanup_runs_after_finalizer_and_frees_object_in_its_cycle) {
  Runtime rt(opts());
  std::vector<std::string> order;
  rt.run("main", [&] {
    RootSet* frame = rt.open_frame("main");
    // Object with both a finalizer and a cleanup: finalizer first (O9).
    Object* both = node(rt);
    const ObjectId both_id = both->id;
    Object* arg = rt.new_string("arg");
    frame->set("arg", arg);
    Object* fin = rt.new_closure("fin", {}, [&](Object*, Object*) { order.push_back("finalizer"); });
    Object* cln = rt.new_closure("cleanup", {}, [&](Object*, Object* a) {
      order.push_back(std::string("cleanup:") + std::string(Runtime::string_of(a)));
    });
    frame->set("fin", fin);
    frame->set("cln", cln);
    rt.set_finalizer(both, fin);
    rt.add_cleanup(both, cln, arg);
    rt.gc();
    rt.sleep(1000);
    BOOST_TEST(order.size() == 1u);
    rt.gc();  // resurrected object now unreachable again: freed, cleanup queued
    BOOST_TEST(!rt.heap().is_live(both_id));
    rt.sleep(1000);
    // Cleanup-only object: freed in the cycle that finds it unreachable.
    Object* only = node(rt);
    const ObjectId only_id = only->id;
    rt.add_cleanup(only, cln, arg);
    rt.gc();
    BOOST_TEST(!rt.heap().is_live(only_id));
    rt.sleep(1000);
  });
  BOOST_TEST(order == (std::vector<std::string>{"finalizer", "cleanup:arg", "cleanup:arg"}), boost::test_tools::per_element());
  BOOST_CHECK_THROW(
      [&] {
        Object* o = node(rt);
        Object* f = rt.new_closure("c", {}, [](Object*, Object*) {});
        rt.add_cleanup(o, f, o);
      }(),
      std::logic_error);
}

BOOST_AUTO_TEST_CASE(gate_refusing_keeps_finalizers_queued) {
  Runtime rt(opts());
  int runs = 0;
  bool allow = false;
  rt.finalizer_gate = [&] { return allow; };
  rt.run("main", [&] {
    RootSet* frame = rt.open_frame("main");
    Object* fin = rt.new_closure("fin", {}, [&](Object*, Object*) { ++runs; });
    frame->set("fin", fin);
    rt.set_finalizer(node(rt), fin);
    rt.gc();
    rt.sleep(1'000'000);
    BOOST_TEST(runs == 0);
    allow = true;
    rt.sleep(1'000'000);
    BOOST_TEST(runs == 1);
  });
}

BOOST_AUTO_TEST_CASE(discarding_drops_associations_and_queued_calls) {
  Runtime rt(opts());
  int runs = 0;
  rt.run("main", [&] {
    RootSet* frame = rt.open_frame("main");
    Object* fin = rt.new_closure("fin", {}, [&](Object*, Object*) { ++runs; });
    frame->set("fin", fin);
    const ObjectId first = rt.heap().last_id() + 1;
    Object* a = node(rt);
    Object* b = node(rt);
    frame->set("b", b);
    rt.finalizer_gate = [] { return false; };
    rt.set_finalizer(a, fin);
    rt.set_finalizer(b, fin);
    rt.gc();  // a queued, b still associated
    BOOST_TEST(rt.discard_finalizers_from(first) == 2u);
    rt.finalizer_gate = nullptr;
    frame->set("b", nullptr);
    rt.gc();
    rt.sleep(1'000'000);
    BOOST_TEST(runs == 0);
  });
}
