// rt/runtime/blocking/os_thread.cpp — see os_thread.hpp.
#include "rt/runtime/blocking/os_thread.hpp"

#include <pthread.h>

#include <cerrno>
#include <memory>
#include <system_error>
#include <utility>

namespace rt::detail {
namespace {

void* trampoline(void* arg) {
    std::unique_ptr<std::function<void()>> body(static_cast<std::function<void()>*>(arg));
    (*body)();
    return nullptr;
}

}  // namespace

os_thread::os_thread(const std::string& name, std::size_t stack_size, std::function<void()> body) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (stack_size >= static_cast<std::size_t>(PTHREAD_STACK_MIN)) pthread_attr_setstacksize(&attr, stack_size);
    auto* arg = new std::function<void()>(std::move(body));
    pthread_t t;
    const int rc = pthread_create(&t, &attr, &trampoline, arg);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        delete arg;
        throw std::system_error(rc, std::generic_category(), "rt: cannot start a runtime thread");
    }
    // Linux limits thread names to 15 characters; longer names are cut, never rejected.
    pthread_setname_np(t, name.substr(0, 15).c_str());
    id_ = static_cast<unsigned long>(t);
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
    pthread_join(static_cast<pthread_t>(id_), nullptr);
}

void os_thread::detach() {
    if (!started_) return;
    started_ = false;
    pthread_detach(static_cast<pthread_t>(id_));
}

bool is_current_thread(const os_thread& t) noexcept {
    return t.joinable() && pthread_equal(static_cast<pthread_t>(t.id_), pthread_self());
}

}  // namespace rt::detail
