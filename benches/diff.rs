//! Benchmark of `diff`: two revisions of a large generated spec (thousands of clauses, 5 %
//! changed), and one clause of 100,000 characters with scattered edits; each at two sizes to
//! show how time grows. In the same run, the peer a user would reach for: `git diff --no-index
//! --word-diff` on the rendered texts (character-level, `--word-diff-regex=.`, as Japanese has
//! no spaces). Run with `cargo bench --bench diff` or `bench/run.sh diff`.

use slagen::check::Loader;
use slagen::diff::{Labels, compare, marks};
use slagen::render::{layout, wording::Wording};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A deterministic pseudo-random generator (xorshift), so every run measures the same input.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "弊社は",
    "本サービスの",
    "稼働率を",
    "月間で",
    "計測し、",
    "障害発生時には",
    "速やかに",
    "お客様へ",
    "通知します。",
    "メンテナンスの",
    "実施時間は",
    "事前に",
    "告知いたします。",
    "データは",
    "暗号化して",
    "保存し、",
    "バックアップを",
    "定期的に",
    "取得します。",
    "サポート窓口は",
    "平日の",
    "営業時間内に",
    "対応します。",
];

fn sentence(rng: &mut Rng, len: usize) -> String {
    let mut s = String::new();
    let mut chars = 0;
    while chars < len {
        let w = WORDS[rng.below(WORDS.len())];
        s.push_str(w);
        chars += w.chars().count();
    }
    s
}

/// A spec with `chapters` × 10 clauses, each with two paragraphs and, every fifth clause, a
/// typed term.
fn generate(chapters: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut s =
        String::from("sla bench \"ベンチマーク用SLA\" {\n  service \"Bench\"\n  revised 2024-05\n");
    for c in 0..chapters {
        s.push_str(&format!("  chapter ch{c} \"第{c}の章\" {{\n"));
        for k in 0..10 {
            s.push_str(&format!("    clause c{c}_{k} \"条項{k}\" {{\n"));
            s.push_str(&format!("      text \"{}\"\n", sentence(&mut rng, 120)));
            s.push_str(&format!("      text \"{}\"\n", sentence(&mut rng, 80)));
            if k % 5 == 0 {
                s.push_str(&format!(
                    "      notification n{c}_{k} {{ within {}h }}\n",
                    1 + rng.below(4)
                ));
            }
            s.push_str("    }\n");
        }
        s.push_str("  }\n");
    }
    s.push_str("}\n");
    s
}

