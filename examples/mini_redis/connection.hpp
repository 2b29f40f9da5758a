// examples/mini_redis/connection.hpp — one client connection: read command frames, answer them in
// order, and (after SUBSCRIBE) interleave the published messages of the subscribed channels.
//
// Tokio's mini-redis equivalent: `server.rs`'s Handler + `cmd/subscribe.rs`. Invariants: replies
// leave in the order of their commands; replies are buffered while more complete commands are
// already in the read buffer and flushed as soon as the connection would wait (so pipelined
// requests cost one write per batch, as `redis-benchmark -P` expects); a protocol error is answered
// with "-ERR Protocol error: ..." after the replies before it, then the connection is closed; an I/O
// error (peer reset) ends only this connection. The includer must already have rt.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "db.hpp"
#include "resp.hpp"

namespace mini_redis {

/// The channels a connection subscribed to, each with its broadcast receiver and its pending
/// recv() future (kept across polls so no message is lost between two polls).
class subscriptions {
public:
    [[nodiscard]] bool empty() const noexcept { return subs_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return subs_.size(); }
    [[nodiscard]] bool contains(const std::string& ch) const { return subs_.count(ch) != 0; }
    void add(const std::string& ch, rt::sync::broadcast::receiver<std::string> rx) {
        subs_.emplace(ch, std::make_unique<sub>(std::move(rx)));
    }
    void remove(const std::string& ch) { subs_.erase(ch); }
    [[nodiscard]] std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& [name, s] : subs_) out.push_back(name);
        return out;
    }

    /// The next published message of any channel as the RESP "message" array; pending (with
    /// every receiver's waker registered) when there is none. A subscriber that lagged skips
    /// the messages it lost, as a slow Redis subscriber would.
    rt::poll_result<resp::frame> poll_message(rt::context& cx) {
        for (auto& [name, s] : subs_) {
            for (;;) {
                if (!s->recv) s->recv.emplace(s->rx.recv());
                auto r = s->recv->poll(cx);
                if (r.is_pending()) break;
                s->recv.reset();
                auto got = r.take();
                if (!got) {
                    if (got.error().is_lagged()) continue;
                    break;  // closed: cannot happen while the db keeps the sender
                }
                return resp::frame::array({resp::frame::bulk("message"), resp::frame::bulk(name),
                                           resp::frame::bulk(std::move(*got))});
            }
        }
        return rt::pending;
    }

private:
    struct sub {
        explicit sub(rt::sync::broadcast::receiver<std::string> r) : rx(std::move(r)) {}
        rt::sync::broadcast::receiver<std::string> rx;
        std::optional<rt::sync::broadcast::receiver<std::string>::recv_future> recv;  // points at rx
    };
    std::map<std::string, std::unique_ptr<sub>> subs_;
};

/// Serves one client until it closes, misbehaves, fails, or `shutdown` is cancelled.
/// Tokio mini-redis: `Handler::run`.
class connection {
public:
    using framed_type = rt::io::framed<rt::net::tcp_stream, resp::codec>;

    connection(rt::net::tcp_stream s, db d, const rt::sync::cancellation_token& shutdown)
        : f_(std::move(s), resp::codec{}), db_(std::move(d)), shutdown_(shutdown.cancelled()) {}

    /// What woke the connection: a command, a message for a subscriber, or the end.
    struct event {
        enum class kind { request, message, closed, shutdown } type;
        resp::frame frame;
    };

    /// Future of next_event(): shutdown first, then published messages, then the next command;
    /// when none is ready it flushes the buffered replies and waits for any of them.
    class event_future {
    public:
        explicit event_future(connection& c) noexcept : c_(&c) {}
        rt::poll_result<event> poll(rt::context& cx) {
            if (c_->shutdown_.poll(cx).is_ready()) return event{event::kind::shutdown, {}};
            // Backpressure: above framed's boundary of unwritten replies, write before reading on.
            if (c_->f_.poll_ready(cx).is_pending()) return rt::pending;
            if (!c_->subs_.empty()) {
                auto m = c_->subs_.poll_message(cx);
                if (m.is_ready()) return event{event::kind::message, m.take()};
            }
            auto r = c_->f_.poll_next(cx);
            if (r.is_ready()) {
                auto frame = r.take();
                if (!frame) return event{event::kind::closed, {}};
                return event{event::kind::request, std::move(*frame)};
            }
            (void)c_->f_.poll_flush(cx);  // pending or done: either way we wait for the next event
            return rt::pending;
        }

