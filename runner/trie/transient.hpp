// transient.hpp — a builder that mutates the nodes it owns in place and
// freezes into a persistent root. Main entries: Transient<P>::set(), freeze().
//
// Ownership (immer's edit tokens; Clojure's transients): every node a
// transient creates carries its token. A node owned by the token is reachable
// only through this transient's tree (its parents are owned too, since the
// transient copied the whole path to reach it), so writing to it in place,
// or handing it back to the pool when it is replaced, changes no other
// version. freeze() returns the current root and takes a fresh token: the
// frozen version's nodes are never written again.
//
// The current root is kept in a pinned root set of its own, so a safe point
// between two operations of the builder cannot collect it.
#pragma once

#include <optional>
#include <utility>

#include "trie/champ.hpp"

namespace gcm::trie {

template <class P>
class Transient {
 public:
  using champ_type = Champ<P>;
  using root_t = typename champ_type::root_t;
  using key_arg = typename champ_type::key_arg;
  using value_arg = typename champ_type::value_arg;

  Transient(champ_type& champ, root_t root)
      : champ_(&champ),
        roots_(champ.runtime().new_root_set(rt::RootKind::pinned,
                                            std::string(kTransientRootPrefix) + champ.options().label)),
        edit_(new_edit_token()),
        root_(root) {
    roots_->set("root", root);
  }
  ~Transient() {
    if (roots_ != nullptr) champ_->runtime().drop_root_set(roots_);
  }
  Transient(const Transient&) = delete;
  Transient& operator=(const Transient&) = delete;
  Transient(Transient&& o) noexcept
      : champ_(o.champ_), roots_(std::exchange(o.roots_, nullptr)), edit_(o.edit_), root_(o.root_) {}
  Transient& operator=(Transient&& o) noexcept {
    if (this != &o) {
      if (roots_ != nullptr) champ_->runtime().drop_root_set(roots_);
      champ_ = o.champ_;
      roots_ = std::exchange(o.roots_, nullptr);
      edit_ = o.edit_;
      root_ = o.root_;
    }
    return *this;
  }

  // True if the key was new.
  bool set(key_arg key, value_arg value) {
    const auto r = champ_->set_in(root_, key, value, edit_);
    reroot(r.root);
    return r.added;
  }
  // True if the key was present.
  bool remove(key_arg key) {
    const auto r = champ_->remove_in(root_, key, edit_);
    reroot(r.root);
    return r.removed;
  }
  std::optional<value_arg> get(key_arg key) const noexcept { return champ_->get(root_, key); }
  std::uint64_t size() const noexcept { return champ_type::size(root_); }
  CheckResult check() const { return champ_->check(root_); }

  // The version built so far, persistent from now on: later edits copy what
  // they change. The builder stays usable.
  [[nodiscard]] root_t freeze() noexcept {
    edit_ = new_edit_token();
    return root_;
  }

 private:
  void reroot(root_t r) noexcept {
    root_ = r;
    roots_->slots().front().object = r;
  }

  champ_type* champ_;
  rt::RootSet* roots_;  // pinned; one slot "root" = root_
  edit_t edit_;         // this builder's token (never kEditFrozen)
  root_t root_;
};

template <class P>
auto Champ<P>::transient(root_t root) -> transient_type {
  return transient_type(*this, root);
}

}  // namespace gcm::trie
