// rt/select.hpp — the select surface that rt-codegen rewrites (rt::selector); also part of
// <rt/core.hpp> and of `import rt.core;`. See docs/api/macros.md.
#pragma once

#include "rt/core/select.hpp"
