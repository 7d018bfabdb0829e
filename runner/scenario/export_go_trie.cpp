// export_go_trie.cpp — the persistent hash trie in Go, so `let: trie` is the
// emulated structure (runner/trie/: CHAMP, XXH3-64 seed 0, 5 bits a level from
// the low end, collision nodes at depth 13) and `live` counts the same nodes.
#include "scenario/export_go.hpp"

namespace gcm::scenario::go {

const char* trie_code() {
  return R"GO(// ---- The persistent hash trie (gcmatrix runner/trie/): a CHAMP (Steindorfer & Vinju, OOPSLA 2015)
// keyed by XXH3-64 (seed 0), 5 hash bits per level from the low end, collision nodes at depth 13.
// One set of keys has one structure, so `live` counts the same nodes as the emulation does.

// Map is one version of the map: its root node; nil is the empty map.
type Map = *trieNode

type trieEntry struct {
	key, value string
	hash       uint64
}

type trieNode struct {
	dataMap, nodeMap uint32      // which branches hold an inline entry, which a child
	entries          []trieEntry // inline entries in branch order (a collision node: sorted by key)
	children         []*trieNode // children in branch order
	collision        bool        // depth 13: entries whose 64 hash bits are all equal
	tag              *gcmTag     // set by tags(): what `live` counts for this node
}

const trieMaxDepth = 13

// NewMap returns the empty map.
func NewMap() Map { return nil }

// Set returns a new version holding key → value; m is unchanged and shares every node off the path.
func (m *trieNode) Set(key, value string) Map {
	e := trieEntry{key, value, xxh3(key)}
	if m == nil {
		return &trieNode{dataMap: trieBit(e.hash, 0), entries: []trieEntry{e}}
	}
	return m.set(e, 0)
}

// Get returns key's value in this version.
func (m *trieNode) Get(key string) (string, bool) {
	h := xxh3(key)
	for n, depth := m, uint(0); n != nil; depth++ {
		if n.collision {
			for _, e := range n.entries {
				if e.key == key {
					return e.value, true
				}
			}
			return "", false
		}
		bit := trieBit(h, depth)
		if n.dataMap&bit != 0 {
			e := n.entries[trieIndex(n.dataMap, bit)]
			return e.value, e.key == key
		}
		if n.nodeMap&bit == 0 {
			return "", false
		}
		n = n.children[trieIndex(n.nodeMap, bit)]
	}
	return "", false
}

func trieBit(hash uint64, depth uint) uint32 { return 1 << ((hash >> (5 * depth)) & 31) }

func trieIndex(bitmap, bit uint32) int { return bits.OnesCount32(bitmap & (bit - 1)) }

func (m *trieNode) clone() *trieNode {
	return &trieNode{m.dataMap, m.nodeMap, append([]trieEntry(nil), m.entries...),
		append([]*trieNode(nil), m.children...), m.collision, nil}
}

func (m *trieNode) set(e trieEntry, depth uint) *trieNode {
	if m.collision {
		return m.setCollision(e)
	}
	bit := trieBit(e.hash, depth)
	c := m.clone()
	switch {
	case m.dataMap&bit != 0:
		i := trieIndex(m.dataMap, bit)
		if old := m.entries[i]; old.key != e.key {
			// Both keys move one level down; the branch becomes a child.
			c.entries = append(c.entries[:i], c.entries[i+1:]...)
			c.dataMap &^= bit
			c.nodeMap |= bit
			j := trieIndex(c.nodeMap, bit)
			c.children = append(c.children[:j], append([]*trieNode{trieMerge(old, e, depth+1)}, c.children[j:]...)...)
		} else {
			c.entries[i].value = e.value
		}
	case m.nodeMap&bit != 0:
		i := trieIndex(m.nodeMap, bit)
		c.children[i] = m.children[i].set(e, depth+1)
	default:
		c.dataMap |= bit
		i := trieIndex(c.dataMap, bit)
		c.entries = append(c.entries[:i], append([]trieEntry{e}, c.entries[i:]...)...)
	}
	return c
}

func (m *trieNode) setCollision(e trieEntry) *trieNode {
	c := m.clone()
	for i := range c.entries {
		if c.entries[i].key == e.key {
			c.entries[i].value = e.value
			return c
		}
	}
	c.entries = append(c.entries, e)
	sort.Slice(c.entries, func(i, j int) bool { return c.entries[i].key < c.entries[j].key })
	return c
}

// trieMerge is the smallest subtree at depth holding two different keys.
func trieMerge(a, b trieEntry, depth uint) *trieNode {
	if depth >= trieMaxDepth {
		n := &trieNode{entries: []trieEntry{a, b}, collision: true}
		sort.Slice(n.entries, func(i, j int) bool { return n.entries[i].key < n.entries[j].key })
		return n
	}
	ba, bb := trieBit(a.hash, depth), trieBit(b.hash, depth)
	if ba == bb {
		return &trieNode{nodeMap: ba, children: []*trieNode{trieMerge(a, b, depth+1)}}
	}
	if ba > bb {
		a, b = b, a
	}
	return &trieNode{dataMap: ba | bb, entries: []trieEntry{a, b}}
}

// tags gives every node of this version a tag and lists the tags (what `live` counts).
func (m *trieNode) tags() []any {
	var out []any
	stack := []*trieNode{m}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil {
			continue
		}
		n.tag = &gcmTag{}
		out = append(out, n.tag)
		stack = append(stack, n.children...)
	}
	return out
}

// xxh3 is XXH3_64bits with seed 0 and the default secret (xxhash 0.8), for keys up to 240 bytes:
// the hash the emulated trie uses.
func xxh3(s string) uint64 {
	b, n := []byte(s), uint64(len(s))
	switch {
	case n == 0:
		return xxh64Avalanche(le64(xxhSecret[56:]) ^ le64(xxhSecret[64:]))
	case n <= 3:
		combined := uint32(b[0])<<16 | uint32(b[n>>1])<<24 | uint32(b[n-1]) | uint32(n)<<8
		return xxh64Avalanche(uint64(combined) ^ uint64(le32(xxhSecret[0:])^le32(xxhSecret[4:])))
	case n <= 8:
		input64 := uint64(le32(b[n-4:])) + uint64(le32(b))<<32
		return xxhRrmxmx(input64^(le64(xxhSecret[8:])^le64(xxhSecret[16:])), n)
	case n <= 16:
		lo := le64(b) ^ (le64(xxhSecret[24:]) ^ le64(xxhSecret[32:]))
		hi := le64(b[n-8:]) ^ (le64(xxhSecret[40:]) ^ le64(xxhSecret[48:]))
		return xxhAvalanche(n + bits.ReverseBytes64(lo) + hi + xxhFold(lo, hi))
	case n <= 128:
		return xxh3Upto128(b, n)
	}
	return xxh3Upto240(b, n)
}

func xxh3Upto128(b []byte, n uint64) uint64 {
	acc := n * 0x9E3779B185EBCA87
	if n > 32 {
		if n > 64 {
			if n > 96 {
				acc += xxhMix16(b[48:], xxhSecret[96:]) + xxhMix16(b[n-64:], xxhSecret[112:])
			}
			acc += xxhMix16(b[32:], xxhSecret[64:]) + xxhMix16(b[n-48:], xxhSecret[80:])
		}
		acc += xxhMix16(b[16:], xxhSecret[32:]) + xxhMix16(b[n-32:], xxhSecret[48:])
	}
	acc += xxhMix16(b, xxhSecret[0:]) + xxhMix16(b[n-16:], xxhSecret[16:])
	return xxhAvalanche(acc)
}

func xxh3Upto240(b []byte, n uint64) uint64 {
	acc := n * 0x9E3779B185EBCA87
	for i := 0; i < 8; i++ {
		acc += xxhMix16(b[16*i:], xxhSecret[16*i:])
	}
	acc = xxhAvalanche(acc)
	for i := 8; i < int(n/16); i++ {
		acc += xxhMix16(b[16*i:], xxhSecret[16*(i-8)+3:])
	}
	acc += xxhMix16(b[n-16:], xxhSecret[136-17:])
	return xxhAvalanche(acc)
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func le64(b []byte) uint64 { return uint64(le32(b)) | uint64(le32(b[4:]))<<32 }

func xxhFold(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func xxhMix16(b, secret []byte) uint64 {
	return xxhFold(le64(b)^le64(secret), le64(b[8:])^le64(secret[8:]))
}

func xxhAvalanche(h uint64) uint64 {
	h ^= h >> 37
	h *= 0x165667919E3779F9
	return h ^ h>>32
}

func xxhRrmxmx(h, n uint64) uint64 {
	h ^= bits.RotateLeft64(h, 49) ^ bits.RotateLeft64(h, 24)
	h *= 0x9FB21C651E98DF25
	h ^= h>>35 + n
	h *= 0x9FB21C651E98DF25
	return h ^ h>>28
}

func xxh64Avalanche(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xC2B2AE3D27D4EB4F
	h ^= h >> 29
	h *= 0x165667B19E3779F9
	return h ^ h>>32
}

var xxhSecret = [192]byte{
	0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
	0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
	0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
	0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
	0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
	0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
	0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
	0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
	0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
	0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
	0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
	0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
}
)GO";
}

}  // namespace gcm::scenario::go

namespace gcm::scenario::go {

// runtime.AddCleanup exists from Go 1.24: emitted only for scenarios using it
// (their go.mod says 1.24 or later).
const char* add_cleanup_code() {
  return R"GO(
// gcmAddCleanup is runtime.AddCleanup(p, func(struct{}) { record(label) }, struct{}{}).
func gcmAddCleanup[T any](p *T, label, test string) {
	if p == nil {
		panic("runtime.AddCleanup: object is nil")
	}
	runtime.AddCleanup(p, func(struct{}) { gcmRan(label, test) }, struct{}{})
}
)GO";
}

}  // namespace gcm::scenario::go
