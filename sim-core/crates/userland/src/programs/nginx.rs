//! nginx 1.27.4 as the official image runs it, beyond its start-up lines: its configuration
//! read as `src/core/ngx_conf_file.c` reads it (tokens, blocks, `include` with globs, the
//! directive names of the modules the image compiles in, the contexts and argument counts of
//! the common ones, each refusal an `[emerg]` with its ` in FILE:LINE`), the master process's
//! signals as `src/os/unix/ngx_process.c`'s handler and `ngx_process_cycle.c`'s master cycle log
//! them (SIGHUP re-reads the configuration and replaces the workers, keeping the old
//! configuration when the new one is refused; SIGUSR1 reopens logs; SIGQUIT/SIGTERM/SIGINT
//! end it), and `nginx -s reload|reopen|stop|quit`, which reads the pid file and signals the
//! master as `ngx_signal_process` (`src/core/ngx_cycle.c`) does. What the configuration says
//! (ports, `root`, `index`) is what the container serves (`World::serve_static`).

use super::builtins::done;
use super::servers::{fill, Server, Step};
use crate::process::{Cx, Job, Poll, Signal, Wake};
use crate::world::{Cid, Loc, World};

/// `--prefix=/etc/nginx`: relative paths in the configuration are read from here.
const PREFIX: &str = "/etc/nginx/";
/// `--conf-path`.
const CONF: &str = "/etc/nginx/nginx.conf";
const VERSION: &str = "nginx/1.27.4";

/// One `server`'s port and what it serves there.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Site {
    pub port: u16,
    pub root: String,
    pub index: Vec<String>,
}

/// What Muelle takes from a configuration that nginx accepted.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Conf {
    pub sites: Vec<Site>,
    /// The `pid` file (`/run/nginx.pid` in the image's `nginx.conf`).
    pub pid: String,
}

