// rt/sync/cancellation_token/cancellation_token.cpp — see cancellation_token.hpp.
#include "rt/sync/cancellation_token/cancellation_token.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include "rt/shim/sync.hpp"

namespace rt::sync {
namespace detail {

struct ct_tree {
    shim::mutex mu;
};

struct ct_node {
    explicit ct_node(std::shared_ptr<ct_tree> t) : tree(std::move(t)) {}
    std::shared_ptr<ct_tree> tree;
    ct_node* parent = nullptr;         // under tree->mu
    std::vector<ct_node*> children;    // under tree->mu
    std::size_t handles = 1;           // tokens and futures referring to it, under tree->mu
    // Written under tree->mu; read without it: release/acquire so whoever sees `true` also sees
    // what the canceller wrote before cancel().
    shim::atomic<bool> cancelled{false};
    notify on_cancel;
};

namespace {
void unlink_child(ct_node* parent, ct_node* child) {
    auto& c = parent->children;
    c.erase(std::find(c.begin(), c.end(), child));
}
}  // namespace

}  // namespace detail

cancellation_token::cancellation_token()
    : n_(new detail::ct_node(std::make_shared<detail::ct_tree>())) {}

cancellation_token::cancellation_token(const cancellation_token& o) noexcept : n_(o.n_) {
    shim::lock_guard<shim::mutex> lock(n_->tree->mu);
    ++n_->handles;
}

cancellation_token::~cancellation_token() {
    if (!n_) return;
    std::shared_ptr<detail::ct_tree> tree = n_->tree;  // keeps the mutex alive past the delete
    {
        shim::lock_guard<shim::mutex> lock(tree->mu);
        if (--n_->handles != 0) return;
        // The last handle: splice our children into our parent so a grandchild stays reachable.
        for (detail::ct_node* c : n_->children) {
            c->parent = n_->parent;
            if (n_->parent) n_->parent->children.push_back(c);
        }
        if (n_->parent) detail::unlink_child(n_->parent, n_);
    }
    delete n_;
}

cancellation_token cancellation_token::child_token() const {
    auto* child = new detail::ct_node(n_->tree);
    shim::lock_guard<shim::mutex> lock(n_->tree->mu);
    if (n_->cancelled.load(std::memory_order_relaxed)) {
        child->cancelled.store(true, std::memory_order_relaxed);  // published by the token hand-off
    } else {
        child->parent = n_;
        n_->children.push_back(child);
    }
    return cancellation_token(child);
}

void cancellation_token::cancel() const noexcept {
    shim::lock_guard<shim::mutex> lock(n_->tree->mu);
    std::vector<detail::ct_node*> todo{n_};
    while (!todo.empty()) {
        detail::ct_node* n = todo.back();
        todo.pop_back();
        if (n->cancelled.load(std::memory_order_relaxed)) continue;  // its subtree is cancelled too
        n->cancelled.store(true, std::memory_order_release);
        // Under the tree lock so the node cannot be deleted meanwhile (lock order: tree, notify).
        n->on_cancel.notify_waiters();
        for (detail::ct_node* c : n->children) todo.push_back(c);
    }
}

bool cancellation_token::is_cancelled() const noexcept { return n_->cancelled.load(std::memory_order_acquire); }

poll_result<void> wait_for_cancellation_future::poll(context& cx) {
    for (;;) {
        if (!wait_) wait_.emplace(t_.n_->on_cancel.notified());  // before the check: no lost wake
        if (t_.is_cancelled()) return ready();
        if (wait_->poll(cx).is_pending()) return pending;
        wait_.reset();
    }
}

}  // namespace rt::sync
