//! Redis 7.4 as the `redis` image runs it: `redis-server` holds its data in memory (strings,
//! lists, hashes, sets, expiry on the simulated clock, 16 databases), answers the common commands
//! as `src/t_*.c` do (the same replies and errors), writes its dump (`dump.rdb` in `/data`, a real
//! RDB file: `REDIS0012`, aux fields, CRC-64) on `SAVE`, `BGSAVE`, `SHUTDOWN` and a clean stop,
//! and loads it at start (`DB loaded from disk`), so data outlives `docker restart` and lives in a
//! volume. `redis-cli` speaks RESP to it through Muelle's network (`World::serve_request`) and
//! prints replies as `src/redis-cli.c` does: `cliFormatReplyTTY` on a terminal, `cliFormatReplyRaw`
//! otherwise. A command real Redis has and Muelle does not run gets a labelled Muelle note, never
//! a made-up answer.

use std::collections::{BTreeMap, VecDeque};

use super::builtins::done;
use super::servers::{fill, Server, Step};
use crate::process::{Cx, Job, Poll, Signal, Wake};
use crate::world::Loc;

/// The Redis the `redis` image runs (`redis:latest` in March 2025).
pub(super) const VERSION: &str = "7.4.2";
/// `RDB_VERSION` of Redis 7.4.
const RDB_VERSION: &str = "0012";
/// What `redis-server --version` says after `build=`: a hash of the build's environment, fixed
/// for the image Muelle stands in for.
const BUILD_ID: &str = "b8e84bc1c6b6a9a2";

/// A value Redis keeps under a key.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Str(Vec<u8>),
    List(VecDeque<Vec<u8>>),
    /// Fields in insertion order (a small hash is a listpack).
    Hash(Vec<(Vec<u8>, Vec<u8>)>),
    /// Members in insertion order (a small set is a listpack; all-integer ones an intset, which
    /// [`Value::members`] sorts).
    Set(Vec<Vec<u8>>),
}

impl Value {
    fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Hash(_) => "hash",
            Value::Set(_) => "set",
        }
    }
}

/// Set members as `SMEMBERS` lists them: an intset's in numeric order, a listpack's as added.
fn members(set: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let ints: Option<Vec<i64>> = set.iter().map(|m| parse_int(m)).collect();
    match ints {
        Some(mut n) => {
            crate::sort::sort_by_key(&mut n, |v| *v);
            n.into_iter().map(|v| v.to_string().into_bytes()).collect()
        }
        None => set.to_vec(),
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Entry {
    value: Value,
    /// When it expires, in Unix milliseconds.
    expires: Option<u64>,
}

/// The server's data: 16 databases of keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Dataset {
    dbs: Vec<BTreeMap<Vec<u8>, Entry>>,
}

/// Redis's `string2ll`: a canonical 64-bit decimal (no `+`, no leading zeros, no spaces).
fn parse_int(b: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(b).ok()?;
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || digits.starts_with('+') || (digits.starts_with('0') && digits.len() > 1) {
        return None;
    }
    if s == "-0" {
        return None;
    }
    s.parse::<i64>().ok()
}

/// A reply in RESP2.
#[derive(Clone, Debug, PartialEq)]
enum Reply {
    Status(String),
    Error(String),
    Int(i64),
    Bulk(Option<Vec<u8>>),
    Array(Option<Vec<Reply>>),
}

impl Reply {
    fn ok() -> Reply {
        Reply::Status("OK".into())
    }
    fn err(s: &str) -> Reply {
        Reply::Error(s.to_string())
    }
    fn bulk(b: &[u8]) -> Reply {
        Reply::Bulk(Some(b.to_vec()))
    }
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Reply::Status(s) => out.extend_from_slice(format!("+{s}\r\n").as_bytes()),
            Reply::Error(s) => out.extend_from_slice(format!("-{s}\r\n").as_bytes()),
            Reply::Int(n) => out.extend_from_slice(format!(":{n}\r\n").as_bytes()),
            Reply::Bulk(None) => out.extend_from_slice(b"$-1\r\n"),
            Reply::Bulk(Some(b)) => {
                out.extend_from_slice(format!("${}\r\n", b.len()).as_bytes());
                out.extend_from_slice(b);
                out.extend_from_slice(b"\r\n");
            }
            Reply::Array(None) => out.extend_from_slice(b"*-1\r\n"),
            Reply::Array(Some(items)) => {
                out.extend_from_slice(format!("*{}\r\n", items.len()).as_bytes());
                for i in items {
                    i.encode(out);
                }
            }
        }
    }
}

/// Reads RESP from `b` at `*pos`: a reply (`*` arrays nest at most 8 deep here: Muelle's server
/// sends no deeper ones).
fn decode(b: &[u8], pos: &mut usize, depth: usize) -> Option<Reply> {
    let line_end = b[*pos..].windows(2).position(|w| w == b"\r\n")? + *pos;
    let kind = *b.get(*pos)?;
    let head = String::from_utf8_lossy(&b[*pos + 1..line_end]).into_owned();
    *pos = line_end + 2;
    Some(match kind {
        b'+' => Reply::Status(head),
        b'-' => Reply::Error(head),
        b':' => Reply::Int(head.parse().ok()?),
        b'$' => {
            let n: i64 = head.parse().ok()?;
            if n < 0 {
                return Some(Reply::Bulk(None));
            }
            let end = *pos + n as usize;
            let data = b.get(*pos..end)?.to_vec();
            *pos = end + 2;
            Reply::Bulk(Some(data))
        }
        b'*' => {
            let n: i64 = head.parse().ok()?;
            if n < 0 {
                return Some(Reply::Array(None));
            }
            if depth > 8 {
                return None;
            }
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(decode(b, pos, depth + 1)?);
            }
            Reply::Array(Some(items))
        }
        _ => return None,
    })
}

/// A command as redis-cli sends it: a RESP array of bulk strings.
fn encode_command(args: &[Vec<u8>], out: &mut Vec<u8>) {
    Reply::Array(Some(args.iter().map(|a| Reply::bulk(a)).collect())).encode(out);
}

/// The commands of a request (RESP arrays of bulk strings, one after another).
fn decode_commands(b: &[u8]) -> Vec<Vec<Vec<u8>>> {
    let mut pos = 0;
    let mut out = Vec::new();
    while pos < b.len() {
        match decode(b, &mut pos, 0) {
            Some(Reply::Array(Some(items))) => out.push(
                items
                    .into_iter()
                    .map(|i| match i {
                        Reply::Bulk(Some(b)) => b,
                        _ => Vec::new(),
                    })
                    .collect(),
            ),
            _ => break,
        }
    }
    out
}

/// Which bytes one pattern element matches.
type ByteClass = Box<dyn Fn(u8) -> bool>;

/// Redis's `stringmatchlen`: `*`, `?`, `[abc]`, `[^a-z]`, `\x`; by dynamic programming over
/// positions (no recursion).
fn glob_match(pattern: &[u8], text: &[u8]) -> bool {
    // states[i]: the pattern's first `p` bytes match the text's first `i` bytes.
    let mut states = vec![false; text.len() + 1];
    states[0] = true;
    let mut p = 0;
    while p < pattern.len() {
        let mut next = vec![false; text.len() + 1];
        let (step, class): (usize, Option<ByteClass>) = match pattern[p] {
            b'*' => {
                let mut seen = false;
                for i in 0..=text.len() {
                    seen |= states[i];
                    next[i] = seen;
                }
                states = next;
                p += 1;
                continue;
            }
            b'?' => (1, Some(Box::new(|_| true))),
            b'[' => {
                let mut j = p + 1;
                let negate = pattern.get(j) == Some(&b'^');
                if negate {
                    j += 1;
                }
                let mut ranges: Vec<(u8, u8)> = Vec::new();
                while j < pattern.len() && pattern[j] != b']' {
                    if pattern[j] == b'\\' && j + 1 < pattern.len() {
                        j += 1;
                        ranges.push((pattern[j], pattern[j]));
                    } else if j + 2 < pattern.len() && pattern[j + 1] == b'-' && pattern[j + 2] != b']' {
                        let (a, b) = (pattern[j].min(pattern[j + 2]), pattern[j].max(pattern[j + 2]));
                        ranges.push((a, b));
                        j += 2;
                    } else {
                        ranges.push((pattern[j], pattern[j]));
                    }
                    j += 1;
                }
                let len = (j + 1).min(pattern.len()) - p;
                (len, Some(Box::new(move |c| ranges.iter().any(|(a, b)| (*a..=*b).contains(&c)) != negate)))
            }
            b'\\' if p + 1 < pattern.len() => {
                let lit = pattern[p + 1];
                (2, Some(Box::new(move |c| c == lit)))
            }
            lit => (1, Some(Box::new(move |c| c == lit))),
        };
        if let Some(f) = class {
            for i in 0..text.len() {
                if states[i] && f(text[i]) {
                    next[i + 1] = true;
                }
            }
        }
        states = next;
        p += step;
    }
    states[text.len()]
}

