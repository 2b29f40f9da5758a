// golden: a TU that imports rt's modules (parsed through headers, imports kept), current_thread
// with paused time, in an anonymous namespace.
import rt.runtime;
import rt.time;

namespace {
[[rt::main(flavor = "current_thread", start_paused = true)]] rt::task<int> start() {
    co_return 7;
}
}  // namespace
