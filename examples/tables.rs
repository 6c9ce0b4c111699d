//! Debug aid: prints every table of a PDF as rows of cells.
//! `cargo run --example tables FILE`
fn main() {
    let path = std::env::args().nth(1).expect("a PDF");
    let bytes = std::fs::read(&path).unwrap();
    let pdf = piani::pdf::read(&bytes).unwrap();
    // PIANI_RULES=N: the ruling lines of page N, as the tables stage sees them.
    if let Some(n) = std::env::var("PIANI_RULES")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        && let Some(page) = pdf.pages.get(n.wrapping_sub(1))
    {
        for r in piani::rules::page_rules(page) {
            println!("rule {r:?}");
        }
    }
    let mut layouts = piani::layout::lay_out(&pdf.pages);
    piani::furniture::remove(&mut layouts);
    let right_edge = piani::layout::text_right_edge(&layouts);
    let (found, _) = piani::sections::segment(&layouts, right_edge);
    let breaks: Vec<_> = found.iter().map(|s| (s.page_start, s.top)).collect();
    for (i, t) in piani::tables::find_tables(&pdf.pages, &layouts, right_edge, &breaks)
        .iter()
        .enumerate()
    {
        println!(
            "== table {i}: page {} rows {} cols {} {:?} {} edges {:?} slack {:?}",
            t.page,
            t.n_rows,
            t.n_cols(),
            t.valign,
            if t.ruled { "ruled" } else { "borderless" },
            t.col_edges.iter().map(|e| e.round()).collect::<Vec<_>>(),
            t.edge_slack.iter().map(|e| e.round()).collect::<Vec<_>>()
        );
        for r in 0..t.n_rows {
            let cells: Vec<String> = t
                .row_cells(r)
                .iter()
                .map(|c| {
                    let mark = if c.shaded { "#" } else { "" };
                    let carried = if c.row != r { "^" } else { "" };
                    format!(
                        "{carried}{mark}{}",
                        c.text.chars().take(40).collect::<String>()
                    )
                })
                .collect();
            println!("  {r:>2} | {}", cells.join(" | "));
            // PIANI_CELLS=1: where each cell of the row starts and how far it spans.
            if std::env::var_os("PIANI_CELLS").is_some() {
                let at: Vec<String> = t
                    .row_cells(r)
                    .iter()
                    .map(|c| format!("r{}c{}+{}x{}", c.row, c.col, c.col_span, c.row_span))
                    .collect();
                println!("     | {}", at.join(" | "));
            }
        }
    }
}
