//! The web app's committed build (client-examples/web/dist) is compiled into the binary
//! (`http::web`). rust-embed tracks the files it found; this makes a file added to or
//! removed from that folder rebuild Kassa too.
fn main() {
    println!("cargo:rerun-if-changed=client-examples/web/dist");
}
