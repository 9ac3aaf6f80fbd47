//! The byte layer of a file object: an OS file behind a read-ahead buffer
//! and a write buffer, as CPython's BufferedReader, BufferedWriter and
//! BufferedRandom keep them (or no buffering at all, as FileIO).
//!
//! Invariant: at most one of the buffers holds data. Writing gives the
//! unread read-ahead back first (seeking the OS file back over it), and
//! reading, seeking or telling first writes out pending bytes, so the
//! logical position is always the OS position, less the unread read-ahead,
//! plus the pending writes.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

/// `EINVAL`, for a seek or truncate to a negative position.
const INVALID_ARGUMENT: i32 = 22;
/// `EBADF`, for an operation on a closed stream (the natives check for
/// that first, so scripts see it only through a bug).
const BAD_DESCRIPTOR: i32 = 9;

pub(super) struct Stream {
    /// None once closed.
    file: Option<File>,
    /// False for `open(fd, closefd=False)`: closing leaves the descriptor
    /// open.
    close_descriptor: bool,
    /// Buffer size in bytes; 0 for an unbuffered (raw) file.
    capacity: usize,
    read_ahead: Vec<u8>,
    /// How much of `read_ahead` has been consumed.
    read_position: usize,
    pending_writes: Vec<u8>,
    seekable: bool,
}

impl Stream {
    pub fn new(mut file: File, capacity: usize, close_descriptor: bool) -> Stream {
        let seekable = file.stream_position().is_ok();
        Stream {
            file: Some(file),
            close_descriptor,
            capacity,
            read_ahead: Vec::new(),
            read_position: 0,
            pending_writes: Vec::new(),
            seekable,
        }
    }

    pub fn is_closed(&self) -> bool {
        self.file.is_none()
    }

    pub fn seekable(&self) -> bool {
        self.seekable
    }

    /// Whether closing closes the OS descriptor (`closefd`).
    pub fn closes_descriptor(&self) -> bool {
        self.close_descriptor
    }

    fn file(&mut self) -> io::Result<&mut File> {
        self.file.as_mut().ok_or_else(|| io::Error::from_raw_os_error(BAD_DESCRIPTOR))
    }

    /// Bytes read ahead from the OS and not yet consumed.
    fn unread(&self) -> usize {
        self.read_ahead.len() - self.read_position
    }

    /// Consumes up to `max` bytes of the read-ahead.
    fn take_unread(&mut self, max: usize) -> Vec<u8> {
        let end = self.read_position + self.unread().min(max);
        let taken = self.read_ahead[self.read_position..end].to_vec();
        self.read_position = end;
        taken
    }

    /// Replaces the (fully consumed) read-ahead with one OS read of up to
    /// `size` bytes; how many came (0 at end of file).
    fn refill(&mut self, size: usize) -> io::Result<usize> {
        let mut buffer = std::mem::take(&mut self.read_ahead);
        buffer.resize(size, 0);
        self.read_position = 0;
        let result = read_once(self.file()?, &mut buffer);
        buffer.truncate(*result.as_ref().unwrap_or(&0));
        self.read_ahead = buffer;
        result
    }

    /// `read(size)`: everything to the end of the file for None; else up
    /// to `size` bytes, fewer only at end of file (or, unbuffered, after
    /// one OS read, as FileIO does).
    pub fn read(&mut self, size: Option<usize>) -> io::Result<Vec<u8>> {
        self.flush()?;
        let Some(size) = size else {
            let mut data = self.take_unread(usize::MAX);
            self.file()?.read_to_end(&mut data)?;
            return Ok(data);
        };
        let mut data = self.take_unread(size);
        if self.capacity == 0 {
            let start = data.len();
            data.resize(size, 0);
            let count = read_once(self.file()?, &mut data[start..])?;
            data.truncate(start + count);
            return Ok(data);
        }
        while data.len() < size {
            let wanted = size - data.len();
            if wanted >= self.capacity {
                let start = data.len();
                data.resize(size, 0);
                let count = read_once(self.file()?, &mut data[start..]);
                data.truncate(start + *count.as_ref().unwrap_or(&0));
                if count? == 0 {
                    break;
                }
            } else {
                if self.refill(self.capacity)? == 0 {
                    break;
                }
                data.extend(self.take_unread(wanted));
            }
        }
        Ok(data)
    }

    /// What is read ahead, else one OS read of up to `max` bytes: how the
    /// text layer takes its chunks (`read1`).
    pub fn read_chunk(&mut self, max: usize) -> io::Result<Vec<u8>> {
        self.flush()?;
        if self.unread() > 0 {
            return Ok(self.take_unread(max));
        }
        let mut data = vec![0; max];
        let count = read_once(self.file()?, &mut data)?;
        data.truncate(count);
        Ok(data)
    }

    /// `peek()`: the bytes read ahead, reading some first if there are
    /// none; nothing is consumed.
    pub fn peek(&mut self) -> io::Result<Vec<u8>> {
        self.flush()?;
        if self.unread() == 0 {
            self.refill(self.capacity.max(1))?;
        }
        Ok(self.read_ahead[self.read_position..].to_vec())
    }

