//! Generates `include/zmq.h` from the Rust sources with cbindgen.
//!
//! ```text
//! cargo run -p gen-header              # (re)write include/zmq.h
//! cargo run -p gen-header -- --check   # exit 1 if include/zmq.h is stale
//! ```
//!
//! cbindgen parses src/constants.rs and the `ffi` module tree (src/ffi/mod.rs
//! and the submodules it declares), not the rest of the crate.
//!
//! Other options (mainly for testing): `--root DIR` (crate directory holding
//! `cbindgen.toml` and `src/`; default: the workspace root),
//! `--output FILE` (default: `ROOT/include/zmq.h`), `--stdout`.
//!
//! cbindgen's own diagnostics are printed to stderr; an error-level
//! diagnostic (e.g. an `extern "C"` function whose signature cbindgen cannot
//! translate, which would silently be left out of the header) or a reference
//! to a type the header does not define fails the run.
//!
//! After cbindgen, one cosmetic pass groups the `#define`s of
//! src/constants.rs by the `// section` comments of that file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

static ERRORS: AtomicUsize = AtomicUsize::new(0);

/// Types that are legitimately not defined by Rust items cbindgen can see:
/// they are declared in the verbatim text of cbindgen.toml.
const EXTERNAL_TYPES: &[&str] = &["iovec", "zmq_free_fn", "zmq_timer_fn", "zmq_thread_fn"];

/// Classifies a cbindgen diagnostic: `None` to drop it, `Some(true)` if it
/// means the header is wrong/incomplete, `Some(false)` for a plain warning.
fn classify(level: log::Level, msg: &str) -> Option<bool> {
    // Private items anywhere in the crate: expected, not interesting.
    if msg.contains("(not `pub`)") {
        return None;
    }
    if let Some(rest) = msg.strip_prefix("Can't find ") {
        let name = rest.split(['.', ' ']).next().unwrap_or("");
        // A type the header does not define would make the C invalid.
        return if EXTERNAL_TYPES.contains(&name) {
            None
        } else {
            Some(true)
        };
    }
    Some(level == log::Level::Error)
}

struct StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Warn
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let msg = record.args().to_string();
        let Some(is_error) = classify(record.level(), &msg) else {
            return;
        };
        if is_error {
            ERRORS.fetch_add(1, Ordering::Relaxed);
            eprintln!("gen-header: cbindgen error: {msg}");
        } else {
            eprintln!("gen-header: cbindgen warning: {msg}");
        }
    }

    fn flush(&self) {}
}

static LOGGER: StderrLogger = StderrLogger;

#[derive(Default)]
struct Args {
    check: bool,
    stdout: bool,
    root: Option<PathBuf>,
    output: Option<PathBuf>,
}

const USAGE: &str = "usage: gen-header [--check] [--stdout] [--root DIR] [--output FILE]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args::default();
    let mut it = std::env::args_os().skip(1);
    while let Some(arg) = it.next() {
        match arg.to_str() {
            Some("--check") => args.check = true,
            Some("--stdout") => args.stdout = true,
            Some("--root") => args.root = Some(it.next().ok_or("--root needs a directory")?.into()),
            Some("--output") => {
                args.output = Some(it.next().ok_or("--output needs a file name")?.into())
            }
            Some("-h") | Some("--help") => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument {arg:?}\n{USAGE}")),
        }
    }
    if args.check && args.stdout {
        return Err("--check and --stdout are mutually exclusive".into());
    }
    Ok(args)
}

fn workspace_root() -> PathBuf {
    // tools/gen-header -> workspace root
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    dir.canonicalize().unwrap_or(dir)
}

