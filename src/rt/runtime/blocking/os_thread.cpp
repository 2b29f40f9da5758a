// rt/runtime/blocking/os_thread.cpp — see os_thread.hpp.
#include "rt/runtime/blocking/os_thread.hpp"

#include <cerrno>
#include <memory>
#include <system_error>
#include <utility>

#include "rt/shim/sync.hpp"

namespace rt::detail {
namespace {

void* trampoline(void* arg) {
    std::unique_ptr<std::function<void()>> body(static_cast<std::function<void()>*>(arg));
    (*body)();
    return nullptr;
}

}  // namespace

os_thread::os_thread(const std::string& name, std::size_t stack_size, std::function<void()> body) {
    auto* arg = new std::function<void()>(std::move(body));
    // Linux limits thread names to 15 characters; longer names are cut, never rejected.
    const int rc = shim::native_thread::start(id_, name.substr(0, 15).c_str(), stack_size, &trampoline, arg);
    if (rc != 0) {
        delete arg;
        throw std::system_error(rc, std::generic_category(), "rt: cannot start a runtime thread");
    }
    started_ = true;
}

os_thread::os_thread(os_thread&& o) noexcept : id_(o.id_), started_(std::exchange(o.started_, false)) {}

os_thread& os_thread::operator=(os_thread&& o) noexcept {
    if (this != &o) {
        if (started_) detach();
        id_ = o.id_;
        started_ = std::exchange(o.started_, false);
    }
    return *this;
}

os_thread::~os_thread() {
    if (started_) detach();
}

void os_thread::join() {
    if (!started_) return;
    started_ = false;
    shim::native_thread::join(id_);
}

void os_thread::detach() {
    if (!started_) return;
    started_ = false;
    shim::native_thread::detach(id_);
}

bool is_current_thread(const os_thread& t) noexcept {
    return t.joinable() && shim::native_thread::is_current(t.id_);
}

}  // namespace rt::detail