// Generated from nginx 1.27.4's sources: every `ngx_command_t` name of the modules the official
// image (nginx.org's Debian packages) compiles in — http, events, stream, mail and their modules,
// without geoip, image_filter, xslt, perl (dynamic modules the default configuration does not
// load) and the other platforms' event methods.
const DIRECTIVES: &str = concat!(
    "absolute_redirect accept_mutex accept_mutex_delay access_log add_after_body add_before_body ",
    "add_header add_trailer addition_types aio aio_write alias allow ancient_browser ",
    "ancient_browser_value auth_basic auth_basic_user_file auth_delay auth_http auth_http_header ",
    "auth_http_pass_client_cert auth_http_timeout auth_request auth_request_set autoindex ",
    "autoindex_exact_size autoindex_format autoindex_localtime break charset charset_map charset_types ",
    "chunked_transfer_encoding client_body_buffer_size client_body_in_file_only ",
    "client_body_in_single_buffer client_body_temp_path client_body_timeout client_header_buffer_size ",
    "client_header_timeout client_max_body_size connection_pool_size create_full_put_path daemon ",
    "dav_access dav_methods debug_connection debug_points default_type deny directio directio_alignment ",
    "disable_symlinks empty_gif env epoll_events error_log error_page etag events expires fastcgi_bind ",
    "fastcgi_buffer_size fastcgi_buffering fastcgi_buffers fastcgi_busy_buffers_size fastcgi_cache ",
    "fastcgi_cache_background_update fastcgi_cache_bypass fastcgi_cache_key fastcgi_cache_lock ",
    "fastcgi_cache_lock_age fastcgi_cache_lock_timeout fastcgi_cache_max_range_offset ",
    "fastcgi_cache_methods fastcgi_cache_min_uses fastcgi_cache_path fastcgi_cache_revalidate ",
    "fastcgi_cache_use_stale fastcgi_cache_valid fastcgi_catch_stderr fastcgi_connect_timeout ",
    "fastcgi_force_ranges fastcgi_hide_header fastcgi_ignore_client_abort fastcgi_ignore_headers ",
    "fastcgi_index fastcgi_intercept_errors fastcgi_keep_conn fastcgi_limit_rate ",
    "fastcgi_max_temp_file_size fastcgi_next_upstream fastcgi_next_upstream_timeout ",
    "fastcgi_next_upstream_tries fastcgi_no_cache fastcgi_param fastcgi_pass fastcgi_pass_header ",
    "fastcgi_pass_request_body fastcgi_pass_request_headers fastcgi_read_timeout ",
    "fastcgi_request_buffering fastcgi_send_lowat fastcgi_send_timeout fastcgi_socket_keepalive ",
    "fastcgi_split_path_info fastcgi_store fastcgi_store_access fastcgi_temp_file_write_size ",
    "fastcgi_temp_path flv geo grpc_bind grpc_buffer_size grpc_connect_timeout grpc_hide_header ",
    "grpc_ignore_headers grpc_intercept_errors grpc_next_upstream grpc_next_upstream_timeout ",
    "grpc_next_upstream_tries grpc_pass grpc_pass_header grpc_read_timeout grpc_send_timeout ",
    "grpc_set_header grpc_socket_keepalive grpc_ssl_certificate grpc_ssl_certificate_cache ",
    "grpc_ssl_certificate_key grpc_ssl_ciphers grpc_ssl_conf_command grpc_ssl_crl grpc_ssl_name ",
    "grpc_ssl_password_file grpc_ssl_protocols grpc_ssl_server_name grpc_ssl_session_reuse ",
    "grpc_ssl_trusted_certificate grpc_ssl_verify grpc_ssl_verify_depth gunzip gunzip_buffers gzip ",
    "gzip_buffers gzip_comp_level gzip_disable gzip_hash gzip_http_version gzip_min_length ",
    "gzip_no_buffer gzip_proxied gzip_static gzip_types gzip_vary gzip_window hash http http2 ",
    "http2_body_preread_size http2_chunk_size http2_idle_timeout http2_max_concurrent_pushes ",
    "http2_max_concurrent_streams http2_max_field_size http2_max_header_size http2_max_requests ",
    "http2_pool_size http2_push http2_push_preload http2_recv_buffer_size http2_recv_timeout ",
    "http2_streams_index_size http3 http3_hq http3_max_concurrent_streams http3_stream_buffer_size if ",
    "if_modified_since ignore_invalid_headers imap_auth imap_capabilities imap_client_buffer include ",
    "index internal ip_hash keepalive keepalive_disable keepalive_min_timeout keepalive_requests ",
    "keepalive_time keepalive_timeout large_client_header_buffers least_conn limit_conn ",
    "limit_conn_dry_run limit_conn_log_level limit_conn_status limit_conn_zone limit_except limit_rate ",
    "limit_rate_after limit_req limit_req_dry_run limit_req_log_level limit_req_status limit_req_zone ",
    "lingering_close lingering_time lingering_timeout listen load_module location lock_file log_format ",
    "log_not_found log_subrequest mail map map_hash_bucket_size map_hash_max_size master_process ",
    "max_errors max_ranges memcached_bind memcached_buffer_size memcached_connect_timeout ",
    "memcached_gzip_flag memcached_next_upstream memcached_next_upstream_timeout ",
    "memcached_next_upstream_tries memcached_pass memcached_read_timeout memcached_send_timeout ",
    "memcached_socket_keepalive merge_slashes min_delete_depth mirror mirror_request_body modern_browser ",
    "modern_browser_value mp4 mp4_buffer_size mp4_max_buffer_size mp4_start_key_frame msie_padding ",
    "msie_refresh multi_accept open_file_cache open_file_cache_errors open_file_cache_events ",
    "open_file_cache_min_uses open_file_cache_valid open_log_file_cache output_buffers override_charset ",
    "pass pcre_jit pid pop3_auth pop3_capabilities port_in_redirect post_action postpone_gzipping ",
    "postpone_output preread_buffer_size preread_timeout protocol proxy proxy_bind proxy_buffer ",
    "proxy_buffer_size proxy_buffering proxy_buffers proxy_busy_buffers_size proxy_cache ",
    "proxy_cache_background_update proxy_cache_bypass proxy_cache_convert_head proxy_cache_key ",
    "proxy_cache_lock proxy_cache_lock_age proxy_cache_lock_timeout proxy_cache_max_range_offset ",
    "proxy_cache_methods proxy_cache_min_uses proxy_cache_path proxy_cache_revalidate ",
    "proxy_cache_use_stale proxy_cache_valid proxy_connect_timeout proxy_cookie_domain ",
    "proxy_cookie_flags proxy_cookie_path proxy_download_rate proxy_downstream_buffer proxy_force_ranges ",
    "proxy_half_close proxy_headers_hash_bucket_size proxy_headers_hash_max_size proxy_hide_header ",
    "proxy_http_version proxy_ignore_client_abort proxy_ignore_headers proxy_intercept_errors ",
    "proxy_limit_rate proxy_max_temp_file_size proxy_method proxy_next_upstream ",
    "proxy_next_upstream_timeout proxy_next_upstream_tries proxy_no_cache proxy_pass ",
    "proxy_pass_error_message proxy_pass_header proxy_pass_request_body proxy_pass_request_headers ",
    "proxy_pass_trailers proxy_protocol proxy_protocol_timeout proxy_read_timeout proxy_redirect ",
    "proxy_request_buffering proxy_requests proxy_responses proxy_send_lowat proxy_send_timeout ",
    "proxy_set_body proxy_set_header proxy_smtp_auth proxy_socket_keepalive proxy_ssl ",
    "proxy_ssl_certificate proxy_ssl_certificate_cache proxy_ssl_certificate_key proxy_ssl_ciphers ",
    "proxy_ssl_conf_command proxy_ssl_crl proxy_ssl_name proxy_ssl_password_file proxy_ssl_protocols ",
    "proxy_ssl_server_name proxy_ssl_session_reuse proxy_ssl_trusted_certificate proxy_ssl_verify ",
    "proxy_ssl_verify_depth proxy_store proxy_store_access proxy_temp_file_write_size proxy_temp_path ",
    "proxy_timeout proxy_upload_rate proxy_upstream_buffer quic_active_connection_id_limit quic_gso ",
    "quic_host_key quic_retry random random_index read_ahead real_ip_header real_ip_recursive ",
    "recursive_error_pages referer_hash_bucket_size referer_hash_max_size request_pool_size ",
    "reset_timedout_connection resolver resolver_timeout return rewrite rewrite_log root satisfy ",
    "scgi_bind scgi_buffer_size scgi_buffering scgi_buffers scgi_busy_buffers_size scgi_cache ",
    "scgi_cache_background_update scgi_cache_bypass scgi_cache_key scgi_cache_lock scgi_cache_lock_age ",
    "scgi_cache_lock_timeout scgi_cache_max_range_offset scgi_cache_methods scgi_cache_min_uses ",
    "scgi_cache_path scgi_cache_revalidate scgi_cache_use_stale scgi_cache_valid scgi_connect_timeout ",
    "scgi_force_ranges scgi_hide_header scgi_ignore_client_abort scgi_ignore_headers ",
    "scgi_intercept_errors scgi_limit_rate scgi_max_temp_file_size scgi_next_upstream ",
    "scgi_next_upstream_timeout scgi_next_upstream_tries scgi_no_cache scgi_param scgi_pass ",
    "scgi_pass_header scgi_pass_request_body scgi_pass_request_headers scgi_read_timeout ",
    "scgi_request_buffering scgi_send_timeout scgi_socket_keepalive scgi_store scgi_store_access ",
    "scgi_temp_file_write_size scgi_temp_path secure_link secure_link_md5 secure_link_secret send_lowat ",
    "send_timeout sendfile sendfile_max_chunk server server_name server_name_in_redirect ",
    "server_names_hash_bucket_size server_names_hash_max_size server_tokens set set_real_ip_from slice ",
    "smtp_auth smtp_capabilities smtp_client_buffer smtp_greeting_delay source_charset split_clients ssi ",
    "ssi_ignore_recycled_buffers ssi_last_modified ssi_min_file_chunk ssi_silent_errors ssi_types ",
    "ssi_value_length ssl_alpn ssl_buffer_size ssl_certificate ssl_certificate_cache ssl_certificate_key ",
    "ssl_ciphers ssl_client_certificate ssl_conf_command ssl_crl ssl_dhparam ssl_early_data ",
    "ssl_ecdh_curve ssl_engine ssl_handshake_timeout ssl_object_cache_inheritable ssl_ocsp ",
    "ssl_ocsp_cache ssl_ocsp_responder ssl_password_file ssl_prefer_server_ciphers ssl_preread ",
    "ssl_protocols ssl_reject_handshake ssl_session_cache ssl_session_ticket_key ssl_session_tickets ",
    "ssl_session_timeout ssl_stapling ssl_stapling_file ssl_stapling_responder ssl_stapling_verify ",
    "ssl_trusted_certificate ssl_verify_client ssl_verify_depth starttls stream stub_status sub_filter ",
    "sub_filter_last_modified sub_filter_once sub_filter_types subrequest_output_buffer_size tcp_nodelay ",
    "tcp_nopush thread_pool timeout timer_resolution try_files types types_hash_bucket_size ",
    "types_hash_max_size underscores_in_headers uninitialized_variable_warn upstream use user userid ",
    "userid_domain userid_expires userid_flags userid_mark userid_name userid_p3p userid_path ",
    "userid_service uwsgi_bind uwsgi_buffer_size uwsgi_buffering uwsgi_buffers uwsgi_busy_buffers_size ",
    "uwsgi_cache uwsgi_cache_background_update uwsgi_cache_bypass uwsgi_cache_key uwsgi_cache_lock ",
    "uwsgi_cache_lock_age uwsgi_cache_lock_timeout uwsgi_cache_max_range_offset uwsgi_cache_methods ",
    "uwsgi_cache_min_uses uwsgi_cache_path uwsgi_cache_revalidate uwsgi_cache_use_stale ",
    "uwsgi_cache_valid uwsgi_connect_timeout uwsgi_force_ranges uwsgi_hide_header ",
    "uwsgi_ignore_client_abort uwsgi_ignore_headers uwsgi_intercept_errors uwsgi_limit_rate ",
    "uwsgi_max_temp_file_size uwsgi_modifier1 uwsgi_modifier2 uwsgi_next_upstream ",
    "uwsgi_next_upstream_timeout uwsgi_next_upstream_tries uwsgi_no_cache uwsgi_param uwsgi_pass ",
    "uwsgi_pass_header uwsgi_pass_request_body uwsgi_pass_request_headers uwsgi_read_timeout ",
    "uwsgi_request_buffering uwsgi_send_timeout uwsgi_socket_keepalive uwsgi_ssl_certificate ",
    "uwsgi_ssl_certificate_cache uwsgi_ssl_certificate_key uwsgi_ssl_ciphers uwsgi_ssl_conf_command ",
    "uwsgi_ssl_crl uwsgi_ssl_name uwsgi_ssl_password_file uwsgi_ssl_protocols uwsgi_ssl_server_name ",
    "uwsgi_ssl_session_reuse uwsgi_ssl_trusted_certificate uwsgi_ssl_verify uwsgi_ssl_verify_depth ",
    "uwsgi_store uwsgi_store_access uwsgi_string uwsgi_temp_file_write_size uwsgi_temp_path ",
    "valid_referers variables_hash_bucket_size variables_hash_max_size worker_aio_requests ",
    "worker_connections worker_cpu_affinity worker_priority worker_processes worker_rlimit_core ",
    "worker_rlimit_nofile worker_shutdown_timeout working_directory xclient zone ",
);

