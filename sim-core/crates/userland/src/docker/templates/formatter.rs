//! How docker/cli writes objects out: the `formatter.Context` of list
//! commands (`table …` with a header through the tabwriter, `json`, `raw`,
//! a bare template, the quiet form) and `inspect.Inspect` (indented JSON,
//! `--format json`, or a template per object, with the not-found errors
//! after the output). Also go-units' `HumanSize` and sortorder's
//! `NaturalLess`, which the list commands use.

use super::exec::Mode;
use super::value::Value;
use super::Template;
use crate::docker::table;

/// docker/cli's `FormatHelp` for list commands.
pub const LIST_FORMAT_HELP: &str = "Format output using a custom template:
'table':            Print output in table format with column headers (default)
'table TEMPLATE':   Print output in table format using the given Go template
'json':             Print in JSON format
'TEMPLATE':         Print output using the given Go template.
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";

/// docker/cli's `InspectFormatHelp`.
pub const INSPECT_FORMAT_HELP: &str = "Format output using a custom template:
'json':             Print in JSON format
'TEMPLATE':         Print output using the given Go template.
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";

/// A list command's formats, as its formatter file in docker/cli defines them.
pub struct ListFormat<'a> {
    /// `table {{.ID}}\t{{.Name}}…`
    pub table: &'a str,
    /// The format `-q` uses (`{{.ID}}`).
    pub quiet: &'a str,
    /// `--format raw` and its quiet form.
    pub raw: &'a str,
    pub raw_quiet: &'a str,
    /// Column headers by field (`("ID", "NETWORK ID")`).
    pub header: &'a [(&'a str, &'a str)],
}

/// Renders `rows` as `docker … ls` does for `--format user_format` (`""` = default).
/// Errors are the whole message (`template parsing error: …`).
pub fn write_list(spec: &ListFormat<'_>, user_format: &str, quiet: bool, rows: &[Value]) -> Result<String, String> {
    let format = match user_format {
        "" | "table" => {
            if quiet {
                spec.quiet
            } else {
                spec.table
            }
        }
        "raw" => {
            if quiet {
                spec.raw_quiet
            } else {
                spec.raw
            }
        }
        other => other,
    };
    let is_table = format.starts_with("table");
    let mut body = if is_table {
        format.get(5..).unwrap_or("").to_string()
    } else if format == "json" {
        "{{json .}}".to_string()
    } else {
        format.to_string()
    };
    body = body.trim_matches(' ').replace("\\t", "\t").replace("\\n", "\n");
    let tmpl = Template::parse(&body).map_err(|e| format!("template parsing error: {e}"))?;
    let mut out = String::new();
    for row in rows {
        let text = tmpl.execute(row, Mode::default()).map_err(|e| format!("template parsing error: {e}"))?;
        out.push_str(&text);
        out.push('\n');
    }
    if !is_table {
        return Ok(out);
    }
    let header_data = Value::string_map(spec.header.iter().copied());
    let header = tmpl.execute(&header_data, Mode { header: true, ..Mode::default() }).unwrap_or_default();
    let text = format!("{header}\n{out}");
    let lines: Vec<Vec<String>> =
        text.lines().map(|l| l.split('\t').map(|c| c.to_string()).collect::<Vec<String>>()).collect();
    Ok(table::render(&lines))
}

