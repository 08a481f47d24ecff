//! Exercise `forgotten-await` (asyncio lesson, cell `lazy-coroutines`; the notebook's
//! In [20]-[21] showed the same for generators: calling one runs nothing).
//!
//! Main makes a greeting for each name and says it is done. No greeting is printed: calling
//! an `async fn` only builds a future, and a future that is never awaited never runs. Make
//! every greeting print before main says "greetings done". Judge it with
//! `cargo xtask exercise forgotten-await`.
//!
//! The same bug in Python (which warns "coroutine 'greet' was never awaited"):
//!
//! ```python
//! async def main():
//!     greetings = [greet(name) for name in names]
//!     print("greetings done")
//! ```

use std::process::ExitCode;

use exercises::lab;
use interleaving::Actor;

const NAMES: [&str; 3] = ["Ada", "Grace", "Guido"];

fn main() -> ExitCode {
    lab::run(
        "asyncio",
        "forgotten-await",
        &[("names", &NAMES.len())],
        run,
    )
}

async fn greet(name: &'static str) {
    Actor::new(format!("greeter-{name}")).print(format!("Hello, {name}"));
}

fn run(main: &Actor) -> anyhow::Result<()> {
    asyncio::run(async {
        let greetings: Vec<_> = NAMES.iter().map(|&name| greet(name)).collect();
        main.emit("made", greetings.len().to_string());
        main.print("greetings done");
    })?;
    Ok(())
}
