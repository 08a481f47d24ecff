//! indicatif's output for a stderr that is not a terminal (forced with
//! `CONCURRENCY_LAB_PROGRESS=always`): each drawing becomes one plain line, with no cursor
//! movement, and a stderr that cannot be written is ignored.

use std::io::{self, Write};
use std::sync::Mutex;

use indicatif::TermLike;

/// A [`TermLike`] that collects what indicatif draws and writes it as one line per flush.
#[derive(Debug, Default)]
pub struct PlainLines {
    line: Mutex<String>,
}

impl TermLike for PlainLines {
    fn width(&self) -> u16 {
        // Wide enough that indicatif never cuts a cell's label short.
        200
    }

    fn move_cursor_up(&self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn move_cursor_down(&self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn move_cursor_right(&self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn move_cursor_left(&self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn write_line(&self, s: &str) -> io::Result<()> {
        self.write_str(s)?;
        self.flush()
    }

    fn write_str(&self, s: &str) -> io::Result<()> {
        self.line
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_str(s);
        Ok(())
    }

    fn clear_line(&self) -> io::Result<()> {
        Ok(())
    }

    fn flush(&self) -> io::Result<()> {
        let line = std::mem::take(&mut *self.line.lock().unwrap_or_else(|e| e.into_inner()));
        // indicatif pads to the width and starts with `\r`: neither means anything in a log.
        let text = line.trim_matches(|c: char| c == '\r' || c.is_whitespace());
        if !text.is_empty() {
            // A full or closed stderr (`2>/dev/full`) loses the line, never the run.
            let _ = writeln!(io::stderr(), "{text}");
        }
        Ok(())
    }
}
