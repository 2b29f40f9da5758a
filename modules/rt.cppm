// rt — the umbrella module: `import rt;` gives every area.
export module rt;
export import rt.core;
export import rt.runtime;
export import rt.sync;
export import rt.time;
export import rt.net;
export import rt.fs;
export import rt.io;
