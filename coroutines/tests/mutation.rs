//! Every asserted property of the lesson can fail: for each, a small mutation of a real
//! recorded run (lost, doubled, moved, changed line...) that the property itself reports.

use coroutines::properties::{properties, spec};
use interleaving::testing::{assert_every_property_breakable, record};

#[test]
fn every_asserted_property_has_a_mutation_of_a_real_run_that_breaks_it() {
    let run = record(env!("CARGO_BIN_EXE_coroutines"), &[]);
    assert_every_property_breakable(&run, &spec(), &properties());
}
