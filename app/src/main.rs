//! Entry point of the web page; everything else is in the library so browser tests can mount it.

/// The page's allocator (see `app::heap`: smaller than std's dlmalloc).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: app::heap::Heap = app::heap::Heap::new();

fn main() {
    #[cfg(target_arch = "wasm32")]
    app::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The Muelle page runs in a browser: use `cargo xtask serve`.");
}
