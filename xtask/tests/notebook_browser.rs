//! The lab notebook in a real browser: `cargo xtask notebook coroutines --runs 2` is built,
//! opened from disk (file://) in headless Chromium driven over the DevTools protocol, and
//! checked as a reader meets it: no console error, every image loaded, every internal link
//! resolves, every cell has its heading, its Python (where the reference has the cell), its
//! Rust, its output and its verdicts. A screenshot is left in target/ for a person to look at.
//!
//! No browser here is a skip (said on stderr), and a failure where
//! `CONCURRENCY_LAB_REQUIRE_BROWSER=1` (`.ci/run` sets it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use headless_chrome::protocol::cdp::Log::LogEntryLevel;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::protocol::cdp::Runtime::ConsoleAPICalledEventTypeOption;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

const REQUIRE: &str = "CONCURRENCY_LAB_REQUIRE_BROWSER";
const LESSON: &str = "coroutines";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or(root().join("target"), |d| root().join(d))
}

/// Debian's chromium, or another Chromium on PATH.
fn browser_path() -> Result<PathBuf, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Ok(p);
            }
        }
    }
    Err("no chromium on PATH (apt-get install chromium)".into())
}

/// What the page says about itself once its images have loaded or failed.
const PROBE: &str = r#"(async () => {
  await Promise.all(Array.from(document.images).map(i => i.complete ? null :
    new Promise(r => { i.addEventListener("load", r); i.addEventListener("error", r); })));
  return JSON.stringify({
    images: Array.from(document.images).map(i =>
      ({src: i.src, ok: i.complete && i.naturalWidth > 0, alt: i.alt})),
    links: Array.from(document.querySelectorAll("a[href]")).map(a => a.href),
    ids: Array.from(document.querySelectorAll("[id]")).map(e => e.id),
    cells: Array.from(document.querySelectorAll("section.cell")).map(s => ({
      id: s.id,
      python: s.dataset.python,
      heading: !!s.querySelector("h2"),
      hasPython: !!s.querySelector("figure.python pre"),
      hasRust: !!s.querySelector("figure.rust pre"),
      hasOutput: !!s.querySelector("pre.output"),
      verdicts: s.querySelectorAll("table.verdicts tbody tr").length,
    })),
  });
})()"#;

fn probe(tab: &Tab, url: &str) -> Value {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let got = tab.evaluate(PROBE, true).unwrap();
    let text = got.value.and_then(|v| v.as_str().map(str::to_owned));
    serde_json::from_str(&text.expect("the probe returns a string")).unwrap()
}

/// The file a file:// link points at, and its fragment.
fn target_of(href: &str) -> (PathBuf, Option<String>) {
    let rest = href.strip_prefix("file://").unwrap_or_else(|| {
        panic!("a link leaves the disk (the notebook must work offline): {href}")
    });
    let (path, frag) = match rest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (rest, None),
    };
    (PathBuf::from(path), frag)
}

#[test]
fn notebook_page_reads_in_a_real_browser() {
    let required = std::env::var_os(REQUIRE).is_some_and(|v| v != "0");
    let chromium = match browser_path() {
        Ok(p) => p,
        Err(why) if required => panic!("{REQUIRE}=1, and {why}"),
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let out = target().join("notebook-browser-test");
    let _ = std::fs::remove_dir_all(&out);
    let built = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["notebook", LESSON, "--runs", "2", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "xtask notebook failed: {}{}",
        String::from_utf8_lossy(&built.stdout),
        String::from_utf8_lossy(&built.stderr)
    );

    let profile = tempfile::tempdir().unwrap();
    let args = [
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .map(std::ffi::OsStr::new);
    let options = LaunchOptions::default_builder()
        .path(Some(chromium))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1100, 900)))
        .user_data_dir(Some(profile.path().to_owned()))
        .args(args.to_vec())
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let browser = Browser::new(options).unwrap();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(60));
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&errors);
    tab.enable_log().unwrap();
    tab.enable_runtime().unwrap();
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let error = match event {
            Event::LogEntryAdded(e) if e.params.entry.level == LogEntryLevel::Error => {
                Some(format!("{}: {:?}", e.params.entry.text, e.params.entry.url))
            }
            Event::RuntimeExceptionThrown(e) => Some(e.params.exception_details.text.clone()),
            Event::RuntimeConsoleAPICalled(e)
                if e.params.Type == ConsoleAPICalledEventTypeOption::Error =>
            {
                Some(format!("console.error: {:?}", e.params.args))
            }
            _ => None,
        };
        if let Some(e) = error {
            seen.lock().unwrap().push(e);
        }
    }))
    .unwrap();

    let script = std::fs::read_to_string(root().join("reference/python/py_coroutines.py")).unwrap();
    let mut pages = 0;
    for page in ["index.html", &format!("{LESSON}.html")] {
        let path = out.join(page).canonicalize().unwrap();
        let url = format!("file://{}", path.display());
        let got = probe(&tab, &url);
        pages += 1;
        for img in got["images"].as_array().unwrap() {
            assert_eq!(img["ok"], true, "{page}: an image did not load: {img}");
            assert!(
                !img["alt"].as_str().unwrap_or("").is_empty(),
                "{page}: no alt: {img}"
            );
        }
        let ids: Vec<&str> = got["ids"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for link in got["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
        {
            let (file, frag) = target_of(link);
            assert!(file.is_file(), "{page}: a link to a missing file: {link}");
            if let Some(f) = frag.filter(|f| !f.is_empty()) {
                let there = if file == path {
                    ids.contains(&f.as_str())
                } else {
                    std::fs::read_to_string(&file)
                        .unwrap()
                        .contains(&format!("id=\"{f}\""))
                };
                assert!(there, "{page}: a link to a missing anchor: {link}");
            }
        }
        let cells = got["cells"].as_array().unwrap();
        if page == "index.html" {
            assert!(cells.is_empty());
            continue;
        }
        assert!(cells.len() >= 5, "{page}: {} cells", cells.len());
        for c in cells {
            let name = c["id"].as_str().unwrap().trim_start_matches("cell-");
            let in_reference = script.contains(&format!("cell(\"{name}\""));
            assert_eq!(c["heading"], true, "{name}: no heading");
            assert_eq!(c["hasRust"], true, "{name}: no Rust");
            assert_eq!(c["hasOutput"], true, "{name}: no output");
            assert!(c["verdicts"].as_u64().unwrap() > 0, "{name}: no verdicts");
            assert_eq!(
                c["hasPython"], in_reference,
                "{name}: Python where the reference has it"
            );
        }
        // The screenshot shows the second cell: its heading, its Python beside its Rust.
        tab.evaluate(
            "document.getElementById('cell-fancy-name').scrollIntoView()",
            false,
        )
        .unwrap();
        let png = tab
            .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
            .unwrap();
        let shot = target().join(format!("notebook-{LESSON}.png"));
        std::fs::write(&shot, png).unwrap();
        eprintln!("screenshot: {}", shot.display());
    }
    assert_eq!(pages, 2);
    let errors = errors.lock().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}
