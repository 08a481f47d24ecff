//! Python's `print(*args)`, write by write.

use interleaving::Actor;

/// Writes like CPython's `print(*args)`: each argument, each separating space and the final
/// newline is its own write. That is why the notebook shows `Square:Cube: 4`: another thread's
/// write landed between "Square:" and " 4". Rust's `println!` formats the whole line first and
/// writes it once, so it does not tear this way; this function puts the tear back on purpose.
///
/// ```
/// use interleaving::Actor;
/// threading::py_print(&Actor::new("square"), &["Square:", "4"]); // "Square:" " " "4" "\n"
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