fn generate(root: &Path) -> Result<Vec<u8>, String> {
    let config_path = root.join("cbindgen.toml");
    let config = cbindgen::Config::from_file(&config_path)
        .map_err(|e| format!("{}: {e}", config_path.display()))?;
    let excluded = config.export.exclude.clone();
    let verbatim = config.after_includes.clone().unwrap_or_default();
    let trailer = config.trailer.clone();
    // Only the public-API modules are parsed (not all of src/lib.rs), so
    // that `pub const`s and `#[no_mangle]` helpers of internal modules can
    // never leak into the public header.
    let mut builder = cbindgen::Builder::new().with_config(config);
    for src in api_sources(root)? {
        builder = builder.with_src(src);
    }
    let bindings = builder
        .generate()
        .map_err(|e| format!("cbindgen failed: {e}"))?;
    let errors = ERRORS.load(Ordering::Relaxed);
    if errors > 0 {
        return Err(format!(
            "cbindgen reported {errors} error(s) (see above); items were left out of the header"
        ));
    }
    let mut out = Vec::new();
    bindings.write(&mut out);
    let text = String::from_utf8(out).map_err(|_| "cbindgen output is not UTF-8".to_string())?;

    // `Option<alias>` (alias of a fn pointer) is not understood by cbindgen
    // 0.27 and turns into a bogus `struct Option_...`.
    if let Some(line) = text.lines().find(|l| l.contains("Option_")) {
        return Err(format!(
            "generated header contains a mangled Option type: `{}`\n\
             Write callback parameters as `*mut zmq_free_fn` (see src/ffi/types.rs) or \
             `Option<unsafe extern \"C\" fn(...)>`, not `Option<SomeAlias>`.",
            line.trim()
        ));
    }

    let constants_rs = root.join("src/constants.rs");
    let sections = match std::fs::read_to_string(&constants_rs) {
        Ok(src) => constant_sections(&src),
        Err(_) => Vec::new(),
    };
    // Constants must live in src/constants.rs (pub items elsewhere in the
    // ffi modules are emitted too; make internal ones `pub(crate)`).
    let verbatim_end = text.find(&verbatim).map_or(0, |i| i + verbatim.len());
    // The trailer is written by hand too (the draft-API defines).
    let trailer_start = trailer
        .as_deref()
        .and_then(|t| text.rfind(t.trim()))
        .filter(|&i| i >= verbatim_end)
        .unwrap_or(text.len());
    for line in text[verbatim_end..trailer_start].lines() {
        if let Some(name) = line
            .strip_prefix("#define ")
            .and_then(|r| r.split([' ', '(']).next())
        {
            if !sections.iter().any(|(n, _)| n == name) {
                eprintln!(
                    "gen-header: warning: `{name}` is emitted into the header but is not \
                     defined in src/constants.rs; make it `pub(crate)` if it is internal"
                );
            }
        }
    }
    // Excluded names (e.g. ZMQ_VERSION) only occur in the verbatim text.
    let sections: Vec<_> = sections
        .into_iter()
        .filter(|(name, _)| !excluded.contains(name))
        .collect();
    Ok(c89_comments(&tidy_constants(&text, &sections)).into_bytes())
}

/// The files cbindgen parses: src/constants.rs and the `ffi` module tree
/// (src/ffi/mod.rs or src/ffi.rs, plus the submodules they declare).
fn api_sources(root: &Path) -> Result<Vec<PathBuf>, String> {
    let constants = root.join("src/constants.rs");
    if !constants.is_file() {
        return Err(format!("{} not found", constants.display()));
    }
    let ffi = [root.join("src/ffi/mod.rs"), root.join("src/ffi.rs")]
        .into_iter()
        .find(|p| p.is_file())
        .ok_or_else(|| {
            format!(
                "neither src/ffi/mod.rs nor src/ffi.rs found in {}",
                root.display()
            )
        })?;
    Ok(vec![constants, ffi])
}

/// `(constant name, section title)` for every `pub const` of
/// src/constants.rs, where the section title is the text of the last
/// `// ...` comment line that follows a blank line.
fn constant_sections(src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut prev_blank = true;
    for line in src.lines() {
        let t = line.trim();
        if prev_blank && t.starts_with("// ") {
            section = t[3..].trim().to_string();
        } else if let Some(rest) = t.strip_prefix("pub const ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((name, section.clone()));
            }
        }
        prev_blank = t.is_empty();
    }
    out
}

