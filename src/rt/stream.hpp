// rt/stream.hpp — async streams: the stream concept and `next`, the `rt::stream<T>` generator,
// sources (`stream_iter`, `stream_once`, `stream_empty`, `stream_from_fn`), range-v3-style adaptors
// (`rt::views::*`) and consumers (`collect`, `for_each`, `fold`, `count`). Tokio: tokio-stream.
//
// `import rt.core;` (or `import rt;`) exports the same names.
#pragma once

#include "rt/stream/adaptors.hpp"
#include "rt/stream/consumers.hpp"
#include "rt/stream/generator.hpp"
#include "rt/stream/sources.hpp"
#include "rt/stream/stream.hpp"
