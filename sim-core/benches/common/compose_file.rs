//! The generated Compose file of the `compose` benchmark (shared with `examples/up_scale.rs`).

/// The generated file with `n` services.
pub fn compose_of(n: usize) -> String {
    let mut y = String::from("name: big\nservices:\n");
    for i in 0..n {
        y.push_str(&format!(
            "  s{i}:\n    image: nginx:alpine\n    ports:\n      - \"{}:80\"\n    environment:\n      INDEX: \"{i}\"\n      ROLE: web\n",
            20_000 + i
        ));
        if i > 0 {
            y.push_str(&format!("    depends_on:\n      - s{}\n", i - 1));
        }
        y.push_str(&format!("    networks:\n      - net{}\n    volumes:\n      - vol{i}:/data\n", i % 10));
    }
    y.push_str("networks:\n");
    for n in 0..10 {
        y.push_str(&format!("  net{n}: {{}}\n"));
    }
    y.push_str("volumes:\n");
    for i in 0..n {
        y.push_str(&format!("  vol{i}: {{}}\n"));
    }
    y
}
