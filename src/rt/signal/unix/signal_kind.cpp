// rt/signal/unix/signal_kind.cpp — the named signal kinds (signal.h stays out of the header).
#include <signal.h>

#include "rt/signal/unix/signal_stream.hpp"

namespace rt::signal::unix {

signal_kind signal_kind::interrupt() noexcept { return signal_kind(SIGINT); }
signal_kind signal_kind::terminate() noexcept { return signal_kind(SIGTERM); }
signal_kind signal_kind::hangup() noexcept { return signal_kind(SIGHUP); }
signal_kind signal_kind::quit() noexcept { return signal_kind(SIGQUIT); }
signal_kind signal_kind::child() noexcept { return signal_kind(SIGCHLD); }
signal_kind signal_kind::user_defined1() noexcept { return signal_kind(SIGUSR1); }
signal_kind signal_kind::user_defined2() noexcept { return signal_kind(SIGUSR2); }

}  // namespace rt::signal::unix
