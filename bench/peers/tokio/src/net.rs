//! tcp_echo_server: the Tokio echo server that bench/peers/loadgen drives.
//! Accepts on --host/--port, sets TCP_NODELAY, and per connection reads up to
//! 16 KiB and writes it all back, until EOF or an error. Runs until killed.

use crate::{runtime, Opts, Report};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub fn tcp_echo_server(o: &Opts) -> Report {
    let addr = format!("{}:{}", o.host, o.port);
    runtime(o.flavor).block_on(async move {
        let listener = TcpListener::bind(&addr).await.expect("cannot bind");
        eprintln!("tokio-bench tcp_echo_server listening on {}", addr);
        loop {
            let (mut socket, _) = match listener.accept().await {
                Ok(conn) => conn,
                Err(e) => {
                    eprintln!("accept: {}", e);
                    continue;
                }
            };
            let _ = socket.set_nodelay(true);
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                loop {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => {
                            if socket.write_all(&buf[..n]).await.is_err() {
                                return;
                            }
                        }
                    }
                }
            });
        }
    })
}
