//! An image as `GET /images/{name}/json` answers in Engine 28.2 (API 1.50,
//! classic overlay2 store): `image.InspectResponse` with the OCI-style
//! `Config` whose empty fields are omitted. Sources: moby v28.2.2
//! `api/types/image/image_inspect.go`, `daemon/images/image_inspect.go`,
//! `api/server/router/image/image_routes.go` (the 1.50 shape),
//! docker-image-spec `specs-go/v1/image.go`.

use super::stable;
use crate::docker::image::store;
use crate::docker::templates::{Struct, Value};
use crate::world::image::{Image, Os};
use crate::world::World;

/// The JSON `docker image inspect` prints for the image of entry `img`.
pub fn image_value(world: &World, img: &Image) -> Value {
    let tags = store::repo_tags(world, &img.id);
    let digests = store::repo_digests(world, &img.id);
    let comment = if img.config.os() == Os::Debian && img.repo == "debian" {
        "debuerreotype 0.15"
    } else {
        "buildkit.dockerfile.v0"
    };
    let last_tag = match store::last_tag_time(world, &img.id) {
        Some(t) => stable::sim_time_rfc3339(t, &[&img.id, "tagged"]),
        None => stable::ZERO_TIME.to_string(),
    };
    let dirs = store::layer_dirs(img);
    let top = dirs.last().cloned().unwrap_or_default();
    let mut data: Vec<(String, String)> = Vec::new();
    if dirs.len() > 1 {
        let lower: Vec<String> = dirs.iter().rev().skip(1).map(|d| format!("{d}/diff")).collect();
        data.push(("LowerDir".into(), lower.join(":")));
    }
    data.push(("MergedDir".into(), format!("{top}/merged")));
    data.push(("UpperDir".into(), format!("{top}/diff")));
    data.push(("WorkDir".into(), format!("{top}/work")));
    let layers: Vec<Value> = store::diff_ids(img).into_iter().map(|d| Value::str(format!("sha256:{d}"))).collect();
    Struct::new("image.InspectResponse")
        .field_as("ID", "Id", Value::str(format!("sha256:{}", img.id)))
        .field("RepoTags", Value::list(tags.into_iter().map(Value::str).collect()))
        .field("RepoDigests", Value::list(digests.into_iter().map(Value::str).collect()))
        .field("Parent", Value::str(""))
        .field("Comment", Value::str(comment))
        .omitempty("Created", Value::str(store::created_rfc3339(img)))
        .field("DockerVersion", Value::str(""))
        .field("Author", Value::str(""))
        .field("Config", config(img))
        .field("Architecture", Value::str("amd64"))
        .field("Os", Value::str("linux"))
        .field("Size", Value::Int(img.size_bytes as i64))
        .field(
            "GraphDriver",
            Struct::new("storage.DriverData")
                .field("Data", Value::map(data.into_iter().map(|(k, v)| (k, Value::str(v)))))
                .field("Name", Value::str("overlay2"))
                .into_value(),
        )
        .field(
            "RootFS",
            Struct::new("image.RootFS")
                .omitempty("Type", Value::str("layers"))
                .omitempty("Layers", Value::list(layers))
                .into_value(),
        )
        .field("Metadata", Struct::new("image.Metadata").field("LastTagTime", Value::str(last_tag)).into_value())
        .into_value()
}

/// `DockerOCIImageConfig`: every field `omitempty`.
fn config(img: &Image) -> Value {
    let c = &img.config;
    let strings = |v: &[String]| Value::list(v.iter().map(Value::str).collect());
    let set = |v: &[String]| Value::map(v.iter().map(|k| (k.clone(), Struct::new("struct {}").into_value())));
    let env: Vec<String> = c.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    Struct::new("v1.DockerOCIImageConfig")
        .omitempty("User", Value::str(&c.user))
        .omitempty("ExposedPorts", set(&c.exposed))
        .omitempty("Env", strings(&env))
        .omitempty("Entrypoint", strings(&c.entrypoint))
        .omitempty("Cmd", strings(&c.cmd))
        .omitempty("Volumes", set(&c.volumes))
        .omitempty("WorkingDir", Value::str(&c.workdir))
        .omitempty("Labels", Value::string_map(c.labels.iter().map(|(k, v)| (k.as_str(), v.as_str()))))
        .omitempty("StopSignal", Value::str(&c.stop_signal))
        .omitempty("ArgsEscaped", Value::Bool(false))
        .omitempty("Healthcheck", Value::Nil)
        .omitempty("OnBuild", Value::List(None))
        .omitempty("Shell", Value::List(None))
        .into_value()
}