    /// `capacity` bytes: what `read1()` reads at most without a size.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Bytes up to and including the next b'\n', at most `limit` of them.
    /// Unbuffered, reads byte by byte so nothing is read past the line.
    pub fn readline(&mut self, limit: Option<usize>) -> io::Result<Vec<u8>> {
        self.flush()?;
        let mut line = Vec::new();
        loop {
            let room = limit.map_or(usize::MAX, |limit| limit - line.len());
            let window = &self.read_ahead[self.read_position..];
            let window = &window[..window.len().min(room)];
            if let Some(newline) = window.iter().position(|&byte| byte == b'\n') {
                line.extend_from_slice(&window[..=newline]);
                self.read_position += newline + 1;
                return Ok(line);
            }
            let count = window.len();
            line.extend_from_slice(window);
            self.read_position += count;
            if limit.is_some_and(|limit| line.len() >= limit) || self.refill(self.capacity.max(1))? == 0 {
                return Ok(line);
            }
        }
    }

    pub fn write(&mut self, data: &[u8]) -> io::Result<()> {
        self.drop_read_ahead()?;
        if self.pending_writes.len() + data.len() <= self.capacity {
            self.pending_writes.extend_from_slice(data);
            return Ok(());
        }
        self.flush()?;
        if data.len() > self.capacity {
            self.file()?.write_all(data)
        } else {
            self.pending_writes.extend_from_slice(data);
            Ok(())
        }
    }

    /// Writes out the pending bytes.
    pub fn flush(&mut self) -> io::Result<()> {
        if self.pending_writes.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending_writes);
        self.file()?.write_all(&pending)
    }

    /// Gives the unread read-ahead back to the OS file, so that its
    /// position is the logical one.
    fn drop_read_ahead(&mut self) -> io::Result<()> {
        let unread = self.unread();
        if unread > 0 && self.seekable {
            self.file()?.seek(SeekFrom::Current(-(unread as i64)))?;
        }
        self.read_ahead.clear();
        self.read_position = 0;
        Ok(())
    }

    pub fn tell(&mut self) -> io::Result<u64> {
        let position = self.file()?.stream_position()?;
        Ok((position + self.pending_writes.len() as u64).saturating_sub(self.unread() as u64))
    }

    /// `seek(offset, whence)` with whence 0 (start), 1 (current) or 2
    /// (end); the new position.
    pub fn seek(&mut self, offset: i64, whence: u8) -> io::Result<u64> {
        self.flush()?;
        let target = match whence {
            0 if offset < 0 => return Err(io::Error::from_raw_os_error(INVALID_ARGUMENT)),
            0 => SeekFrom::Start(offset as u64),
            1 => SeekFrom::Current(offset - self.unread() as i64),
            _ => SeekFrom::End(offset),
        };
        let position = self.file()?.seek(target)?;
        self.read_ahead.clear();
        self.read_position = 0;
        Ok(position)
    }

    /// Cuts (or extends) the file to `size` bytes, by default at the
    /// current position, which does not move; the new size.
    pub fn truncate(&mut self, size: Option<i64>) -> io::Result<u64> {
        self.flush()?;
        self.drop_read_ahead()?;
        let size = match size {
            Some(size) => u64::try_from(size).map_err(|_| io::Error::from_raw_os_error(INVALID_ARGUMENT))?,
            None => self.file()?.stream_position()?,
        };
        self.file()?.set_len(size)?;
        Ok(size)
    }

    /// Writes out pending bytes and closes the file; closing again does
    /// nothing. A failed write is reported, but the file is closed anyway.
    pub fn close(&mut self) -> io::Result<()> {
        if self.file.is_none() {
            return Ok(());
        }
        let flushed = self.flush();
        if let Some(file) = self.file.take() {
            release(file, self.close_descriptor);
        }
        self.read_ahead = Vec::new();
        self.read_position = 0;
        self.pending_writes = Vec::new();
        flushed
    }

    /// The OS file descriptor.
    pub fn fileno(&self) -> Option<i64> {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            self.file.as_ref().map(|file| file.as_raw_fd() as i64)
        }
        #[cfg(not(unix))]
        None
    }

    pub fn isatty(&self) -> bool {
        use std::io::IsTerminal;
        self.file.as_ref().is_some_and(|file| file.is_terminal())
    }
}

impl Drop for Stream {
    /// A file dropped while open is flushed and closed, as CPython's
    /// finalizer does (errors have nowhere to go).
    fn drop(&mut self) {
        let _ = self.close();
    }
}

/// Closes a file, or only forgets it when its descriptor is not ours.
fn release(file: File, close_descriptor: bool) {
    if close_descriptor {
        drop(file);
    } else {
        #[cfg(unix)]
        {
            use std::os::fd::IntoRawFd;
            let _ = file.into_raw_fd();
        }
        #[cfg(not(unix))]
        std::mem::forget(file);
    }
}

/// One OS read, retried when a signal interrupts it.
fn read_once(file: &mut File, buffer: &mut [u8]) -> io::Result<usize> {
    loop {
        match file.read(buffer) {
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            result => return result,
        }
    }
}
