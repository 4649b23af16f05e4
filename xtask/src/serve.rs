//! `cargo xtask serve`: the one command a new contributor runs. Installs what is missing, then
//! lets trunk build, watch and serve the page on 127.0.0.1:8080.

use crate::process::{self, tool};
use crate::tools::{self, Needs};
use crate::{site, ui, Result};

const ADDRESS: &str = "127.0.0.1";
const PORT: &str = "8080";

pub fn serve(release: bool) -> Result {
    tools::ensure(Needs::Site)?;
    site::fetch()?;
    let url = format!("http://{ADDRESS}:{PORT}/");
    if release {
        ui::say(&format!("serving a release build (wasm-opt -Oz; slower rebuilds) at {url}"));
    } else {
        ui::say(&format!(
            "serving a debug build (large, fast rebuilds; `cargo xtask serve --release` for the \
             optimised one) at {url}"
        ));
    }
    ui::say("the page rebuilds when a file changes; Ctrl-C stops the server");
    let mut trunk = tool("trunk");
    trunk.args(["serve", "--address", ADDRESS, "--port", PORT]);
    if release {
        trunk.arg("--release");
    }
    process::run(&mut trunk)
}
