// rt.core — the base module every area imports: task<T>, futures, poll results, wakers, errors.
// Headers are the source of truth; this unit only exports their names.
module;
#include <coroutine>

#include <rt/core.hpp>
export module rt.core;

// A coroutine definition needs std::coroutine_traits and std::coroutine_handle to be visible at the
// point of definition; re-exporting them lets `import rt.runtime;` alone suffice for writing tasks
// (otherwise every user file would need #include <coroutine> before its first coroutine).
export namespace std {
using std::coroutine_handle;
using std::coroutine_traits;
using std::noop_coroutine;
using std::suspend_always;
using std::suspend_never;
}  // namespace std

export namespace rt {
using rt::async_stream;
using rt::cancelled_error;
using rt::collect;
using rt::count;
using rt::fold;
using rt::for_each;
using rt::next;
using rt::next_future;
using rt::stream;
using rt::stream_empty;
using rt::stream_from_fn;
using rt::stream_item_t;
using rt::stream_iter;
using rt::stream_once;
using rt::context;
using rt::future;
using rt::future_output_t;
using rt::join;
using rt::join_future;
using rt::is_poll_result;
using rt::noop_waker;
using rt::pending;
using rt::pending_t;
using rt::poll_result;
using rt::basic_selector;
using rt::ready;
using rt::select;
using rt::select_biased;
using rt::select_done;
using rt::select_future;
using rt::select_output_t;
using rt::selector;
using rt::task;
using rt::try_join;
using rt::try_join_future;
using rt::unit;
using rt::usage_error;
using rt::waker;
using rt::waker_vtable;
namespace views {
using rt::views::drop;
using rt::views::drop_while;
using rt::views::enumerate;
using rt::views::filter;
using rt::views::take;
using rt::views::take_while;
using rt::views::then;
using rt::views::transform;
}  // namespace views
namespace coop {
using rt::coop::consume;
using rt::coop::has_budget_remaining;
using rt::coop::initial_budget;
using rt::coop::poll_proceed;
}  // namespace coop
namespace detail {
// Used by code that rt-codegen generates.
using rt::detail::defer_wake;
using rt::detail::fast_rand_n;
using rt::detail::select_all_disabled;
using rt::detail::select_random;
using rt::detail::select_take;
using rt::detail::select_result_guard;
}  // namespace detail
}  // namespace rt