/// Contexts a directive may appear in (`NGX_MAIN_CONF`, `NGX_EVENT_CONF`, `NGX_HTTP_*_CONF`).
const MAIN: u8 = 1;
const EVENTS: u8 = 2;
const HTTP: u8 = 4;
const SRV: u8 = 8;
const LOC: u8 = 16;
const UPS: u8 = 32;
const ANY: u8 = 255;
/// `NGX_CONF_FLAG`: one argument, `on` or `off`.
const FLAG: (u8, u8) = (1, 1);
const MORE: u8 = u8::MAX;

/// The common directives' contexts, argument counts (min, max) and whether they open a block,
/// from their `ngx_command_t` entries; other known names are taken in any context.
const RULES: &[(&str, u8, (u8, u8), bool)] = &[
    ("user", MAIN, (1, 2), false),
    ("worker_processes", MAIN, (1, 1), false),
    ("error_log", MAIN | HTTP | SRV | LOC, (1, MORE), false),
    ("pid", MAIN, (1, 1), false),
    ("events", MAIN, (0, 0), true),
    ("http", MAIN, (0, 0), true),
    ("stream", MAIN, (0, 0), true),
    ("mail", MAIN, (0, 0), true),
    ("load_module", MAIN, (1, 1), false),
    ("env", MAIN, (1, 1), false),
    ("daemon", MAIN, FLAG, false),
    ("worker_connections", EVENTS, (1, 1), false),
    ("use", EVENTS, (1, 1), false),
    ("multi_accept", EVENTS, FLAG, false),
    ("server", HTTP, (0, 0), true),
    ("listen", SRV, (1, MORE), false),
    ("server_name", SRV, (1, MORE), false),
    ("root", HTTP | SRV | LOC, (1, 1), false),
    ("alias", LOC, (1, 1), false),
    ("index", HTTP | SRV | LOC, (1, MORE), false),
    ("location", SRV | LOC, (1, 2), true),
    ("return", SRV | LOC, (1, 2), false),
    ("proxy_pass", LOC, (1, 1), false),
    ("try_files", SRV | LOC, (2, MORE), false),
    ("error_page", HTTP | SRV | LOC, (2, MORE), false),
    ("access_log", HTTP | SRV | LOC, (1, MORE), false),
    ("add_header", HTTP | SRV | LOC, (2, 3), false),
    ("rewrite", SRV | LOC, (2, 3), false),
    ("autoindex", HTTP | SRV | LOC, FLAG, false),
    ("sendfile", HTTP | SRV | LOC, FLAG, false),
    ("tcp_nopush", HTTP | SRV | LOC, FLAG, false),
    ("gzip", HTTP | SRV | LOC, FLAG, false),
    ("keepalive_timeout", HTTP | SRV | LOC, (1, 2), false),
    ("default_type", HTTP | SRV | LOC, (1, 1), false),
    ("types", HTTP | SRV | LOC, (0, 0), true),
    ("upstream", HTTP, (1, 1), true),
    ("map", HTTP, (2, 2), true),
    ("client_max_body_size", HTTP | SRV | LOC, (1, 1), false),
    ("proxy_set_header", HTTP | SRV | LOC, (2, 2), false),
    ("log_format", HTTP, (2, MORE), false),
    ("include", ANY, (1, 1), false),
];

