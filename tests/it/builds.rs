//! What `check` accepts always builds, in every output (issue 11).
//!
//! A property test generates source files within the documented limits
//! (text of random shape and length with lists of any length, nesting up to
//! the limits, long words and names, characters from inside and outside the
//! bundled fonts, many rows), lays them over the minimal plan, and builds
//! the plan as `build` does (`build_once`: `check`'s validation, then the
//! PDF with typst's PDF/A-2a and PDF/UA-1 checks, and the DOCX; then the
//! DOCX of a district and of a theme). Whenever the sources have no errors,
//! every output must be written.
//!
//! It runs for `UITVOERINGSPLAN_FUZZ_SECONDS` (default: a few seconds) from
//! the seed in `UITVOERINGSPLAN_BUILDS_SEED` (default: a fixed one; printed
//! either way). A failing case is saved to the temporary folder with the
//! seed and number that make it again; keep it as a regression by copying
//! its folder to `tests/fixtures/fuzz-regressions/builds/<name>/`, which
//! [`kept_regressions_build`] replays. `UITVOERINGSPLAN_BUILDS_VERBOSE=1`
//! prints why `check` refused each refused case (to keep the generator
//! producing mostly accepted ones).
//!
//! Beside it, each concrete case of the issue as a test of its own.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use uitvoeringsplan::commands::build::{BuildOptions, BuildResult, Output, Renderers, build_once};
use uitvoeringsplan::model::text::{self, MAX_LINE_CHARS, MAX_URL_CHARS, MAX_WORD_CHARS};
use uitvoeringsplan::render::pdf::world::Layouts;

use crate::support::*;

// ---------------------------------------------------------------------------
// Building a sources folder as `build` does.

/// What a build of generated sources came to.
enum Outcome {
    /// `check` found errors (the report, for the statistics).
    Refused(String),
    /// Both outputs were written; the PDF's pages.
    Built(usize),
    /// `check` accepted, but an output failed: why.
    Failed(String),
}

fn build(sources: &Path, out: &Path, renderers: &mut Renderers) -> Outcome {
    let options = BuildOptions {
        sources: sources.to_path_buf(),
        out: out.to_path_buf(),
        outputs: vec![Output::Pdf, Output::Docx, Output::Html],
        final_: false,
        layouts: Layouts::Embedded,
        section: None,
        since: None,
    };
    let built: BuildResult = build_once(&options, renderers);
    if built.report.errors() > 0 {
        return Outcome::Refused(built.report.render());
    }
    let mut failures = String::new();
    let mut pages = 0;
    for o in &built.outputs {
        match &o.result {
            Ok(w) if o.output == Output::Pdf => pages = w.pages.unwrap_or(0),
            Ok(_) => {}
            Err(e) => {
                let _ = writeln!(failures, "{}:\n{}", o.output.name(), e.render());
            }
        }
    }
    if built.outputs.len() != options.outputs.len() {
        let _ = writeln!(failures, "not every output was made");
    }
    // The DOCX of one district and of one theme, as sent for revision.
    for section in ["zuid", "geldstromen"] {
        let options = BuildOptions {
            outputs: vec![Output::Docx],
            section: Some(section.into()),
            since: None,
            ..options.clone()
        };
        for o in build_once(&options, renderers).outputs {
            if let Err(e) = o.result {
                let _ = writeln!(failures, "DOCX of {section}: {e:?}");
            }
        }
    }
    if failures.is_empty() {
        Outcome::Built(pages)
    } else {
        Outcome::Failed(failures)
    }
}

/// The minimal plan with `files` (path under `sources/`, text) laid over it,
/// in `dir/sources`.
fn lay_over(dir: &Path, files: &[(String, String)]) -> PathBuf {
    let sources = dir.join("sources");
    let _ = fs::remove_dir_all(&sources);
    copy_dir(&fixtures().join("valid/minimal/sources"), &sources);
    for (rel, text) in files {
        fs::write(sources.join(rel), text).unwrap();
    }
    sources
}

/// Builds the minimal plan with `files` laid over it; panics when an output
/// fails although `check` accepted the sources.
fn must_build(name: &str, files: &[(String, String)]) -> Outcome {
    let tmp = TempDir::new(name);
    let sources = lay_over(tmp.path(), files);
    let outcome = build(&sources, &tmp.path().join("out"), &mut Renderers::default());
    if let Outcome::Failed(why) = &outcome {
        panic!("{name}: check accepted the sources, but:\n{why}");
    }
    outcome
}

fn must_accept_and_build(name: &str, files: &[(String, String)]) -> usize {
    match must_build(name, files) {
        Outcome::Built(pages) => pages,
        Outcome::Refused(report) => panic!("{name}: check refused:\n{report}"),
        Outcome::Failed(_) => unreachable!(),
    }
}

const WORDS: &[&str] = &[
    "de",
    "het",
    "een",
    "aanpak",
    "ondermijning",
    "gemeente",
    "politie",
    "district",
    "samenwerking",
    "casus",
    "signalen",
    "weerbaarheid",
    "Ĳsselstein",
    "coördinatie",
    "één",
    "financiën",
    "2023-2024",
    "€ 3.737.600",
    "1,85",
    "–",
    "“citaat”",
    "(tussen)",
    "ondermijningsbeeld",
    "vastgoed",
    "Zeewolde",
    "e-mail",
    "ca.",
    "50%",
    "n.v.t.",
    "&",
];

