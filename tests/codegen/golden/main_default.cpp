// golden: [[rt::main]] with no options (multi_thread, like #[tokio::main]) on rt::task<int>().
#include <rt/runtime.hpp>

[[rt::main]]
rt::task<int> run() {
    co_return 0;
}