/// The `listen` parameters after the address (`ngx_http_core_listen`).
const LISTEN_PARAMS: &[&str] =
    &["default_server", "default", "ssl", "http2", "quic", "proxy_protocol", "reuseport", "bind", "deferred"];
/// The directives of [`RULES`] that are `NGX_CONF_FLAG`s.
const FLAGS: &[&str] = &["autoindex", "sendfile", "tcp_nopush", "gzip", "daemon", "multi_accept"];
const LISTEN_VALUED: &[&str] =
    &["backlog=", "rcvbuf=", "sndbuf=", "ipv6only=", "so_keepalive=", "accept_filter=", "setfib=", "fastopen="];

fn known(name: &str) -> bool {
    DIRECTIVES.split(' ').any(|d| d == name)
}

/// What the tokenizer read: a directive (its words; `true` when it opens a block), the end of
/// a block, or the end of the file.
enum Tok {
    Dir(Vec<String>, bool),
    End,
    Eof,
}

/// One configuration file being read, as `ngx_conf_read_token` reads it.
struct Lexer {
    name: String,
    text: Vec<u8>,
    pos: usize,
    /// `cf->conf_file->line`: counts the newlines read so far, from 1.
    line: usize,
    /// How many blocks were open where this file was included: a `}` that would close one of
    /// those, or the end of this file inside a block it opened, is refused.
    depth: usize,
}

impl Lexer {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.pos += 1;
        if c == b'\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn next(&mut self) -> Result<Tok, String> {
        let mut words: Vec<String> = Vec::new();
        loop {
            while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                self.bump();
            }
            let Some(c) = self.peek() else {
                if words.is_empty() {
                    return Ok(Tok::Eof);
                }
                return Err("unexpected end of file, expecting \";\" or \"}\"".into());
            };
            match c {
                b';' | b'{' => {
                    self.bump();
                    if words.is_empty() {
                        return Err(format!("unexpected \"{}\"", c as char));
                    }
                    return Ok(Tok::Dir(words, c == b'{'));
                }
                b'}' => {
                    self.bump();
                    if !words.is_empty() {
                        return Err("unexpected \"}\"".into());
                    }
                    return Ok(Tok::End);
                }
                b'#' => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.bump();
                    }
                }
                b'"' | b'\'' => {
                    self.bump();
                    let mut word = Vec::new();
                    loop {
                        match self.bump() {
                            None => return Err("unexpected end of file, expecting \";\" or \"}\"".into()),
                            Some(b'\\') => match self.bump() {
                                Some(q) if q == c || q == b'\\' => word.push(q),
                                Some(b't') => word.push(b'\t'),
                                Some(b'r') => word.push(b'\r'),
                                Some(b'n') => word.push(b'\n'),
                                Some(o) => word.extend_from_slice(&[b'\\', o]),
                                None => return Err("unexpected end of file, expecting \";\" or \"}\"".into()),
                            },
                            Some(q) if q == c => break,
                            Some(o) => word.push(o),
                        }
                    }
                    // After a quoted word: a space, `;`, `{` or `)`, nothing else.
                    match self.peek() {
                        Some(n) if !(n.is_ascii_whitespace() || matches!(n, b';' | b'{' | b')')) => {
                            return Err(format!("unexpected \"{}\"", n as char));
                        }
                        _ => {}
                    }
                    words.push(String::from_utf8_lossy(&word).into_owned());
                }
                _ => {
                    let start = self.pos;
                    while self.peek().is_some_and(|c| !(c.is_ascii_whitespace() || matches!(c, b';' | b'{' | b'}'))) {
                        self.bump();
                    }
                    words.push(String::from_utf8_lossy(&self.text[start..self.pos]).into_owned());
                }
            }
        }
    }
}