/// The same spec with about 5 % of its clauses edited (a phrase replaced in one paragraph).
fn revise(spec: &str, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut out = String::with_capacity(spec.len());
    for line in spec.lines() {
        if line.trim_start().starts_with("text \"") && rng.below(40) == 0 {
            out.push_str(
                &line
                    .replacen("速やかに", "ただちに", 1)
                    .replacen("平日の", "毎日の", 1),
            );
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out.replace("revised 2024-05", "revised 2025-04")
}

fn load(text: &str) -> (slagen::model::Spec, slagen::render::doc::Doc) {
    let mut loader = Loader::new();
    let checked = loader.load_bytes(
        Path::new("bench.sla"),
        Path::new("."),
        text.as_bytes().to_vec(),
    );
    let spec = checked.spec.expect("the generated spec checks");
    let doc = layout(&spec, &Wording::embedded(), None).expect("it lays out");
    (spec, doc)
}

/// Best of `n` runs.
fn best<T>(n: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..n {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        last = Some(v);
    }
    (best, last.expect("n > 0"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `git diff --no-index --word-diff` of two texts, best of 3, or None when git is missing.
fn git_word_diff(a: &str, b: &str) -> Option<Duration> {
    let dir = tempfile::tempdir().ok()?;
    let (pa, pb) = (dir.path().join("old.txt"), dir.path().join("new.txt"));
    std::fs::write(&pa, a).ok()?;
    std::fs::write(&pb, b).ok()?;
    let (d, ok) = best(3, || {
        Command::new("git")
            .args([
                "diff",
                "--no-index",
                "--word-diff=plain",
                "--word-diff-regex=.",
                "--no-color",
            ])
            .arg(&pa)
            .arg(&pb)
            .output()
            .map(|o| o.status.code() == Some(1))
            .unwrap_or(false)
    });
    ok.then_some(d)
}

fn main() {
    println!(
        "diff benchmark (release build, best of 25 for the comparison and its rows, 5 otherwise; peer best of 3)\n"
    );
    println!(
        "| input | clauses | slagen compare | slagen load+layout+compare | git diff --word-diff | ratio git/slagen (end to end) |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let mut prev: Option<f64> = None;
    for chapters in [125, 250, 500] {
        let old_text = generate(chapters, 7);
        let new_text = revise(&old_text, 11);
        let (old, old_doc) = load(&old_text);
        let (new, new_doc) = load(&new_text);
        let labels = Labels::default();
        let (t_cmp, amendment) = best(25, || compare(&old, &old_doc, &new, &new_doc, &labels));
        let rows: usize = amendment.items.iter().map(|i| i.rows.len()).sum();
        let (t_all, _) = best(5, || {
            let (o, od) = load(&old_text);
            let (n, nd) = load(&new_text);
            compare(&o, &od, &n, &nd, &labels)
        });
        // Where the time goes: matching and marking rows, grouping them, term changes.
        let (t_rows, row_list) = best(25, || slagen::diff::rows(&old_doc, &new_doc, &labels));
        let (t_group, _) = best(5, || {
            slagen::diff::group(&old, &old_doc, &new, &new_doc, row_list.clone())
        });
        let (t_terms, _) = best(5, || slagen::diff::terms::changes(&old, &new));
        eprintln!(
            "  {} clauses: rows {:.1} ms, group {:.1} ms, term changes {:.1} ms",
            chapters * 10,
            ms(t_rows),
            ms(t_group),
            ms(t_terms)
        );
        let git = git_word_diff(&old_doc.text(), &new_doc.text());
        println!(
            "| spec {:.1} MB, {rows} rows changed | {} | {:.1} ms | {:.1} ms | {} | {} |",
            old_text.len() as f64 / 1e6,
            chapters * 10,
            ms(t_cmp),
            ms(t_all),
            git.map(|g| format!("{:.1} ms", ms(g)))
                .unwrap_or_else(|| "git missing".into()),
            git.map(|g| format!("{:.2}×", ms(g) / ms(t_all)))
                .unwrap_or_default(),
        );
        if let Some(p) = prev {
            println!(
                "|   growth when the input doubles | | {:.2}× | | | |",
                ms(t_cmp) / p
            );
        }
        prev = Some(ms(t_cmp));
    }

    println!();
    let mut prev: Option<f64> = None;
    for chars in [100_000usize, 200_000] {
        let mut rng = Rng(3);
        let old = sentence(&mut rng, chars);
        let mut new: Vec<char> = old.chars().collect();
        let edits = chars / 2000;
        for _ in 0..edits {
            let at = rng.below(new.len());
            new[at] = '改';
        }
        let new: String = new.into_iter().collect();
        let (t, m) = best(5, || {
            marks::mark(&old, &new, &marks::MarkOptions::default())
        });
        let changed = m.new.iter().filter(|s| s.changed).count();
        let git = git_word_diff(&old, &new);
        println!(
            "one clause of {chars} characters, {edits} scattered edits ({changed} marks): slagen {:.1} ms, git diff --word-diff {}{}",
            ms(t),
            git.map(|g| format!("{:.1} ms", ms(g)))
                .unwrap_or_else(|| "missing".into()),
            git.map(|g| format!(" (git/slagen {:.1}×)", ms(g) / ms(t)))
                .unwrap_or_default(),
        );
        if let Some(p) = prev {
            println!("  growth when the clause doubles: {:.2}×", ms(t) / p);
        }
        prev = Some(ms(t));
    }
}
