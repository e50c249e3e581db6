//! Benchmark: `render` in process, release build, for `specs/calltree.sla` and a generated spec of
//! about 1 MB (benches/support/large_spec.rs).
//!
//! Each figure is the time from the spec's text to the output's bytes — read, parse, check,
//! templates, layout, and Markdown/HTML, or Typst compiled to PDF — with the PDF engine (its
//! bundled fonts) created once beforehand, as a long-running process or a test suite would hold
//! it. The engine's creation is timed on its own. `pdf` empties Typst's memoization cache before
//! each run (as a fresh process has it); `pdf-warm` keeps it, as a watch mode or preview would. `bench/render.sh` runs this, then the CLI and
//! the peer pipelines (pandoc, weasyprint, Chromium) on the files this writes.
//!
//! Output files go to `$BENCH_OUT` (default `target/tmp/bench-render`): `calltree.{md,html,pdf}`,
//! `large.sla`, `large.{md,html,pdf}`, and `inprocess.tsv` with the medians.
//!
//! Goals (issue 3): calltree md/html < 20 ms, its PDF < 300 ms. Missing one is reported (and
//! makes the run fail when `BENCH_STRICT=1`).

#[path = "support/large_spec.rs"]
mod large_spec;

use slagen::check::Loader;
use slagen::render::{self, Format, Options, Templates, pdf::PdfEngine};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The size of the generated spec.
const LARGE_BYTES: usize = 1024 * 1024;

/// Runs `f` at least `min_runs` times and for at least `budget`, after one warm-up run, and
/// returns the sorted durations.
fn time<T>(min_runs: usize, budget: Duration, mut f: impl FnMut() -> T) -> Vec<Duration> {
    black_box(f());
    let mut runs = Vec::new();
    let started = Instant::now();
    while runs.len() < min_runs || (started.elapsed() < budget && runs.len() < 1000) {
        let t = Instant::now();
        black_box(f());
        runs.push(t.elapsed());
    }
    runs.sort();
    runs
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Spec file → model (read, parse, check).
fn load(path: &Path) -> slagen::model::Spec {
    let mut loader = Loader::new();
    let checked = loader.load(path).expect("spec readable");
    assert!(
        !checked.has_errors(),
        "{} has errors: {:?}",
        path.display(),
        checked
            .diagnostics
            .iter()
            .map(|d| format!("{d:?}"))
            .collect::<Vec<_>>()
    );
    checked.spec.expect("a model")
}

/// Spec file → PDF bytes with an engine made beforehand. Typst memoizes layout across
/// compilations in a process-wide cache; `cold` empties it first, so that a run does not reuse
/// the previous run's work (a CLI run starts cold; an editor preview would be warm).
fn pdf(path: &Path, engine: &PdfEngine, cold: bool) -> Vec<u8> {
    if cold {
        typst::comemo::evict(0);
    }
    let spec = load(path);
    let templates = Templates::load(None).expect("embedded templates");
    let doc = render::layout(&spec, templates.wording(), None).expect("layout");
    let source = templates.render(Format::Typst, &doc).expect("typst");
    engine
        .compile(&source, spec.revised.first_day())
        .expect("compiles")
}

/// Spec file → Markdown or HTML bytes.
fn text(path: &Path, format: Format) -> Vec<u8> {
    let spec = load(path);
    render::render(&spec, format, &Options::default()).expect("renders")
}

/// One measured case: produces the output bytes.
type Case<'a> = Box<dyn Fn() -> Vec<u8> + 'a>;

struct Row {
    name: String,
    median: Duration,
    min: Duration,
    runs: usize,
    bytes: usize,
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported (the suite is small).
    let out: PathBuf = std::env::var_os("BENCH_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-render"));
    std::fs::create_dir_all(&out).expect("output directory");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));

    let large_text = large_spec::large_spec(LARGE_BYTES);
    let (clauses, terms) = large_spec::counts(&large_text);
    let large = out.join("large.sla");
    std::fs::write(&large, &large_text).expect("large spec written");
    let calltree = root.join("specs/calltree.sla");

    let t = Instant::now();
    let engine = PdfEngine::new(&[]).expect("bundled fonts");
    let engine_time = t.elapsed();

    println!(
        "render, in process (release; PDF engine and fonts created once in {:.1} ms)",
        ms(engine_time)
    );
    println!(
        "large.sla: {} bytes, {clauses} clauses, {terms} terms",
        large_text.len()
    );
    println!(
        "{:<16} {:>10} {:>10} {:>6} {:>10}",
        "case", "median ms", "min ms", "runs", "out bytes"
    );

    let mut rows = Vec::new();
    for (name, path, budget) in [
        ("calltree", &calltree, Duration::from_secs(2)),
        ("large", &large, Duration::from_secs(5)),
    ] {
        let cases: [(&str, Case); 5] = [
            (
                "check",
                Box::new(|| {
                    let spec = load(path);
                    vec![spec.document.len() as u8]
                }),
            ),
            ("md", Box::new(|| text(path, Format::Markdown))),
            ("html", Box::new(|| text(path, Format::Html))),
            ("pdf", Box::new(|| pdf(path, &engine, true))),
            ("pdf-warm", Box::new(|| pdf(path, &engine, false))),
        ];
        for (format, f) in cases {
            let bytes = f();
            if format != "check" && format != "pdf-warm" {
                std::fs::write(out.join(format!("{name}.{format}")), &bytes).expect("written");
            }
            let runs = time(3, budget, &f);
            let row = Row {
                name: format!("{name} {format}"),
                median: runs[runs.len() / 2],
                min: runs[0],
                runs: runs.len(),
                bytes: bytes.len(),
            };
            println!(
                "{:<16} {:>10.2} {:>10.2} {:>6} {:>10}",
                row.name,
                ms(row.median),
                ms(row.min),
                row.runs,
                if format == "check" {
                    String::from("-")
                } else {
                    row.bytes.to_string()
                }
            );
            rows.push(row);
        }
    }

    let tsv: String = std::iter::once(format!("engine\t{:.3}\n", ms(engine_time)))
        .chain(
            rows.iter()
                .map(|r| format!("{}\t{:.3}\n", r.name.replace(' ', "_"), ms(r.median))),
        )
        .collect();
    std::fs::write(out.join("inprocess.tsv"), tsv).expect("tsv written");

    let goal = |name: &str, limit_ms: f64| {
        let r = rows.iter().find(|r| r.name == name).expect("measured");
        let ok = ms(r.median) < limit_ms;
        println!(
            "goal {name} < {limit_ms} ms: {} ({:.2} ms)",
            if ok { "met" } else { "MISSED" },
            ms(r.median)
        );
        ok
    };
    let all = [
        goal("calltree md", 20.0),
        goal("calltree html", 20.0),
        goal("calltree pdf", 300.0),
    ]
    .iter()
    .all(|ok| *ok);
    if !all && std::env::var_os("BENCH_STRICT").is_some_and(|v| v == "1") {
        std::process::exit(1);
    }
}