/// What `docker … inspect` writes and how it ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InspectOutput {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// `inspect.Inspect`: `items` are the looked-up objects in argument order, or the daemon's
/// error for each one not found. `raw_json`: the object also comes as the daemon's JSON
/// (networks), which is written unescaped and lets templates name fields by JSON name.
pub fn inspect(format: &str, items: &[Result<Value, String>], raw_json: bool) -> InspectOutput {
    let mut stdout = String::new();
    let mut errors: Vec<String> = Vec::new();
    match format {
        "" | "json" => {
            let found: Vec<Value> = items.iter().filter_map(|i| i.as_ref().ok().cloned()).collect();
            errors.extend(items.iter().filter_map(|i| i.as_ref().err().cloned()));
            if found.is_empty() {
                stdout.push_str("[]\n");
            } else {
                let list = Value::list(found);
                let text =
                    if format.is_empty() { list.to_json_indent("    ", !raw_json) } else { list.to_json(!raw_json) };
                stdout.push_str(&text);
                stdout.push('\n');
            }
        }
        tmpl_src => {
            let tmpl = match Template::parse(tmpl_src) {
                Ok(t) => t,
                Err(e) => {
                    return InspectOutput {
                        stdout: String::new(),
                        stderr: format!("template parsing error: {e}\n"),
                        code: 64,
                    }
                }
            };
            for item in items {
                let v = match item {
                    Ok(v) => v,
                    Err(e) => {
                        errors.push(e.clone());
                        continue;
                    }
                };
                // docker runs the template on the typed object, then on its raw JSON.
                let result = match tmpl.execute(v, Mode::default()) {
                    Err(_) if raw_json => tmpl.execute(v, Mode { json_names: true, ..Mode::default() }),
                    other => other,
                };
                match result {
                    Ok(text) => {
                        stdout.push_str(&text);
                        stdout.push('\n');
                    }
                    Err(e) => errors.push(format!("template parsing error: {e}")),
                }
            }
            if stdout.is_empty() {
                stdout.push('\n');
            }
        }
    }
    let code = if errors.is_empty() { 0 } else { 1 };
    let stderr = if errors.is_empty() { String::new() } else { format!("{}\n", errors.join("\n")) };
    InspectOutput { stdout, stderr, code }
}

/// go-units `HumanSize`: decimal units, four significant digits (`12.5MB`, `0B`, `2kB`).
pub fn human_size(bytes: u64) -> String {
    human_size_precision(bytes, 4)
}

/// go-units' `HumanSizeWithPrecision(bytes, precision)` (`%.{precision}g` of the scaled value).
pub fn human_size_precision(bytes: u64, precision: usize) -> String {
    const UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    let mut size = bytes as f64;
    let mut i = 0;
    while size >= 1000.0 && i < UNITS.len() - 1 {
        size /= 1000.0;
        i += 1;
    }
    format!("{}{}", format_g(size, precision.max(1)), UNITS[i])
}

/// go-units' `BytesSize`: binary units, `%.4g` (`7.751GiB`, `5.602MiB`, `0B`).
pub fn bytes_size(bytes: u64) -> String {
    const UNITS: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
    let mut size = bytes as f64;
    let mut i = 0;
    while size >= 1024.0 && i < UNITS.len() - 1 {
        size /= 1024.0;
        i += 1;
    }
    format!("{}{}", format_g(size, 4), UNITS[i])
}

/// Go's `%.{precision}g` for the numbers `human_size` produces.
fn format_g(x: f64, precision: usize) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let sci = format!("{x:.*e}", precision - 1);
    let Some((mantissa, exp)) = sci.split_once('e') else { return sci };
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    if !(-4..precision as i32).contains(&exp) {
        let m = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!("{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    let text = if exp >= 0 {
        let split = (exp as usize + 1).min(digits.len());
        format!("{}.{}", &digits[..split], &digits[split..])
    } else {
        format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
    };
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    text
}

/// sortorder's `NaturalLess`: digit runs compare as numbers, digits before other bytes.
pub fn natural_less(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (da, db) = (a[i].is_ascii_digit(), b[j].is_ascii_digit());
        if da != db {
            return da;
        }
        if !da {
            if a[i] != b[j] {
                return a[i] < b[j];
            }
            i += 1;
            j += 1;
            continue;
        }
        while i < a.len() && a[i] == b'0' {
            i += 1;
        }
        while j < b.len() && b[j] == b'0' {
            j += 1;
        }
        let (nz_a, nz_b) = (i, j);
        while i < a.len() && a[i].is_ascii_digit() {
            i += 1;
        }
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let (len_a, len_b) = (i - nz_a, j - nz_b);
        if len_a != len_b {
            return len_a < len_b;
        }
        if a[nz_a..i] != b[nz_b..j] {
            return a[nz_a..i] < b[nz_b..j];
        }
        if nz_a != nz_b {
            return nz_a < nz_b;
        }
    }
    a.len() < b.len()
}

