//! Entry point of the web page; everything else is in the library so browser tests can mount it.

fn main() {
    #[cfg(target_arch = "wasm32")]
    app::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The Muelle page runs in a browser: use `cargo xtask serve`.");
}