/// cbindgen separates every `#define` with a blank line. For the constants
/// of src/constants.rs, put each section's defines on consecutive lines,
/// headed by the section comment.
fn tidy_constants(text: &str, sections: &[(String, String)]) -> String {
    let section_of = |line: &str| -> Option<&str> {
        let name = line.strip_prefix("#define ")?.split([' ', '(']).next()?;
        sections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.as_str())
    };
    let mut out = String::with_capacity(text.len() + 4096);
    // Section of the previous non-blank line, if it was a known `#define`.
    let mut prev_section: Option<&str> = None;
    // Section whose title was printed last.
    let mut titled: Option<&str> = None;
    let mut pending_blank = false;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            pending_blank = true;
            continue;
        }
        let this_section = section_of(line.trim_end());
        match this_section {
            Some(cur) if prev_section == Some(cur) => {}
            Some(cur) => {
                if pending_blank || prev_section.is_some() {
                    out.push('\n');
                }
                if titled != Some(cur) && !cur.is_empty() {
                    out.push_str("/* ");
                    out.push_str(cur);
                    out.push_str(" */\n");
                }
                titled = Some(cur);
            }
            None => {
                if pending_blank {
                    out.push('\n');
                }
            }
        }
        out.push_str(line);
        pending_blank = false;
        prev_section = this_section;
    }
    if pending_blank {
        out.push('\n');
    }
    out
}

/// cbindgen closes its `extern "C"` guards with `// ...` comments, which
/// C89 (`-std=c89 -pedantic-errors`) rejects; libzmq's zmq.h compiles as
/// C89, so ours does too: every line-ending `// text` becomes `/* text */`.
fn c89_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        match body.find("//") {
            // Only code lines: `//` inside a /* */ doc comment (a URL, say)
            // stays.
            Some(i) if !body.trim_start().starts_with('*') && !body[..i].contains("/*") => {
                out.push_str(body[..i].trim_end());
                out.push_str(" /* ");
                out.push_str(body[i + 2..].trim());
                out.push_str(" */");
            }
            _ => out.push_str(body),
        }
        out.push_str(nl);
    }
    out
}

/// A short description of where `old` and `new` first differ.
fn describe_difference(old: &str, new: &str) -> String {
    let mut msg = String::new();
    let (old_lines, new_lines): (Vec<_>, Vec<_>) = (old.lines().collect(), new.lines().collect());
    let first = old_lines
        .iter()
        .zip(&new_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(old_lines.len().min(new_lines.len()));
    let _ = writeln!(msg, "first difference at line {}:", first + 1);
    for (prefix, lines) in [("-", &old_lines), ("+", &new_lines)] {
        for line in lines.iter().skip(first).take(5) {
            let _ = writeln!(msg, "  {prefix} {line}");
        }
        if lines.len() <= first {
            let _ = writeln!(msg, "  {prefix} <end of file>");
        }
    }
    let _ = write!(
        msg,
        "checked-in: {} lines, regenerated: {} lines",
        old_lines.len(),
        new_lines.len()
    );
    msg
}

fn run() -> Result<ExitCode, String> {
    let args = parse_args()?;
    let root = args.root.clone().unwrap_or_else(workspace_root);
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| root.join("include/zmq.h"));

    let header = generate(&root)?;

    if args.stdout {
        use std::io::Write;
        std::io::stdout()
            .write_all(&header)
            .map_err(|e| format!("stdout: {e}"))?;
        return Ok(ExitCode::SUCCESS);
    }

    let existing = std::fs::read(&output).ok();

    if args.check {
        return match existing {
            Some(ref old) if *old == header => {
                println!("gen-header: {} is up to date", output.display());
                Ok(ExitCode::SUCCESS)
            }
            Some(old) => {
                eprintln!(
                    "gen-header: {} is STALE: it differs from what the Rust sources and \
                     cbindgen.toml generate.\n{}\nRun `cargo run -p gen-header` and commit \
                     the result.",
                    output.display(),
                    describe_difference(
                        &String::from_utf8_lossy(&old),
                        &String::from_utf8_lossy(&header)
                    )
                );
                Ok(ExitCode::from(1))
            }
            None => {
                eprintln!(
                    "gen-header: {} does not exist. Run `cargo run -p gen-header`.",
                    output.display()
                );
                Ok(ExitCode::from(1))
            }
        };
    }

    if existing.as_deref() == Some(&header[..]) {
        println!("gen-header: {} is up to date", output.display());
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(dir) = output.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&output, &header).map_err(|e| format!("{}: {e}", output.display()))?;
    println!("gen-header: wrote {}", output.display());
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let _ = log::set_logger(&LOGGER).map(|()| log::set_max_level(log::LevelFilter::Warn));
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gen-header: error: {e}");
            ExitCode::from(2)
        }
    }
}
