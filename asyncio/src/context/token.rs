//! `contextvars.Token`: what `var.set(value)` returns, to put the old value back with
//! `var.reset(token)` (the `try: ... finally: var.reset(token)` idiom).

use super::{Context, ContextVar, Value};

/// The token of one [`ContextVar::set`]: which variable, in which context, and the value it
/// replaced. Give it to [`ContextVar::reset`] to undo that set.
///
/// ```
/// use asyncio::{Context, ContextVar};
/// static REQUEST: ContextVar<u32> = ContextVar::new("request");
/// Context::default().run_sync(|| {
///     let first = REQUEST.set(1);
///     assert_eq!(first.old_value(), None); // Python: Token.MISSING
///     let second = REQUEST.set(2);
///     assert_eq!(second.old_value(), Some(&1));
///     assert!(std::ptr::eq(second.var(), &REQUEST)); // token.var is var
///     REQUEST.reset(second).unwrap();
///     assert_eq!(REQUEST.get(), Some(1));
///     REQUEST.reset(first).unwrap();
///     assert_eq!(REQUEST.get(), None);
/// });
/// ```
pub struct Token<'v, T> {
    var: &'v ContextVar<T>,
    ctx: Context,
    old: Option<Value>,
}

impl<'v, T: 'static> Token<'v, T> {
    pub(super) fn new(var: &'v ContextVar<T>, ctx: Context, old: Option<Value>) -> Self {
        Token { var, ctx, old }
    }

    /// `token.var`: the variable whose `set` made this token.
    pub fn var(&self) -> &'v ContextVar<T> {
        self.var
    }

    /// `token.old_value`: the value the variable had before the set; `None` where Python says
    /// `Token.MISSING` (it was not set in that context).
    pub fn old_value(&self) -> Option<&T> {
        self.old.as_deref()?.downcast_ref()
    }

    pub(super) fn context(&self) -> &Context {
        &self.ctx
    }

    pub(super) fn into_old(self) -> Option<Value> {
        self.old
    }
}

/// Like Python's repr, without the addresses: `<Token var=<ContextVar name='a'>>`.
impl<T> std::fmt::Debug for Token<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<Token var={:?}>", self.var)
    }
}
