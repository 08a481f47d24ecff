//! Messages between processes over an OS pipe: Python's `Pipe(duplex=False)` and `Queue`.
//!
//! Memory is not shared between processes, so a message is serialized (serde JSON here,
//! pickle in Python), framed with its length, and written into a pipe the kernel carries from
//! one process to the other. Both ends are opened close-on-exec, so a spawned child does
//! not keep a pipe open by accident.

use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::marker::PhantomData;
use std::os::fd::{AsFd, BorrowedFd};

use nix::fcntl::OFlag;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::PipeError;

/// The receiving end of a [`pipe`].
#[derive(Debug)]
pub struct PipeReader<T> {
    file: File,
    _t: PhantomData<fn() -> T>,
}

/// The sending end of a [`pipe`].
#[derive(Debug)]
pub struct PipeWriter<T> {
    file: File,
    _t: PhantomData<fn(T)>,
}

/// Python's `Pipe(duplex=False)`: `(reader, writer)`, for values of type `T`.
///
/// ```
/// let (rx, tx) = multiprocessing::pipe::<(u32, String)>().unwrap();
/// tx.send(&(7, "seven".into())).unwrap();
/// drop(tx);
/// assert_eq!(rx.recv().unwrap(), (7, "seven".to_string()));
/// assert!(matches!(rx.recv(), Err(multiprocessing::PipeError::Eof)));
/// ```
pub fn pipe<T>() -> Result<(PipeReader<T>, PipeWriter<T>), PipeError> {
    let (r, w) = nix::unistd::pipe2(OFlag::O_CLOEXEC)?;
    Ok((
        PipeReader {
            file: File::from(r),
            _t: PhantomData,
        },
        PipeWriter {
            file: File::from(w),
            _t: PhantomData,
        },
    ))
}

/// One message as bytes: a 4-byte little-endian length, then the JSON.
fn frame<T: Serialize>(value: &T) -> Result<Vec<u8>, PipeError> {
    let body = serde_json::to_vec(value)?;
    let mut out = Vec::with_capacity(4 + body.len());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

impl<T> PipeWriter<T> {
    /// Another writing end of the same pipe (a duplicated file descriptor): the reader sees
    /// the end of the stream only once every writing end is closed.
    pub fn try_clone(&self) -> Result<Self, PipeError> {
        Ok(PipeWriter {
            file: self.file.try_clone()?,
            _t: PhantomData,
        })
    }
}

impl<T: Serialize> PipeWriter<T> {
    /// Sends one message (Python's `conn.send(obj)`). Blocks while the pipe is full.
    pub fn send(&self, value: &T) -> Result<(), PipeError> {
        (&self.file).write_all(&frame(value)?)?;
        Ok(())
    }
}

impl<T: DeserializeOwned> PipeReader<T> {
    /// Receives one message (Python's `conn.recv()`); [`PipeError::Eof`] once every writer
    /// is closed and the pipe is empty.
    pub fn recv(&self) -> Result<T, PipeError> {
        let mut len = [0u8; 4];
        match (&self.file).read_exact(&mut len) {
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Err(PipeError::Eof),
            r => r?,
        }
        let mut body = vec![0u8; u32::from_le_bytes(len) as usize];
        (&self.file).read_exact(&mut body)?;
        Ok(serde_json::from_slice(&body)?)
    }
}

impl<T> AsFd for PipeReader<T> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.file.as_fd()
    }
}

/// Python's `multiprocessing.Queue`, for many producer processes and one consumer process.
///
/// One `Queue` holds both ends of a pipe; clone it into every process that uses it. Each
/// message is written with one `write(2)` of at most `PIPE_BUF` bytes, which the kernel keeps
/// whole even when several producers write at once; a bigger message is refused rather than
/// risk tearing. Because every clone holds the writing end, a consumer never sees the end of
/// the stream by itself: send a sentinel (Python's `None`, our `Option::None`), as in Python.
///
/// ```
/// let q = multiprocessing::Queue::<Option<u32>>::new().unwrap();
/// q.put(&Some(1)).unwrap();
/// q.put(&None).unwrap();
/// assert_eq!(q.get().unwrap(), Some(1));
/// assert_eq!(q.get().unwrap(), None);
/// ```
#[derive(Debug)]
pub struct Queue<T> {
    reader: PipeReader<T>,
    writer: PipeWriter<T>,
}

impl<T> Queue<T> {
    /// A new, empty queue.
    pub fn new() -> Result<Self, PipeError> {
        let (reader, writer) = pipe()?;
        Ok(Queue { reader, writer })
    }

    /// Another handle on the same queue (duplicated file descriptors).
    pub fn try_clone(&self) -> Result<Self, PipeError> {
        Ok(Queue {
            reader: PipeReader {
                file: self.reader.file.try_clone()?,
                _t: PhantomData,
            },
            writer: PipeWriter {
                file: self.writer.file.try_clone()?,
                _t: PhantomData,
            },
        })
    }
}

impl<T: Serialize> Queue<T> {
    /// Puts one message; blocks while the pipe is full.
    pub fn put(&self, value: &T) -> Result<(), PipeError> {
        let bytes = frame(value)?;
        if bytes.len() > libc::PIPE_BUF {
            return Err(PipeError::TooBig {
                len: bytes.len(),
                max: libc::PIPE_BUF,
            });
        }
        (&self.writer.file).write_all(&bytes)?;
        Ok(())
    }
}

impl<T: DeserializeOwned> Queue<T> {
    /// Takes the oldest message; blocks while the queue is empty.
    ///
    /// One consumer only: reading a frame takes two `read(2)` calls, so two consumers could
    /// split one message between them (Python's `Queue` takes a lock here; use a `Pool` or one
    /// queue per consumer instead).
    pub fn get(&self) -> Result<T, PipeError> {
        self.reader.recv()
    }
}
