//! Docker's `--format` machinery: a subset of Go's `text/template` with the
//! functions docker's `templates` package adds (`json`, `join`, `upper`…),
//! over [`Value`]s that know how Go would marshal and print them; and the
//! CLI's two ways of writing objects out — list tables (`ls --format`) and
//! inspect output (`inspect [-f]`). One implementation, so every command
//! prints `{{json .}}`, `{{range …}}` and errors the same way docker does.

mod exec;
pub mod formatter;
mod gostrings;
mod parse;
pub mod value;

pub use exec::Mode;
pub use formatter::{
    human_size, inspect, natural_cmp, natural_less, write_list, InspectOutput, ListFormat, INSPECT_FORMAT_HELP,
    LIST_FORMAT_HELP,
};
pub use value::{Struct, Value};

/// A parsed template.
#[derive(Clone, Debug)]
pub struct Template {
    src: String,
    nodes: Vec<parse::Node>,
}

impl Template {
    /// Parses `src`; errors read `template: :1: …` as Go's do.
    pub fn parse(src: &str) -> Result<Template, String> {
        Ok(Template { src: src.to_string(), nodes: parse::parse(src)? })
    }

    /// Runs the template with `data` as `.` and `$`.
    pub fn execute(&self, data: &Value, mode: Mode) -> Result<String, String> {
        let mut out = String::new();
        exec::Exec::new(&self.src, mode, data).run(&self.nodes, data, &mut out)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn network() -> Value {
        Struct::new("network.Inspect")
            .field("Name", Value::str("mynet"))
            .field_as("ID", "Id", Value::str("abc"))
            .field(
                "IPAM",
                Struct::new("network.IPAM")
                    .field(
                        "Config",
                        Value::list(vec![Struct::new("network.IPAMConfig")
                            .omitempty("Subnet", Value::str("172.18.0.0/16"))
                            .omitempty("Gateway", Value::str("172.18.0.1"))
                            .into_value()]),
                    )
                    .into_value(),
            )
            .field(
                "Containers",
                Value::map(vec![(
                    "c1id".to_string(),
                    Struct::new("network.EndpointResource")
                        .field("Name", Value::str("c1"))
                        .field("IPv4Address", Value::str("172.18.0.2/16"))
                        .into_value(),
                )]),
            )
            .field("Options", Value::string_map([("com.docker.network.bridge.name", "br0")]))
            .into_value()
    }

    fn run(src: &str, mode: Mode) -> Result<String, String> {
        Template::parse(src)?.execute(&network(), mode)
    }

    #[test]
    fn common_inspect_templates() {
        let m = Mode::default();
        assert_eq!(run("{{.Name}}", m).unwrap(), "mynet");
        assert_eq!(run("{{range .IPAM.Config}}{{.Subnet}}{{end}}", m).unwrap(), "172.18.0.0/16");
        assert_eq!(run("{{json .Containers}}", m).unwrap(), r#"{"c1id":{"Name":"c1","IPv4Address":"172.18.0.2/16"}}"#);
        assert_eq!(run("{{range $id, $c := .Containers}}{{$c.Name}}={{$id}} {{end}}", m).unwrap(), "c1=c1id ");
        assert_eq!(run(r#"{{index .Options "com.docker.network.bridge.name"}}"#, m).unwrap(), "br0");
        assert_eq!(run("{{.IPAM.Config}}", m).unwrap(), "[{172.18.0.0/16 172.18.0.1}]");
        assert_eq!(run("{{if .Containers}}yes{{else}}no{{end}} {{len .Containers}}", m).unwrap(), "yes 1");
        assert_eq!(run("{{.Options.nope}}", m).unwrap(), "<no value>");
        assert_eq!(run("{{.Name | upper}}", m).unwrap(), "MYNET");
    }

    #[test]
    fn missing_fields_fail_like_go() {
        assert_eq!(
            run("{{.Foo}}", Mode::default()).unwrap_err(),
            "template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type network.Inspect"
        );
        let raw = Mode { json_names: true, ..Mode::default() };
        assert_eq!(run("{{.Id}}", raw).unwrap(), "abc");
        assert_eq!(
            run("x {{.IPAM.Foo}}", raw).unwrap_err(),
            "template: :1:4: executing \"\" at <.IPAM.Foo>: map has no entry for key \"Foo\""
        );
    }
}
