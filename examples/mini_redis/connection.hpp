// examples/mini_redis/connection.hpp — one client connection: read command frames, answer them in
// order, and (after SUBSCRIBE/PSUBSCRIBE) interleave the messages published to the client.
//
// Tokio's mini-redis equivalent: `server.rs`'s Handler + `cmd/subscribe.rs`. Invariants: replies
// leave in the order of their commands; replies are buffered while more complete commands are
// already in the read buffer and flushed as soon as the connection would wait (so pipelined
// requests cost one write per batch, as `redis-benchmark -P` expects); a protocol error is answered
// with "-ERR Protocol error: ..." after the replies before it, then the connection is closed; an I/O
// error (peer reset) ends only this connection; at shutdown every command already received (in
// the read buffer or the socket) is answered before the close; a subscriber that passes its
// output-buffer limit is logged and disconnected; when the connection ends, it is removed from
// every channel and pattern (a channel with no subscriber left is freed); closing never waits
// more than close_grace for a peer that does not read (so graceful shutdown always ends). The
// includer must already have rt.
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "db.hpp"
#include "pubsub.hpp"
#include "resp.hpp"

namespace mini_redis {

/// The channels and patterns a connection subscribed to, with its message queue; leaves them all
/// when destroyed.
class subscriptions {
public:
    explicit subscriptions(db d) : db_(std::move(d)) {}
    subscriptions(const subscriptions&) = delete;
    subscriptions& operator=(const subscriptions&) = delete;
    ~subscriptions() {
        for (const auto& ch : channels_) db_.unsubscribe(ch, queue_.get(), false);
        for (const auto& p : patterns_) db_.unsubscribe(p, queue_.get(), true);
    }

    /// Subscriptions of both kinds (what Redis's confirmations count).
    [[nodiscard]] std::size_t size() const noexcept { return channels_.size() + patterns_.size(); }
    [[nodiscard]] bool empty() const noexcept { return size() == 0; }

    void add(const std::string& name, bool pattern) {
        auto& set = pattern ? patterns_ : channels_;
        if (!queue_) queue_ = db_.make_subscriber();
        if (set.insert(name).second) db_.subscribe(name, queue_, pattern);
    }
    void remove(const std::string& name, bool pattern) {
        auto& set = pattern ? patterns_ : channels_;
        if (set.erase(name) != 0) db_.unsubscribe(name, queue_.get(), pattern);
    }
    [[nodiscard]] std::vector<std::string> names(bool pattern) const {
        const auto& set = pattern ? patterns_ : channels_;
        return {set.begin(), set.end()};
    }

    /// The next queued message (in publish order across all channels), or the overflow.
    rt::poll_result<subscriber::item> poll_message(rt::context& cx) {
        if (!queue_) return rt::pending;
        return queue_->poll(cx);
    }

private:
    db db_;
    std::shared_ptr<subscriber> queue_;  // created at the first subscription
    std::set<std::string> channels_;
    std::set<std::string> patterns_;
};

/// Serves one client until it closes, misbehaves, fails, or `shutdown` is cancelled.
/// Tokio mini-redis: `Handler::run`.
class connection {
public:
    /// How long the replies still owed at the end may take to be written.
    static constexpr std::chrono::seconds close_grace{2};

    using framed_type = rt::io::framed<rt::net::tcp_stream, resp::codec>;

    connection(rt::net::tcp_stream s, db d, const rt::sync::cancellation_token& shutdown)
        : f_(std::move(s), resp::codec::for_server()), db_(std::move(d)), shutdown_(shutdown.cancelled()), subs_(db_) {
        db_.with_stats([&](server_stats& st) {
            ++st.connected_clients;
            ++st.total_connections;
            session_.id = st.next_client_id++;
        });
        try {
            session_.addr = f_.get_ref().peer_addr().to_string();
        } catch (const std::system_error&) {
        }
    }
    ~connection() {
        db_.with_stats([](server_stats& st) { --st.connected_clients; });
    }
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    /// What woke the connection: a command, a message for a subscriber, an overflowed
    /// subscriber, or the end.
    struct event {
        enum class kind { request, message, overflow, closed, shutdown } type;
        resp::frame frame;
        subscriber::item message;
    };

