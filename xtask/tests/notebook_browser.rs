//! The lab notebook in a real browser: `cargo xtask notebook coroutines --runs 2` is built,
//! opened from disk (file://) in headless Chromium driven over the DevTools protocol, and
//! checked as a reader meets it: no console error, every image loaded (and described), every
//! internal link resolves, every cell has its heading, its Python (where the reference has the
//! cell), its Rust, its output and its verdicts. A screenshot is left in target/ for a person to
//! look at. A page broken in each of those ways is caught too, so the check can fail.
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
use headless_chrome::types::Bounds;
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
      heading: !!s.querySelector("h2"),
      hasPython: !!s.querySelector("figure.python pre"),
      hasRust: !!s.querySelector("figure.rust pre"),
      hasOutput: !!s.querySelector("pre.output"),
      verdicts: s.querySelectorAll("table.verdicts tbody tr").length,
    })),
  });
})()"#;

/// Headless Chromium with one tab that collects console errors.
struct Reader {
    _browser: Browser,
    _profile: tempfile::TempDir,
    tab: Arc<Tab>,
    errors: Arc<Mutex<Vec<String>>>,
}

impl Reader {
    /// `None` (skipped, said on stderr) when there is no browser and none is required.
    fn launch() -> Option<Reader> {
        let required = std::env::var_os(REQUIRE).is_some_and(|v| v != "0");
        let chromium = match browser_path() {
            Ok(p) => p,
            Err(why) if required => panic!("{REQUIRE}=1, and {why}"),
            Err(why) => {
                eprintln!("skipped: {why}");
                return None;
            }
        };
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
                Event::LogEntryAdded(e) if e.params.entry.level == LogEntryLevel::Error => Some(
                    format!("{} ({:?})", e.params.entry.text, e.params.entry.url),
                ),
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
        Some(Reader {
            _browser: browser,
            _profile: profile,
            tab,
            errors,
        })
    }

    /// Opens `page` from disk and returns what the probe saw and every problem a reader would
    /// meet: console errors, images not loaded or not described, links that lead nowhere.
    fn read(&self, page: &Path) -> (Value, Vec<String>) {
        self.errors.lock().unwrap().clear();
        let path = page.canonicalize().unwrap();
        let url = format!("file://{}", path.display());
        self.tab
            .navigate_to(&url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let got = self.tab.evaluate(PROBE, true).unwrap();
        let text = got.value.and_then(|v| v.as_str().map(str::to_owned));
        let got: Value = serde_json::from_str(&text.expect("the probe returns a string")).unwrap();
        let mut problems: Vec<String> = Vec::new();
        for img in got["images"].as_array().unwrap() {
            if img["ok"] != true {
                problems.push(format!("image not loaded: {}", img["src"]));
            }
            if img["alt"].as_str().unwrap_or("").is_empty() {
                problems.push(format!("image without alt text: {}", img["src"]));
            }
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
            let Some(rest) = link.strip_prefix("file://") else {
                problems.push(format!("link off the disk (needs a network): {link}"));
                continue;
            };
            let (file, frag) = match rest.split_once('#') {
                Some((p, f)) => (PathBuf::from(p), f),
                None => (PathBuf::from(rest), ""),
            };
            if !file.is_file() {
                problems.push(format!("link to a missing file: {link}"));
            } else if !frag.is_empty() {
                let there = if file == path {
                    ids.contains(&frag)
                } else {
                    std::fs::read_to_string(&file)
                        .unwrap()
                        .contains(&format!("id=\"{frag}\""))
                };
                if !there {
                    problems.push(format!("link to a missing anchor: {link}"));
                }
            }
        }
        // Late errors (an image that failed after the probe) are in by now: the probe
        // awaited every image.
        problems.extend(
            self.errors
                .lock()
                .unwrap()
                .iter()
                .map(|e| format!("console: {e}")),
        );
        (got, problems)
    }
}

#[test]
fn notebook_page_reads_in_a_real_browser() {
    let Some(reader) = Reader::launch() else {
        return;
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

    let (index, problems) = reader.read(&out.join("index.html"));
    assert!(problems.is_empty(), "index.html: {problems:#?}");
    assert_eq!(index["links"].as_array().unwrap().len(), 1, "{index}");

    let (page, problems) = reader.read(&out.join(format!("{LESSON}.html")));
    assert!(problems.is_empty(), "{LESSON}.html: {problems:#?}");
    let script = std::fs::read_to_string(root().join("reference/python/py_coroutines.py")).unwrap();
    let cells = page["cells"].as_array().unwrap();
    assert!(cells.len() >= 5, "{} cells", cells.len());
    assert_eq!(
        page["images"].as_array().unwrap().len(),
        cells.len(),
        "a timeline per cell"
    );
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
    reader
        .tab
        .evaluate(
            "document.getElementById('cell-fancy-name').scrollIntoView()",
            false,
        )
        .unwrap();
    let png = reader
        .tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    let shot = target().join(format!("notebook-{LESSON}.png"));
    std::fs::write(&shot, png).unwrap();
    eprintln!("screenshot: {}", shot.display());

    // 200% zoom of this 1100-pixel window is a 550-pixel wide page: it reflows, nothing
    // makes the reader scroll the whole page sideways (a wide table scrolls in its own box).
    reader
        .tab
        .set_bounds(Bounds::Normal {
            left: None,
            top: None,
            width: Some(550.0),
            height: Some(900.0),
        })
        .unwrap();
    let widths = reader
        .tab
        .evaluate(
            "new Promise(r => requestAnimationFrame(() => r(JSON.stringify(\
             [document.documentElement.scrollWidth, window.innerWidth]))))",
            true,
        )
        .unwrap();
    let widths: Vec<u64> = serde_json::from_str(widths.value.unwrap().as_str().unwrap()).unwrap();
    eprintln!(
        "at 200% zoom: page {} px wide in a {} px window",
        widths[0], widths[1]
    );
    assert!(widths[1] <= 600, "the window did not narrow: {widths:?}");
    assert!(
        widths[0] <= widths[1],
        "sideways scrolling at 200% zoom: {widths:?}"
    );
}

#[test]
fn a_broken_page_is_caught_in_every_way() {
    let Some(reader) = Reader::launch() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("there.html"), "<p id=\"here\">x</p>").unwrap();
    let page = dir.path().join("broken.html");
    std::fs::write(
        &page,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>b</title></head>\
         <body><img src=\"missing.svg\" alt=\"a chart\"><img src=\"there.html\"><a href=\"gone.html\">gone</a>\
         <a href=\"there.html#nowhere\">no anchor</a><a href=\"there.html#here\">fine</a>\
         <a href=\"https://example.org/\">online</a>\
         <script>console.error(\"boom\")</script></body></html>",
    )
    .unwrap();
    let (_, problems) = reader.read(&page);
    let has = |what: &str| problems.iter().any(|p| p.contains(what));
    assert!(has("image not loaded"), "{problems:#?}");
    assert!(has("image without alt text"), "{problems:#?}");
    assert!(
        has("link to a missing file") && has("gone.html"),
        "{problems:#?}"
    );
    assert!(
        has("link to a missing anchor") && has("#nowhere"),
        "{problems:#?}"
    );
    assert!(!has("#here"), "{problems:#?}");
    assert!(has("link off the disk"), "{problems:#?}");
    assert!(has("console.error") && has("boom"), "{problems:#?}");
}
