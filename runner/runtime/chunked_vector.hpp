// chunked_vector.hpp — an append-only sequence stored in fixed-size chunks:
// an element never moves once appended. Main entry: ChunkedVector<T, N>.
//
// Why not std::vector: the event log of one case grows to 300,000 events
// (goroutine-leak at 10^5 goroutines) or more, and a vector doubling its
// buffer copies every event again and writes a fresh buffer twice the size:
// each doubling is fresh memory the kernel must fault in and zero, then the
// old one is freed. Measured before this container (2026-12-03,
// goroutine-leak 10^5 x 11 profiles, `perf record -e page-faults`):
// EventLog::append took 31 % of the run's 470,000 page faults, and memmove
// 2.4 % of its CPU samples. Chunks of N elements are allocated as the log
// grows and never reallocated, so a case's events are written once, into
// memory that the allocator hands again to the next case.
//
// The same answer as a vector for everything the log offers: size, index,
// front/back, iteration in order (random-access iterators), move. What it
// does not offer: erase, insert, contiguous storage (no data()).
//
// Invariant (check): every chunk but the last holds exactly N elements, the
// last holds 1..N, and size() is their sum.
#pragma once

#include <bit>
#include <cassert>
#include <compare>
#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <utility>
#include <vector>

namespace gcm::rt {

template <typename T, std::size_t N>
class ChunkedVector {
  static_assert(N != 0 && (N & (N - 1)) == 0, "a chunk holds a power of two of elements: index by shift and mask");
  static constexpr std::size_t kShift = std::countr_zero(N);

 public:
  static constexpr std::size_t kChunkItems = N;

  class const_iterator {
   public:
    using iterator_concept = std::random_access_iterator_tag;
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;

    const_iterator() noexcept = default;
    reference operator*() const noexcept { return (*seq_)[index_]; }
    pointer operator->() const noexcept { return &(*seq_)[index_]; }
    reference operator[](difference_type d) const noexcept { return (*seq_)[index_ + static_cast<std::size_t>(d)]; }
    const_iterator& operator++() noexcept { return ++index_, *this; }
    const_iterator operator++(int) noexcept { const_iterator old = *this; ++index_; return old; }
    const_iterator& operator--() noexcept { return --index_, *this; }
    const_iterator operator--(int) noexcept { const_iterator old = *this; --index_; return old; }
    const_iterator& operator+=(difference_type d) noexcept { return index_ += static_cast<std::size_t>(d), *this; }
    const_iterator& operator-=(difference_type d) noexcept { return index_ -= static_cast<std::size_t>(d), *this; }
    friend const_iterator operator+(const_iterator it, difference_type d) noexcept { return it += d; }
    friend const_iterator operator+(difference_type d, const_iterator it) noexcept { return it += d; }
    friend const_iterator operator-(const_iterator it, difference_type d) noexcept { return it -= d; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b) noexcept {
      return static_cast<difference_type>(a.index_) - static_cast<difference_type>(b.index_);
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) noexcept { return a.index_ == b.index_; }
    friend std::strong_ordering operator<=>(const const_iterator& a, const const_iterator& b) noexcept {
      return a.index_ <=> b.index_;
    }

   private:
    friend class ChunkedVector;
    const_iterator(const ChunkedVector* seq, std::size_t index) noexcept : seq_(seq), index_(index) {}
    const ChunkedVector* seq_ = nullptr;
    std::size_t index_ = 0;
  };

  ChunkedVector() noexcept = default;
  ChunkedVector(const ChunkedVector&) = default;
  ChunkedVector& operator=(const ChunkedVector&) = default;
  // A moved-from sequence is empty and usable, as a moved-from vector is (a
  // runtime's log is moved out when its case ends, and leaked goroutines
  // unwound after that still append to it).
  ChunkedVector(ChunkedVector&& other) noexcept
      : chunks_(std::move(other.chunks_)), size_(std::exchange(other.size_, 0)) {
    other.chunks_.clear();
  }
  ChunkedVector& operator=(ChunkedVector&& other) noexcept {
    if (this != &other) {
      chunks_ = std::move(other.chunks_);
      size_ = std::exchange(other.size_, 0);
      other.chunks_.clear();
    }
    return *this;
  }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  const T& operator[](std::size_t i) const noexcept {
    assert(i < size_);
    return chunks_[i >> kShift][i & (N - 1)];
  }
  const T& at(std::size_t i) const {
    if (i >= size_) throw std::out_of_range("ChunkedVector::at");
    return (*this)[i];
  }
  const T& front() const noexcept { return (*this)[0]; }
  const T& back() const noexcept { return (*this)[size_ - 1]; }
  const_iterator begin() const noexcept { return {this, 0}; }
  const_iterator end() const noexcept { return {this, size_}; }

  // Appends `value`; earlier elements stay where they are.
  void push_back(T value) {
    if ((size_ & (N - 1)) == 0) {
      chunks_.emplace_back();
      chunks_.back().reserve(N);  // the chunk's only allocation: never grown past N
    }
    chunks_.back().push_back(std::move(value));
    ++size_;
  }

  void clear() noexcept {
    chunks_.clear();
    size_ = 0;
  }

  bool check() const noexcept {
    std::size_t total = 0;
    for (std::size_t c = 0; c < chunks_.size(); ++c) {
      const std::size_t n = chunks_[c].size();
      if (c + 1 < chunks_.size() ? n != N : (n == 0 || n > N)) return false;
      total += n;
    }
    return total == size_;
  }

 private:
  std::vector<std::vector<T>> chunks_;  // each reserved to N once: its elements never move
  std::size_t size_ = 0;
};

}  // namespace gcm::rt
