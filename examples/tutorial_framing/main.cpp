// examples/tutorial_framing — the program of docs/tutorial/06-framing.md: a codec of our own
// (netstrings: "5:hello,") driven by rt::io::framed over an in-memory duplex pipe, whose tiny
// buffer splits frames across reads. Ends on its own, exits 0.
#include <charconv>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

// A netstring is "<length>:<bytes>,". decode() either takes one whole frame out of the buffer or
// leaves the buffer alone and returns nothing ("need more bytes"); malformed input throws.
struct netstring_codec {
    using item_type = std::string;
    std::size_t max_length = 1024;

    std::optional<std::string> decode(rt::io::byte_buffer& src) {
        const std::string_view data = src.view();
        const auto colon = data.find(':');
        if (colon == std::string_view::npos) {
            if (data.size() > 10) throw_bad("length too long");
            return std::nullopt;  // the header is not complete yet
        }
        std::size_t len = 0;
        const auto [end, ec] = std::from_chars(data.data(), data.data() + colon, len);
        if (ec != std::errc() || end != data.data() + colon) throw_bad("bad length");
        if (len > max_length) throw_bad("frame too large");
        if (data.size() < colon + 1 + len + 1) return std::nullopt;  // the body is not complete yet
        if (data[colon + 1 + len] != ',') throw_bad("missing ','");
        std::string frame(data.substr(colon + 1, len));
        src.consume(colon + 1 + len + 1);  // only now: a frame leaves the buffer whole or not at all
        return frame;
    }

    void encode(const std::string& item, rt::io::byte_buffer& dst) {
        dst.append(std::to_string(item.size()) + ":");
        dst.append(item);
        dst.append(std::string_view(","));
    }

private:
    [[noreturn]] static void throw_bad(const char* what) {
        throw std::system_error(std::make_error_code(std::errc::bad_message), what);
    }
};

// The server side: reads frames until end of stream, answers each with its length.
rt::task<int> server(rt::io::duplex_stream end) {
    rt::io::framed frames(std::move(end), netstring_codec{});
    int count = 0;
    while (auto frame = co_await frames.next()) {
        std::printf("server got frame %d: \"%s\"\n", ++count, frame->c_str());
        auto answer = frames.send(std::to_string(frame->size()));
        co_await answer;
    }
    co_return count;
}

[[rt::main(flavor = "current_thread")]]
rt::task<int> framing_main() {
    // Each direction buffers at most 8 bytes, so most frames arrive in several reads.
    auto [client_end, server_end] = rt::io::duplex(8);
    auto srv = rt::spawn(server, std::move(server_end));

    rt::io::framed client(std::move(client_end), netstring_codec{});
    std::vector<std::string> answers;
    for (const char* text : {"hello", "a frame longer than the pipe", ""}) {
        auto request = client.send(std::string(text));
        co_await request;
        auto reply = co_await client.next();
        answers.push_back(reply ? *reply : "<none>");
        std::printf("client got answer: %s\n", answers.back().c_str());
    }
    auto closing = client.close();  // flush and shut our write side: the server sees end of stream
    co_await closing;
    const int served = co_await srv;
    std::printf("server saw %d frames\n", served);

    // Malformed input: the decoder throws, and the framed stream is finished afterwards.
    rt::io::byte_buffer bad;
    bad.append(std::string_view("x:oops,"));
    netstring_codec codec;
    try {
        (void)codec.decode(bad);
    } catch (const std::system_error& e) {
        std::printf("malformed input rejected: %s\n", e.what());
    }
    co_return served == 3 && answers == std::vector<std::string>{"5", "28", "0"} ? 0 : 1;
}
