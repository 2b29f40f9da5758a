// rt/runtime/scheduler/task_fifo.hpp — an intrusive FIFO of task headers through `queue_next`.
//
// No allocation per push: a task is in at most one queue at a time (one run-queue entry per task,
// see task_state), so its single link field suffices. Not synchronised; the owner locks if shared.
#pragma once

#include <cstddef>

#include "rt/runtime/task/header.hpp"

namespace rt::detail {

class task_fifo {
public:
    void push_back(task_header* t) noexcept {
        t->queue_next = nullptr;
        if (tail_) {
            tail_->queue_next = t;
        } else {
            head_ = t;
        }
        tail_ = t;
        ++len_;
    }
    task_header* pop_front() noexcept {
        task_header* t = head_;
        if (!t) return nullptr;
        head_ = t->queue_next;
        if (!head_) tail_ = nullptr;
        t->queue_next = nullptr;
        --len_;
        return t;
    }
    /// Moves every task of `other` to the back of this queue.
    void append(task_fifo& other) noexcept {
        if (!other.head_) return;
        if (tail_) {
            tail_->queue_next = other.head_;
        } else {
            head_ = other.head_;
        }
        tail_ = other.tail_;
        len_ += other.len_;
        other.head_ = other.tail_ = nullptr;
        other.len_ = 0;
    }
    [[nodiscard]] bool empty() const noexcept { return head_ == nullptr; }
    [[nodiscard]] std::size_t size() const noexcept { return len_; }

private:
    task_header* head_ = nullptr;
    task_header* tail_ = nullptr;
    std::size_t len_ = 0;
};

}  // namespace rt::detail