/// Printable characters beyond Latin, and the kinds pasted from elsewhere.
const SPECIAL: &[&str] = &[
    "ﬁ",
    "ﬂ",
    "☐",
    "☑",
    "✔",
    "✘",
    "αβγ",
    "Жук",
    "שלום",
    "مرحبا",
    "e\u{301}",
    "a\u{308}",
    "😀",
    "\u{AD}",
    "\u{200B}",
    "\u{200D}",
    "\u{200E}",
    "\u{2066}x\u{2069}",
    "\u{A0}",
    "\u{2060}",
    "\u{FE0F}",
    "…",
    "™",
    "½",
    "→",
    "≤",
    "×",
    "✓",
    "•",
    "“",
    "’",
    "\u{2009}",
];

/// Characters that cannot be printed, or must not be in a text at all.
const UNPRINTABLE: &[&str] = &[
    "中",
    "👍",
    "\u{1}",
    "\u{7}",
    "\u{1B}",
    "\u{7F}",
    "\u{9}",
    "\u{E000}",
    "\u{FFFE}",
    "\u{2028}",
    "ﬀ\u{FE0F}👨‍👩‍👧",
    "\u{F8FF}",
    "\u{10FFFD}",
];

struct Gen {
    rng: Rng,
    /// Every character a bundled font can print.
    glyphs: Vec<char>,
    /// Whether this case may hold what `check` refuses.
    hostile: bool,
}

impl Gen {
    /// A word: mostly Dutch, sometimes long (up to the limits), an
    /// address, a character beyond Latin or any character the fonts have;
    /// in a hostile case also what `check` must refuse.
    fn word(&mut self) -> String {
        let r = &mut self.rng;
        // Emphasis that does not close leaves its `*` on a word: a margin.
        let margin = if self.hostile { 0 } else { 4 };
        match r.below(100) {
            0..=69 => r.pick(WORDS).to_string(),
            70..=77 => {
                let n = r.len(MAX_WORD_CHARS - margin);
                (0..n).map(|_| (b'a' + r.below(26) as u8) as char).collect()
            }
            78..=80 => {
                let n = r.len(MAX_URL_CHARS - 20 - 10 * margin);
                let path: String = (0..n)
                    .map(|_| *r.pick(&['a', 'b', '/', '-', '.', '0', '_', 'x']))
                    .collect();
                format!("https://example.org/{path}")
            }
            81..=91 => r.pick(SPECIAL).to_string(),
            92..=97 => r.pick(&self.glyphs).to_string(),
            _ if self.hostile => match r.below(5) {
                0 => "x".repeat(MAX_WORD_CHARS + 1 + r.below(40_000)),
                1 => char::from_u32(r.below(0x11_0000) as u32)
                    .unwrap_or('?')
                    .to_string(),
                2 => (0..1 + r.below(4)).map(|_| *r.pick(&self.glyphs)).collect(),
                _ => r.pick(UNPRINTABLE).to_string(),
            },
            _ => r.pick(WORDS).to_string(),
        }
    }

