//! The `distributed` binary with stdout or stderr it cannot write to (`> /dev/full`, a closed pipe,
//! `2> /dev/full`): no panic, no abort, and the exit codes of SPEC section 2.

#[test]
fn survives_unwritable_stdout_and_stderr() {
    interleaving::unwritable::assert_survives(env!("CARGO_BIN_EXE_distributed"), "1");
}