/// The block a directive is read in.
#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Main,
    Events,
    Http,
    /// A `server` (its index in the sites being read).
    Server(usize),
    /// A `location` in a server; `true` for `location /`, whose `root` the site serves.
    Location(usize, bool),
    Upstream,
    /// A block read by its own handler (`types`, `map`, `geo`, `split_clients`…): not directives.
    Opaque,
    /// `stream`, `mail`, `if`, `limit_except`…: names checked, nothing taken.
    Loose,
}

impl Ctx {
    fn mask(self) -> u8 {
        match self {
            Ctx::Main => MAIN,
            Ctx::Events => EVENTS,
            Ctx::Http => HTTP,
            Ctx::Server(_) => SRV,
            Ctx::Location(..) => LOC,
            Ctx::Upstream => UPS,
            Ctx::Opaque | Ctx::Loose => ANY,
        }
    }
}

/// A server being read: its ports, and its `root`/`index` at the server level and in
/// `location /`.
#[derive(Default)]
struct SiteDraft {
    ports: Vec<u16>,
    root: Option<String>,
    index: Option<Vec<String>>,
    loc_root: Option<String>,
    loc_index: Option<Vec<String>>,
}

/// A path as nginx makes it absolute: relative ones from the prefix.
fn full_path(p: &str) -> String {
    if p.starts_with('/') {
        p.to_string()
    } else {
        format!("{PREFIX}{p}")
    }
}

/// nginx's configuration in `loc`, read from `/etc/nginx/nginx.conf` as `ngx_init_cycle` reads
/// it. `Err`: the `[emerg]` message nginx logs, with its ` in FILE:LINE`.
pub(super) fn load(world: &World, loc: Loc) -> Result<Conf, String> {
    let text =
        world.fs_read(loc, CONF).map_err(|_| format!("open() \"{CONF}\" failed (2: No such file or directory)"))?;
    let mut files = vec![Lexer { name: CONF.into(), text, pos: 0, line: 1, depth: 0 }];
    let mut stack = vec![Ctx::Main];
    let mut drafts: Vec<SiteDraft> = Vec::new();
    let mut http_root: Option<String> = None;
    let mut http_index: Option<Vec<String>> = None;
    let mut pid = "/run/nginx.pid".to_string();
    while let Some(file) = files.last_mut() {
        let here = |file: &Lexer, msg: String| format!("{msg} in {}:{}", file.name, file.line);
        let tok = match file.next() {
            Ok(t) => t,
            Err(msg) => return Err(here(file, msg)),
        };
        let ctx = *stack.last().unwrap_or(&Ctx::Main);
        let (words, block) = match tok {
            Tok::Eof => {
                if stack.len() - 1 > file.depth {
                    return Err(here(file, "unexpected end of file, expecting \"}\"".into()));
                }
                files.pop();
                continue;
            }
            Tok::End => {
                if stack.len() - 1 <= file.depth {
                    return Err(here(file, "unexpected \"}\"".into()));
                }
                stack.pop();
                continue;
            }
            Tok::Dir(words, block) => (words, block),
        };
        if ctx == Ctx::Opaque {
            if block {
                return Err(here(file, "unexpected \"{\"".into()));
            }
            continue;
        }
        let name = words[0].as_str();
        let args = &words[1..];
        if !known(name) {
            return Err(here(file, format!("unknown directive \"{name}\"")));
        }
        // `server` in an `upstream` is a server address, not a block.
        let rule = if name == "server" && ctx == Ctx::Upstream {
            Some(("server", UPS, (1, MORE), false))
        } else {
            RULES.iter().find(|r| r.0 == name).copied()
        };
        if let Some((_, mask, (min, max), opens)) = rule {
            if ctx != Ctx::Loose && mask & ctx.mask() == 0 {
                return Err(here(file, format!("\"{name}\" directive is not allowed here")));
            }
            if !opens && block {
                return Err(here(file, format!("directive \"{name}\" is not terminated by \";\"")));
            }
            if opens && !block {
                return Err(here(file, format!("directive \"{name}\" has no opening \"{{\"")));
            }
            if args.len() < min as usize || (max != MORE && args.len() > max as usize) {
                return Err(here(file, format!("invalid number of arguments in \"{name}\" directive")));
            }
            if FLAGS.contains(&name) && !matches!(args[0].as_str(), "on" | "off") {
                return Err(here(
                    file,
                    format!("invalid value \"{}\" in \"{name}\" directive, it must be \"on\" or \"off\"", args[0]),
                ));
            }
        }
        if block {
            let inner = match (name, ctx) {
                ("events", _) => Ctx::Events,
                ("http", _) => Ctx::Http,
                ("server", Ctx::Http) => {
                    drafts.push(SiteDraft::default());
                    Ctx::Server(drafts.len() - 1)
                }
                ("location", Ctx::Server(i) | Ctx::Location(i, _)) => {
                    let slash = args.len() == 1 && args[0] == "/" && matches!(ctx, Ctx::Server(_));
                    Ctx::Location(i, slash)
                }
                ("upstream", _) => Ctx::Upstream,
                ("types" | "map" | "geo" | "split_clients" | "charset_map" | "match", _) => Ctx::Opaque,
                _ => Ctx::Loose,
            };
            stack.push(inner);
            continue;
        }
        match (name, ctx) {
            ("include", _) => {
                let path = full_path(&args[0]);
                let line = file.line;
                let name_here = file.name.clone();
                let depth = stack.len() - 1;
                let mut found: Vec<String> = Vec::new();
                if crate::wildcard::has_wildcards(&path) {
                    let dir = crate::fs::parent(&path).to_string();
                    let pattern = path.rsplit('/').next().unwrap_or("").to_string();
                    for (entry, is_dir) in world.fs_list(loc, &dir).unwrap_or_default() {
                        if !is_dir && crate::wildcard::matches(&pattern, &entry, crate::wildcard::Dialect::Shell) {
                            found.push(format!("{}/{entry}", dir.trim_end_matches('/')));
                        }
                    }
                    crate::sort::sort_by_key(&mut found, |f| f.clone());
                } else {
                    found.push(path);
                }
                if files.len() >= 32 {
                    return Err(format!("too many open files in {name_here}:{line}"));
                }
                // The files are read in order: pushed last first.
                for f in found.into_iter().rev() {
                    match world.fs_read(loc, &f) {
                        Ok(text) => files.push(Lexer { name: f, text, pos: 0, line: 1, depth }),
                        Err(_) => {
                            return Err(format!(
                                "open() \"{f}\" failed (2: No such file or directory) in {name_here}:{line}"
                            ))
                        }
                    }
                }
            }
            ("pid", Ctx::Main) => pid = full_path(&args[0]),
            ("listen", Ctx::Server(i)) => {
                let addr = args[0].as_str();
                let port_text = match addr.rsplit_once(':') {
                    Some((_, p)) if !addr.ends_with(']') => p,
                    _ if addr.starts_with('[') => "80",
                    _ if addr.bytes().all(|b| b.is_ascii_digit()) => addr,
                    _ => "80",
                };
                let port = match port_text.parse::<u32>() {
                    Ok(p) if (1..=65535).contains(&p) => p as u16,
                    _ => return Err(here(file, format!("invalid port in \"{addr}\" of the \"listen\" directive"))),
                };
                for a in &args[1..] {
                    if !LISTEN_PARAMS.contains(&a.as_str()) && !LISTEN_VALUED.iter().any(|v| a.starts_with(v)) {
                        return Err(here(file, format!("invalid parameter \"{a}\"")));
                    }
                }
                if !drafts[i].ports.contains(&port) {
                    drafts[i].ports.push(port);
                }
            }
            ("root", Ctx::Http) => http_root = Some(full_path(&args[0])),
            ("root", Ctx::Server(i)) => drafts[i].root = Some(full_path(&args[0])),
            ("root", Ctx::Location(i, true)) => drafts[i].loc_root = Some(full_path(&args[0])),
            ("index", Ctx::Http) => http_index = Some(args.to_vec()),
            ("index", Ctx::Server(i)) => drafts[i].index = Some(args.to_vec()),
            ("index", Ctx::Location(i, true)) => drafts[i].loc_index = Some(args.to_vec()),
            _ => {}
        }
    }
    if stack.len() > 1 {
        return Err(format!("unexpected end of file, expecting \"}}\" in {CONF}"));
    }
    let mut sites: Vec<Site> = Vec::new();
    for d in drafts {
        // Without `listen`, a server run by root listens on `*:80`.
        let ports = if d.ports.is_empty() { vec![80] } else { d.ports };
        let root = d.loc_root.or(d.root).or(http_root.clone()).unwrap_or_else(|| full_path("html"));
        let index = d.loc_index.or(d.index).or(http_index.clone()).unwrap_or_else(|| vec!["index.html".into()]);
        for port in ports {
            if !sites.iter().any(|s| s.port == port) {
                sites.push(Site { port, root: root.clone(), index: index.clone() });
            }
        }
    }
    Ok(Conf { sites, pid })
}