/// Real Redis 7.4's command names (`src/commands/*.json`, subcommands aside): a name not here is
/// an unknown command; one here that Muelle does not run gets Muelle's note instead of a made-up
/// answer.
const COMMANDS: &str = concat!(
    "acl append asking auth bgrewriteaof bgsave bitcount bitfield bitfield_ro bitop bitpos ",
    "blmove blmpop blpop brpop brpoplpush bzmpop bzpopmax bzpopmin client cluster command config copy ",
    "dbsize debug decr decrby del discard dump echo eval eval_ro evalsha evalsha_ro exec exists expire ",
    "expireat expiretime failover fcall fcall_ro flushall flushdb function geoadd geodist geohash geopos ",
    "georadius georadius_ro georadiusbymember georadiusbymember_ro geosearch geosearchstore get getbit ",
    "getdel getex getrange getset hdel hello hexists hexpire hexpireat hexpiretime hget hgetall hincrby ",
    "hincrbyfloat hkeys hlen hmget hmset hpersist hpexpire hpexpireat hpexpiretime hpttl hrandfield ",
    "hscan hset hsetnx hstrlen httl hvals incr incrby incrbyfloat info keys lastsave latency lcs lindex ",
    "linsert llen lmove lmpop lolwut lpop lpos lpush lpushx lrange lrem lset ltrim memory mget migrate ",
    "module monitor move mset msetnx multi object persist pexpire pexpireat pexpiretime pfadd pfcount ",
    "pfdebug pfmerge pfselftest ping psetex psubscribe psync pttl publish pubsub punsubscribe quit ",
    "randomkey readonly readwrite rename renamenx replconf replicaof reset restore role rpop rpoplpush ",
    "rpush rpushx sadd save scan scard script sdiff sdiffstore select sentinel set setbit setex setnx ",
    "setrange shutdown sinter sintercard sinterstore sismember slaveof slowlog smembers smismember smove ",
    "sort sort_ro spop spublish srandmember srem sscan ssubscribe strlen subscribe substr sunion ",
    "sunionstore sunsubscribe swapdb sync time touch ttl type unlink unsubscribe unwatch wait waitaof ",
    "watch xack xadd xautoclaim xclaim xdel xgroup xinfo xlen xpending xrange xread xreadgroup xrevrange ",
    "xsetid xtrim zadd zcard zcount zdiff zdiffstore zincrby zinter zintercard zinterstore zlexcount ",
    "zmpop zmscore zpopmax zpopmin zrandmember zrange zrangebylex zrangebyscore zrangestore zrank zrem ",
    "zremrangebylex zremrangebyrank zremrangebyscore zrevrange zrevrangebylex zrevrangebyscore zrevrank ",
    "zscan zscore zunion zunionstore ",
);

/// The error a server answers for a command Redis has and Muelle does not run; redis-cli turns
/// it into Muelle's note.
const NOT_SIMULATED: &str = "MUELLE-NOT-SIMULATED ";
const WRONGTYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";
const NOT_INT: &str = "ERR value is not an integer or out of range";

/// (name, arity) as Redis's command table has them: `n` exactly n words (the name included),
/// `-n` at least n.
const ARITY: &[(&str, i32)] = &[
    ("ping", -1),
    ("echo", 2),
    ("set", -3),
    ("get", 2),
    ("getset", 3),
    ("setnx", 3),
    ("setex", 4),
    ("mset", -3),
    ("mget", -2),
    ("incr", 2),
    ("decr", 2),
    ("incrby", 3),
    ("decrby", 3),
    ("append", 3),
    ("strlen", 2),
    ("del", -2),
    ("unlink", -2),
    ("exists", -2),
    ("keys", 2),
    ("type", 2),
    ("rename", 3),
    ("expire", -3),
    ("pexpire", -3),
    ("ttl", 2),
    ("pttl", 2),
    ("persist", 2),
    ("lpush", -3),
    ("rpush", -3),
    ("lrange", 4),
    ("llen", 2),
    ("lpop", -2),
    ("rpop", -2),
    ("lindex", 3),
    ("hset", -4),
    ("hget", 3),
    ("hgetall", 2),
    ("hdel", -3),
    ("hkeys", 2),
    ("hvals", 2),
    ("hlen", 2),
    ("hexists", 3),
    ("hincrby", 4),
    ("sadd", -3),
    ("smembers", 2),
    ("srem", -3),
    ("scard", 2),
    ("sismember", 3),
    ("dbsize", 1),
    ("flushall", -1),
    ("flushdb", -1),
    ("save", 1),
    ("bgsave", -1),
    ("info", -1),
    ("select", 2),
    ("auth", -2),
    ("shutdown", -1),
    ("time", 1),
    ("lastsave", 1),
];

/// What a request asks of the server beyond its replies.
#[derive(Default)]
struct After {
    /// Write the dump now (`SAVE`, `BGSAVE`): with `BGSAVE`'s log lines when `true`.
    save: Option<bool>,
    /// `SHUTDOWN`: `Some(true)` with `SAVE`, `Some(false)` with `NOSAVE`, `None` as configured.
    shutdown: Option<Option<bool>>,
}

/// One client connection's state while its request is served.
struct Session {
    db: usize,
    authed: bool,
}

impl Dataset {
    fn new() -> Dataset {
        Dataset { dbs: vec![BTreeMap::new(); 16] }
    }

    /// The key's entry, once an expired one is gone (Redis expires keys lazily, on access).
    fn live(&mut self, db: usize, key: &[u8], now: u64) -> Option<&mut Entry> {
        let map = &mut self.dbs[db];
        if map.get(key).is_some_and(|e| e.expires.is_some_and(|t| t <= now)) {
            map.remove(key);
        }
        map.get_mut(key)
    }

    fn purge(&mut self, now: u64) {
        for db in &mut self.dbs {
            db.retain(|_, e| e.expires.is_none_or(|t| t > now));
        }
    }
}

/// A list index as Redis reads one (`-1` is the last).
fn index(i: i64, len: usize) -> i64 {
    if i < 0 {
        len as i64 + i
    } else {
        i
    }
}

struct RedisState {
    data: Dataset,
    requirepass: Option<String>,
    port: u16,
    started_ms: u64,
    last_save: u64,
}

