// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Semantic-action helpers shared by the *_def.hpp grammar files. Actions
// may run on branches that are later abandoned by backtracking; each one
// only writes the enclosing rule's own attribute (_val), so an abandoned
// branch leaves nothing behind except skipped fresh-label numbers.
#pragma once

#include <utility>

#include "parser/config.hpp"

namespace corridor::sparql::parser {

// _val = _attr
inline constexpr auto kAssign = [](auto& ctx) {
  x3::_val(ctx) = std::move(x3::_attr(ctx));
};

// _val = Target(_attr), for variants with explicit constructors.
template <typename Target>
inline constexpr auto kAssignAs = [](auto& ctx) {
  x3::_val(ctx) = Target(std::move(x3::_attr(ctx)));
};

// _val.*member = _attr
template <auto Member>
inline constexpr auto kSet = [](auto& ctx) {
  (x3::_val(ctx).*Member) = std::move(x3::_attr(ctx));
};

// _val.*member = value
template <auto Member, auto Value>
inline constexpr auto kSetValue = [](auto& ctx) { (x3::_val(ctx).*Member) = Value; };

// (_val.*member).push_back(_attr)
template <auto Member>
inline constexpr auto kPush = [](auto& ctx) {
  (x3::_val(ctx).*Member).push_back(std::move(x3::_attr(ctx)));
};

inline ParseState& State(auto& ctx) { return x3::get<StateTag>(ctx); }

// _val.id_first = _attr (an offset from `here`)
inline constexpr auto kStartOffset = [](auto& ctx) { x3::_val(ctx).id_first = x3::_attr(ctx); };
// _val.id_last = _attr (an offset from `there`)
inline constexpr auto kEndOffset = [](auto& ctx) { x3::_val(ctx).id_last = x3::_attr(ctx); };

}  // namespace corridor::sparql::parser
