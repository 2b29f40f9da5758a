// rt.sync — the sync area. Headers are the source of truth: <rt/sync.hpp>.
module;
#include <rt/sync.hpp>
export module rt.sync;
export import rt.core;

export namespace rt::sync {
using rt::sync::area_name;
// outcomes
using rt::sync::closed_error;
using rt::sync::result;
using rt::sync::send_error;
using rt::sync::send_timeout_error;
using rt::sync::try_acquire_error;
using rt::sync::try_lock_error;
using rt::sync::try_recv_error;
using rt::sync::try_send_error;
// semaphore and locks
using rt::sync::barrier;
using rt::sync::barrier_wait_result;
using rt::sync::cancellation_token;
using rt::sync::once_cell;
using rt::sync::set_error;
using rt::sync::task_tracker;
using rt::sync::task_tracker_token;
using rt::sync::tracked_future;
using rt::sync::wait_for_cancellation_future;
using rt::sync::mutex;
using rt::sync::mutex_guard;
using rt::sync::notify;
using rt::sync::owned_mutex_guard;
using rt::sync::owned_rw_lock_guard;
using rt::sync::owned_rw_lock_read_guard;
using rt::sync::owned_rw_lock_write_guard;
using rt::sync::owned_semaphore_permit;
using rt::sync::rw_lock;
using rt::sync::rw_lock_read_guard;
using rt::sync::rw_lock_write_guard;
using rt::sync::semaphore;
using rt::sync::semaphore_permit;
namespace mpsc {
using rt::sync::mpsc::channel;
using rt::sync::mpsc::owned_permit;
using rt::sync::mpsc::permit;
using rt::sync::mpsc::receiver;
using rt::sync::mpsc::sender;
using rt::sync::mpsc::unbounded_channel;
using rt::sync::mpsc::unbounded_receiver;
using rt::sync::mpsc::unbounded_sender;
using rt::sync::mpsc::weak_sender;
using rt::sync::mpsc::weak_unbounded_sender;
}  // namespace mpsc
namespace oneshot {
using rt::sync::oneshot::channel;
using rt::sync::oneshot::receiver;
using rt::sync::oneshot::sender;
}  // namespace oneshot
namespace broadcast {
using rt::sync::broadcast::channel;
using rt::sync::broadcast::receiver;
using rt::sync::broadcast::recv_error;
using rt::sync::broadcast::sender;
using rt::sync::broadcast::try_recv_error;
}  // namespace broadcast
namespace watch {
using rt::sync::watch::channel;
using rt::sync::watch::receiver;
using rt::sync::watch::ref;
using rt::sync::watch::sender;
}  // namespace watch
}  // namespace rt::sync
