//! Building one exercise: its binary through cargo (only that one), or any copy of the
//! learner's file through rustc, linked against the `exercises` crate cargo built.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

use crate::paths;

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(paths::root());
    cmd
}

/// Builds the binary `name` of the `exercises` crate (and nothing else); its path.
pub fn bin(name: &str) -> anyhow::Result<PathBuf> {
    Ok(bins(&[name.to_owned()])?.remove(0))
}

/// Builds these binaries of the `exercises` crate in one cargo run; their paths, in order.
pub fn bins(names: &[String]) -> anyhow::Result<Vec<PathBuf>> {
    let mut cmd = cargo();
    cmd.args(["build", "--quiet", "--package", "exercises"]);
    for n in names {
        cmd.args(["--bin", n]);
    }
    let status = cmd.status().context("running cargo build")?;
    if !status.success() {
        bail!("it does not compile yet (cargo's message is above)");
    }
    let dir = paths::target_dir().join("debug");
    Ok(names.iter().map(|n| dir.join(n)).collect())
}

/// The crates an exercise file may name: the `exercises` crate's own dependencies.
const CRATES: &[&str] = &[
    "exercises",
    "anyhow",
    "asyncio",
    "coroutines",
    "distributed",
    "interleaving",
    "multiprocessing",
    "nix",
    "producer_consumer",
    "thiserror",
    "threading",
    "tokio",
];

/// Builds `file`, a copy of `exercise`'s file kept anywhere, into `target/exercise/bin/`.
pub fn from_file(exercise: &exercises::Exercise, file: &Path) -> anyhow::Result<PathBuf> {
    let out = cargo()
        .args(["build", "--quiet", "--package", "exercises", "--lib"])
        .args(["--message-format", "json-render-diagnostics"])
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo build")?;
    if !out.status.success() {
        bail!("the exercises crate does not build (cargo's message is above)");
    }
    let mut externs = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let name = msg["target"]["name"]
            .as_str()
            .unwrap_or_default()
            .replace('-', "_");
        if msg["reason"] != "compiler-artifact" || !CRATES.contains(&name.as_str()) {
            continue;
        }
        let rlib = msg["filenames"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f.as_str())
            .find(|f| f.ends_with(".rlib"));
        if let Some(rlib) = rlib {
            externs.push(format!("{name}={rlib}"));
        }
    }
    let dir = paths::target_dir().join("exercise").join("bin");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let bin = dir.join(exercise.name);
    let mut rustc = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()));
    rustc
        .current_dir(paths::root())
        .args(["--edition", "2024", "--crate-type", "bin", "--crate-name"])
        .arg(exercise.name.replace('-', "_"))
        .arg(file)
        .arg("-o")
        .arg(&bin)
        .arg("-L")
        .arg(format!(
            "dependency={}",
            paths::target_dir().join("debug").join("deps").display()
        ))
        .args(["-C", "strip=debuginfo"]);
    for e in &externs {
        rustc.arg("--extern").arg(e);
    }
    let status = rustc.status().context("running rustc")?;
    if !status.success() {
        bail!(
            "{} does not compile yet (rustc's message is above)",
            file.display()
        );
    }
    Ok(bin)
}