impl RedisState {
    /// Runs one command (`args[0]` its name as typed) and answers it.
    fn run(&mut self, s: &mut Session, args: &[Vec<u8>], now: u64, after: &mut After) -> Reply {
        let typed = String::from_utf8_lossy(&args[0]).into_owned();
        let name = typed.to_ascii_lowercase();
        if name == "auth" {
            return self.auth(s, args);
        }
        if self.requirepass.is_some() && !s.authed {
            return Reply::err("NOAUTH Authentication required.");
        }
        let arity = match ARITY.iter().find(|(n, _)| *n == name) {
            Some((_, a)) => *a,
            None if COMMANDS.split(' ').any(|c| c == name) => {
                return Reply::Error(format!("{NOT_SIMULATED}{}", name.to_ascii_uppercase()));
            }
            None => {
                let mut rest = String::new();
                for a in &args[1..] {
                    if rest.len() >= 128 {
                        break;
                    }
                    let a = String::from_utf8_lossy(a);
                    let room = 128 - rest.len();
                    let cut: String = a.chars().take(room).collect();
                    rest.push_str(&format!("'{cut}' "));
                }
                let shown: String = typed.chars().take(128).collect();
                let msg = format!("ERR unknown command '{shown}', with args beginning with: {rest}");
                return Reply::Error(msg.replace(['\r', '\n'], " "));
            }
        };
        let n = args.len() as i32;
        if (arity > 0 && n != arity) || (arity < 0 && n < -arity) {
            return Reply::Error(format!("ERR wrong number of arguments for '{name}' command"));
        }
        let db = s.db;
        let a = |i: usize| args[i].as_slice();
        match name.as_str() {
            "ping" => match args.get(1) {
                Some(m) if n == 2 => Reply::bulk(m),
                Some(_) => Reply::err("ERR wrong number of arguments for 'ping' command"),
                None => Reply::Status("PONG".into()),
            },
            "echo" => Reply::bulk(a(1)),
            "select" => match parse_int(a(1)) {
                Some(i) if (0..16).contains(&i) => {
                    s.db = i as usize;
                    Reply::ok()
                }
                Some(_) => Reply::err("ERR DB index is out of range"),
                None => Reply::err(NOT_INT),
            },
            "set" => self.set(db, args, now),
            "get" => match self.data.live(db, a(1), now) {
                None => Reply::Bulk(None),
                Some(Entry { value: Value::Str(v), .. }) => Reply::bulk(v),
                Some(_) => Reply::err(WRONGTYPE),
            },
            "getset" => {
                let old = match self.data.live(db, a(1), now) {
                    None => Reply::Bulk(None),
                    Some(Entry { value: Value::Str(v), .. }) => Reply::bulk(v),
                    Some(_) => return Reply::err(WRONGTYPE),
                };
                self.data.dbs[db].insert(a(1).to_vec(), Entry { value: Value::Str(a(2).to_vec()), expires: None });
                old
            }
            "setnx" => {
                if self.data.live(db, a(1), now).is_some() {
                    return Reply::Int(0);
                }
                self.data.dbs[db].insert(a(1).to_vec(), Entry { value: Value::Str(a(2).to_vec()), expires: None });
                Reply::Int(1)
            }
            "setex" => match parse_int(a(2)) {
                Some(secs) if secs > 0 => {
                    let e = Entry { value: Value::Str(a(3).to_vec()), expires: Some(now + secs as u64 * 1000) };
                    self.data.dbs[db].insert(a(1).to_vec(), e);
                    Reply::ok()
                }
                Some(_) => Reply::err("ERR invalid expire time in 'setex' command"),
                None => Reply::err(NOT_INT),
            },
            "mset" => {
                if n % 2 == 0 {
                    return Reply::err("ERR wrong number of arguments for 'mset' command");
                }
                for pair in args[1..].chunks(2) {
                    let e = Entry { value: Value::Str(pair[1].clone()), expires: None };
                    self.data.dbs[db].insert(pair[0].clone(), e);
                }
                Reply::ok()
            }
            "mget" => Reply::Array(Some(
                args[1..]
                    .iter()
                    .map(|k| match self.data.live(db, k, now) {
                        Some(Entry { value: Value::Str(v), .. }) => Reply::bulk(v),
                        _ => Reply::Bulk(None),
                    })
                    .collect(),
            )),
            "incr" | "decr" | "incrby" | "decrby" => {
                let by = match name.as_str() {
                    "incr" => Some(1),
                    "decr" => Some(-1),
                    "incrby" => parse_int(a(2)),
                    _ => parse_int(a(2)).and_then(|v| v.checked_neg()),
                };
                let Some(by) = by else { return Reply::err(NOT_INT) };
                let current = match self.data.live(db, a(1), now) {
                    None => 0,
                    Some(Entry { value: Value::Str(v), .. }) => match parse_int(v) {
                        Some(v) => v,
                        None => return Reply::err(NOT_INT),
                    },
                    Some(_) => return Reply::err(WRONGTYPE),
                };
                let Some(new) = current.checked_add(by) else {
                    return Reply::err("ERR increment or decrement would overflow");
                };
                self.put_string(db, a(1), new.to_string().into_bytes(), now);
                Reply::Int(new)
            }
            "append" => {
                let mut v = match self.data.live(db, a(1), now) {
                    None => Vec::new(),
                    Some(Entry { value: Value::Str(v), .. }) => v.clone(),
                    Some(_) => return Reply::err(WRONGTYPE),
                };
                v.extend_from_slice(a(2));
                let len = v.len();
                self.put_string(db, a(1), v, now);
                Reply::Int(len as i64)
            }
            "strlen" => match self.data.live(db, a(1), now) {
                None => Reply::Int(0),
                Some(Entry { value: Value::Str(v), .. }) => Reply::Int(v.len() as i64),
                Some(_) => Reply::err(WRONGTYPE),
            },
            "del" | "unlink" => {
                let mut count = 0;
                for k in &args[1..] {
                    if self.data.live(db, k, now).is_some() {
                        self.data.dbs[db].remove(k);
                        count += 1;
                    }
                }
                Reply::Int(count)
            }
            "exists" => Reply::Int(args[1..].iter().filter(|k| self.data.live(db, k, now).is_some()).count() as i64),
            "keys" => {
                self.data.purge(now);
                let keys = self.data.dbs[db].keys().filter(|k| glob_match(a(1), k)).map(|k| Reply::bulk(k)).collect();
                Reply::Array(Some(keys))
            }
            "type" => match self.data.live(db, a(1), now) {
                None => Reply::Status("none".into()),
                Some(e) => Reply::Status(e.value.type_name().into()),
            },
            "rename" => {
                if self.data.live(db, a(1), now).is_none() {
                    return Reply::err("ERR no such key");
                }
                if let Some(e) = self.data.dbs[db].remove(a(1)) {
                    self.data.dbs[db].insert(a(2).to_vec(), e);
                }
                Reply::ok()
            }
            "expire" | "pexpire" => {
                let Some(t) = parse_int(a(2)) else { return Reply::err(NOT_INT) };
                let ms = if name == "expire" { t.saturating_mul(1000) } else { t };
                match self.data.live(db, a(1), now) {
                    None => Reply::Int(0),
                    Some(_) if ms <= 0 => {
                        self.data.dbs[db].remove(a(1));
                        Reply::Int(1)
                    }
                    Some(e) => {
                        e.expires = Some(now + ms as u64);
                        Reply::Int(1)
                    }
                }
            }
            "ttl" | "pttl" => match self.data.live(db, a(1), now) {
                None => Reply::Int(-2),
                Some(Entry { expires: None, .. }) => Reply::Int(-1),
                Some(Entry { expires: Some(t), .. }) => {
                    let left = t.saturating_sub(now);
                    Reply::Int(if name == "ttl" { ((left + 500) / 1000) as i64 } else { left as i64 })
                }
            },
            "persist" => match self.data.live(db, a(1), now) {
                Some(e) if e.expires.is_some() => {
                    e.expires = None;
                    Reply::Int(1)
                }
                _ => Reply::Int(0),
            },
            "lpush" | "rpush" => {
                let entry = self.data.live(db, a(1), now).map(|e| &mut e.value);
                let list = match entry {
                    None => {
                        self.data.dbs[db]
                            .insert(a(1).to_vec(), Entry { value: Value::List(VecDeque::new()), expires: None });
                        match self.data.dbs[db].get_mut(a(1)).map(|e| &mut e.value) {
                            Some(Value::List(l)) => l,
                            _ => return Reply::err(WRONGTYPE),
                        }
                    }
                    Some(Value::List(l)) => l,
                    Some(_) => return Reply::err(WRONGTYPE),
                };
                for v in &args[2..] {
                    if name == "lpush" {
                        list.push_front(v.clone());
                    } else {
                        list.push_back(v.clone());
                    }
                }
                Reply::Int(list.len() as i64)
            }
            "lrange" => {
                let (Some(start), Some(stop)) = (parse_int(a(2)), parse_int(a(3))) else { return Reply::err(NOT_INT) };
                match self.data.live(db, a(1), now).map(|e| &e.value) {
                    None => Reply::Array(Some(Vec::new())),
                    Some(Value::List(l)) => {
                        let len = l.len();
                        let start = index(start, len).max(0);
                        let stop = index(stop, len).min(len as i64 - 1);
                        let items = if start > stop || start >= len as i64 {
                            Vec::new()
                        } else {
                            l.iter()
                                .skip(start as usize)
                                .take((stop - start + 1) as usize)
                                .map(|v| Reply::bulk(v))
                                .collect()
                        };
                        Reply::Array(Some(items))
                    }
                    Some(_) => Reply::err(WRONGTYPE),
                }
            }
            "llen" => match self.data.live(db, a(1), now).map(|e| &e.value) {
                None => Reply::Int(0),
                Some(Value::List(l)) => Reply::Int(l.len() as i64),
                Some(_) => Reply::err(WRONGTYPE),
            },
            "lindex" => {
                let Some(i) = parse_int(a(2)) else { return Reply::err(NOT_INT) };
                match self.data.live(db, a(1), now).map(|e| &e.value) {
                    None => Reply::Bulk(None),
                    Some(Value::List(l)) => {
                        let i = index(i, l.len());
                        Reply::Bulk(if i < 0 { None } else { l.get(i as usize).cloned() })
                    }
                    Some(_) => Reply::err(WRONGTYPE),
                }
            }
            "lpop" | "rpop" => {
                let count = match args.get(2) {
                    Some(c) => match parse_int(c) {
                        Some(c) if c >= 0 => Some(c as usize),
                        _ => return Reply::err("ERR value is out of range, must be positive"),
                    },
                    None => None,
                };
                if n > 3 {
                    return Reply::Error(format!("ERR wrong number of arguments for '{name}' command"));
                }
                let popped = match self.data.live(db, a(1), now).map(|e| &mut e.value) {
                    None => return if count.is_some() { Reply::Array(None) } else { Reply::Bulk(None) },
                    Some(Value::List(l)) => {
                        let mut out = Vec::new();
                        for _ in 0..count.unwrap_or(1) {
                            let v = if name == "lpop" { l.pop_front() } else { l.pop_back() };
                            match v {
                                Some(v) => out.push(v),
                                None => break,
                            }
                        }
                        (out, l.is_empty())
                    }
                    Some(_) => return Reply::err(WRONGTYPE),
                };
                if popped.1 {
                    self.data.dbs[db].remove(a(1));
                }
                match count {
                    Some(_) => Reply::Array(Some(popped.0.iter().map(|v| Reply::bulk(v)).collect())),
                    None => Reply::Bulk(popped.0.into_iter().next()),
                }
            }
            "hset" => {
                if n % 2 != 0 {
                    return Reply::err("ERR wrong number of arguments for 'hset' command");
                }
                let hash = match self.data.live(db, a(1), now).map(|e| &mut e.value) {
                    Some(Value::Hash(h)) => h,
                    Some(_) => return Reply::err(WRONGTYPE),
                    None => {
                        self.data.dbs[db]
                            .insert(a(1).to_vec(), Entry { value: Value::Hash(Vec::new()), expires: None });
                        match self.data.dbs[db].get_mut(a(1)).map(|e| &mut e.value) {
                            Some(Value::Hash(h)) => h,
                            _ => return Reply::err(WRONGTYPE),
                        }
                    }
                };
                let mut added = 0;
                for pair in args[2..].chunks(2) {
                    match hash.iter_mut().find(|(f, _)| *f == pair[0]) {
                        Some((_, v)) => *v = pair[1].clone(),
                        None => {
                            hash.push((pair[0].clone(), pair[1].clone()));
                            added += 1;
                        }
                    }
                }
                Reply::Int(added)
            }
            "hget" | "hexists" => {
                let found = match self.data.live(db, a(1), now).map(|e| &e.value) {
                    None => None,
                    Some(Value::Hash(h)) => h.iter().find(|(f, _)| f == a(2)).map(|(_, v)| v.clone()),
                    Some(_) => return Reply::err(WRONGTYPE),
                };
                if name == "hexists" {
                    Reply::Int(found.is_some() as i64)
                } else {
                    Reply::Bulk(found)
                }
            }
            "hgetall" | "hkeys" | "hvals" | "hlen" => match self.data.live(db, a(1), now).map(|e| &e.value) {
                None if name == "hlen" => Reply::Int(0),
                None => Reply::Array(Some(Vec::new())),
                Some(Value::Hash(h)) => match name.as_str() {
                    "hlen" => Reply::Int(h.len() as i64),
                    "hkeys" => Reply::Array(Some(h.iter().map(|(f, _)| Reply::bulk(f)).collect())),
                    "hvals" => Reply::Array(Some(h.iter().map(|(_, v)| Reply::bulk(v)).collect())),
                    _ => Reply::Array(Some(h.iter().flat_map(|(f, v)| [Reply::bulk(f), Reply::bulk(v)]).collect())),
                },
                Some(_) => Reply::err(WRONGTYPE),
            },
            "hdel" => {
                let (removed, empty) = match self.data.live(db, a(1), now).map(|e| &mut e.value) {
                    None => return Reply::Int(0),
                    Some(Value::Hash(h)) => {
                        let before = h.len();
                        h.retain(|(f, _)| !args[2..].contains(f));
                        (before - h.len(), h.is_empty())
                    }
                    Some(_) => return Reply::err(WRONGTYPE),
                };
                if empty {
                    self.data.dbs[db].remove(a(1));
                }
                Reply::Int(removed as i64)
            }
            "hincrby" => {
                let Some(by) = parse_int(a(3)) else { return Reply::err(NOT_INT) };
                let current = match self.data.live(db, a(1), now).map(|e| &e.value) {
                    None => None,
                    Some(Value::Hash(h)) => h.iter().find(|(f, _)| f == a(2)).map(|(_, v)| v.clone()),
                    Some(_) => return Reply::err(WRONGTYPE),
                };
                let current = match current {
                    None => 0,
                    Some(v) => match parse_int(&v) {
                        Some(v) => v,
                        None => return Reply::err("ERR hash value is not an integer"),
                    },
                };
                let Some(new) = current.checked_add(by) else {
                    return Reply::err("ERR increment or decrement would overflow");
                };
                let mut req = vec![b"hset".to_vec(), a(1).to_vec(), a(2).to_vec(), new.to_string().into_bytes()];
                let _ = self.run(s, &std::mem::take(&mut req), now, after);
                Reply::Int(new)
            }
            "sadd" => {
                let set = match self.data.live(db, a(1), now).map(|e| &mut e.value) {
                    Some(Value::Set(m)) => m,
                    Some(_) => return Reply::err(WRONGTYPE),
                    None => {
                        self.data.dbs[db].insert(a(1).to_vec(), Entry { value: Value::Set(Vec::new()), expires: None });
                        match self.data.dbs[db].get_mut(a(1)).map(|e| &mut e.value) {
                            Some(Value::Set(m)) => m,
                            _ => return Reply::err(WRONGTYPE),
                        }
                    }
                };
                let mut added = 0;
                for m in &args[2..] {
                    if !set.contains(m) {
                        set.push(m.clone());
                        added += 1;
                    }
                }
                Reply::Int(added)
            }
            "smembers" | "scard" | "sismember" => match self.data.live(db, a(1), now).map(|e| &e.value) {
                None if name == "smembers" => Reply::Array(Some(Vec::new())),
                None => Reply::Int(0),
                Some(Value::Set(m)) => match name.as_str() {
                    "scard" => Reply::Int(m.len() as i64),
                    "sismember" => Reply::Int(m.iter().any(|x| x == a(2)) as i64),
                    _ => Reply::Array(Some(members(m).iter().map(|v| Reply::bulk(v)).collect())),
                },
                Some(_) => Reply::err(WRONGTYPE),
            },
            "srem" => {
                let (removed, empty) = match self.data.live(db, a(1), now).map(|e| &mut e.value) {
                    None => return Reply::Int(0),
                    Some(Value::Set(m)) => {
                        let before = m.len();
                        m.retain(|x| !args[2..].contains(x));
                        (before - m.len(), m.is_empty())
                    }
                    Some(_) => return Reply::err(WRONGTYPE),
                };
                if empty {
                    self.data.dbs[db].remove(a(1));
                }
                Reply::Int(removed as i64)
            }
            "dbsize" => {
                self.data.purge(now);
                Reply::Int(self.data.dbs[db].len() as i64)
            }
            "flushall" => {
                for d in &mut self.data.dbs {
                    d.clear();
                }
                Reply::ok()
            }
            "flushdb" => {
                self.data.dbs[db].clear();
                Reply::ok()
            }
            "save" => {
                after.save = Some(false);
                Reply::ok()
            }
            "bgsave" => {
                after.save = Some(true);
                Reply::Status("Background saving started".into())
            }
            "lastsave" => Reply::Int((self.last_save / 1000) as i64),
            "time" => Reply::Array(Some(vec![
                Reply::bulk((now / 1000).to_string().as_bytes()),
                Reply::bulk(((now % 1000) * 1000).to_string().as_bytes()),
            ])),
            "shutdown" => {
                let has = |w: &[u8]| args[1..].iter().any(|x| x.eq_ignore_ascii_case(w));
                after.shutdown = Some(if has(b"nosave") {
                    Some(false)
                } else if has(b"save") {
                    Some(true)
                } else {
                    None
                });
                Reply::ok()
            }
            "info" => self.info(args, now),
            _ => Reply::Error(format!("{NOT_SIMULATED}{}", name.to_ascii_uppercase())),
        }
    }

