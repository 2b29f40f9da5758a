// loadgen: a neutral TCP echo load generator for rt's benchmarks (no rt code).
//
//   loadgen --host 127.0.0.1 --port P [--connections 64] [--size 64]
//           [--duration 3] [--warmup 0.5] [--requests N] [--connect-timeout 5]
//
// One thread, one epoll set, N non-blocking connections with TCP_NODELAY. Each
// connection sends a SIZE-byte message, waits until all SIZE bytes have come
// back (and checks them), records the latency, and sends the next one. After
// a warm-up, requests that complete within --duration seconds are counted
// (or the first --requests of them, still capped by --duration). Prints one
// JSON line: requests, requests_per_sec, mean/p50/p99/max latency in µs.
// Loopback only: any address outside 127.0.0.0/8 and ::1 is refused.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

struct options {
    std::string host = "127.0.0.1";
    std::string port;
    int connections = 64;
    std::size_t size = 64;
    double duration = 3.0, warmup = 0.5, connect_timeout = 5.0;
    std::uint64_t requests = 0;  // 0: no limit but the duration
};

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "loadgen: %s: %s\n", what, std::strerror(errno));
    std::exit(1);
}

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: loadgen --host 127.0.0.1 --port P [--connections N] [--size BYTES]\n"
                 "               [--duration S] [--warmup S] [--requests N] [--connect-timeout S]\n");
    std::exit(2);
}

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc) usage();
        std::string k = argv[i], v = argv[i + 1];
        if (k == "--host") o.host = v;
        else if (k == "--port") o.port = v;
        else if (k == "--connections") o.connections = std::atoi(v.c_str());
        else if (k == "--size") o.size = std::strtoull(v.c_str(), nullptr, 10);
        else if (k == "--duration") o.duration = std::atof(v.c_str());
        else if (k == "--warmup") o.warmup = std::atof(v.c_str());
        else if (k == "--requests") o.requests = std::strtoull(v.c_str(), nullptr, 10);
        else if (k == "--connect-timeout") o.connect_timeout = std::atof(v.c_str());
        else usage();
    }
    if (o.port.empty() || o.connections < 1 || o.size < 1 || o.duration <= 0 || o.duration > 600) usage();
    return o;
}

// Resolves host:port and insists on a loopback address.
addrinfo* resolve_loopback(const options& o) {
    addrinfo hints{}, *res = nullptr;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (int rc = getaddrinfo(o.host.c_str(), o.port.c_str(), &hints, &res); rc != 0) {
        std::fprintf(stderr, "loadgen: %s: %s\n", o.host.c_str(), gai_strerror(rc));
        std::exit(1);
    }
    bool loopback = false;
    if (res->ai_family == AF_INET) {
        auto* a = reinterpret_cast<sockaddr_in*>(res->ai_addr);
        loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
    } else if (res->ai_family == AF_INET6) {
        loopback = IN6_IS_ADDR_LOOPBACK(&reinterpret_cast<sockaddr_in6*>(res->ai_addr)->sin6_addr);
    }
    if (!loopback) {
        std::fprintf(stderr, "loadgen: refusing %s: only loopback addresses are allowed\n", o.host.c_str());
        std::exit(2);
    }
    return res;
}

// Blocking connect, retried until the server listens or the timeout passes.
int connect_retrying(const addrinfo* ai, clock_type::time_point give_up) {
    for (;;) {
        int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) die("socket");
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) return fd;
        int err = errno;
        close(fd);
        errno = err;
        if ((err != ECONNREFUSED && err != EINTR) || clock_type::now() > give_up) die("connect");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

struct connection {
    int fd = -1;
    std::size_t sent = 0, received = 0;
    clock_type::time_point started;
    bool alive = true;
};

double seconds(clock_type::duration d) { return std::chrono::duration<double>(d).count(); }