    /// Future of next_event(): shutdown first, then published messages, then the next command;
    /// when none is ready it flushes the buffered replies and waits for any of them.
    class event_future {
    public:
        explicit event_future(connection& c) noexcept : c_(&c) {}
        rt::poll_result<event> poll(rt::context& cx) {
            if (c_->shutdown_.poll(cx).is_ready()) return event{event::kind::shutdown, {}, {}};
            // Backpressure: above framed's boundary of unwritten replies, write before reading on
            // (a subscriber's messages then wait in its queue, where its limit counts them).
            if (c_->f_.poll_ready(cx).is_pending()) return rt::pending;
            auto m = c_->subs_.poll_message(cx);
            if (m.is_ready()) {
                auto item = m.take();
                return event{item.msg ? event::kind::message : event::kind::overflow, {}, std::move(item)};
            }
            auto r = c_->f_.poll_next(cx);
            if (r.is_ready()) {
                auto frame = r.take();
                if (!frame) return event{event::kind::closed, {}, {}};
                return event{event::kind::request, std::move(*frame), {}};
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
                if (e.type == event::kind::closed) break;
                if (e.type == event::kind::shutdown) {
                    answer_received();
                    break;
                }
                if (e.type == event::kind::overflow) {
                    std::fprintf(stderr,
                                 "mini_redis: client id=%lld addr=%s closed for overcoming of output buffer limits "
                                 "(pubsub, %zu bytes queued, limit %zu)\n",
                                 static_cast<long long>(session_.id), session_.addr.c_str(), e.message.overflow_bytes,
                                 db_.opts().pubsub_buffer_limit);
                    db_.with_stats([](server_stats& st) { ++st.pubsub_disconnects; });
                    co_return;  // as Redis: the client is dropped at once, its queue already freed
                }
                if (e.type == event::kind::message) {
                    f_.start_send(resp::raw{std::move(e.message.msg)});
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
            if (protocol_error) f_.start_send(resp::frame::error("ERR Protocol error: " + *protocol_error));
            // A peer that stopped reading must not hold up shutdown forever: give the last
            // replies a bounded time to leave, then drop the connection.
            (void)co_await rt::time::timeout(close_grace, f_.close());
        } catch (const std::system_error&) {
        }
    }

private:
    /// At shutdown: answers every complete command already received — in the read buffer or
    /// waiting in the socket — without waiting for more (a pending read ends it).
    void answer_received() {
        const rt::waker w = rt::noop_waker();
        rt::context cx(w);
        for (;;) {
            auto r = f_.poll_next(cx);
            if (r.is_pending()) return;
            auto frame = r.take();
            if (!frame || !handle(std::move(*frame))) return;
        }
    }

    /// Encodes the answer to one command into the write buffer (no I/O); false when the
    /// connection should end (QUIT).
    bool handle(resp::frame cmd) {
        const std::string name = command_name(cmd);
        if (name == "SUBSCRIBE" || name == "UNSUBSCRIBE" || name == "PSUBSCRIBE" || name == "PUNSUBSCRIBE") {
            subscribe_command(name, cmd);
            return true;
        }
        if (name == "QUIT") {
            f_.start_send(resp::frame::simple("OK"));
            return false;
        }
        resp::frame reply;
        if (!subs_.empty() && name != "PING") {
            reply = resp::frame::error("ERR Can't execute '" + detail::lower(name) +
                                       "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in "
                                       "this context");
        } else if (!subs_.empty()) {
            reply = resp::frame::array({resp::frame::bulk("pong"),
                                        resp::frame::bulk(cmd.items.size() > 1 ? cmd.items[1].text : "")});
        } else {
            reply = execute_named(db_, name, cmd, session_);
        }
        f_.start_send(reply);
        return true;
    }

    /// (P)SUBSCRIBE name... / (P)UNSUBSCRIBE [name...]: one confirmation array per name, as Redis
    /// sends, each with the client's count of channels plus patterns.
    void subscribe_command(const std::string& name, const resp::frame& cmd) {
        const bool pattern = name[0] == 'P';
        const bool sub = name == "SUBSCRIBE" || name == "PSUBSCRIBE";
        const std::string kind = detail::lower(name);
        std::vector<std::string> names;
        for (std::size_t i = 1; i < cmd.items.size(); ++i) names.push_back(cmd.items[i].text);
        if (sub && names.empty()) {
            f_.start_send(detail::wrong_arity(name));
            return;
        }
        if (!sub && names.empty()) names = subs_.names(pattern);
        if (!sub && names.empty()) {
            f_.start_send(resp::frame::array(
                {resp::frame::bulk(kind), resp::frame::null(), resp::frame::integer_of(static_cast<std::int64_t>(subs_.size()))}));
            return;
        }
        for (const std::string& n : names) {
            if (sub) {
                subs_.add(n, pattern);
            } else {
                subs_.remove(n, pattern);
            }
            f_.start_send(resp::frame::array({resp::frame::bulk(kind), resp::frame::bulk(n),
                                              resp::frame::integer_of(static_cast<std::int64_t>(subs_.size()))}));
        }
    }

    framed_type f_;
    db db_;
    rt::sync::wait_for_cancellation_future shutdown_;
    subscriptions subs_;
    session session_;
};

/// Serves `s` as a mini-redis client connection (see connection::run).
inline rt::task<void> serve_connection(rt::net::tcp_stream s, db d, rt::sync::cancellation_token shutdown) {
    connection c(std::move(s), std::move(d), shutdown);
    co_await c.run();
}

}  // namespace mini_redis
