//! The machine's program table, above both `programs/` and `docker/`: every program a shell
//! finds on `$PATH` by name — the coreutils, ping, the images' servers… and the docker CLI
//! (`crate::cli`'s `docker`/`docker-compose`), one program among the others — handed to every
//! job as [`Cx::bin`] ([`Bin`]), so the docker CLI never names `programs/` and `programs/` never
//! names the docker CLI. `docker exec` starts its command through the [`Bin`] its `Cx` carries,
//! and checks it can run through the host's [`Programs`] (`World::check_executable`).
//!
//! Also userland as the host sees it: the [`Programs`] table handed to `World::new` and the
//! [`Process`] wrapper around a container's main job. The host polls a container's main process
//! without knowing it is a shell job; here the job gets its shell context and its `Cx`, and what
//! it asked of a terminal is reduced to what a main process can ask (why it exits).

use crate::events::Cause;
use crate::host_process::{ExecError, Io, Poll, Process, Programs, Signal};
use crate::process::{Bin, Cx, Effect, Job, Run};
use crate::programs::{check_executable, healthcheck_passes, image_packages, main_process};
use crate::shell::ShellCtx;
use crate::world::{Cid, World};
use crate::Lang;

/// The programs of every container and every shell; pass `&PROGRAMS` to `World::new`.
pub static PROGRAMS: Userland = Userland;

/// Userland's answer to the host's [`Programs`] questions, and the [`Bin`] every job is handed.
pub struct Userland;

impl Bin for Userland {
    fn program(&self, name: &str) -> Option<Run> {
        crate::programs::lookup(name).or(match name {
            "docker" => Some(crate::cli::docker as Run),
            "docker-compose" => Some(crate::cli::docker_compose as Run),
            _ => None,
        })
    }

    fn spawn(&self, cx: &mut Cx<'_>, argv: Vec<String>, assigns: Vec<(String, String)>) -> Box<dyn Job> {
        crate::programs::spawn(cx, argv, assigns)
    }
}

impl Programs for Userland {
    fn main_process(&self, world: &mut World, cid: Cid) -> Box<dyn Process> {
        let (job, sh) = main_process(world, cid);
        Box::new(MainJob { job, sh })
    }

    fn check_executable(&self, world: &World, cid: Cid, argv: &[String]) -> Result<(), ExecError> {
        check_executable(world, cid, argv)
    }

    fn healthcheck_passes(&self, world: &mut World, cid: Cid, test: &[String]) -> bool {
        healthcheck_passes(world, cid, test, &PROGRAMS)
    }

    fn image_packages(&self, repo: &str) -> &'static [&'static str] {
        image_packages(repo)
    }
}

/// A container's main job with the shell context it runs in (its environment, working
/// directory, PID 1's traps).
struct MainJob {
    job: Box<dyn Job>,
    sh: ShellCtx,
}

impl MainJob {
    /// Runs `f` with a `Cx` in the container's own terms (Docker's English: a main process's
    /// output is the container's log); returns what it gave and the last exit cause it named.
    fn with_cx<R>(
        &mut self,
        world: &mut World,
        io: &mut Io,
        f: impl FnOnce(&mut dyn Job, &mut Cx<'_>) -> R,
    ) -> (R, Option<Cause>) {
        let mut effects = Vec::new();
        let out = {
            let mut cx = Cx { world, io, sh: &mut self.sh, lang: Lang::En, effects: &mut effects, bin: &PROGRAMS };
            f(self.job.as_mut(), &mut cx)
        };
        let cause = effects.into_iter().rev().find_map(|e| match e {
            Effect::ExitCause(c) => Some(c),
            _ => None,
        });
        (out, cause)
    }
}

impl Process for MainJob {
    fn poll(&mut self, world: &mut World, io: &mut Io) -> (Poll, Option<Cause>) {
        self.with_cx(world, io, |job, cx| job.poll(cx))
    }

    fn signal(&mut self, sig: Signal, world: &mut World, io: &mut Io) -> Option<i32> {
        self.with_cx(world, io, |job, cx| job.signal(sig, cx)).0
    }

    fn is_interactive_shell(&self) -> bool {
        self.job.is_interactive_shell()
    }

    fn runs_until_interrupted(&self) -> bool {
        self.job.runs_until_interrupted()
    }

    fn wants_input(&self) -> bool {
        self.job.wants_input()
    }

    fn serve(&mut self, port: u16, request: &[u8], world: &mut World, io: &mut Io) -> Option<Vec<u8>> {
        self.with_cx(world, io, |job, cx| job.serve(port, request, cx)).0
    }

    fn input(&mut self, line: Option<&str>, world: &mut World, io: &mut Io) -> (Poll, Option<Cause>) {
        self.with_cx(world, io, |job, cx| match line {
            Some(l) => job.input(l, cx),
            None => job.end_of_input(cx),
        })
    }
}
