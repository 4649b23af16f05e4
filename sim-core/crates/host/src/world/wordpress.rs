//! What the official `wordpress` image answers over HTTP once its entrypoint has put WordPress in
//! Apache's document root. WordPress's PHP does not run; what a fresh installation does is
//! modelled: each request first connects to the database that `WORDPRESS_DB_HOST` names (the
//! image's `wp-config-docker.php` reads it at every request; `mysql` by default, port 3306),
//! and a failure is WordPress's "Error establishing a database connection" page with status 500
//! (`dead_db()`, through `wp_die`); with the database reachable and nothing installed yet, every
//! page redirects (302, `X-Redirect-By: WordPress`) to `/wp-admin/install.php`, whose form is
//! Muelle's labelled page. Files that exist and are not PHP are Apache's to serve.
//!
//! The connection itself is made by userland (`programs/net.rs`, `failed_dependency`), which
//! asks [`World::framework`] what the server connects to.

use super::container::Cid;
use super::http::{Answer, HttpResponse};
use super::vfs::Loc;
use super::World;

const ROOT: &str = "/var/www/html";
pub(super) const SERVER: &str = "Apache/2.4.62 (Debian)";
pub const INSTALLER: &str = "/wp-admin/install.php";

/// The page `wp_die()` writes for `dead_db()` (WordPress 6.7: the language, the title
/// "Database Error", the message in the `wp-die-message` box), without the template's
/// stylesheet.
pub const DB_ERROR_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n\t<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\n\t<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n\t<title>Database Error</title>\n</head>\n<body id=\"error-page\">\n\t<div class=\"wp-die-message\"><h1>Error establishing a database connection</h1></div></body>\n</html>\n";

/// What Muelle shows where WordPress's installer would be (its form is WordPress's PHP).
pub const INSTALLER_PAGE: &str = "<!doctype html>\n<title>Muelle: WordPress</title>\n\
<p>[Muelle] WordPress está en marcha y su base de datos respondió: en Docker real esta es la página de instalación de WordPress \
(idioma, título del sitio, usuario administrador). El simulador no ejecuta el PHP de WordPress: la instalación no se puede completar aquí.</p>\n\
<p>[Muelle] WordPress is running and its database answered: in real Docker this is WordPress's installer \
(language, site title, admin user). The simulator does not run WordPress's PHP: the installation cannot be completed here.</p>\n";

impl World {
    /// Whether `cid`'s document root holds WordPress (what the entrypoint copied).
    pub(super) fn holds_wordpress(&self, cid: Cid) -> bool {
        self.fs_read(Loc::Container(cid), &format!("{ROOT}/wp-includes/version.php")).is_ok()
    }

    /// Whether WordPress (rather than Apache alone) answers `path`: a PHP script, a directory
    /// with an `index.php`, or anything that does not exist (the `.htaccess` rewrite to
    /// `index.php`).
    pub fn wordpress_answers(&self, cid: Cid, path: &str) -> bool {
        if !self.holds_wordpress(cid) {
            return false;
        }
        let loc = Loc::Container(cid);
        let file = crate::fs::normalize(ROOT, path.split('?').next().unwrap_or("/").trim_start_matches('/'));
        if self.fs_is_dir(loc, &file) {
            return true;
        }
        let is_php = file.rsplit_once('.').is_some_and(|(_, e)| sim_base::case::to_lower(e) == "php");
        is_php || self.fs_read(loc, &file).is_err()
    }

    /// The database WordPress in `cid` connects to: `WORDPRESS_DB_HOST` as `host[:port]`.
    pub(super) fn wordpress_database(&self, cid: Cid) -> Option<(String, u16)> {
        let c = self.containers.get(&cid)?;
        let db = c.env_get("WORDPRESS_DB_HOST").unwrap_or("mysql");
        Some(match db.rsplit_once(':') {
            Some((host, port)) => (host.to_string(), port.parse().unwrap_or(3306)),
            None => (db.to_string(), 3306),
        })
    }

    /// WordPress's answer to GET `uri` when its database answered: the installer's redirect, or
    /// the installer itself (Muelle's page). `host` is the request's `Host` header.
    pub(super) fn wordpress_page(&self, uri: &str, host: &str) -> HttpResponse {
        let path = uri.split('?').next().unwrap_or("/");
        if path == INSTALLER {
            return HttpResponse {
                status: 200,
                reason: "OK",
                content_type: "text/html; charset=utf-8",
                server: SERVER.into(),
                body: INSTALLER_PAGE.as_bytes().to_vec(),
                location: None,
            };
        }
        HttpResponse {
            status: 302,
            reason: "Found",
            content_type: "text/html; charset=UTF-8",
            server: SERVER.into(),
            body: Vec::new(),
            location: Some(format!("http://{host}{INSTALLER}")),
        }
    }

    /// WordPress's answer when its database could not be reached.
    pub(super) fn wordpress_db_error() -> Answer {
        Answer::Http(HttpResponse {
            status: 500,
            reason: "Internal Server Error",
            content_type: "text/html; charset=utf-8",
            server: SERVER.into(),
            body: DB_ERROR_PAGE.as_bytes().to_vec(),
            location: None,
        })
    }
}
