// rt/sync/mpsc/send_timeout.hpp — mpsc::sender<T>::send_timeout and its future (Tokio:
// `Sender::send_timeout`), the one sync operation that needs a timer.
//
// Layering: rt.sync does not import rt.time (no area module imports a sibling), so bounded.hpp only
// declares `sender<T>::send_timeout_future` and `send_timeout`; this header, which sees both areas,
// defines them. <rt/rt.hpp> includes it and the umbrella module `rt` includes it in its global module
// fragment, so `import rt;` users get the member; with `import rt.sync;` alone a call does not compile
// (incomplete return type). Invariant: the future holds the value until it is queued or handed back
// in the error — a value is never both queued and returned, and never lost before completion.
#pragma once

#include <chrono>
#include <optional>
#include <utility>

#include "rt/core/error.hpp"
#include "rt/core/poll.hpp"
#include "rt/sync/mpsc/bounded.hpp"
#include "rt/sync/result.hpp"
#include "rt/sync/semaphore/acquire_op.hpp"
#include "rt/time/clock/instant.hpp"
#include "rt/time/sleep/sleep.hpp"

namespace rt::sync::mpsc {

/// Future of send_timeout(v, d): waits (FIFO) for a slot like send, but at most `d` from the first
/// poll that finds the channel full. Completes with success, or send_timeout_error<T> (timeout or
/// closed) carrying the value. Cancel safety as send: destroying it gives up the slot wait and
/// destroys the value with it; no queued value is lost and the other senders keep their order.
template <class T>
class sender<T>::send_timeout_future {
public:
    using output = result<void, send_timeout_error<T>>;

    send_timeout_future(detail::chan<T>* c, T v, std::chrono::nanoseconds d)
        : c_(c), op_(std::in_place, &c->slots, 1), value_(std::move(v)), duration_(d) {}
    send_timeout_future(send_timeout_future&& o) noexcept
        : c_(o.c_), op_(std::move(o.op_)), value_(std::move(o.value_)), duration_(o.duration_) {}

    poll_result<output> poll(context& cx) {
        if (!op_) throw usage_error("rt::sync::mpsc::sender::send_timeout polled after it completed");
        auto r = op_->poll(cx);
        if (r.is_ready()) {
            op_.reset();
            if (r.take() == sync::detail::acquire_status::closed) return fail(send_timeout_error<T>::kind::closed);
            detail::slot_guard<T> slot(c_);  // frees the slot unless the value is queued
            auto n = c_->make_node(value_);
            if (!c_->push(n)) {  // the receiver went away after we got the slot
                value_ = std::move(n->value);
                return fail(send_timeout_error<T>::kind::closed);
            }
            slot.dismiss();
            return output();
        }
        if (!sleep_) {
            // The clock is read only when the channel is full (a ready send costs no clock read);
            // sleep_future is not movable once registered, so it is built in place.
            const rt::time::instant now = rt::time::instant::now();
            sleep_.emplace(now + duration_, now);
        }
        if (sleep_->poll(cx).is_pending()) return pending;
        op_.reset();  // leave the slot queue now: a slot freed later goes to the next sender
        return fail(send_timeout_error<T>::kind::timeout);
    }

private:
    output fail(typename send_timeout_error<T>::kind k) { return output(send_timeout_error<T>{k, std::move(value_)}); }

    detail::chan<T>* c_;
    std::optional<sync::detail::acquire_op> op_;  // empty once completed
    T value_;
    std::chrono::nanoseconds duration_;
    std::optional<rt::time::sleep_future> sleep_;  // created at the first pending poll
};

template <class T>
typename sender<T>::send_timeout_future sender<T>::send_timeout(T value, std::chrono::nanoseconds timeout) {
    return send_timeout_future(c_.get(), std::move(value), timeout);
}

}  // namespace rt::sync::mpsc
