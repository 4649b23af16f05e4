//! The official `wordpress` image's `docker-entrypoint.sh` before it execs Apache (or PHP-FPM):
//! WordPress copied from /usr/src/wordpress into an empty document root (its volume), and
//! `wp-config.php` written from `wp-config-docker.php` when `WORDPRESS_*` variables are given.
//! The lines are the script's own (docker-library/wordpress, March 2025), on stderr as it
//! writes them. What WordPress then answers is modelled by the host (`World::apache_php`).

use crate::process::Cx;
use crate::world::image::WORDPRESS_FILES;

const SOURCE: &str = "/usr/src/wordpress";

/// Runs the entrypoint's set-up for `args` (only for Apache and PHP-FPM, as the script does).
pub(super) fn set_up(cx: &mut Cx<'_>, args: &[String]) {
    let runs_server = args.first().is_some_and(|a| a.starts_with("apache2") || a == "php-fpm");
    if !runs_server {
        return;
    }
    let loc = cx.sh.loc;
    let pwd = cx.sh.cwd.clone();
    let at = |rel: &str| crate::fs::normalize(&pwd, rel);
    let installed = cx.world.fs_read(loc, &at("index.php")).is_ok()
        || cx.world.fs_read(loc, &at("wp-includes/version.php")).is_ok();
    if !installed {
        cx.io.errln(&format!("WordPress not found in {pwd} - copying now..."));
        let present: Vec<String> =
            cx.world.fs_list(loc, &pwd).unwrap_or_default().into_iter().map(|(n, _)| n).collect();
        if present.iter().any(|n| n != "wp-content") {
            cx.io.errln(&format!("WARNING: {pwd} is not empty! (copying anyhow)"));
        }
        // Pluggable content already there (a bind-mounted theme or plugin) is kept.
        for kept in present.iter().filter(|n| *n == ".htaccess") {
            cx.io.errln(&format!("WARNING: '{pwd}/{kept}' exists! (not copying the WordPress version)"));
        }
        for (rel, _) in WORDPRESS_FILES {
            let target = at(rel);
            if *rel == ".htaccess" && present.iter().any(|n| n == ".htaccess") {
                continue;
            }
            let Ok(data) = cx.world.fs_read(loc, &format!("{SOURCE}/{rel}")) else { continue };
            if let Some((dir, _)) = target.rsplit_once('/') {
                let _ = cx.world.fs_mkdir(loc, dir, true);
            }
            let _ = cx.world.fs_write(loc, &target, &data, false);
        }
        cx.io.errln(&format!("Complete! WordPress has been successfully copied to {pwd}"));
    }
    // `${!WORDPRESS_@}`: the variables' names, in bash's (sorted) order.
    let names: Vec<String> = cx.sh.vars.keys().filter(|k| k.starts_with("WORDPRESS_")).cloned().collect();
    let config = at("wp-config.php");
    let has_config = cx.world.fs_read(loc, &config).is_ok_and(|d| !d.is_empty());
    if has_config || names.is_empty() {
        return;
    }
    for candidate in ["wp-config-docker.php".to_string(), format!("{SOURCE}/wp-config-docker.php")] {
        let Ok(data) = cx.world.fs_read(loc, &at(&candidate)) else { continue };
        if data.is_empty() {
            continue;
        }
        cx.io.errln(&format!(
            "No 'wp-config.php' found in {pwd}, but 'WORDPRESS_...' variables supplied; copying '{candidate}' ({})",
            names.join(" ")
        ));
        let _ = cx.world.fs_write(loc, &config, &data, false);
        break;
    }
}