    fn put_string(&mut self, db: usize, key: &[u8], v: Vec<u8>, now: u64) {
        let expires = self.data.live(db, key, now).and_then(|e| e.expires);
        self.data.dbs[db].insert(key.to_vec(), Entry { value: Value::Str(v), expires });
    }

    fn auth(&mut self, s: &mut Session, args: &[Vec<u8>]) -> Reply {
        let Some(pass) = &self.requirepass else {
            return Reply::err("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
        };
        let given = args.last().map(|p| p.as_slice()).unwrap_or(b"");
        let user_ok = args.len() == 2 || args.get(1).is_some_and(|u| u == b"default");
        if args.len() > 3 {
            return Reply::err("ERR syntax error");
        }
        if user_ok && given == pass.as_bytes() {
            s.authed = true;
            Reply::ok()
        } else {
            Reply::err("WRONGPASS invalid username-password pair or user is disabled.")
        }
    }

    /// `SET key value [NX|XX] [GET] [EX s|PX ms|EXAT|PXAT|KEEPTTL]`.
    fn set(&mut self, db: usize, args: &[Vec<u8>], now: u64) -> Reply {
        let (mut nx, mut xx, mut get, mut keepttl) = (false, false, false, false);
        let mut expires: Option<u64> = None;
        let mut i = 3;
        while i < args.len() {
            let opt = String::from_utf8_lossy(&args[i]).to_ascii_uppercase();
            match opt.as_str() {
                "NX" if !xx => nx = true,
                "XX" if !nx => xx = true,
                "GET" => get = true,
                "KEEPTTL" if expires.is_none() => keepttl = true,
                "EX" | "PX" | "EXAT" | "PXAT" if expires.is_none() && !keepttl => {
                    let Some(v) = args.get(i + 1) else { return Reply::err("ERR syntax error") };
                    let Some(t) = parse_int(v) else { return Reply::err(NOT_INT) };
                    if t <= 0 {
                        return Reply::err("ERR invalid expire time in 'set' command");
                    }
                    let t = t as u64;
                    expires = Some(match opt.as_str() {
                        "EX" => now + t * 1000,
                        "PX" => now + t,
                        "EXAT" => t * 1000,
                        _ => t,
                    });
                    i += 1;
                }
                _ => return Reply::err("ERR syntax error"),
            }
            i += 1;
        }
        let key = args[1].as_slice();
        let old = self.data.live(db, key, now).cloned();
        let old_reply = match &old {
            None => Reply::Bulk(None),
            Some(Entry { value: Value::Str(v), .. }) => Reply::bulk(v),
            Some(_) if get => return Reply::err(WRONGTYPE),
            Some(_) => Reply::Bulk(None),
        };
        if (nx && old.is_some()) || (xx && old.is_none()) {
            return if get { old_reply } else { Reply::Bulk(None) };
        }
        let expires = if keepttl { old.and_then(|e| e.expires) } else { expires };
        self.data.dbs[db].insert(key.to_vec(), Entry { value: Value::Str(args[2].clone()), expires });
        if get {
            old_reply
        } else {
            Reply::ok()
        }
    }

    fn info(&mut self, args: &[Vec<u8>], now: u64) -> Reply {
        let sections: Vec<String> = args[1..].iter().map(|a| String::from_utf8_lossy(a).to_ascii_lowercase()).collect();
        if sections.is_empty() || sections.iter().any(|s| s != "server" && s != "keyspace") {
            return Reply::Error(format!("{NOT_SIMULATED}INFO"));
        }
        self.data.purge(now);
        let mut out = String::new();
        if sections.iter().any(|s| s == "server") {
            let up = now.saturating_sub(self.started_ms) / 1000;
            out.push_str(&format!(
                "# Server\r\nredis_version:{VERSION}\r\nredis_git_sha1:00000000\r\nredis_git_dirty:0\r\nredis_build_id:{BUILD_ID}\r\nredis_mode:standalone\r\nos:Linux 6.8.0-52-generic x86_64\r\narch_bits:64\r\nmonotonic_clock:POSIX clock_gettime\r\nmultiplexing_api:epoll\r\natomicvar_api:c11-builtin\r\ngcc_version:12.2.0\r\nprocess_id:1\r\nprocess_supervised:no\r\nrun_id:{}\r\ntcp_port:{}\r\nserver_time_usec:{}\r\nuptime_in_seconds:{up}\r\nuptime_in_days:{}\r\nhz:10\r\nconfigured_hz:10\r\nlru_clock:{}\r\nexecutable:/data/redis-server\r\nconfig_file:\r\nio_threads_active:0\r\nlistener0:name=tcp,bind=*,bind=-::*,port={}\r\n",
                run_id(self.started_ms),
                self.port,
                now * 1000,
                up / 86400,
                (now / 1000) & ((1 << 24) - 1),
                self.port
            ));
        }
        if sections.iter().any(|s| s == "keyspace") {
            if !out.is_empty() {
                out.push_str("\r\n");
            }
            out.push_str("# Keyspace\r\n");
            for (i, d) in self.data.dbs.iter().enumerate() {
                if !d.is_empty() {
                    let expires = d.values().filter(|e| e.expires.is_some()).count();
                    out.push_str(&format!("db{i}:keys={},expires={expires},avg_ttl=0,subexpiry=0\r\n", d.len()));
                }
            }
        }
        Reply::Bulk(Some(out.into_bytes()))
    }
}

/// A run ID (40 hex digits) derived from when the server started, so a replay repeats it.
fn run_id(started: u64) -> String {
    let mut rng = crate::rng::Rng::new(started ^ 0x5245_4449_5321);
    (0..5).map(|_| format!("{:08x}", rng.next_u64() as u32)).collect()
}

/// Redis's CRC-64 (Jones polynomial, reflected), which ends every RDB file.
fn crc64(data: &[u8]) -> u64 {
    let mut crc = 0u64;
    for b in data {
        crc ^= u64::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0x95AC_9329_AC4B_C9B5 } else { crc >> 1 };
        }
    }
    crc
}

