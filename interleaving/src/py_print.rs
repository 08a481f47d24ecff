//! Python's `print(*args)`, write by write.

use crate::Actor;

/// Writes like CPython's `print(*args)`: each argument, each separating space and the final
/// newline is its own write. That is why the notebook shows `Square:Cube: 4`: another thread's
/// write landed between "Square:" and " 4". Rust's `println!` formats the whole line first and
/// writes it once, so it does not tear this way; this function puts the tear back on purpose.
/// Every lesson whose threads print (threading's squares, producer-consumer's "Published 3")
/// calls this one.
///
/// ```
/// use interleaving::{Actor, py_print};
/// py_print(&Actor::new("square"), &["Square:", "4"]); // "Square:" " " "4" "\n"
/// ```
pub fn py_print(actor: &Actor, args: &[&str]) {
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            actor.write(" ");
        }
        actor.write(*arg);
    }
    actor.write("\n");
}