clock_type::duration from_seconds(double s) {
    return std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(s));
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    addrinfo* ai = resolve_loopback(o);

    std::vector<char> message(o.size), echo(o.size);
    for (std::size_t i = 0; i < o.size; ++i) message[i] = static_cast<char>('a' + i % 26);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    std::vector<connection> conns(static_cast<std::size_t>(o.connections));
    const auto give_up = clock_type::now() + from_seconds(o.connect_timeout);
    for (std::size_t i = 0; i < conns.size(); ++i) {
        int fd = connect_retrying(ai, give_up);
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
        ev.data.u64 = i;
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
        conns[i].fd = fd;
        conns[i].started = clock_type::now();
    }
    freeaddrinfo(ai);

    const auto begin = clock_type::now();
    const auto measure_from = begin + from_seconds(o.warmup);
    const auto measure_until = measure_from + from_seconds(o.duration);
    std::vector<float> latencies_us;  // of the requests completed in the measured window
    latencies_us.reserve(1 << 20);
    std::uint64_t errors = 0, mismatches = 0;
    int alive = o.connections;
    bool done = false;
    auto last_completion = measure_from;

    // Makes as much progress on one connection as the socket allows.
    auto drive = [&](connection& c) {
        while (c.alive) {
            if (c.sent < o.size) {
                ssize_t n = send(c.fd, message.data() + c.sent, o.size - c.sent, MSG_NOSIGNAL);
                if (n > 0) { c.sent += static_cast<std::size_t>(n); continue; }
                if (n < 0 && errno == EINTR) continue;
                if (n < 0 && errno != EAGAIN) { ++errors; c.alive = false; --alive; return; }
            }
            ssize_t n = recv(c.fd, echo.data() + c.received, o.size - c.received, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) return;
            if (n <= 0 || c.received + static_cast<std::size_t>(n) > c.sent) {  // EOF, error, or more than we sent
                ++errors; c.alive = false; --alive; return;
            }
            if (std::memcmp(echo.data() + c.received, message.data() + c.received, static_cast<std::size_t>(n)))
                ++mismatches;
            c.received += static_cast<std::size_t>(n);
            if (c.received < o.size) continue;
            auto now = clock_type::now();
            if (now >= measure_from && now < measure_until && !done) {
                latencies_us.push_back(static_cast<float>(seconds(now - c.started) * 1e6));
                last_completion = now;
                if (o.requests && latencies_us.size() >= o.requests) done = true;
            }
            if (done || now >= measure_until) { c.alive = false; --alive; return; }  // stop sending
            c.sent = c.received = 0;
            c.started = now;
        }
    };

    for (auto& c : conns) drive(c);
    std::vector<epoll_event> events(conns.size());
    while (alive > 0 && !done && clock_type::now() < measure_until) {
        int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 100);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int i = 0; i < n; ++i) drive(conns[events[i].data.u64]);
    }
    const auto end = done ? last_completion : std::min(clock_type::now(), measure_until);
    for (auto& c : conns) close(c.fd);
    close(ep);

    const std::size_t count = latencies_us.size();
    std::sort(latencies_us.begin(), latencies_us.end());
    auto pct = [&](double p) -> double {
        if (count == 0) return 0;
        std::size_t rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(count) + 0.999999);
        return latencies_us[std::clamp<std::size_t>(rank, 1, count) - 1];
    };
    double mean = 0;
    for (float l : latencies_us) mean += l;
    mean = count ? mean / static_cast<double>(count) : 0;
    const double window = std::max(seconds(end - measure_from), 1e-9);
    std::printf("{\"workload\":\"tcp_echo\",\"connections\":%d,\"size\":%zu,\"ops\":%zu,"
                "\"duration_s\":%.3f,\"requests_per_sec\":%.1f,\"mean_us\":%.2f,\"p50_us\":%.2f,"
                "\"p99_us\":%.2f,\"max_us\":%.2f,\"errors\":%llu,\"mismatches\":%llu}\n",
                o.connections, o.size, count, window, static_cast<double>(count) / window, mean, pct(50), pct(99),
                pct(100), static_cast<unsigned long long>(errors), static_cast<unsigned long long>(mismatches));
    return (count == 0 || errors || mismatches) ? 1 : 0;
}
