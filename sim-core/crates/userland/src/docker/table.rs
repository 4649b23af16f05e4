//! Go's tabwriter as docker uses it for every table: minwidth 10, padding
//! 3, the last column unpadded.

pub fn render(rows: &[Vec<String>]) -> String {
    render_min(rows, 10)
}

/// The same with another minimum width (`docker top`'s tabwriter has 20).
pub fn render_min(rows: &[Vec<String>], min: usize) -> String {
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut widths = vec![0usize; cols];
    for r in rows {
        for (i, cell) in r.iter().enumerate() {
            if i + 1 < r.len() {
                widths[i] = widths[i].max(cell.chars().count() + 3).max(min);
            }
        }
    }
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            if i + 1 < r.len() {
                let pad = widths[i].saturating_sub(cell.chars().count());
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end_matches(' '));
        if r.last().is_some_and(|c| c.is_empty()) {
            // tabwriter keeps the padding of an empty last cell's predecessor trimmed too
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_padded_like_tabwriter() {
        let rows = vec![
            vec!["NETWORK ID".to_string(), "NAME".into(), "DRIVER".into(), "SCOPE".into()],
            vec!["1f3a9c2b7d4e".to_string(), "bridge".into(), "bridge".into(), "local".into()],
        ];
        assert_eq!(
            render(&rows),
            "NETWORK ID     NAME      DRIVER    SCOPE\n1f3a9c2b7d4e   bridge    bridge    local\n"
        );
    }
}
