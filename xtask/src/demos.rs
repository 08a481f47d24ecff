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

impl Demo {
    /// A crate whose lesson is not written yet has no properties: xtask says so and skips it.
    pub fn is_written(&self) -> bool {
        !(self.properties)().is_empty()
    }
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
];

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