/// The PID nginx logs as (`PID#TID`): the master is 1; another nginx in the container (`docker
/// exec … nginx -t`) gets the next one.
fn own_pid(cx: &mut Cx<'_>) -> u32 {
    match cx.sh.loc {
        _ if cx.sh.is_main => 1,
        Loc::Container(cid) => cx.world.alloc_pid(cid, 2),
        Loc::Host => 4242,
    }
}

/// An `[emerg]`/`[error]`/`[alert]` while nginx still writes to stderr: once to the error log
/// (the image links `/var/log/nginx/error.log` to stderr) and once as `nginx: [level] …`.
fn stderr_error(cx: &mut Cx<'_>, pid: u32, level: &str, msg: &str) {
    let line = fill(&format!("{{ts_nginx}} [{level}] {pid}#{pid}: {msg}"), cx);
    cx.io.errln(&line);
    cx.io.errln(&format!("nginx: [{level}] {msg}"));
}

/// `nginx` in a container: `-v`, `-t`, `-s SIGNAL`, or the server itself.
pub(super) fn nginx(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut signal: Option<String> = None;
    let mut test = false;
    let mut i = 1;
    while i < argv.len() {
        match argv[i].as_str() {
            "-v" | "-V" => {
                cx.io.errln(&format!("nginx version: {VERSION}"));
                return done(0);
            }
            "-t" | "-T" => test = true,
            "-s" => match argv.get(i + 1) {
                Some(s) => {
                    signal = Some(s.clone());
                    i += 1;
                }
                None => {
                    cx.io.errln("nginx: option \"-s\" requires parameter");
                    return done(1);
                }
            },
            s if s.starts_with("-s") && s.len() > 2 => signal = Some(s[2..].to_string()),
            "-g" | "-c" | "-p" | "-e" => i += 1,
            _ => {}
        }
        i += 1;
    }
    let sig = match signal.as_deref() {
        None => None,
        Some("stop") => Some(Signal::Term),
        Some("quit") => Some(Signal::Quit),
        Some("reopen") => Some(Signal::Usr1),
        Some("reload") => Some(Signal::Hup),
        Some(other) => {
            cx.io.errln(&format!("nginx: invalid option: \"-s {other}\""));
            return done(1);
        }
    };
    let conf = load(cx.world, cx.sh.loc);
    if test {
        let pid = own_pid(cx);
        return match conf {
            Ok(_) => {
                cx.io.errln(&format!("nginx: the configuration file {CONF} syntax is ok"));
                cx.io.errln(&format!("nginx: configuration file {CONF} test is successful"));
                done(0)
            }
            Err(msg) => {
                stderr_error(cx, pid, "emerg", &msg);
                cx.io.errln(&format!("nginx: configuration file {CONF} test failed"));
                done(1)
            }
        };
    }
    if let Some(sig) = sig {
        let pid = own_pid(cx);
        return signal_process(cx, pid, conf, sig);
    }
    let conf = match conf {
        Ok(c) => c,
        Err(msg) => {
            let pid = own_pid(cx);
            stderr_error(cx, pid, "emerg", &msg);
            return done(1);
        }
    };
    if !cx.sh.is_main {
        cx.io.errln("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)");
        return done(1);
    }
    let Loc::Container(cid) = cx.sh.loc else { return done(1) };
    Box::new(Master::start(cx, cid, conf))
}

