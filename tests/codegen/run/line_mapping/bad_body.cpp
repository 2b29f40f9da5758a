// A compile error inside a select branch body, seen only by the compiler of the generated file
// (built with -DRT_LINE_MAPPING_ERROR): it must point here, not at the generated file
// (checked by check_line_mapping.cmake). error here: 18:23
#include <rt/runtime.hpp>
#include <rt/select.hpp>

struct one {
    rt::poll_result<int> poll(rt::context&) { return 1; }
};

rt::task<int> run() {
    int total = 0;
    for (;;) {
        if ([[rt::select]] rt::selector s{}) {
            if (auto v = s.on(one{})) {
                total += v;
#ifdef RT_LINE_MAPPING_ERROR
                total += "not an int";
#endif
                break;
            }
        }
    }
    co_return total;
}
