// Small, stable 64-bit hashes: FNV-1a for content identity (sweep manifests) and a SplitMix64
// finaliser chain for deriving run seeds. Both are fixed forever: changing them would change
// every planned sweep's hashes and seeds.
#pragma once

#include <cstdint>
#include <string_view>

namespace isv::model {

// FNV-1a, 64-bit (Fowler, Noll, Vo): offset basis 0xcbf29ce484222325, prime 0x100000001b3.
// Not cryptographic: it identifies content (did the effective scenario change?), it does not
// defend against someone forging a collision.
constexpr std::uint64_t fnv1a64(std::string_view bytes,
                                std::uint64_t hash = 0xcbf29ce484222325ULL) noexcept {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijection on 64 bits with full avalanche.
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The run seed of one sample of a sweep: the master seed and the sample's (point, patient,
// replicate) coordinates chained through SplitMix64, so that neighbouring indices give
// unrelated seeds and every arm of one patient gets the same seed (paired design). Masked to
// 62 bits so that it fits the scenario's run.seed range.
constexpr std::uint64_t derive_run_seed(std::uint64_t master, std::uint64_t point,
                                        std::uint64_t patient, std::uint64_t replicate) noexcept {
  std::uint64_t h = splitmix64(master);
  h = splitmix64(h ^ point);
  h = splitmix64(h ^ (patient + 0x5851f42d4c957f2dULL));
  h = splitmix64(h ^ (replicate + 0x14057b7ef767814fULL));
  return h & ((std::uint64_t{1} << 62) - 1);
}

}  // namespace isv::model