fn rdb_len(out: &mut Vec<u8>, n: usize) {
    if n < 64 {
        out.push(n as u8);
    } else if n < 16384 {
        out.push(0x40 | (n >> 8) as u8);
        out.push(n as u8);
    } else {
        out.push(0x80);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    }
}

fn rdb_str(out: &mut Vec<u8>, s: &[u8]) {
    rdb_len(out, s.len());
    out.extend_from_slice(s);
}

/// The dump as `rdbSave` writes it: `REDIS0012`, the aux fields, each database's keys (strings,
/// and lists, sets and hashes in their plain encodings, which every Redis loads), `EOF` and
/// the CRC-64.
fn rdb_write(data: &Dataset, now: u64) -> Vec<u8> {
    let mut out = format!("REDIS{RDB_VERSION}").into_bytes();
    let aux = |out: &mut Vec<u8>, k: &str| {
        out.push(0xFA);
        rdb_str(out, k.as_bytes());
    };
    aux(&mut out, "redis-ver");
    rdb_str(&mut out, VERSION.as_bytes());
    aux(&mut out, "redis-bits");
    out.extend_from_slice(&[0xC0, 64]);
    aux(&mut out, "ctime");
    out.push(0xC2);
    out.extend_from_slice(&((now / 1000) as u32).to_le_bytes());
    aux(&mut out, "used-mem");
    out.push(0xC2);
    out.extend_from_slice(&(used_memory(data) as u32).to_le_bytes());
    aux(&mut out, "aof-base");
    out.extend_from_slice(&[0xC0, 0]);
    for (i, db) in data.dbs.iter().enumerate() {
        let live: Vec<(&Vec<u8>, &Entry)> = db.iter().filter(|(_, e)| e.expires.is_none_or(|t| t > now)).collect();
        if live.is_empty() {
            continue;
        }
        out.push(0xFE);
        rdb_len(&mut out, i);
        out.push(0xFB);
        rdb_len(&mut out, live.len());
        rdb_len(&mut out, live.iter().filter(|(_, e)| e.expires.is_some()).count());
        for (k, e) in live {
            if let Some(t) = e.expires {
                out.push(0xFC);
                out.extend_from_slice(&t.to_le_bytes());
            }
            match &e.value {
                Value::Str(v) => {
                    out.push(0);
                    rdb_str(&mut out, k);
                    rdb_str(&mut out, v);
                }
                Value::List(l) => {
                    out.push(1);
                    rdb_str(&mut out, k);
                    rdb_len(&mut out, l.len());
                    for v in l {
                        rdb_str(&mut out, v);
                    }
                }
                Value::Set(m) => {
                    out.push(2);
                    rdb_str(&mut out, k);
                    rdb_len(&mut out, m.len());
                    for v in m {
                        rdb_str(&mut out, v);
                    }
                }
                Value::Hash(h) => {
                    out.push(4);
                    rdb_str(&mut out, k);
                    rdb_len(&mut out, h.len());
                    for (f, v) in h {
                        rdb_str(&mut out, f);
                        rdb_str(&mut out, v);
                    }
                }
            }
        }
    }
    out.push(0xFF);
    let crc = crc64(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// `used_memory` as the server would report it: an empty 7.4 server's, plus the data.
fn used_memory(data: &Dataset) -> u64 {
    let bytes: usize = data
        .dbs
        .iter()
        .flat_map(|d| d.iter())
        .map(|(k, e)| {
            k.len()
                + 56
                + match &e.value {
                    Value::Str(v) => v.len(),
                    Value::List(l) => l.iter().map(|v| v.len() + 16).sum(),
                    Value::Set(m) => m.iter().map(|v| v.len() + 16).sum(),
                    Value::Hash(h) => h.iter().map(|(f, v)| f.len() + v.len() + 32).sum(),
                }
        })
        .sum();
    944_128 + bytes as u64
}

/// What a dump file held, as `rdbLoad` reports it.
struct Loaded {
    data: Dataset,
    version: String,
    ctime: Option<u64>,
    used_mem: Option<u64>,
    loaded: usize,
    expired: usize,
}

enum LoadError {
    /// Not `REDIS` and a version: `Wrong signature trying to load DB from file`.
    Signature,
    /// Cut short, or an encoding Muelle does not read.
    Short,
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, LoadError> {
        let c = *self.b.get(self.pos).ok_or(LoadError::Short)?;
        self.pos += 1;
        Ok(c)
    }
    fn take(&mut self, n: usize) -> Result<&[u8], LoadError> {
        let end = self.pos.checked_add(n).ok_or(LoadError::Short)?;
        let s = self.b.get(self.pos..end).ok_or(LoadError::Short)?;
        self.pos = end;
        Ok(s)
    }
    /// A length, or (`Err(Ok(kind))`) one of the special string encodings.
    fn len(&mut self) -> Result<Result<usize, u8>, LoadError> {
        let c = self.byte()?;
        Ok(match c >> 6 {
            0 => Ok(usize::from(c & 0x3F)),
            1 => Ok((usize::from(c & 0x3F) << 8) | usize::from(self.byte()?)),
            2 if c == 0x80 => {
                let b = self.take(4)?;
                Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
            }
            3 => Err(c & 0x3F),
            _ => return Err(LoadError::Short),
        })
    }
    fn count(&mut self) -> Result<usize, LoadError> {
        self.len()?.map_err(|_| LoadError::Short)
    }
    fn string(&mut self) -> Result<Vec<u8>, LoadError> {
        match self.len()? {
            Ok(n) => Ok(self.take(n)?.to_vec()),
            Err(0) => Ok((self.byte()? as i8).to_string().into_bytes()),
            Err(1) => {
                let b = self.take(2)?;
                Ok(i16::from_le_bytes([b[0], b[1]]).to_string().into_bytes())
            }
            Err(2) => {
                let b = self.take(4)?;
                Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]).to_string().into_bytes())
            }
            Err(_) => Err(LoadError::Short),
        }
    }
}