/// `nginx -s SIGNAL`: `ngx_signal_process` reads the master's PID from the pid file and signals it.
fn signal_process(cx: &mut Cx<'_>, pid: u32, conf: Result<Conf, String>, sig: Signal) -> Box<dyn Job> {
    let conf = match conf {
        Ok(c) => c,
        Err(msg) => {
            stderr_error(cx, pid, "emerg", &msg);
            return done(1);
        }
    };
    let line = fill(&format!("{{ts_nginx}} [notice] {pid}#{pid}: signal process started"), cx);
    cx.io.errln(&line);
    let text = match cx.world.fs_read(cx.sh.loc, &conf.pid) {
        Ok(t) => String::from_utf8_lossy(&t).into_owned(),
        Err(_) => {
            let msg = format!("open() \"{}\" failed (2: No such file or directory)", conf.pid);
            stderr_error(cx, pid, "error", &msg);
            return done(1);
        }
    };
    let digits = text.trim_end_matches(['\n', '\r']);
    let Ok(master) = digits.parse::<u32>() else {
        let msg = format!("invalid PID number \"{digits}\" in \"{}\"", conf.pid);
        stderr_error(cx, pid, "error", &msg);
        return done(1);
    };
    // Only the container's main process is a process Muelle can signal: PID 1.
    let alive = matches!(cx.sh.loc, Loc::Container(cid) if master == 1 && cx.world.container(cid).is_some_and(|c| c.is_running()));
    if !alive {
        let msg = format!("kill({master}, {}) failed (3: No such process)", sig.number());
        stderr_error(cx, pid, "alert", &msg);
        return done(1);
    }
    if let Loc::Container(cid) = cx.sh.loc {
        cx.world.signal_from(cid, sig, pid);
    }
    done(0)
}

/// nginx's master process: its start-up lines, then what it does on each signal.
struct Master {
    cid: Cid,
    startup: Server,
    conf: Conf,
    /// What it serves is registered once the start-up lines are out.
    serving: bool,
    workers: Vec<u32>,
}

/// How many workers `worker_processes auto;` starts (the simulated host's CPUs).
const WORKERS: usize = 2;

impl Master {
    fn start(cx: &mut Cx<'_>, cid: Cid, conf: Conf) -> Master {
        let workers: Vec<u32> = (0..WORKERS).map(|_| cx.world.alloc_pid(cid, 29)).collect();
        let n = "{ts_nginx} [notice] 1#1:";
        let mut steps = vec![
            (20, Step::Log(format!("{n} using the \"epoll\" event method"))),
            (20, Step::Log(format!("{n} {VERSION}"))),
            (20, Step::Log(format!("{n} built by gcc 12.2.0 (Debian 12.2.0-14)"))),
            (20, Step::Log(format!("{n} OS: Linux 6.8.0-52-generic"))),
            (20, Step::Log(format!("{n} getrlimit(RLIMIT_NOFILE): 1048576:1048576"))),
            (20, Step::Log(format!("{n} start worker processes"))),
        ];
        for w in &workers {
            steps.push((20, Step::Log(format!("{n} start worker process {w}"))));
        }
        steps.push((25, Step::Listen(Vec::new())));
        let _ = cx.world.fs_mkdir(cx.sh.loc, crate::fs::parent(&conf.pid), true);
        let _ = cx.world.fs_write(cx.sh.loc, &conf.pid, b"1\n", false);
        // The temporary directories of the `nginx` user, made as the master starts (`docker
        // diff` shows them).
        for t in ["client_temp", "proxy_temp", "fastcgi_temp", "uwsgi_temp", "scgi_temp"] {
            let _ = cx.world.fs_mkdir(cx.sh.loc, &format!("/var/cache/nginx/{t}"), true);
        }
        Master { cid, startup: Server::new(steps), conf, serving: false, workers }
    }

    fn serve_sites(&self, world: &mut World) {
        for s in &self.conf.sites {
            world.serve_static(self.cid, s.port, &s.root, &s.index);
        }
    }