    /// A run of words (for names and notes: no Markdown meaning).
    fn words(&mut self, max_words: usize, max_chars: usize) -> String {
        let n = 1 + self.rng.below(max_words);
        let mut s = String::new();
        for _ in 0..n {
            let w = self.word();
            if s.chars().count() + 1 + w.chars().count() > max_chars {
                break;
            }
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&w);
        }
        if text::is_blank(&s) || self.rng.one_in(8) {
            s = "Naam".into();
        }
        if self.hostile && self.rng.one_in(10) {
            s.push_str(&"lang ".repeat(self.rng.below(4_000)));
        }
        s
    }

    fn line(&mut self) -> String {
        let max = if self.rng.one_in(6) { 60 } else { 6 };
        self.words(max, MAX_LINE_CHARS)
    }

    /// The plan's title, which also names the output files.
    fn title(&mut self) -> String {
        let max = if self.hostile {
            MAX_LINE_CHARS
        } else {
            text::MAX_TITLE_CHARS
        };
        let words = self.rng.sometimes(6, 40, 6);
        self.words(words, max)
    }

    fn note(&mut self) -> String {
        let max = self.rng.sometimes(4, 300, 20);
        self.words(max, 2_000)
    }

    fn url(&mut self) -> String {
        let n = self.rng.len(MAX_URL_CHARS - 40);
        let path: String = (0..n)
            .map(|_| {
                *self
                    .rng
                    .pick(&['a', 'z', '/', '-', '.', '0', '%', '2', 'é'])
            })
            .collect();
        match self.rng.below(4) {
            0 => format!("mailto:naam@example.org?subject={path}"),
            1 => format!("HTTP://example.org/{path}"),
            2 => format!("http://example.org/{path}"),
            _ => format!("https://example.org/{path}"),
        }
    }

    /// Markdown inline text: words, bold, italic and links nested up to
    /// `depth` more levels, hard line breaks. Words are escaped so they
    /// stay text.
    fn inline(&mut self, depth: usize, max_words: usize) -> String {
        self.inline_in(depth, max_words, false)
    }

    /// [`Self::inline`], inside a link or not (a link in a link is not one:
    /// Markdown prints the outer one's address as text).
    fn inline_in(&mut self, depth: usize, max_words: usize, in_link: bool) -> String {
        let n = 1 + self.rng.below(max_words);
        let mut parts: Vec<String> = Vec::new();
        for _ in 0..n {
            let piece = if depth > 0 && self.rng.one_in(6) {
                match self.rng.below(if in_link { 2 } else { 3 }) {
                    0 => format!("**{}**", self.inline_in(depth - 1, 4, in_link)),
                    1 => format!("*{}*", self.inline_in(depth - 1, 4, in_link)),
                    _ => {
                        let inner = self.inline_in(depth - 1, 4, true);
                        format!("[{inner}]({})", self.url().replace(['(', ')', ' '], ""))
                    }
                }
            } else {
                escape(&self.word())
            };
            parts.push(piece);
            if self.rng.one_in(40) {
                parts.push("\\\n".into());
            }
        }
        let s = parts.join(" ").replace(" \\\n ", "\\\n");
        s.trim_end_matches("\\\n").to_string()
    }

    /// Emphasis nested exactly `n` deep.
    fn nested(&mut self, n: usize) -> String {
        let mut s = escape(&self.word());
        for i in 0..n {
            s = if i % 2 == 0 {
                format!("*{s}*")
            } else {
                format!("**{s}**")
            };
            s = format!("x {s} y");
        }
        s
    }

    fn paragraph(&mut self) -> String {
        let words = match self.rng.below(30) {
            0 => 400,
            1..=8 => 80,
            _ => 20,
        };
        if self.rng.one_in(15) {
            let n = if self.hostile && self.rng.one_in(3) {
                11 + self.rng.below(200)
            } else {
                self.rng.len(10)
            };
            return self.nested(n);
        }
        let depth = self.rng.sometimes(3, 10, 3);
        self.inline(depth, words)
    }

    /// A list at nesting `level` (1..=4): any length, items of any length.
    fn list(&mut self, level: usize) -> String {
        let items = match self.rng.below(30) {
            0 => 60 + self.rng.below(200),
            1..=6 => 8 + self.rng.below(10),
            _ => 1 + self.rng.below(6),
        };
        let long = self.rng.one_in(3);
        let ordered = self.rng.one_in(3);
        let start = 1 + self.rng.below(30);
        let indent = "  ".repeat(level - 1) + if ordered { " " } else { "" };
        let mut out = Vec::new();
        for i in 0..items {
            let marker = if ordered {
                format!("{}.", start + i)
            } else {
                "-".into()
            };
            let body = if long {
                self.inline(3, 80)
            } else {
                self.inline(2, 12)
            };
            let mut item = format!("{indent}{marker} {body}");
            if level < 4 && self.rng.one_in(8) {
                item.push('\n');
                item.push_str(&self.list(level + 1));
            }
            out.push(item.replace("\\\n", "\\\n   "));
        }
        out.join("\n")
    }

    fn quote(&mut self) -> String {
        let mut blocks = vec![self.paragraph()];
        if self.rng.one_in(3) {
            blocks.push(self.list(2));
        }
        if self.rng.one_in(2) {
            blocks.push(format!("— {}", self.inline(1, 6)));
        }
        blocks
            .join("\n\n")
            .lines()
            .map(|l| {
                if l.is_empty() {
                    ">".to_string()
                } else {
                    format!("> {l}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A prose field: paragraphs, lists and quotes.
    fn prose(&mut self) -> String {
        let max = self.rng.sometimes(10, 12, 3);
        let n = 1 + self.rng.below(max);
        let mut blocks = Vec::new();
        for _ in 0..n {
            blocks.push(match self.rng.below(10) {
                0..=4 => self.paragraph(),
                5..=8 => self.list(1),
                _ => self.quote(),
            });
        }
        let mut s = blocks.join("\n\n");
        if s.chars().count() > 90_000 {
            s = s.chars().take(90_000).collect();
        }
        s
    }

    /// A one-paragraph prose field (a goal).
    fn prose_line(&mut self) -> String {
        self.inline(3, 20)
    }
}

/// Backslash before what Markdown would read as markup.
fn escape(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        if c.is_ascii_punctuation()
            && !matches!(
                c,
                '.' | ',' | ':' | ';' | '?' | '\'' | '"' | '/' | '%' | '=' | '@' | '$' | '^'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A TOML string: a basic string with escapes, or for text with line
/// breaks sometimes a multi-line one.
fn toml(rng: &mut Rng, s: &str) -> String {
    if s.contains('\n') && rng.one_in(2) {
        toml_escaped(s, true)
    } else {
        toml_escaped(s, false)
    }
}

fn toml_escaped(s: &str, multi: bool) -> String {
    let esc = |c: char| match c {
        '"' => "\\\"".to_string(),
        '\\' => "\\\\".to_string(),
        '\n' if multi => "\n".to_string(),
        '\n' => "\\n".to_string(),
        '\t' => "\\t".to_string(),
        '\r' => "\\r".to_string(),
        c if (c as u32) < 0x20 || c as u32 == 0x7F => format!("\\u{:04X}", c as u32),
        c => c.to_string(),
    };
    let body: String = s.chars().map(esc).collect();
    if multi {
        format!("\"\"\"\n{body}\"\"\"")
    } else {
        format!("\"{body}\"")
    }
}

/// One generated case: source files to lay over the minimal plan.
fn case(seed: u64, glyphs: &[char]) -> Vec<(String, String)> {
    let mut rng = Rng(seed);
    let hostile = rng.one_in(6);
    let mut g = Gen {
        rng: Rng(rng.next()),
        glyphs: glyphs.to_vec(),
        hostile,
    };
    let mut files = Vec::new();
    macro_rules! s {
        ($e:expr) => {{
            let v = $e;
            toml(&mut g.rng, &v)
        }};
    }

    // plan.toml
    let mut plan = String::new();
    let _ = writeln!(plan, "titel = {}", s!(g.title()));
    let _ = writeln!(plan, "slogan = {}", s!(g.line()));
    let _ = writeln!(plan, "regio = {}", s!(g.line()));
    let _ = writeln!(plan, "organisatie = {}", s!(g.line()));
    plan.push_str("periode = { van = 2025, tot = 2026 }\nterugblikjaar = 2024\npublicatiedatum = 2025-02-14\n");
    let _ = writeln!(plan, "programma = {}", s!(g.line()));
    let _ = writeln!(plan, "programma_afkorting = {}", s!(g.line()));
    plan.push_str("status = \"concept\"\n");
    let _ = writeln!(plan, "inleiding = {}", s!(g.prose()));
    plan.push_str("\n[volgorde]\ndistricten = [\"noord\", \"zuid\"]\nthemas = [\"geldstromen\"]\n");
    files.push(("plan.toml".to_string(), plan));

    // bestuur.toml: many rows sometimes.
    let mut board = format!("titel = {}\n", s!(g.line()));
    if g.rng.one_in(2) {
        let _ = writeln!(board, "inleiding = {}", s!(g.prose()));
    }
    let members = if g.rng.one_in(20) {
        100 + g.rng.below(400)
    } else {
        g.rng.below(12)
    };
    for _ in 0..members {
        board.push_str("\n[[lid]]\n");
        if g.rng.one_in(2) {
            let _ = writeln!(board, "functie = {}", s!(g.line()));
        }
        let _ = writeln!(board, "rol = {}", s!(g.line()));
    }
    files.push(("bestuur.toml".to_string(), board));

    // districten/zuid.toml: every field, lists in every prose field.
    let mut d = format!("naam = {}\n", s!(g.line()));
    if g.rng.one_in(2) {
        let _ = writeln!(d, "districtsplan = {}", s!(g.url()));
    }
    if g.rng.one_in(3) {
        let _ = writeln!(d, "partnerdeel = {}", s!(g.url()));
    }
    let partners = if g.rng.one_in(20) {
        100 + g.rng.below(300)
    } else {
        g.rng.below(8)
    };
    let partner_names: Vec<String> = (0..partners)
        .map(|i| format!("{i} {}", g.words(6, MAX_LINE_CHARS - 4)))
        .collect();
    let list: Vec<String> = partner_names.iter().map(|p| toml(&mut g.rng, p)).collect();
    let _ = writeln!(d, "partners = [{}]", list.join(", "));
    let _ = writeln!(d, "terugblik = {}", s!(g.prose()));
    let _ = writeln!(d, "vooruitblik = {}", s!(g.prose()));
    let themes = g.rng.below(6);
    for i in 0..themes {
        let _ = write!(
            d,
            "\n[[thema]]\nid = \"t{i}\"\ntitel = {}\ntekst = {}\n",
            s!(g.line()),
            s!(g.prose())
        );
        if g.rng.one_in(3) {
            d.push_str("regiothema = \"geldstromen\"\n");
        }
    }
    if themes > 0 && g.rng.one_in(2) {
        let _ = writeln!(d, "\n[matrix]\ntoelichting = {}", s!(g.note()));
        for i in 0..themes {
            let _ = write!(
                d,
                "\n[[matrix.kolom]]\nid = \"k{i}\"\ntitel = {}\nthema = \"t{i}\"\n",
                s!(g.line())
            );
            if g.rng.one_in(2) {
                let _ = writeln!(d, "groep = {}", s!(g.line()));
            }
        }
        for p in &partner_names {
            let _ = writeln!(d, "\n[[matrix.rij]]\npartner = {}", toml(&mut g.rng, p));
            let (mut yes, mut no) = (Vec::new(), Vec::new());
            for i in 0..themes {
                match g.rng.below(3) {
                    0 => yes.push(format!("\"k{i}\"")),
                    1 => no.push(format!("\"k{i}\"")),
                    _ => {}
                }
            }
            let _ = writeln!(d, "ja = [{}]\nnee = [{}]", yes.join(", "), no.join(", "));
        }
    }
    let targets = if g.rng.one_in(20) {
        100 + g.rng.below(400)
    } else {
        g.rng.below(6)
    };
    for _ in 0..targets {
        let count = if g.rng.one_in(5) {
            "\"open\"".to_string()
        } else {
            g.rng.below(100_000).to_string()
        };
        let _ = write!(
            d,
            "\n[[doel]]\nomschrijving = {}\naantal = {count}\n",
            s!(g.line())
        );
        if g.rng.one_in(2) {
            let _ = writeln!(d, "termijn = {}", s!(g.line()));
        }
    }
    if g.rng.one_in(3) {
        let _ = write!(
            d,
            "\n[[afbeelding]]\nbestand = \"afbeeldingen/kaart.png\"\nalt = {}\nbijschrift = {}\n",
            s!(g.note()),
            s!(g.note())
        );
    }
    files.push(("districten/zuid.toml".to_string(), d));

    // themas/geldstromen.toml
    let mut t = format!("titel = {}\n", s!(g.line()));
    if g.rng.one_in(2) {
        let _ = writeln!(t, "navigatie = {}", s!(g.line()));
    }
    for key in ["inleiding", "terugblik", "vooruitblik"] {
        if g.rng.one_in(2) {
            let _ = writeln!(t, "{key} = {}", s!(g.prose()));
        }
    }
    if g.rng.one_in(2) {
        let _ = writeln!(t, "vooruitblik_titel = {}", s!(g.line()));
    }
    let mut goals = Vec::new();
    for _ in 0..g.rng.below(8) {
        goals.push(s!(g.prose_line()));
    }
    let _ = writeln!(t, "doelen = [{}]", goals.join(", "));
    let _ = write!(t, "\n[uitvoeringsplan]\ntekst = {}\n", s!(g.note()));
    if g.rng.one_in(2) {
        let _ = writeln!(t, "url = {}", s!(g.url()));
    }
    for _ in 0..g.rng.below(4) {
        t.push_str("\n[[paragraaf]]\n");
        if g.rng.one_in(2) {
            let _ = writeln!(t, "titel = {}", s!(g.line()));
        }
        let _ = writeln!(t, "tekst = {}", s!(g.prose()));
    }
    let _ = write!(
        t,
        "\n[in_de_districten]\ntitel = {}\ninleiding = {}\n",
        s!(g.line()),
        s!(g.prose())
    );
    let _ = write!(
        t,
        "[in_de_districten.per_district]\nnoord = {}\nzuid = {}\n",
        s!(g.prose()),
        s!(g.prose())
    );
    files.push(("themas/geldstromen.toml".to_string(), t));

    // organisatie.toml: the budget part stays, prose everywhere.
    let mut o = format!("titel = {}\ninleiding = {}\n", s!(g.line()), s!(g.prose()));
    let _ = write!(
        o,
        "\n[[onderdeel]]\nid = \"communicatie\"\ntitel = {}\nterugblik = {}\nvooruitblik = {}\n",
        s!(g.line()),
        s!(g.prose()),
        s!(g.prose())
    );
    let _ = write!(
        o,
        "\n[[onderdeel]]\nid = \"financien\"\ntitel = {}\ntekst = {}\nbegroting = true\nslot = {}\n",
        s!(g.line()),
        s!(g.prose()),
        s!(g.prose())
    );
    files.push(("organisatie.toml".to_string(), o));

    // resultaten.toml: names and notes; the values add up.
    let mut r = format!("titel = {}\njaar = 2024\n", s!(g.line()));
    let max = g.rng.sometimes(20, 200, 5);
    let measures = 1 + g.rng.below(max);
    for n in 1..=measures {
        let _ = write!(
            r,
            "\n[[maat]]\nnummer = {n}\nomschrijving = {}\n",
            s!(g.line())
        );
        if g.rng.one_in(3) {
            let max = g.rng.sometimes(5, 60, 4);
            let parts = 1 + g.rng.below(max);
            let values: Vec<u64> = (0..parts).map(|_| g.rng.below(1000) as u64).collect();
            let _ = write!(
                r,
                "\n[[maat.regel]]\nlabel = {}\nomschrijving = {}\nwaarde = {}\nuitsplitsing = [\n",
                s!(g.line()),
                s!(g.line()),
                values.iter().sum::<u64>()
            );
            for v in values {
                let _ = writeln!(r, "  {{ omschrijving = {}, waarde = {v} }},", s!(g.line()));
            }
            r.push_str("]\n");
            for _ in 0..g.rng.below(3) {
                let _ = write!(
                    r,
                    "\n[[maat.regel.deel]]\nomschrijving = {}\nwaarde = \"open\"\nvoetnoot = \"*\"\n",
                    s!(g.line())
                );
            }
        } else {
            let _ = writeln!(r, "waarde = {}", g.rng.below(1_000_000));
        }
    }
    let _ = write!(
        r,
        "\n[[voetnoot]]\nteken = \"*\"\ntekst = {}\n",
        s!(g.note().replace(['{', '}'], ""))
    );
    files.push(("resultaten.toml".to_string(), r));

    // begroting.toml: the minimal budget's numbers, generated names.
    let mut b =
        fs::read_to_string(fixtures().join("valid/minimal/sources/begroting.toml")).unwrap();
    for (from, key) in [
        ("\"Begroting 2025\"", "titel"),
        ("\"Totaal uitvoering\"", "totaal_label"),
        ("\"Uitvoering\"", "naam"),
        ("\"Projectleider\"", "functie"),
        ("\"Overhead\"", "functie"),
        ("\"Totale subsidie\"", "label"),
    ] {
        let to = s!(g.line());
        b = b.replacen(&format!("{key} = {from}"), &format!("{key} = {to}"), 1);
    }
    let note = s!(g.prose_line());
    b = b.replacen(
        "toelichting = \"van het ministerie.\"",
        &format!("toelichting = {note}"),
        1,
    );
    // Open amounts, as an editor leaves them (and `new-period` writes
    // them): a stream's, a row's amount or split, a funding row's; the
    // stated totals then cannot be checked, or are gone.
    let open = "\"open\"";
    let reserve = s!(g.line());
    let mut opened = |b: &mut String, from: &str, to: &str| {
        if g.rng.one_in(4) {
            *b = b.replacen(from, to, 1);
        }
    };
    opened(&mut b, "bedrag = 65000\n", &format!("bedrag = {open}\n"));
    opened(&mut b, "bedrag = 30000\n", &format!("bedrag = {open}\n"));
    opened(
        &mut b,
        "verdeling = { partners = 30000 }",
        &format!("verdeling = {open}"),
    );
    opened(
        &mut b,
        "omschrijving = \"Subsidie\"\nbedrag = 215000\n",
        &format!("omschrijving = \"Subsidie\"\nbedrag = {open}\n"),
    );
    opened(
        &mut b,
        "verdeling = { rijk = 150000, partners = 65000 }\n\n[subsidie]",
        &format!("verdeling = {open}\n\n[subsidie]"),
    );
    opened(
        &mut b,
        "\n[subsidie]",
        &format!(
            "[[financiering]]\nomschrijving = {reserve}\nbedrag = {open}\nverdeling = {open}\n\n[subsidie]"
        ),
    );
    if g.rng.one_in(3) {
        b = b
            .replacen(
                "[opgegeven]\nfte = \"1,5\"\nbedrag = 215000\nverdeling = { rijk = 150000, partners = 65000 }\n",
                "",
                1,
            )
            .lines()
            .filter(|l| !l.starts_with("opgegeven = "))
            .map(|l| format!("{l}\n"))
            .collect();
    }
    files.push(("begroting.toml".to_string(), b));
    files
}

fn budget() -> Duration {
    let secs = std::env::var("UITVOERINGSPLAN_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(4);
    Duration::from_secs(secs)
}

/// Saves a failing case where it can be kept, and says how to make it again.
fn save_failure(seed: u64, n: u64, files: &[(String, String)], why: &str) -> String {
    let dir = std::env::temp_dir().join(format!("uitvoeringsplan-builds-{seed:x}-{n}"));
    let _ = fs::remove_dir_all(&dir);
    for (rel, text) in files {
        let p = dir.join("sources").join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    format!(
        "case {n} of seed {seed:#x} (UITVOERINGSPLAN_BUILDS_SEED={seed:#x}): check accepted, the build failed:\n{why}\n\
         the sources (laid over tests/fixtures/valid/minimal/sources) are in {}; keep them with\n  \
         cp -r {} tests/fixtures/fuzz-regressions/builds/<name>",
        dir.display(),
        dir.display()
    )
}

#[test]
fn whatever_check_accepts_builds_in_every_output() {
    let seed = std::env::var("UITVOERINGSPLAN_BUILDS_SEED")
        .ok()
        .and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
        .unwrap_or(0x11_5EED);
    eprintln!("builds: seed {seed:#x} (UITVOERINGSPLAN_BUILDS_SEED to repeat)");
    let glyphs: Vec<char> = uitvoeringsplan::fonts::glyph_chars()
        .into_iter()
        .filter(|c| text::check(&c.to_string(), text::Kind::Line).is_empty())
        .collect();
    let tmp = TempDir::new("builds");
    let mut renderers = Renderers::default();
    let (start, mut n, mut built, mut refused, mut pages) =
        (Instant::now(), 0u64, 0u64, 0u64, 0usize);
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    while start.elapsed() < budget() || n < 3 {
        let case_seed = seed.wrapping_add(n.wrapping_mul(0x9E37_79B9));
        let files = case(case_seed, &glyphs);
        let sources = lay_over(tmp.path(), &files);
        match build(&sources, &tmp.path().join("out"), &mut renderers) {
            Outcome::Built(p) => {
                built += 1;
                pages += p;
            }
            Outcome::Refused(report) => {
                refused += 1;
                if std::env::var_os("UITVOERINGSPLAN_BUILDS_VERBOSE").is_some() {
                    eprintln!(
                        "case {n} refused (hostile: {}):\n{report}",
                        Rng(case_seed).one_in(6)
                    );
                }
                for line in report.lines().filter_map(|l| l.strip_prefix("error: ")) {
                    let key: String = line.chars().take(40).collect();
                    *reasons.entry(key).or_default() += 1;
                }
            }
            Outcome::Failed(why) => panic!("{}", save_failure(case_seed, n, &files, &why)),
        }
        n += 1;
        // Keep typst's caches from growing over a long run.
        comemo::evict(2);
    }
    eprintln!(
        "builds: {n} cases in {:.0?}: {built} built ({pages} PDF pages), {refused} refused by check",
        start.elapsed()
    );
    let mut top: Vec<_> = reasons.into_iter().collect();
    top.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    for (why, count) in top.iter().take(8) {
        eprintln!("  refused {count}×: {why}");
    }
    assert!(built > 0, "no generated case was accepted");
}

/// Every case once found by the property test (its `sources/` laid over
/// the minimal plan) builds, or is refused by `check`.
#[test]
fn kept_regressions_build() {
    let dir = fixtures().join("fuzz-regressions/builds");
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|e| e.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    cases.sort();
    for case in &cases {
        let sources = case.join("sources");
        let files: Vec<(String, String)> = snapshot(&sources)
            .into_iter()
            .filter(|(rel, _)| rel.extension().is_some_and(|e| e == "toml"))
            .map(|(rel, bytes)| {
                (
                    rel.to_string_lossy().into_owned(),
                    String::from_utf8(bytes).unwrap(),
                )
            })
            .collect();
        assert!(
            !files.is_empty(),
            "{} has no sources/*.toml",
            case.display()
        );
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        must_build(&format!("regression-{name}"), &files);
    }
    eprintln!("builds: {} kept regressions replayed", cases.len());
}

// ---------------------------------------------------------------------------
// The concrete cases of the issue.

fn district(naam: &str, terugblik: &str, vooruitblik: &str) -> (String, String) {
    (
        "districten/zuid.toml".to_string(),
        format!(
            "naam = {naam:?}\nterugblik = '''\n{terugblik}\n'''\nvooruitblik = '''\n{vooruitblik}\n'''\n"
        ),
    )
}

fn long_bullets(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "- Punt {i}: {}",
                "we versterken de samenwerking tussen gemeenten, politie en partners in de aanpak van ondermijning. ".repeat(6)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Eight long bullets in a district's vooruitblik ran over a page break with
/// the margin navigation's links inside the list: PDF/UA refused the PDF.
#[test]
fn eight_long_bullets_in_a_vooruitblik_build() {
    for n in [8, 20, 60] {
        let pages = must_accept_and_build(
            &format!("bullets-{n}"),
            &[district("Zuid", "Rustig jaar.", &long_bullets(n))],
        );
        assert!(pages > 9, "{pages}");
    }
    // Also in the bundled plan, where the first report came from.
    let tmp = bundled_copy("bullets-bundled");
    let path = tmp.path().join("sources/districten/flevoland.toml");
    let text = fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "vooruitblik = \"\"\"\n",
        &format!("vooruitblik = \"\"\"\n{}\n\n", long_bullets(8)),
        1,
    );
    fs::write(&path, text).unwrap();
    match build(
        &tmp.path().join("sources"),
        &tmp.path().join("out"),
        &mut Renderers::default(),
    ) {
        Outcome::Built(_) => {}
        Outcome::Refused(r) | Outcome::Failed(r) => panic!("{r}"),
    }
}

/// A long list, a nested list and a quote with a list in every place that
/// holds text, each long enough to cross a page.
#[test]
fn a_list_in_every_text_place_builds() {
    let list = format!(
        "Inleidend.\n\n{}\n\n1. genummerd\n   - genest {}\n     - dieper\n\n> Citaat met lijst:\n>\n> - een\n> - twee\n>\n> — Iemand",
        long_bullets(12),
        "lang ".repeat(200)
    );
    let toml = |s: &str| format!("'''\n{s}\n'''");
    let l = toml(&list);
    let files = vec![
        district("Zuid", &list, &list),
        (
            "themas/geldstromen.toml".into(),
            format!(
                "titel = \"Geld\"\ninleiding = {l}\nterugblik = {l}\nvooruitblik = {l}\n\n[[paragraaf]]\ntitel = \"P\"\ntekst = {l}\n\n[in_de_districten]\ninleiding = {l}\n[in_de_districten.per_district]\nnoord = {l}\nzuid = {l}\n"
            ),
        ),
        (
            "organisatie.toml".into(),
            format!(
                "titel = \"Organisatie\"\ninleiding = {l}\n\n[[onderdeel]]\nid = \"a\"\ntitel = \"A\"\ntekst = {l}\nterugblik = {l}\nvooruitblik = {l}\n\n[[onderdeel]]\nid = \"financien\"\ntitel = \"F\"\ntekst = {l}\nbegroting = true\nslot = {l}\n"
            ),
        ),
        (
            "bestuur.toml".into(),
            format!("titel = \"Bestuur\"\ninleiding = {l}\n\n[[lid]]\nrol = \"Voorzitter\"\n"),
        ),
    ];
    let mut plan = fs::read_to_string(fixtures().join("valid/minimal/sources/plan.toml")).unwrap();
    plan = plan.replacen(
        "inleiding = \"\"\"\nDit plan is **klein** en dient de *tests*.\n\"\"\"",
        &format!("inleiding = {l}"),
        1,
    );
    let mut all = files;
    all.push(("plan.toml".into(), plan));
    let noord =
        fs::read_to_string(fixtures().join("valid/minimal/sources/districten/noord.toml")).unwrap();
    all.push((
        "districten/noord.toml".into(),
        noord.replacen("tekst = \"Volg het geld.\"", &format!("tekst = {l}"), 1),
    ));
    let pages = must_accept_and_build("lists-everywhere", &all);
    assert!(pages > 30, "{pages}");
}

/// Every character `check` accepts in a text is printed (the fonts' own
/// character maps decide, so this walks all of them), as running text, in
/// names (headings and bookmarks) and in table cells.
#[test]
fn every_character_check_accepts_is_printed() {
    let accepted: Vec<char> = (0..=0x10_FFFFu32)
        .filter_map(char::from_u32)
        .filter(|c| !c.is_ascii_punctuation())
        .filter(|c| text::check(&format!("a{c}"), text::Kind::Line).is_empty())
        .collect();
    assert!(accepted.len() > 5_000, "{}", accepted.len());
    // After a letter (combining marks attach to it) and apart (where
    // `check` takes it so: not a mark without its letter).
    let chunks: Vec<String> = accepted
        .chunks(40)
        .map(|c| {
            c.iter()
                .map(|c| {
                    let apart = format!(" {c} ");
                    if text::check(&apart, text::Kind::Line).is_empty() {
                        format!("a{c}{apart}")
                    } else {
                        format!("a{c} ")
                    }
                })
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect();
    let prose = chunks.join("\n\n");
    let mut d = format!(
        "naam = \"Zuid\"\nterugblik = {}\nvooruitblik = \"x\"\n",
        toml_plain(&prose)
    );
    for (i, c) in chunks.iter().enumerate().step_by(3) {
        let _ = write!(
            d,
            "\n[[thema]]\nid = \"t{i}\"\ntitel = {}\ntekst = \"x\"\n",
            toml_plain(&c.chars().take(MAX_LINE_CHARS).collect::<String>())
        );
    }
    let mut board = String::from("titel = \"Bestuur\"\n");
    for c in &chunks {
        let _ = write!(
            board,
            "\n[[lid]]\nrol = {}\n",
            toml_plain(&c.chars().take(MAX_LINE_CHARS).collect::<String>())
        );
    }
    must_accept_and_build(
        "every-character",
        &[
            ("districten/zuid.toml".into(), d),
            ("bestuur.toml".into(), board),
        ],
    );
}

fn toml_plain(s: &str) -> String {
    toml_escaped(s, false)
}

/// A 40,000-character word and a 20,000-character name failed the PDF (a
/// PDF string holds at most 32,767 bytes); `build` now stops at `check`,
/// pointing at each.
#[test]
fn a_huge_word_or_name_is_refused_before_the_renderers() {
    let tmp = minimal_copy("huge-word");
    let name = "Zuid ".repeat(4_000);
    let source = format!(
        "naam = \"{}\"\nterugblik = \"Een {} woord.\"\nvooruitblik = \"x\"\n",
        name.trim(),
        "x".repeat(40_000)
    );
    fs::write(tmp.path().join("sources/districten/zuid.toml"), source).unwrap();
    let out = run(
        tmp.path(),
        &["build", "--sources", "sources", "--out", "out"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("sources/districten/zuid.toml:1:9"), "{err}");
    assert!(
        err.contains(
            "deze tekst is te lang (19.999 tekens; hoogstens 300 voor een naam, titel of label)"
        ),
        "{err}"
    );
    assert!(err.contains("sources/districten/zuid.toml:2:18"), "{err}");
    assert!(
        err.contains("een woord van 40.000 tekens zonder spatie (hoogstens 100 voor een woord)"),
        "{err}"
    );
    assert!(!err.contains("PDF string"), "{err}");
    assert!(!tmp.path().join("out").exists(), "something was written");
}

/// Bold and italic nested 150 deep failed the PDF, 10,000 deep overflowed
/// the DOCX writer's stack, 45,000 asterisks on each side (within the
/// 100,000 characters a text may hold) took gigabytes: `check` refuses all
/// of them, once per text, and what it accepts (ten deep) builds. (Two
/// asterisks make one level: `***x***` is bold and italic.)
#[test]
fn nesting_beyond_the_limit_is_refused_and_up_to_it_builds() {
    for stars in [22, 300, 20_000, 45_000] {
        let tmp = minimal_copy("deep");
        let deep = format!("{}x{}", "*".repeat(stars), "*".repeat(stars));
        let depth = stars;
        fs::write(
            tmp.path().join("sources/districten/zuid.toml"),
            format!("naam = \"Zuid\"\nterugblik = '''\n{deep}\n'''\nvooruitblik = \"x\"\n"),
        )
        .unwrap();
        let out = run(tmp.path(), &["check", "--sources", "sources"]);
        let err = text(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{depth}: {}",
            &err[..err.len().min(2000)]
        );
        assert!(
            err.contains("niet toegestaan in tekst: vet, cursief of een link die meer dan 10 lagen diep genest is"),
            "{depth}: {}",
            &err[..err.len().min(2000)]
        );
        assert_eq!(
            err.matches("lagen diep genest").count(),
            1,
            "reported once per text"
        );
    }
    let nest = |levels: usize| {
        let mut s = String::from("x");
        for i in 0..levels {
            s = if i % 2 == 0 {
                format!("a *{s}* b")
            } else {
                format!("a **{s}** b")
            };
        }
        s
    };
    let nested = nest(10);
    // A link counts as a level too.
    let linked = format!("[{}](https://example.org/)", nest(9));
    must_accept_and_build("deep-ten", &[district("Zuid", &nested, &linked)]);
}
