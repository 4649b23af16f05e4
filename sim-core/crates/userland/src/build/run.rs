//! RUN in a build: the script's common commands done on the stage's image
//! file system — package installs (`apt-get install`, `apk add`, `pip
//! install`) add the programs to the image, `echo … > file` writes files,
//! `mkdir`, `touch`, `rm`, `cd`; `false` and `exit N` fail the step. Other
//! commands succeed without effect (the simulator has no build container).

use crate::world::image::Image;

/// Splits a script into commands at `&&`, `||`, `;`, `|` and newlines, outside quotes.
fn commands(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let chars: Vec<char> = script.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) if c == q => {
                quote = None;
                cur.push(c);
            }
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                cur.push(c);
            }
            None if c == '\\' && chars.get(i + 1) == Some(&'\n') => i += 1,
            None if matches!(c, ';' | '\n' | '&' | '|') => {
                if !cur.trim().is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
            None => cur.push(c),
        }
        i += 1;
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

/// Words with quotes removed and `$VAR` expanded outside single quotes.
fn words(cmd: &str, vars: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut seg = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let flush_seg = |seg: &mut String, cur: &mut String| {
        cur.push_str(&super::substitute(seg, vars));
        seg.clear();
    };
    for c in cmd.chars() {
        match quote {
            Some('\'') if c == '\'' => quote = None,
            Some('\'') => cur.push(c),
            Some(_) if c == '"' => {
                flush_seg(&mut seg, &mut cur);
                quote = None;
            }
            Some(_) => seg.push(c),
            None if c == '\'' || c == '"' => {
                flush_seg(&mut seg, &mut cur);
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    flush_seg(&mut seg, &mut cur);
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            None => {
                seg.push(c);
                in_word = true;
            }
        }
    }
    if in_word || !seg.is_empty() || !cur.is_empty() {
        flush_seg(&mut seg, &mut cur);
        out.push(cur);
    }
    out
}

/// Runs `script` on `img`. `Err((exit code, output lines))` when it fails.
pub fn run(img: &mut Image, script: &str, vars: &[(String, String)]) -> Result<(), (i32, Vec<String>)> {
    let mut cwd = if img.config.workdir.is_empty() { "/".to_string() } else { img.config.workdir.clone() };
    for cmd in commands(script) {
        // Redirections `> file` / `>> file` at the end of the command.
        let mut w = words(&cmd, vars);
        let mut redirect: Option<(String, bool)> = None;
        if let Some(pos) = w.iter().position(|x| x == ">" || x == ">>") {
            if let Some(file) = w.get(pos + 1).cloned() {
                redirect = Some((crate::fs::normalize(&cwd, &file), w[pos] == ">>"));
            }
            w.truncate(pos);
        } else if let Some(pos) = w.iter().position(|x| x.starts_with('>') && x.len() > 1) {
            let t = w[pos].clone();
            let (append, file) = match t.strip_prefix(">>") {
                Some(f) => (true, f.to_string()),
                None => (false, t[1..].to_string()),
            };
            redirect = Some((crate::fs::normalize(&cwd, &file), append));
            w.truncate(pos);
        }
        let Some(prog) = w.first().cloned() else { continue };
        let args: Vec<String> = w[1..].to_vec();
        let mut output = String::new();
        match prog.as_str() {
            "false" => return Err((1, Vec::new())),
            "exit" => {
                let code = args.first().and_then(|a| a.parse().ok()).unwrap_or(0);
                if code != 0 {
                    return Err((code, Vec::new()));
                }
                return Ok(());
            }
            "cd" => cwd = crate::fs::normalize(&cwd, args.first().map_or("/", |s| s.as_str())),
            "echo" => {
                let newline = args.first().map(String::as_str) != Some("-n");
                let rest: Vec<&str> =
                    args.iter().map(String::as_str).skip_while(|a| *a == "-n" || *a == "-e").collect();
                output = rest.join(" ");
                if newline {
                    output.push('\n');
                }
            }
            "mkdir" => {
                for d in args.iter().filter(|a| !a.starts_with('-')) {
                    let _ = img.fs.mkdir_p(&crate::fs::normalize(&cwd, d));
                }
            }
            "touch" => {
                for f in args.iter().filter(|a| !a.starts_with('-')) {
                    let p = crate::fs::normalize(&cwd, f);
                    if !img.fs.exists(&p) {
                        img.fs.put(&p, Vec::new());
                    }
                }
            }
            "rm" => {
                for f in args.iter().filter(|a| !a.starts_with('-')) {
                    let _ = img.fs.remove(&crate::fs::normalize(&cwd, f), true);
                }
            }
            "apt-get" | "apt" | "apk" | "pip" | "pip3" | "npm" if args.iter().any(|a| a == "install" || a == "add") => {
                let mut skip_next = false;
                for a in &args {
                    // `pip install -r requirements.txt`: a file, not a package.
                    if std::mem::take(&mut skip_next) || matches!(a.as_str(), "install" | "add") {
                        continue;
                    }
                    if a == "-r" || a.starts_with("--requirement") {
                        // `pip install -r requirements.txt`: the packages the file lists.
                        skip_next = a == "-r" || a == "--requirement";
                        let file = a
                            .split_once('=')
                            .map(|(_, f)| f.to_string())
                            .or_else(|| args.iter().skip_while(|x| *x != a).nth(1).cloned());
                        let text = file
                            .and_then(|f| {
                                img.fs
                                    .read(&crate::fs::normalize(&cwd, &f))
                                    .ok()
                                    .map(|d| String::from_utf8_lossy(d).into_owned())
                            })
                            .unwrap_or_default();
                        for line in text.lines() {
                            let line = line.split('#').next().unwrap_or("").trim();
                            if line.is_empty() || line.starts_with('-') {
                                continue;
                            }
                            let name: String = line
                                .chars()
                                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_' || *c == '.')
                                .collect::<String>();
                            let name = crate::case::to_lower(&name);
                            if !name.is_empty() && !img.config.packages.contains(&name) {
                                img.config.packages.push(name);
                            }
                        }
                        continue;
                    }
                    if a.starts_with('-') {
                        continue;
                    }
                    // `"fastapi[standard]>=0.115"`: the package's name, without quotes, extras
                    // or a version.
                    let bare = a.trim_matches(|c| c == '"' || c == '\'');
                    let name = bare.split(['=', '@', '[', '<', '>', '~', '!']).next().unwrap_or(bare).to_string();
                    if !img.config.packages.contains(&name) {
                        img.config.packages.push(name);
                    }
                }
            }
            _ => {}
        }
        if let Some((file, append)) = redirect {
            let mut data = if append { img.fs.read(&file).map(|d| d.to_vec()).unwrap_or_default() } else { Vec::new() };
            data.extend_from_slice(output.as_bytes());
            img.fs.put(&file, data);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_commands_and_words() {
        assert_eq!(commands("a && b; c || d\ne"), vec!["a ", " b", " c ", " d", "e"]);
        assert_eq!(commands("echo 'a;b' && x"), vec!["echo 'a;b' ", " x"]);
        let vars = vec![("N".to_string(), "v".to_string())];
        assert_eq!(words("echo \"$N x\" '$N' $N", &vars), vec!["echo", "v x", "$N", "v"]);
    }

    #[test]
    fn installs_and_files() {
        let mut img = crate::world::image::build_image(
            &crate::world::image::Reference::parse("alpine").unwrap(),
            &mut crate::rng::Rng::new(1),
            crate::SimTime::default(),
        );
        img.config.workdir = "/app".into();
        let script = "apk add --no-cache curl git && pip install -r req.txt flask==3.0\nmkdir -p out && echo \"v $N\" > out/v.txt";
        run(&mut img, script, &[("N".into(), "7".into())]).unwrap();
        assert!(img.config.packages.iter().any(|p| p == "curl"));
        assert!(img.config.packages.iter().any(|p| p == "flask"));
        assert!(!img.config.packages.iter().any(|p| p == "req.txt"));
        assert_eq!(img.fs.read("/app/out/v.txt").unwrap(), b"v 7\n");
        assert_eq!(run(&mut img, "true && exit 3", &[]).unwrap_err().0, 3);
        assert_eq!(run(&mut img, "false", &[]).unwrap_err().0, 1);
    }
}
