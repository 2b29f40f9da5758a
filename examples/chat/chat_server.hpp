// examples/chat/chat_server.hpp — a line-based chat room: every line a client sends reaches every
// other client, prefixed with the sender's name (Tokio's examples/chat.rs, on rt).
//
// One task per client selects between its next line and the room's next message (an
// rt::sync::broadcast channel), so a client that only listens still gets messages and one that
// only talks is never blocked by the others. Invariants: a client never receives its own lines; a
// client too slow for the room's buffer is told how many messages it missed and keeps going (the
// broadcast "lagged" error); a client that sends invalid UTF-8, resets or hangs up only ends its
// own session, never the server. Include after rt.net, rt.sync and rt.io are visible.
#pragma once

namespace chat {

/// What the room relays: who sent it (so the sender can skip its own) and the text of the line.
struct message {
    std::uint64_t from = 0;
    std::string text;
};

/// Lines kept for slow clients before they lag.
inline constexpr std::size_t room_capacity = 64;

/// One client's session: asks for a name, announces it, relays lines both ways until the client
/// leaves (or fails), then announces that.
inline rt::task<void> serve_client(rt::net::tcp_stream conn, std::uint64_t id, rt::sync::broadcast::sender<message> room) {
    auto inbox = room.subscribe();  // before the prompt: a client that saw it sees every later line
    auto [rd, wr] = conn.split();
    auto lines = rt::io::lines(rt::io::buf_reader(rd));
    std::string name;
    try {
        co_await wr.write_all("name?\n");
        auto first = co_await lines.next_line();
        if (!first || first->empty()) co_return;
        name = std::move(*first);
        (void)room.send(message{id, "* " + name + " joined"});
        // Sent after the announcement: a client that read its welcome knows everyone who joins
        // later is announced to it, and that its own arrival was announced to those before it.
        const std::string welcome = "* welcome " + name + "\n";
        co_await wr.write_all(welcome);
        for (;;) {
            // next_line() and recv() are both cancel safe: the loser of the select loses nothing.
            // (Named, not a temporary in the co_await: g++-12 would destroy it twice, PR 99576.)
            auto either = rt::select(lines.next_line(), inbox.recv());
            auto event = co_await either;
            if (event.index() == 0) {
                auto line = std::get<0>(std::move(event));
                if (!line) break;  // the client hung up
                (void)room.send(message{id, name + ": " + *line});
                continue;
            }
            auto got = std::get<1>(std::move(event));
            if (!got) {
                if (!got.error().is_lagged()) break;  // the room is gone (server shutting down)
                const std::string note = "* missed " + std::to_string(got.error().skipped) + " messages\n";
                co_await wr.write_all(note);
                continue;
            }
            if (got->from == id) continue;
            const std::string out = got->text + "\n";
            co_await wr.write_all(out);
        }
    } catch (const std::system_error&) {
        // A reset peer, a write to a closed socket, or invalid UTF-8 in a line: this session ends.
    }
    if (!name.empty()) (void)room.send(message{id, "* " + name + " left"});
}

/// Accepts clients forever (or until the task is aborted), one serve_client task each. Accept
/// failures such as EMFILE are reported and retried after a pause instead of spinning.
inline rt::task<void> serve(rt::net::tcp_listener listener) {
    auto [room, keep_open] = rt::sync::broadcast::channel<message>(room_capacity);
    (void)keep_open;  // one receiver always exists, so send() never fails for lack of listeners
    std::uint64_t next_id = 1;
    for (;;) {
        bool failed = false;
        try {
            auto [conn, peer] = co_await listener.accept();
            rt::spawn(serve_client, std::move(conn), next_id++, room).detach();
        } catch (const std::system_error& e) {
            std::fprintf(stderr, "chat: accept failed: %s; retrying in 100 ms\n", e.what());
            failed = true;
        }
        if (failed) co_await rt::time::sleep(std::chrono::milliseconds(100));
    }
}

}  // namespace chat