fn rdb_read(b: &[u8], now: u64) -> Result<Loaded, LoadError> {
    if b.len() < 9 || &b[..5] != b"REDIS" || !b[5..9].iter().all(u8::is_ascii_digit) {
        return Err(LoadError::Signature);
    }
    let mut r = Reader { b, pos: 9 };
    let mut out =
        Loaded { data: Dataset::new(), version: String::new(), ctime: None, used_mem: None, loaded: 0, expired: 0 };
    let mut db = 0usize;
    let mut expires: Option<u64> = None;
    loop {
        let op = r.byte()?;
        match op {
            0xFF => return Ok(out),
            0xFA => {
                let k = r.string()?;
                let v = String::from_utf8_lossy(&r.string()?).into_owned();
                match k.as_slice() {
                    b"redis-ver" => out.version = v,
                    b"ctime" => out.ctime = v.parse().ok(),
                    b"used-mem" => out.used_mem = v.parse().ok(),
                    _ => {}
                }
            }
            0xFE => {
                db = r.count()?;
                if db >= 16 {
                    return Err(LoadError::Short);
                }
            }
            0xFB => {
                r.count()?;
                r.count()?;
            }
            0xFC => {
                let t = r.take(8)?;
                expires = Some(u64::from_le_bytes([t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]]));
            }
            0xFD => {
                let t = r.take(4)?;
                expires = Some(u64::from(u32::from_le_bytes([t[0], t[1], t[2], t[3]])) * 1000);
            }
            0 | 1 | 2 | 4 => {
                let key = r.string()?;
                let value = match op {
                    0 => Value::Str(r.string()?),
                    1 => {
                        let n = r.count()?;
                        let mut l = VecDeque::new();
                        for _ in 0..n {
                            l.push_back(r.string()?);
                        }
                        Value::List(l)
                    }
                    2 => {
                        let n = r.count()?;
                        let mut m = Vec::new();
                        for _ in 0..n {
                            m.push(r.string()?);
                        }
                        Value::Set(m)
                    }
                    _ => {
                        let n = r.count()?;
                        let mut h = Vec::new();
                        for _ in 0..n {
                            h.push((r.string()?, r.string()?));
                        }
                        Value::Hash(h)
                    }
                };
                match expires.take() {
                    Some(t) if t <= now => out.expired += 1,
                    e => {
                        out.data.dbs[db].insert(key, Entry { value, expires: e });
                        out.loaded += 1;
                    }
                }
            }
            _ => return Err(LoadError::Short),
        }
    }
}

/// Unix milliseconds now (the simulated clock).
fn unix_ms(cx: &Cx<'_>) -> u64 {
    crate::time::EPOCH_SECS * 1000 + cx.now().ms()
}

/// `redis-server`'s settings from its command line (`--port`, `--dir`, `--dbfilename`,
/// `--save`, `--requirepass`).
struct Settings {
    port: u16,
    dir: String,
    dbfilename: String,
    save: bool,
    requirepass: Option<String>,
}

fn settings(cx: &Cx<'_>, argv: &[String]) -> Settings {
    let mut s =
        Settings { port: 6379, dir: cx.sh.cwd.clone(), dbfilename: "dump.rdb".into(), save: true, requirepass: None };
    let mut i = 1;
    while i < argv.len() {
        let key = argv[i].trim_start_matches("--");
        // An option's values are the words up to the next `--option`.
        let mut values = Vec::new();
        while let Some(v) = argv.get(i + 1).filter(|v| !v.starts_with("--")) {
            values.push(v.clone());
            i += 1;
        }
        let first = values.first().cloned().unwrap_or_default();
        match key {
            "port" => s.port = first.parse().unwrap_or(6379),
            "dir" => s.dir = crate::fs::normalize(&cx.sh.cwd, &first),
            "dbfilename" => s.dbfilename = first,
            "save" => s.save = !(values.is_empty() || (values.len() == 1 && first.is_empty())),
            "requirepass" => s.requirepass = Some(first).filter(|p| !p.is_empty()),
            _ => {}
        }
        i += 1;
    }
    s
}

/// `redis-server`: the server as the image runs it, with its data in memory, the dump written
/// on `SAVE`, `BGSAVE`, `SHUTDOWN` and a clean stop (SIGTERM, SIGINT), and read back at start.
pub(super) fn redis_server(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    if argv.iter().skip(1).any(|a| a == "--version" || a == "-v") {
        cx.io.outln(&format!("Redis server v={VERSION} sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build={BUILD_ID}"));
        return done(0);
    }
    if !cx.sh.is_main {
        cx.io.outln(&fill("1:M {ts_redis} # Warning: Could not create server TCP listening socket *:6379: bind: Address already in use", cx));
        return done(1);
    }
    let set = settings(cx, argv);
    let now = unix_ms(cx);
    let path = format!("{}/{}", set.dir.trim_end_matches('/'), set.dbfilename);
    let m = "1:M {ts_redis}";
    let mut steps = vec![
        (0, Step::Log("1:C {ts_redis} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo".into())),
        (
            0,
            Step::Log(format!(
                "1:C {{ts_redis}} * Redis version={VERSION}, bits=64, commit=00000000, modified=0, pid=1, just started"
            )),
        ),
        (
            0,
            Step::Log(if argv.len() == 1 {
                "1:C {ts_redis} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf".into()
            } else {
                "1:C {ts_redis} * Configuration loaded".into()
            }),
        ),
        (1, Step::Log(format!("{m} * monotonic clock: POSIX clock_gettime"))),
        (2, Step::Log(format!("{m} * Running mode=standalone, port={}.", set.port))),
        (2, Step::Log(format!("{m} * Server initialized"))),
    ];
    let mut data = Dataset::new();
    if let Ok(bytes) = cx.world.fs_read(cx.sh.loc, &path) {
        match rdb_read(&bytes, now) {
            Ok(l) => {
                steps.push((2, Step::Log(format!("{m} * Loading RDB produced by version {}", l.version))));
                if let Some(c) = l.ctime {
                    steps.push((2, Step::Log(format!("{m} * RDB age {} seconds", (now / 1000).saturating_sub(c)))));
                }
                if let Some(u) = l.used_mem {
                    steps.push((
                        2,
                        Step::Log(format!("{m} * RDB memory usage when created {:.2} Mb", u as f64 / 1048576.0)),
                    ));
                }
                steps.push((
                    2,
                    Step::Log(format!(
                        "{m} * Done loading RDB, keys loaded: {}, keys expired: {}.",
                        l.loaded, l.expired
                    )),
                ));
                steps.push((2, Step::Log(format!("{m} * DB loaded from disk: 0.000 seconds"))));
                data = l.data;
            }
            Err(e) => {
                let msg = match e {
                    LoadError::Signature => "# Wrong signature trying to load DB from file",
                    LoadError::Short => "# Short read or OOM loading DB. Unrecoverable error, aborting now.",
                };
                steps.push((2, Step::Log(format!("{m} {msg}"))));
                if matches!(e, LoadError::Signature) {
                    steps
                        .push((2, Step::Log(format!("{m} # Fatal error loading the DB, check server logs. Exiting."))));
                }
                steps.push((2, Step::Exit(1, None)));
                return Box::new(Server::new(steps));
            }
        }
    }
    steps.push((2, Step::Log(format!("{m} * Ready to accept connections tcp"))));
    steps.push((2, Step::Listen(vec![set.port])));
    let state =
        RedisState { data, requirepass: set.requirepass.clone(), port: set.port, started_ms: now, last_save: now };
    Box::new(RedisServer { startup: Server::new(steps), state, path, save: set.save, exit: None })
}

struct RedisServer {
    startup: Server,
    state: RedisState,
    /// Where the dump goes (`dir`/`dbfilename`).
    path: String,
    /// `save` points are set (the default): a clean shutdown writes the dump.
    save: bool,
    /// `SHUTDOWN` ended it: polled next, it exits with this status.
    exit: Option<i32>,
}

impl RedisServer {
    /// Writes the dump; the log line when it failed.
    fn save(&mut self, cx: &mut Cx<'_>) -> Result<(), String> {
        let now = unix_ms(cx);
        let bytes = rdb_write(&self.state.data, now);
        let dir = crate::fs::parent(&self.path).to_string();
        match cx.world.fs_write(cx.sh.loc, &self.path, &bytes, false) {
            Ok(()) => {
                self.state.last_save = now;
                Ok(())
            }
            Err(e) => {
                let why = match e {
                    crate::fs::FsError::ReadOnly => "Read-only file system",
                    _ => "No such file or directory",
                };
                Err(format!("Failed opening the temp RDB file temp-1.rdb (in server root dir {dir}) for saving: {why}"))
            }
        }
    }

    /// `prepareForShutdown`: the final dump (unless `nosave`), then the goodbye. `false` when the
    /// dump could not be written: Redis refuses to exit.
    fn shut_down(&mut self, cx: &mut Cx<'_>, save: bool) -> bool {
        let m = "1:M {ts_redis}";
        let mut lines = vec![format!("{m} * User requested shutdown...")];
        if save {
            lines.push(format!("{m} * Saving the final RDB snapshot before exiting."));
            match self.save(cx) {
                Ok(()) => lines.push(format!("{m} * DB saved on disk")),
                Err(e) => {
                    lines.push(format!("{m} # {e}"));
                    lines.push(format!("{m} # Error trying to save the DB, can't exit."));
                    lines.push(format!(
                        "{m} # Errors trying to shut down the server. Check the logs for more information."
                    ));
                    log(cx, &lines);
                    return false;
                }
            }
        }
        lines.push(format!("{m} # Redis is now ready to exit, bye bye..."));
        log(cx, &lines);
        true
    }
}

fn log(cx: &mut Cx<'_>, lines: &[String]) {
    for l in lines {
        let line = fill(l, cx);
        cx.io.outln(&line);
    }
}

