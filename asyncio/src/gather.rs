//! `asyncio.gather(*tasks, return_exceptions=True)`: the results in argument order.

use tokio::task::JoinHandle;

use crate::AsyncioError;

/// Awaits every handle in the order given and returns their results in that same order,
/// whatever order the tasks finished in. A task that panicked or was cancelled gives an `Err`
/// in its place instead of hiding the others' results (Python's `return_exceptions=True`).
///
/// The tasks already run concurrently (`tokio::spawn` started them); awaiting them one by one
/// only collects the results, so the total time is the slowest task's, not the sum.
///
/// ```
/// use std::time::Duration;
/// let rt = asyncio::runtime::current_thread().unwrap();
/// let results = rt.block_on(async {
///     // The first task is the slowest: it finishes last, but its result comes first.
///     let handles = [30u64, 10, 20].map(|ms| {
///         tokio::spawn(async move {
///             tokio::time::sleep(Duration::from_millis(ms)).await;
///             ms
///         })
///     });
///     asyncio::gather(handles).await
/// });
/// let values: Vec<u64> = results.into_iter().map(Result::unwrap).collect();
/// assert_eq!(values, [30, 10, 20]);
/// ```
pub async fn gather<T>(
    handles: impl IntoIterator<Item = JoinHandle<T>>,
) -> Vec<Result<T, AsyncioError>> {
    // Collect first: if `handles` is a lazy iterator that spawns as it goes, awaiting while
    // iterating would start each task only after the previous one finished.
    let handles: Vec<JoinHandle<T>> = handles.into_iter().collect();
    let mut out = Vec::with_capacity(handles.len());
    for (i, handle) in handles.into_iter().enumerate() {
        out.push(
            handle
                .await
                .map_err(|e| AsyncioError::from_join(&format!("#{i}"), e)),
        );
    }
    out
}