    /// `signal N (SIGX) received[ from PID]ACTION`, as `ngx_signal_handler` logs it.
    fn received(cx: &Cx<'_>, sig: Signal, action: &str) -> String {
        let from = cx.world.signal_sender().map(|p| format!(" from {p}")).unwrap_or_default();
        format!("{{ts_nginx}} [notice] 1#1: signal {} ({}) received{from}{action}", sig.number(), sig.name())
    }

    fn log(cx: &mut Cx<'_>, lines: &[String]) {
        for l in lines {
            let line = fill(l, cx);
            cx.io.outln(&line);
        }
    }

    /// Workers told to quit (`NGX_CMD_QUIT` on their channel, graceful) or terminate: they log
    /// and exit, and the master reaps them on the first SIGCHLD — all of them, or on a fast
    /// exit only the first before it exits itself.
    fn workers_quit(workers: &[u32], graceful: bool, lines: &mut Vec<String>) {
        for w in workers {
            if graceful {
                lines.push(format!("{{ts_nginx}} [notice] {w}#{w}: gracefully shutting down"));
            }
            lines.push(format!("{{ts_nginx}} [notice] {w}#{w}: exiting"));
            lines.push(format!("{{ts_nginx}} [notice] {w}#{w}: exit"));
        }
        if let Some(first) = workers.first() {
            lines.push(format!("{{ts_nginx}} [notice] 1#1: signal 17 (SIGCHLD) received from {first}"));
        }
        let reaped = if graceful { workers.len() } else { 1 };
        for w in workers.iter().take(reaped) {
            lines.push(format!("{{ts_nginx}} [notice] 1#1: worker process {w} exited with code 0"));
        }
    }

    /// SIGHUP: `ngx_init_cycle` again; on success new workers start and the old ones quit.
    fn reconfigure(&mut self, cx: &mut Cx<'_>) {
        let mut lines = vec![Self::received(cx, Signal::Hup, ", reconfiguring")];
        lines.push("{ts_nginx} [notice] 1#1: reconfiguring".into());
        match load(cx.world, cx.sh.loc) {
            Err(msg) => {
                lines.push(format!("{{ts_nginx}} [emerg] 1#1: {msg}"));
                Self::log(cx, &lines);
            }
            Ok(conf) => {
                lines.push("{ts_nginx} [notice] 1#1: using the \"epoll\" event method".into());
                lines.push("{ts_nginx} [notice] 1#1: start worker processes".into());
                let new: Vec<u32> = (0..WORKERS).map(|_| cx.world.alloc_pid(self.cid, 2)).collect();
                for w in &new {
                    lines.push(format!("{{ts_nginx}} [notice] 1#1: start worker process {w}"));
                }
                let old = std::mem::replace(&mut self.workers, new);
                Self::workers_quit(&old, true, &mut lines);
                lines.push("{ts_nginx} [notice] 1#1: signal 29 (SIGIO) received".into());
                Self::log(cx, &lines);
                // The ports the new configuration no longer has close; the others serve anew.
                let gone: Vec<u16> = self
                    .conf
                    .sites
                    .iter()
                    .map(|s| s.port)
                    .filter(|p| !conf.sites.iter().any(|s| s.port == *p))
                    .collect();
                if self.serving {
                    cx.world.stop_listening(self.cid, &gone);
                }
                self.conf = conf;
                if self.serving {
                    self.serve_sites(cx.world);
                }
            }
        }
    }
}

impl Job for Master {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        let p = self.startup.poll(cx);
        if p == Poll::Pending(Wake::Never) && !self.serving {
            self.serving = true;
            self.serve_sites(cx.world);
        }
        p
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        match self.signal(Signal::Int, cx) {
            Some(code) => Poll::Done(code),
            None => Poll::Pending(Wake::Never),
        }
    }

    fn runs_until_interrupted(&self) -> bool {
        true
    }

    fn signal(&mut self, sig: Signal, cx: &mut Cx<'_>) -> Option<i32> {
        let mut lines = Vec::new();
        match sig {
            Signal::Kill => return Some(137),
            Signal::Hup => {
                self.reconfigure(cx);
                return None;
            }
            Signal::Usr1 => {
                lines.push(Self::received(cx, sig, ", reopening logs"));
                lines.push("{ts_nginx} [notice] 1#1: reopening logs".into());
                for w in &self.workers {
                    lines.push(format!("{{ts_nginx}} [notice] {w}#{w}: reopening logs"));
                }
                Self::log(cx, &lines);
                return None;
            }
            Signal::Winch => {
                // `ngx_noaccept` only when daemonized; `daemon off;` logs the signal and goes on.
                lines.push(Self::received(cx, sig, ""));
                Self::log(cx, &lines);
                return None;
            }
            Signal::Usr2 => {
                // PID 1's parent never changes: the new binary is not started.
                lines.push(Self::received(cx, sig, ", ignoring"));
                lines.push("{ts_nginx} [crit] 1#1: the changing binary signal is ignored: you should shutdown or terminate before either old or new binary's process".into());
                Self::log(cx, &lines);
                return None;
            }
            Signal::Quit => {
                lines.push(Self::received(cx, sig, ", shutting down"));
                Self::workers_quit(&self.workers, true, &mut lines);
            }
            Signal::Term | Signal::Int => {
                lines.push(Self::received(cx, sig, ", exiting"));
                Self::workers_quit(&self.workers, false, &mut lines);
            }
        }
        lines.push("{ts_nginx} [notice] 1#1: exit".into());
        Self::log(cx, &lines);
        let _ = cx.world.fs_remove(cx.sh.loc, &self.conf.pid, false);
        Some(0)
    }
}