impl Job for RedisServer {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        if let Some(code) = self.exit {
            return Poll::Done(code);
        }
        self.startup.poll(cx)
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        match self.signal(Signal::Int, cx) {
            Some(code) => Poll::Done(code),
            None => Poll::Pending(Wake::Never),
        }
    }

    fn runs_until_interrupted(&self) -> bool {
        self.startup.runs_until_interrupted()
    }

    fn signal(&mut self, sig: Signal, cx: &mut Cx<'_>) -> Option<i32> {
        let name = match sig {
            Signal::Kill => return Some(137),
            Signal::Term => "SIGTERM",
            Signal::Int => "SIGINT",
            _ => return None,
        };
        let first = format!("1:signal-handler ({{unix}}) Received {name} scheduling shutdown...");
        log(cx, &[first]);
        let save = self.save;
        self.shut_down(cx, save).then_some(0)
    }

    fn serve(&mut self, port: u16, request: &[u8], cx: &mut Cx<'_>) -> Option<Vec<u8>> {
        if port != self.state.port || self.exit.is_some() {
            return None;
        }
        let now = unix_ms(cx);
        let mut session = Session { db: 0, authed: false };
        let mut out = Vec::new();
        for args in decode_commands(request) {
            if args.is_empty() {
                continue;
            }
            let mut after = After::default();
            let reply = self.state.run(&mut session, &args, now, &mut after);
            let m = "1:M {ts_redis}";
            match after.save {
                Some(false) => match self.save(cx) {
                    Ok(()) => log(cx, &[format!("{m} * DB saved on disk")]),
                    Err(e) => {
                        log(cx, &[format!("{m} # {e}")]);
                        Reply::err("ERR").encode(&mut out);
                        continue;
                    }
                },
                Some(true) => {
                    let pid = match cx.sh.loc {
                        Loc::Container(cid) => cx.world.alloc_pid(cid, 2),
                        Loc::Host => 20,
                    };
                    let saved = self.save(cx);
                    let c = format!("{pid}:C {{ts_redis}}");
                    let mut lines = vec![format!("{m} * Background saving started by pid {pid}")];
                    match saved {
                        Ok(()) => {
                            lines.push(format!("{c} * DB saved on disk"));
                            lines.push(format!("{c} * Fork CoW for RDB: current 0 MB, peak 0 MB, average 0 MB"));
                            lines.push(format!("{m} * Background saving terminated with success"));
                        }
                        Err(e) => {
                            lines.push(format!("{c} # {e}"));
                            lines.push(format!("{m} # Background saving error"));
                        }
                    }
                    log(cx, &lines);
                }
                None => {}
            }
            if let Some(save) = after.shutdown {
                if self.shut_down(cx, save.unwrap_or(self.save)) {
                    self.exit = Some(0);
                    return Some(out);
                }
                Reply::err("ERR Errors trying to SHUTDOWN. Check logs.").encode(&mut out);
                continue;
            }
            reply.encode(&mut out);
        }
        Some(out)
    }
}

/// `sdscatrepr`: a string in double quotes with C escapes.
fn repr(b: &[u8]) -> String {
    let mut s = String::from("\"");
    for &c in b {
        match c {
            b'\\' | b'"' => {
                s.push('\\');
                s.push(c as char);
            }
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            7 => s.push_str("\\a"),
            8 => s.push_str("\\b"),
            0x20..=0x7E => s.push(c as char),
            _ => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s.push('"');
    s
}

/// `cliFormatReplyTTY`.
fn format_tty(r: &Reply, prefix: &str, out: &mut String) {
    match r {
        Reply::Error(e) => out.push_str(&format!("(error) {e}\n")),
        Reply::Status(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Reply::Int(n) => out.push_str(&format!("(integer) {n}\n")),
        Reply::Bulk(Some(b)) => {
            out.push_str(&repr(b));
            out.push('\n');
        }
        Reply::Bulk(None) | Reply::Array(None) => out.push_str("(nil)\n"),
        Reply::Array(Some(items)) if items.is_empty() => out.push_str("(empty array)\n"),
        Reply::Array(Some(items)) => {
            let idxlen = items.len().to_string().len();
            let inner = format!("{prefix}{}", " ".repeat(idxlen + 2));
            for (i, item) in items.iter().enumerate() {
                let lead = if i == 0 { "" } else { prefix };
                out.push_str(&format!("{lead}{:>idxlen$}) ", i + 1));
                format_tty(item, &inner, out);
            }
        }
    }
}

/// `cliFormatReplyRaw` (the caller adds the final newline).
fn format_raw(r: &Reply, out: &mut String) {
    match r {
        Reply::Bulk(None) | Reply::Array(None) => {}
        Reply::Error(e) => {
            out.push_str(e);
            out.push('\n');
        }
        Reply::Status(s) => out.push_str(s),
        Reply::Bulk(Some(b)) => out.push_str(&String::from_utf8_lossy(b)),
        Reply::Int(n) => out.push_str(&n.to_string()),
        Reply::Array(Some(items)) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                format_raw(item, out);
            }
        }
    }
}

/// Whether the program's standard output is a terminal: a container's main process with `-t`,
/// otherwise a shell on a terminal (`docker exec -t`, typed) not writing into a pipe or file.
fn stdout_tty(cx: &Cx<'_>) -> bool {
    if cx.io.piped {
        return false;
    }
    match cx.sh.loc {
        Loc::Container(cid) if cx.sh.is_main => cx.world.container(cid).is_some_and(|c| c.config.tty),
        _ => cx.sh.tty.is_some(),
    }
}

/// `sdssplitargs`: a line typed at redis-cli's prompt into words (`"…"` with escapes, `'…'`).
fn split_args(line: &str) -> Option<Vec<Vec<u8>>> {
    let b = line.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            return Some(out);
        }
        let mut word = Vec::new();
        let (mut dq, mut sq) = (false, false);
        loop {
            let c = b.get(i).copied();
            if dq {
                match c {
                    None => return None,
                    Some(b'\\') if i + 3 < b.len() && b[i + 1] == b'x' => {
                        let hex =
                            std::str::from_utf8(&b[i + 2..i + 4]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                        match hex {
                            Some(v) => {
                                word.push(v);
                                i += 3;
                            }
                            None => word.push(b'\\'),
                        }
                    }
                    Some(b'\\') if i + 1 < b.len() => {
                        i += 1;
                        word.push(match b[i] {
                            b'n' => b'\n',
                            b'r' => b'\r',
                            b't' => b'\t',
                            b'b' => 8,
                            b'a' => 7,
                            o => o,
                        });
                    }
                    Some(b'"') => {
                        if b.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace()) {
                            return None;
                        }
                        dq = false;
                        i += 1;
                        break;
                    }
                    Some(o) => word.push(o),
                }
            } else if sq {
                match c {
                    None => return None,
                    Some(b'\\') if b.get(i + 1) == Some(&b'\'') => {
                        i += 1;
                        word.push(b'\'');
                    }
                    Some(b'\'') => {
                        if b.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace()) {
                            return None;
                        }
                        sq = false;
                        i += 1;
                        break;
                    }
                    Some(o) => word.push(o),
                }
            } else {
                match c {
                    None => break,
                    Some(w) if w.is_ascii_whitespace() => break,
                    Some(b'"') => dq = true,
                    Some(b'\'') => sq = true,
                    Some(o) => word.push(o),
                }
            }
            i += 1;
        }
        let _ = (dq, sq);
        out.push(word);
    }
}

/// Where redis-cli connects, and how it prints.
struct Client {
    host: String,
    port: u16,
    auth: Option<String>,
    db: usize,
    tty: bool,
}

enum Sent {
    Replies(Vec<Reply>),
    /// `Could not connect to Redis at …` (printed already).
    NoConnection,
    /// The server never answers (a frozen container, an address outside).
    Hangs,
    /// The server closed the connection (`SHUTDOWN`, or nothing there speaks Redis).
    Closed,
}

impl Client {
    /// Connects, authenticates and selects the database as `cliConnect` does, then sends `cmd`.
    fn send(&self, cx: &mut Cx<'_>, cmd: &[Vec<u8>]) -> Sent {
        let (cid, port) = match super::net::open_tcp(cx, &self.host, self.port) {
            super::net::Opened::To(cid, port) => (cid, port),
            super::net::Opened::Unanswered => return Sent::Hangs,
            super::net::Opened::Failed(f, musl) => {
                let why = match f {
                    super::net::Failure::NoRoute => format!("Can't create socket: {}", f.errno(musl).1),
                    _ => f.errno(musl).1.to_string(),
                };
                cx.io.errln(&format!("Could not connect to Redis at {}:{}: {why}", self.host, self.port));
                return Sent::NoConnection;
            }
        };
        let mut req = Vec::new();
        let mut extra = 0;
        if let Some(p) = &self.auth {
            encode_command(&[b"AUTH".to_vec(), p.as_bytes().to_vec()], &mut req);
            extra += 1;
        }
        if self.db != 0 {
            encode_command(&[b"SELECT".to_vec(), self.db.to_string().into_bytes()], &mut req);
            extra += 1;
        }
        encode_command(cmd, &mut req);
        let Some(answer) = cx.world.serve_request(cid, port, &req) else { return Sent::Closed };
        let mut pos = 0;
        let mut replies = Vec::new();
        while pos < answer.len() {
            match decode(&answer, &mut pos, 0) {
                Some(r) => replies.push(r),
                None => break,
            }
        }
        if let (Some(_), Some(Reply::Error(e))) = (&self.auth, replies.first()) {
            cx.io.errln(&format!("AUTH failed: {e}"));
        }
        if replies.len() <= extra {
            return Sent::Closed;
        }
        Sent::Replies(replies.split_off(extra))
    }

