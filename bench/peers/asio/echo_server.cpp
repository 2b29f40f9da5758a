// tcp_echo_server, Boost.Asio peer: C++20 coroutines (asio::awaitable,
// co_spawn) on one io_context run by 2 threads. Accepts on --host/--port
// (default 127.0.0.1:7878), sets TCP_NODELAY, and per connection reads up to
// 16 KiB and writes it all back, until EOF or an error. Runs until killed.
#include <boost/asio.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace asio = boost::asio;
using asio::ip::tcp;

static asio::awaitable<void> session(tcp::socket socket) {
    std::array<char, 16 * 1024> buf;
    try {
        for (;;) {
            std::size_t n = co_await socket.async_read_some(asio::buffer(buf), asio::use_awaitable);
            co_await asio::async_write(socket, asio::buffer(buf, n), asio::use_awaitable);
        }
    } catch (const boost::system::system_error&) {
        // EOF or reset: the connection is done.
    }
}

static asio::awaitable<void> listen(tcp::acceptor acceptor) {
    for (;;) {
        tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
        socket.set_option(tcp::no_delay(true));
        asio::co_spawn(acceptor.get_executor(), session(std::move(socket)), asio::detached);
    }
}

int main(int argc, char** argv) {
    std::string host = "127.0.0.1";
    unsigned short port = 7878;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--host")) host = argv[i + 1];
        else if (!std::strcmp(argv[i], "--port")) port = static_cast<unsigned short>(std::atoi(argv[i + 1]));
        else {
            std::fprintf(stderr, "usage: %s [--host H] [--port P]\n", argv[0]);
            return 2;
        }
    }
    constexpr int threads = 2;
    asio::io_context ctx{threads};
    tcp::acceptor acceptor(ctx, tcp::endpoint(asio::ip::make_address(host), port));
    asio::co_spawn(ctx, listen(std::move(acceptor)), asio::detached);
    std::fprintf(stderr, "asio echo_server listening on %s:%u\n", host.c_str(), port);
    std::thread other([&] { ctx.run(); });
    ctx.run();
    other.join();
}
