//! The official images' own programs beyond their start-up: nginx's configuration, `nginx -s`
//! and its master's signals (nginx 1.27.4's `ngx_conf_file.c`, `ngx_process.c`,
//! `ngx_process_cycle.c`, `ngx_cycle.c`); Redis's data, dump and `redis-cli`'s output (Redis
//! 7.4's `t_*.c`, `rdb.c`, `redis-cli.c`); the golang image's `go`; an official image Muelle
//! has no entry for.

mod common;

use common::Term;

fn started(images: &[&str]) -> Term {
    let mut t = Term::new();
    t.run("cd /home/alumno/proyecto");
    t.pull(images);
    t
}

/// `2025/03/10 10:00:05 ` → `T `.
fn untimed(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.len() > 20 && l.as_bytes()[4] == b'/' && l.as_bytes()[10] == b' ' {
                format!("T{}", &l[19..])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn nginx_reload_signals_the_master_and_takes_the_new_configuration() {
    let mut t = started(&["nginx"]);
    t.run("docker run -d --name web -p 8080:80 -p 8081:8081 nginx");
    t.run("sleep 2");
    let out = t.run("docker exec web nginx -s reload");
    assert_eq!(t.status(), 0);
    assert_eq!(untimed(&out), "T [notice] 31#31: signal process started");
    let logs = untimed(&t.run("docker logs web"));
    let tail: Vec<&str> = logs.lines().rev().take(16).collect::<Vec<_>>().into_iter().rev().collect();
    assert_eq!(
        tail.join("\n"),
        "T [notice] 1#1: signal 1 (SIGHUP) received from 31, reconfiguring
T [notice] 1#1: reconfiguring
T [notice] 1#1: using the \"epoll\" event method
T [notice] 1#1: start worker processes
T [notice] 1#1: start worker process 32
T [notice] 1#1: start worker process 33
T [notice] 29#29: gracefully shutting down
T [notice] 29#29: exiting
T [notice] 29#29: exit
T [notice] 30#30: gracefully shutting down
T [notice] 30#30: exiting
T [notice] 30#30: exit
T [notice] 1#1: signal 17 (SIGCHLD) received from 29
T [notice] 1#1: worker process 29 exited with code 0
T [notice] 1#1: worker process 30 exited with code 0
T [notice] 1#1: signal 29 (SIGIO) received"
    );
    // The new configuration: another port and another root.
    t.run(r#"docker exec web sh -c 'printf "server {\n    listen 8081;\n    root /srv;\n}\n" > /etc/nginx/conf.d/default.conf; echo nuevo > /srv/index.html'"#);
    t.run("docker exec web nginx -s reload");
    assert_eq!(t.run("curl -s localhost:8081"), "nuevo\n");
    assert!(t.run("curl -s localhost:8080; echo $?").ends_with("56\n"), "port 80 is closed after the reload");
    // `docker kill -s HUP` comes from outside the PID namespace: no "from".
    t.run("docker kill -s HUP web");
    assert!(untimed(&t.run("docker logs web")).contains("T [notice] 1#1: signal 1 (SIGHUP) received, reconfiguring\n"));
}

#[test]
fn a_broken_configuration_is_refused_and_the_old_one_kept() {
    let mut t = started(&["nginx"]);
    t.run("docker run -d --name web nginx");
    t.run("sleep 2");
    t.run(r#"docker exec web sh -c 'echo "servr_name x;" >> /etc/nginx/conf.d/default.conf'"#);
    let out = untimed(&t.run("docker exec web nginx -s reload"));
    assert_eq!(t.status(), 1);
    assert_eq!(
        out,
        "T [emerg] 31#31: unknown directive \"servr_name\" in /etc/nginx/conf.d/default.conf:16\nnginx: [emerg] unknown directive \"servr_name\" in /etc/nginx/conf.d/default.conf:16"
    );
    let out = untimed(&t.run("docker exec web nginx -t"));
    assert!(out.ends_with("nginx: configuration file /etc/nginx/nginx.conf test failed"), "{out}");
    // The master, told from outside, logs the refusal and goes on serving.
    t.run("docker kill -s HUP web");
    let logs = untimed(&t.run("docker logs web"));
    assert!(logs.ends_with("T [notice] 1#1: reconfiguring\nT [emerg] 1#1: unknown directive \"servr_name\" in /etc/nginx/conf.d/default.conf:16"), "{logs}");
    assert!(t.run("docker ps --format '{{.Status}}'").starts_with("Up"));
    // A missing `;` and a missing `}`.
    t.run(r#"docker exec web sh -c 'printf "server {\n    listen 80\n    root /x;\n}\n" > /etc/nginx/conf.d/default.conf'"#);
    assert!(t
        .run("docker exec web nginx -t")
        .contains("nginx: [emerg] invalid parameter \"root\" in /etc/nginx/conf.d/default.conf:3\n"));
    t.run(r#"docker exec web sh -c 'printf "server {\n    listen 80;\n" > /etc/nginx/conf.d/default.conf'"#);
    assert!(t
        .run("docker exec web nginx -t")
        .contains("nginx: [emerg] unexpected end of file, expecting \"}\" in /etc/nginx/conf.d/default.conf:3\n"));
}

#[test]
fn nginx_stop_and_quit_end_the_container() {
    let mut t = started(&["nginx"]);
    t.run("docker run -d --name web nginx");
    t.run("sleep 2");
    t.run("docker exec web nginx -s quit");
    t.run("sleep 1");
    assert!(t.run("docker ps -a --format '{{.Status}}'").starts_with("Exited (0)"));
    let logs = untimed(&t.run("docker logs web"));
    assert!(logs.contains("T [notice] 1#1: signal 3 (SIGQUIT) received from 31, shutting down\n"), "{logs}");
    assert!(logs.ends_with("T [notice] 1#1: exit"));
    assert_eq!(t.run("docker exec web nginx -s bogus"), "Error response from daemon: container c59633610ccf1a30bca720bf33d872b2158726feb534ede3754d2727099fc988 is not running\n");
}

#[test]
fn redis_keeps_data_and_redis_cli_prints_as_the_real_one() {
    let mut t = started(&["redis"]);
    t.run("docker run -d --name cache redis");
    t.run("sleep 1");
    assert_eq!(t.run("docker exec cache redis-cli set a 1"), "OK\n");
    assert_eq!(t.run("docker exec cache redis-cli get a"), "1\n");
    assert_eq!(t.run("docker exec -t cache redis-cli get a"), "\"1\"\n");
    assert_eq!(t.run("docker exec -t cache redis-cli incr a"), "(integer) 2\n");
    assert_eq!(t.run("docker exec -t cache redis-cli get nada"), "(nil)\n");
    assert_eq!(t.run("docker exec cache redis-cli get nada"), "\n");
    assert_eq!(t.run("docker exec -t cache redis-cli keys 'x*'"), "(empty array)\n");
    assert_eq!(t.run("docker exec -t cache redis-cli rpush l x y"), "(integer) 2\n");
    assert_eq!(t.run("docker exec -t cache redis-cli lrange l 0 -1"), "1) \"x\"\n2) \"y\"\n");
    assert_eq!(t.run("docker exec cache redis-cli lrange l 0 -1"), "x\ny\n");
    assert_eq!(
        t.run("docker exec -t cache redis-cli incr l"),
        "(error) WRONGTYPE Operation against a key holding the wrong kind of value\n"
    );
    assert_eq!(
        t.run("docker exec -t cache redis-cli FOO bar baz"),
        "(error) ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' \n"
    );
    assert_eq!(
        t.run("docker exec -t cache redis-cli get"),
        "(error) ERR wrong number of arguments for 'get' command\n"
    );
    assert_eq!(t.run("docker exec -t cache redis-cli hset h f v"), "(integer) 1\n");
    assert_eq!(t.run("docker exec -t cache redis-cli hgetall h"), "1) \"f\"\n2) \"v\"\n");
    assert_eq!(t.run("docker exec -t cache redis-cli sadd s 3 1 2"), "(integer) 3\n");
    assert_eq!(t.run("docker exec -t cache redis-cli smembers s"), "1) \"1\"\n2) \"2\"\n3) \"3\"\n");
    assert_eq!(t.run("docker exec -t cache redis-cli dbsize"), "(integer) 4\n");
    // Expiry on the simulated clock.
    t.run("docker exec cache redis-cli set t v EX 10");
    assert_eq!(t.run("docker exec -t cache redis-cli ttl t"), "(integer) 10\n");
    t.run("sleep 11");
    assert_eq!(t.run("docker exec -t cache redis-cli ttl t"), "(integer) -2\n");
    assert_eq!(t.run("docker exec -t cache redis-cli exists t"), "(integer) 0\n");
    // A command Redis has and Muelle does not run: a note, not an answer.
    let out = t.run("docker exec cache redis-cli config get dir");
    assert_eq!(t.status(), 1);
    assert!(out.starts_with("muelle: Muelle does not simulate Redis's CONFIG command"), "{out}");
    assert_eq!(
        t.run("docker exec cache redis-server --version"),
        "Redis server v=7.4.2 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=b8e84bc1c6b6a9a2\n"
    );
    assert_eq!(t.run("docker exec cache redis-cli --version"), "redis-cli 7.4.2\n");
}

#[test]
fn redis_data_survives_a_restart_and_lives_in_its_volume() {
    let mut t = started(&["redis"]);
    t.run("docker run -d --name cache -v datos:/data redis");
    t.run("sleep 1");
    t.run("docker exec cache redis-cli set visitas 41");
    t.run("docker exec cache redis-cli incr visitas");
    t.run("docker restart cache");
    t.run("sleep 1");
    assert_eq!(t.run("docker exec cache redis-cli get visitas"), "42\n");
    let logs = t.run("docker logs cache");
    assert!(logs.contains("* Saving the final RDB snapshot before exiting.\n"), "{logs}");
    assert!(logs.contains("* Done loading RDB, keys loaded: 1, keys expired: 0.\n"), "{logs}");
    assert!(logs.contains("* DB loaded from disk: 0.000 seconds\n"), "{logs}");
    let dump = t.run("docker exec cache head -c 9 /data/dump.rdb");
    assert_eq!(dump, "REDIS0012");
    t.run("docker rm -f cache");
    // `rm -f` kills: the data is the last dump's, written by the restart's clean stop.
    t.run("docker run -d --name otra -v datos:/data redis");
    t.run("sleep 1");
    assert_eq!(t.run("docker exec otra redis-cli get visitas"), "42\n");
    // Without a volume, a new container starts empty.
    t.run("docker run -d --name vacia redis");
    t.run("sleep 1");
    assert_eq!(t.run("docker exec vacia redis-cli dbsize"), "0\n");
}

#[test]
fn redis_cli_reaches_other_containers_by_name() {
    let mut t = started(&["redis", "redis:alpine"]);
    t.run("docker network create red");
    t.run("docker run -d --name db --network red redis");
    t.run("sleep 1");
    t.run("docker run --rm --network red redis redis-cli -h db set k v");
    assert_eq!(t.run("docker run --rm --network red redis redis-cli -h db get k"), "v\n");
    assert_eq!(
        t.run("docker run --rm --network red redis redis-cli -h nadie ping"),
        "Could not connect to Redis at nadie:6379: Name or service not known\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker run --rm --network red redis:alpine redis-cli -h nadie ping"),
        "Could not connect to Redis at nadie:6379: Name does not resolve\n"
    );
    assert_eq!(
        t.run("docker exec db redis-cli -p 6380 ping"),
        "Could not connect to Redis at 127.0.0.1:6380: Connection refused\n"
    );
}

#[test]
fn redis_cli_prompt_and_shutdown() {
    let mut t = started(&["redis"]);
    t.run("docker run -d --name cache redis");
    t.run("sleep 1");
    assert_eq!(t.run("docker exec -it cache redis-cli"), "127.0.0.1:6379> ");
    assert_eq!(
        t.run("set saludo \"hola mundo\""),
        "set saludo \"hola mundo\"\nOK\n127.0.0.1:6379> ".replace("set saludo \"hola mundo\"\n", "")
    );
    assert_eq!(t.run("get saludo"), "\"hola mundo\"\n127.0.0.1:6379> ");
    assert_eq!(t.run("select 1"), "OK\n127.0.0.1:6379[1]> ");
    t.run("quit");
    assert_eq!(t.run("docker exec cache redis-cli shutdown"), "");
    t.run("sleep 1");
    assert!(t.run("docker ps -a --format '{{.Status}}'").starts_with("Exited (0)"));
}

#[test]
fn golang_reports_its_version_and_never_hangs() {
    let mut t = started(&["golang:1.22", "golang", "python:3.12", "ruby"]);
    assert_eq!(t.run("docker run --rm golang:1.22 go version"), "go version go1.22.12 linux/amd64\n");
    assert_eq!(t.run("docker run --rm golang go version"), "go version go1.24.1 linux/amd64\n");
    assert_eq!(t.run("docker run --rm golang go env GOPATH"), "/go\n");
    t.run(r#"printf 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("Hola desde Go")\n}\n' > main.go"#);
    assert_eq!(t.run(r#"docker run --rm -v "$PWD":/app -w /app golang:1.22 go run main.go"#), "Hola desde Go\n");
    let out = t.run("docker run --rm golang:1.22 go build");
    assert_eq!(t.status(), 1);
    assert!(out.starts_with("muelle: Muelle does not compile or run Go code"), "{out}");
    // A program an image does not have: runc's refusal, 127.
    let out = t.run("docker run --rm python:3.12 go version");
    assert_eq!(t.status(), 127);
    assert!(out.contains("exec: \"go\": executable file not found in $PATH"), "{out}");
    // An official image Muelle has no entry for ends with its note instead of running forever.
    let out = t.run("docker run --rm ruby ruby -v");
    assert_eq!(t.status(), 1);
    assert!(out.contains("Muelle does not know the programs of the official image \"ruby\""), "{out}");
}
