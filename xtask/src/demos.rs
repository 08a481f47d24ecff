//! The one table of demos: every concept crate, its binary, and its properties. The tidy test
//! fails if a workspace member is missing here.

use interleaving::{LessonSpec, Property};

/// A concept crate whose binary xtask runs and checks.
pub struct Demo {
    /// Package and binary name (`producer-consumer`).
    pub name: &'static str,
    /// The cell `explore` and `timeline` run by default: the one whose interleavings the
    /// notebook talks about (`None`: the whole lesson).
    pub explore_cell: Option<&'static str>,
    /// Its expected properties, owned by the crate itself.
    pub properties: fn() -> Vec<Property>,
    /// Its lesson as the checker sees it (name, cells, waits), for the rules every trace gets.
    pub spec: fn() -> LessonSpec,
}

/// Every demo, in the notebook's order.
pub const DEMOS: &[Demo] = &[
    Demo {
        name: "multiprocessing",
        explore_cell: Some(multiprocessing::cells::START_HELLO),
        properties: multiprocessing::properties::properties,
        spec: multiprocessing::properties::spec,
    },
    Demo {
        name: "threading",
        explore_cell: Some(threading::cells::SQUARE_CUBE),
        properties: threading::properties::properties,
        spec: threading::properties::spec,
    },
    Demo {
        name: "producer-consumer",
        explore_cell: Some(producer_consumer::cells::NOTEBOOK),
        properties: producer_consumer::properties::properties,
        spec: producer_consumer::properties::spec,
    },
    Demo {
        name: "coroutines",
        explore_cell: Some(coroutines::cells::FANCY_NAME),
        properties: coroutines::properties::properties,
        spec: coroutines::properties::spec,
    },
    Demo {
        name: "asyncio",
        explore_cell: Some(asyncio::cells::DETERMINISM),
        properties: asyncio::properties::properties,
        spec: asyncio::properties::spec,
    },
    Demo {
        name: "distributed",
        explore_cell: Some(distributed::cells::WORKER_DIES),
        properties: distributed::properties::properties,
        spec: distributed::properties::spec,
    },
];

/// The variable under which a demo that cannot run here is a failure, not a skip (`.ci/run`
/// sets it, so CI always runs the distributed lesson against a real `redis-server`).
pub const REQUIRE_REDIS_ENV: &str = "CONCURRENCY_LAB_REQUIRE_REDIS";

/// Why `demo` cannot run on this machine (`None`: it can, or it must: see
/// [`REQUIRE_REDIS_ENV`]). The distributed lesson needs `redis-server` on `PATH`.
pub fn unavailable(demo: &Demo) -> Option<String> {
    let required = std::env::var_os(REQUIRE_REDIS_ENV).is_some_and(|v| v != "0");
    (demo.name == "distributed" && !required && !distributed::server::available())
        .then(|| distributed::server::MISSING.to_owned())
}

/// The demo called `name`.
pub fn find(name: &str) -> Option<&'static Demo> {
    DEMOS.iter().find(|d| d.name == name)
}

/// A clap value parser accepting only known demo names, whose error lists them.
pub fn parse_name(s: &str) -> Result<&'static Demo, String> {
    find(s).ok_or_else(|| {
        let names: Vec<&str> = DEMOS.iter().map(|d| d.name).collect();
        format!("no demo called '{s}'; the demos are: {}", names.join(", "))
    })
}

#[cfg(test)]
mod tests {
    /// Every lesson is written: none has an empty list of properties (whose every run would
    /// "pass"), so no verb needs a "not written yet" branch.
    #[test]
    fn every_demo_has_properties() {
        for demo in super::DEMOS {
            assert!(
                !(demo.properties)().is_empty(),
                "{} has no properties",
                demo.name
            );
        }
    }
}