    /// Prints a reply as redis-cli does; `false` for Muelle's note (a command it does not run).
    fn print(&self, cx: &mut Cx<'_>, r: &Reply) -> bool {
        if let Reply::Error(e) = r {
            if let Some(name) = e.strip_prefix(NOT_SIMULATED) {
                cx.io.errln(&match cx.lang {
                    crate::Lang::Es => format!("muelle: Muelle no simula la orden {name} de Redis (un Redis real sí la ejecuta); las que simula: GET, SET, INCR, DEL, KEYS, EXPIRE, TTL, listas, hashes, conjuntos, INFO server, SAVE…"),
                    crate::Lang::En => format!("muelle: Muelle does not simulate Redis's {name} command (a real Redis runs it); those it simulates: GET, SET, INCR, DEL, KEYS, EXPIRE, TTL, lists, hashes, sets, INFO server, SAVE…"),
                });
                return false;
            }
        }
        let mut out = String::new();
        if self.tty {
            format_tty(r, "", &mut out);
        } else {
            format_raw(r, &mut out);
            out.push('\n');
        }
        cx.io.out(&out);
        true
    }

    fn prompt(&self) -> String {
        let db = if self.db != 0 { format!("[{}]", self.db) } else { String::new() };
        format!("{}:{}{db}> ", self.host, self.port)
    }
}

/// `redis-cli [-h host] [-p port] [-a password] [-n db] [--raw|--no-raw] [cmd args…]`.
pub(super) fn redis_cli(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut c = Client { host: "127.0.0.1".into(), port: 6379, auth: None, db: 0, tty: stdout_tty(cx) };
    let mut warn_auth = true;
    let mut i = 1;
    while i < argv.len() && argv[i].starts_with('-') {
        let next = argv.get(i + 1).cloned();
        match argv[i].as_str() {
            "-v" | "--version" => {
                cx.io.outln(&format!("redis-cli {VERSION}"));
                return done(0);
            }
            "-h" => c.host = next.unwrap_or_default(),
            "-p" => c.port = next.and_then(|p| p.parse().ok()).unwrap_or(6379),
            "-a" | "--pass" => c.auth = next,
            "-n" => c.db = next.and_then(|p| p.parse().ok()).unwrap_or(0),
            "--raw" => {
                c.tty = false;
                i += 1;
                continue;
            }
            "--no-raw" => {
                c.tty = true;
                i += 1;
                continue;
            }
            "--no-auth-warning" => {
                warn_auth = false;
                i += 1;
                continue;
            }
            "-e" | "-c" | "-x" => {
                i += 1;
                continue;
            }
            other => {
                cx.io.errln(&format!("Unrecognized option or bad number of args for: '{other}'"));
                return done(1);
            }
        }
        i += 2;
    }
    if c.auth.is_some() && warn_auth {
        cx.io
            .errln("Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.");
    }
    let args: Vec<Vec<u8>> = argv[i..].iter().map(|a| a.as_bytes().to_vec()).collect();
    if args.is_empty() {
        return repl(cx, c);
    }
    let shutdown = args[0].eq_ignore_ascii_case(b"shutdown");
    match c.send(cx, &args) {
        Sent::NoConnection => done(1),
        Sent::Hangs => Box::new(crate::shell::exec::WaitForever),
        Sent::Closed if shutdown => done(0),
        Sent::Closed => {
            cx.io.errln("Error: Server closed the connection");
            done(1)
        }
        Sent::Replies(r) => {
            let ok = r.iter().all(|r| c.print(cx, r));
            done(if ok { 0 } else { 1 })
        }
    }
}

/// redis-cli's prompt (`127.0.0.1:6379> `), read line by line; without a terminal on its
/// standard input (`docker exec` without `-i`) it reads the lines given and prints no prompt.
fn repl(cx: &mut Cx<'_>, c: Client) -> Box<dyn Job> {
    if let Some(stdin) = cx.io.stdin.take() {
        let mut job = Repl { client: c, prompt: false, done: false };
        for line in stdin.lines() {
            job.line(line, cx);
            if job.done {
                break;
            }
        }
        return done(0);
    }
    let mut job = Repl { client: c, prompt: true, done: false };
    // `cliConnect(0)` before the first prompt: a failure is said once, then `not connected> `.
    let connected = match super::net::open_tcp(cx, &job.client.host, job.client.port) {
        super::net::Opened::Failed(f, musl) => {
            cx.io.errln(&format!(
                "Could not connect to Redis at {}:{}: {}",
                job.client.host,
                job.client.port,
                f.errno(musl).1
            ));
            false
        }
        _ => true,
    };
    cx.io.out(&if connected { job.client.prompt() } else { "not connected> ".to_string() });
    let _ = &mut job;
    Box::new(job)
}

struct Repl {
    client: Client,
    prompt: bool,
    done: bool,
}

impl Repl {
    fn line(&mut self, line: &str, cx: &mut Cx<'_>) {
        let Some(args) = split_args(line) else {
            cx.io.outln("Invalid argument(s)");
            return;
        };
        let Some(first) = args.first() else { return };
        let name = String::from_utf8_lossy(first).to_ascii_lowercase();
        if name == "quit" || name == "exit" {
            self.done = true;
            return;
        }
        match self.client.send(cx, &args) {
            Sent::Replies(r) => {
                for reply in &r {
                    self.client.print(cx, reply);
                }
                if name == "select" && matches!(r.first(), Some(Reply::Status(_))) {
                    self.client.db = String::from_utf8_lossy(&args[1]).parse().unwrap_or(0);
                }
            }
            Sent::Closed if name == "shutdown" => {}
            Sent::Closed => cx.io.errln("Error: Server closed the connection"),
            Sent::NoConnection | Sent::Hangs => {}
        }
    }
}

impl Job for Repl {
    fn poll(&mut self, _cx: &mut Cx<'_>) -> Poll {
        if self.done {
            Poll::Done(0)
        } else {
            Poll::Pending(Wake::Never)
        }
    }
    fn interrupt(&mut self, _cx: &mut Cx<'_>) -> Poll {
        Poll::Done(0)
    }
    fn runs_until_interrupted(&self) -> bool {
        true
    }
    fn wants_input(&self) -> bool {
        !self.done
    }
    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        self.line(line, cx);
        if self.done {
            return Poll::Done(0);
        }
        if self.prompt {
            cx.io.out(&self.client.prompt());
        }
        Poll::Pending(Wake::Never)
    }
    fn end_of_input(&mut self, _cx: &mut Cx<'_>) -> Poll {
        Poll::Done(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc64_is_redis_jones() {
        // Redis's `crc64` test vector.
        assert_eq!(crc64(b"123456789"), 0xe9c6d914c4b8d9ca);
    }

    #[test]
    fn dump_reads_back() {
        let mut d = Dataset::new();
        d.dbs[0].insert(b"a".to_vec(), Entry { value: Value::Str(b"1".to_vec()), expires: None });
        d.dbs[0].insert(
            b"l".to_vec(),
            Entry {
                value: Value::List(["x".into(), "y".into()].map(|s: String| s.into_bytes()).into()),
                expires: Some(5_000_000),
            },
        );
        d.dbs[3]
            .insert(b"h".to_vec(), Entry { value: Value::Hash(vec![(b"f".to_vec(), b"v".to_vec())]), expires: None });
        let bytes = rdb_write(&d, 1_000_000);
        assert!(bytes.starts_with(b"REDIS0012"));
        let l = rdb_read(&bytes, 1_000_000).ok().expect("reads");
        assert_eq!(l.data, d);
        assert_eq!(l.version, VERSION);
        assert_eq!((l.loaded, l.expired), (3, 0));
        // Read later, the expired key is dropped.
        let l = rdb_read(&bytes, 6_000_000).ok().expect("reads");
        assert_eq!((l.loaded, l.expired), (2, 1));
    }

    #[test]
    fn globs() {
        assert!(glob_match(b"*", b"abc"));
        assert!(glob_match(b"user:*", b"user:1"));
        assert!(!glob_match(b"user:*", b"users"));
        assert!(glob_match(b"h?llo", b"hallo"));
        assert!(glob_match(b"h[ae]llo", b"hello"));
        assert!(!glob_match(b"h[^e]llo", b"hello"));
        assert!(glob_match(b"h[a-b]llo", b"hbllo"));
        assert!(glob_match(b"a\\*", b"a*"));
    }

    #[test]
    fn tty_format_nests_and_pads() {
        let items: Vec<Reply> = (1..=10).map(|i| Reply::bulk(i.to_string().as_bytes())).collect();
        let mut out = String::new();
        format_tty(&Reply::Array(Some(items)), "", &mut out);
        assert!(out.starts_with(" 1) \"1\"\n 2) \"2\"\n"));
        assert!(out.ends_with("10) \"10\"\n"));
        let mut out = String::new();
        format_tty(
            &Reply::Array(Some(vec![Reply::Array(Some(vec![Reply::Int(1), Reply::Int(2)])), Reply::Bulk(None)])),
            "",
            &mut out,
        );
        assert_eq!(out, "1) 1) (integer) 1\n   2) (integer) 2\n2) (nil)\n");
    }

    #[test]
    fn split_like_sdssplitargs() {
        assert_eq!(split_args(r#"set a "b c""#), Some(vec![b"set".to_vec(), b"a".to_vec(), b"b c".to_vec()]));
        assert_eq!(split_args("set a 'x y'"), Some(vec![b"set".to_vec(), b"a".to_vec(), b"x y".to_vec()]));
        assert_eq!(split_args(r#"set a "unclosed"#), None);
    }
}
