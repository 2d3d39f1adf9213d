// Declared structure-of-arrays agent stores. A store lists its members once, in declaration
// order, in `static constexpr auto columns()` (one std::vector per agent attribute) and,
// optionally, `static constexpr auto scalars()` (store-wide values saved before the columns).
// Everything else is generic over those lists: row append, reserve, stable removal, the
// checkpoint visitor, the size check. A member missing from the lists fails the build through
// the layout check (`static_assert(declared_layout_matches<Store>())` after each store).
// A column may hold several values per agent: the store then defines
// `std::size_t stride(const std::vector<T>&) const` (default: 1).
#pragma once

#include <tbb/parallel_for.h>

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace isv::agents {

template <class S>
concept DeclaredStore = requires {
  std::remove_const_t<S>::columns();
};

namespace store_detail {

template <class C, class T>
T member_type_of(T C::*);

template <class S>
constexpr auto scalars_of() {
  if constexpr (requires { S::scalars(); })
    return S::scalars();
  else
    return std::tuple<>{};
}

// Size of a struct holding the members in this order (the standard layout rule).
template <class... M>
constexpr std::size_t layout_size(M... members) {
  std::size_t offset = 0, align = 1;
  auto add = [&](auto m) {
    using T = decltype(member_type_of(m));
    offset = (offset + alignof(T) - 1) / alignof(T) * alignof(T) + sizeof(T);
    align = std::max(align, alignof(T));
  };
  (add(members), ...);
  return (offset + align - 1) / align * align;
}

}  // namespace store_detail

// True if the store's scalars() and columns() name all of its data members (by size).
template <class S>
constexpr bool declared_layout_matches() {
  return std::apply([](auto... m) { return store_detail::layout_size(m...); },
                    std::tuple_cat(store_detail::scalars_of<S>(), S::columns())) == sizeof(S);
}

template <class S>
inline constexpr std::size_t kColumnCount = std::tuple_size_v<decltype(S::columns())>;

// f(column) for every column of `store`, in declared order (const or not).
template <DeclaredStore S, class F>
void for_each_column(S& store, F&& f) {
  std::apply([&](auto... m) { (f(store.*m), ...); }, std::remove_const_t<S>::columns());
}

// Values per agent in `column` (1 unless the store says otherwise).
template <DeclaredStore S, class T>
std::size_t column_stride(const S& store, const std::vector<T>& column) {
  if constexpr (requires { store.stride(column); })
    return store.stride(column);
  else
    return 1;
}

template <DeclaredStore S>
void reserve_rows(S& store, std::size_t n) {
  for_each_column(store, [&](auto& c) { c.reserve(n * column_stride(store, c)); });
}

// Appends one agent: one value per column, in declared order (a column of stride k gets the
// value k times). Only called from serial commit phases.
template <DeclaredStore S, class... V>
void append_row(S& store, V&&... values) {
  static_assert(sizeof...(V) == kColumnCount<S>, "one value per declared column");
  std::apply(
      [&](auto... m) {
        (
            [&](auto& column, auto&& value) {
              using E = typename std::remove_reference_t<decltype(column)>::value_type;
              column.resize(column.size() + column_stride(store, column), static_cast<E>(value));
            }(store.*m, values),
            ...);
      },
      S::columns());
}

// True if every column holds size() x stride values.
template <DeclaredStore S>
bool columns_consistent(const S& store) {
  bool ok = true;
  const std::size_t n = store.size();
  for_each_column(store,
                  [&](const auto& c) { ok = ok && c.size() == n * column_stride(store, c); });
  return ok;
}

// data <- data[keep[0]], data[keep[1]], ... (stable); `spare` is swapped in as the new buffer.
template <class T>
void gather_kept(std::vector<T>& data, std::vector<T>& spare, std::span<const std::int32_t> keep) {
  spare.resize(keep.size());
  tbb::parallel_for(std::size_t{0}, keep.size(), [&](std::size_t j) {  // "store.gather"
    spare[j] = data[static_cast<std::size_t>(keep[j])];
  });
  data.swap(spare);
}

// Keeps the agents at the ascending indices `keep`, in that order (parallel, stride-1 columns
// only); `spare` is scratch of the same type whose buffers are swapped in, so no allocation
// happens once capacity has grown.
template <DeclaredStore S>
void keep_rows(S& store, std::span<const std::int32_t> keep, S& spare) {
  std::apply([&](auto... m) { (gather_kept(store.*m, spare.*m, keep), ...); }, S::columns());
}

// Serial stable removal: keeps the agents with keep[i] != 0 (any stride).
template <DeclaredStore S>
void keep_flagged(S& store, std::span<const std::uint8_t> keep) {
  const std::size_t n = store.size();
  for_each_column(store, [&](auto& c) {
    const std::size_t k = column_stride(store, c);
    std::size_t out = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (keep[i] == 0) continue;
      for (std::size_t a = 0; a < k; ++a) c[out * k + a] = c[i * k + a];
      ++out;
    }
    c.resize(out * k);
  });
}

// The checkpoint visitor of every declared store (docs/checkpoint.md): scalars, then columns,
// in declared order. Found by the archive through argument-dependent lookup.
template <class S, class Ar>
requires DeclaredStore<S>
void visit_state(S& store, Ar& ar) {
  using Plain = std::remove_const_t<S>;
  std::apply([&](auto... m) { ar(store.*m...); },
             std::tuple_cat(store_detail::scalars_of<Plain>(), Plain::columns()));
}

}  // namespace isv::agents