    private:
        connection* c_;
    };
    [[nodiscard]] event_future next_event() noexcept { return event_future(*this); }

    /// The main loop. Never throws: every failure ends this connection only.
    rt::task<void> run() {
        std::optional<std::string> protocol_error;
        try {
            for (;;) {
                event e = co_await next_event();
                if (e.type == event::kind::closed || e.type == event::kind::shutdown) break;
                if (e.type == event::kind::message) {
                    f_.start_send(e.frame);
                } else if (!handle(std::move(e.frame))) {
                    break;
                }
            }
        } catch (const resp::protocol_error& e) {
            protocol_error = e.what();
        } catch (const std::system_error&) {
            co_return;  // reset or cut peer: nothing more can be said to it
        }
        try {
            if (protocol_error) {
                resp::frame err = resp::frame::error("ERR Protocol error: " + *protocol_error);
                co_await f_.feed(err);
            }
            co_await f_.close();
        } catch (const std::system_error&) {
        }
    }

private:
    /// Encodes the answer to one command into the write buffer (no I/O); false when the
    /// connection should end (QUIT).
    bool handle(resp::frame cmd) {
        const std::string name = command_name(cmd);
        if (name == "SUBSCRIBE" || name == "UNSUBSCRIBE") {
            subscribe_command(name, cmd);
            return true;
        }
        if (name == "QUIT") {
            f_.start_send(resp::frame::simple("OK"));
            return false;
        }
        resp::frame reply;
        if (!subs_.empty() && name != "PING") {
            reply = resp::frame::error("ERR Can't execute '" + (cmd.items.empty() ? "" : cmd.items[0].text) +
                                       "': only SUBSCRIBE / UNSUBSCRIBE / PING / QUIT are allowed in this context");
        } else if (!subs_.empty()) {
            reply = resp::frame::array({resp::frame::bulk("pong"),
                                        resp::frame::bulk(cmd.items.size() > 1 ? cmd.items[1].text : "")});
        } else {
            reply = execute_named(db_, name, cmd);
        }
        f_.start_send(reply);
        return true;
    }

    /// SUBSCRIBE ch... / UNSUBSCRIBE [ch...]: one confirmation array per channel, as Redis sends.
    void subscribe_command(const std::string& name, const resp::frame& cmd) {
        const bool sub = name == "SUBSCRIBE";
        std::vector<std::string> channels;
        for (std::size_t i = 1; i < cmd.items.size(); ++i) channels.push_back(cmd.items[i].text);
        if (sub && channels.empty()) {
            f_.start_send(resp::frame::error("ERR wrong number of arguments for 'subscribe' command"));
            return;
        }
        if (!sub && channels.empty()) channels = subs_.names();
        if (!sub && channels.empty()) {
            f_.start_send(resp::frame::array(
                {resp::frame::bulk("unsubscribe"), resp::frame::null(), resp::frame::integer_of(0)}));
            return;
        }
        for (const std::string& ch : channels) {
            if (sub && !subs_.contains(ch)) subs_.add(ch, db_.subscribe(ch));
            if (!sub) subs_.remove(ch);
            f_.start_send(resp::frame::array({resp::frame::bulk(sub ? "subscribe" : "unsubscribe"),
                                              resp::frame::bulk(ch),
                                              resp::frame::integer_of(static_cast<std::int64_t>(subs_.size()))}));
        }
    }

    framed_type f_;
    db db_;
    rt::sync::wait_for_cancellation_future shutdown_;
    subscriptions subs_;
};

/// Serves `s` as a mini-redis client connection (see connection::run).
inline rt::task<void> serve_connection(rt::net::tcp_stream s, db d, rt::sync::cancellation_token shutdown) {
    connection c(std::move(s), std::move(d), shutdown);
    co_await c.run();
}

}  // namespace mini_redis
