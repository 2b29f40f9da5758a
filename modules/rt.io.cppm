// rt.io — the io area. Headers are the source of truth: <rt/io.hpp>; this unit only exports names.
module;
#include <rt/io.hpp>
export module rt.io;
export import rt.core;

export namespace rt::io {
using rt::io::area_name;
// concepts
using rt::io::async_buf_read;
using rt::io::async_read;
using rt::io::async_write;
// errors
using rt::io::errc;
using rt::io::frame_error;
using rt::io::io_category;
using rt::io::make_error_code;
// read / write utilities
using rt::io::flush;
using rt::io::flush_future;
using rt::io::read;
using rt::io::read_exact;
using rt::io::read_exact_future;
using rt::io::read_future;
using rt::io::read_line;
using rt::io::read_line_future;
using rt::io::read_to_end;
using rt::io::read_to_end_future;
using rt::io::read_to_string;
using rt::io::read_to_string_future;
using rt::io::read_until;
using rt::io::read_until_future;
using rt::io::shutdown;
using rt::io::shutdown_future;
using rt::io::write;
using rt::io::write_all;
using rt::io::write_all_future;
using rt::io::write_future;
using rt::io::lines;
using rt::io::lines_stream;
using rt::io::copy;
using rt::io::copy_bidirectional;
using rt::io::copy_bidirectional_future;
using rt::io::copy_future;
// buffers
using rt::io::buf_reader;
using rt::io::buf_writer;
using rt::io::byte_buffer;
using rt::io::default_buf_size;
// in-memory pipes
using rt::io::duplex;
using rt::io::duplex_stream;
// codecs
using rt::io::decoder;
using rt::io::encoder;
using rt::io::framed;
using rt::io::length_delimited_codec;
using rt::io::lines_codec;
}  // namespace rt::io
