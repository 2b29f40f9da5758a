// rt — the umbrella module: `import rt;` gives every area.
module;
// The one piece that needs two areas (sync and time): mpsc::sender<T>::send_timeout's definition.
#include <rt/sync/mpsc/send_timeout.hpp>
export module rt;
export import rt.core;
export import rt.runtime;
export import rt.sync;
export import rt.time;
export import rt.net;
export import rt.fs;
export import rt.io;