/// sortorder's `NaturalLess` as an ordering, for `sort_by` (docker sorts `ls` output with it).
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if natural_less(a, b) {
        std::cmp::Ordering::Less
    } else if natural_less(b, a) {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docker::templates::Struct;

    #[test]
    fn bytes_sizes_like_go_units() {
        assert_eq!(bytes_size(0), "0B");
        assert_eq!(bytes_size(8_322_416_640), "7.751GiB");
        assert_eq!(bytes_size(5_873_664), "5.602MiB");
        assert_eq!(bytes_size(536_576), "524KiB");
        assert_eq!(bytes_size(1023), "1023B");
    }

    #[test]
    fn human_sizes_like_go_units() {
        assert_eq!(human_size(0), "0B");
        assert_eq!(human_size(615), "615B");
        assert_eq!(human_size(2000), "2kB");
        assert_eq!(human_size(12_500_000), "12.5MB");
        assert_eq!(human_size(1_234_567), "1.235MB");
        assert_eq!(human_size(999_999), "1000kB");
    }

    #[test]
    fn natural_order() {
        let mut names = vec!["net10", "net2", "bridge", "Net", "host", "net1"];
        crate::sort::sort_by(&mut names, |a, b| {
            if natural_less(a, b) {
                std::cmp::Ordering::Less
            } else if natural_less(b, a) {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        });
        assert_eq!(names, vec!["Net", "bridge", "host", "net1", "net2", "net10"]);
        assert!(!natural_less("a", "a"));
        assert!(natural_less("a", "ab"));
    }

    fn row(name: &str) -> Value {
        Struct::new("*network.networkContext")
            .field("ID", Value::str("1f3a9c2b7d4e"))
            .field("Name", Value::str(name))
            .field("Driver", Value::str("bridge"))
            .field("Scope", Value::str("local"))
            .into_value()
    }

    const SPEC: ListFormat<'static> = ListFormat {
        table: "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
        quiet: "{{.ID}}",
        raw: "network_id: {{.ID}}\\nname: {{.Name}}\\n",
        raw_quiet: "network_id: {{.ID}}",
        header: &[("ID", "NETWORK ID"), ("Name", "NAME"), ("Driver", "DRIVER"), ("Scope", "SCOPE")],
    };

    #[test]
    fn list_formats() {
        let rows = vec![row("bridge")];
        assert_eq!(
            write_list(&SPEC, "", false, &rows).unwrap(),
            "NETWORK ID     NAME      DRIVER    SCOPE\n1f3a9c2b7d4e   bridge    bridge    local\n"
        );
        assert_eq!(write_list(&SPEC, "", true, &rows).unwrap(), "1f3a9c2b7d4e\n");
        assert_eq!(write_list(&SPEC, "{{.Name}}", true, &rows).unwrap(), "bridge\n");
        assert_eq!(write_list(&SPEC, "table {{.Name}}", false, &[]).unwrap(), "NAME\n");
        assert_eq!(
            write_list(&SPEC, "json", false, &rows).unwrap(),
            "{\"ID\":\"1f3a9c2b7d4e\",\"Name\":\"bridge\",\"Driver\":\"bridge\",\"Scope\":\"local\"}\n"
        );
        assert_eq!(
            write_list(&SPEC, "{{.Nope}}", false, &rows).unwrap_err(),
            "template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *network.networkContext"
        );
    }

    #[test]
    fn inspect_shapes() {
        let out = inspect("", &[Err("Error response from daemon: network x not found".into())], true);
        assert_eq!(out.stdout, "[]\n");
        assert_eq!(out.stderr, "Error response from daemon: network x not found\n");
        assert_eq!(out.code, 1);
        let out = inspect("{{.Name}}", &[Ok(row("a")), Err("e".into())], true);
        assert_eq!((out.stdout.as_str(), out.stderr.as_str(), out.code), ("a\n", "e\n", 1));
        let out = inspect("{{.Name}}", &[Err("e".into())], true);
        assert_eq!(out.stdout, "\n");
        let out = inspect("{{.Name", &[Ok(row("a"))], true);
        assert_eq!((out.stderr.as_str(), out.code), ("template parsing error: template: :1: unclosed action\n", 64));
    }
}
