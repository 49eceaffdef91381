//! One writer process at a time: an exclusive `flock` on `LOCK` in the store directory.
//!
//! `flock` (not `fcntl` record locks) because its lock belongs to the open file
//! description: two opens in one process conflict like two processes do, and closing
//! one descriptor never drops a lock taken through another. The kernel releases it when
//! the holder dies, so a lock left by a killed process is simply taken over; the PID
//! written into the file is only there to name the holder in the error message.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// Held while the store is open for writing; dropping it releases the lock.
pub struct DirLock {
    file: File,
}

impl DirLock {
    /// Takes the writer lock on `dir`, polling for up to `wait_ms` if another writer
    /// holds it, then `Error::Locked` naming the holder's PID.
    pub fn acquire(dir: &Path, wait_ms: u64) -> Result<DirLock> {
        let path = dir.join(super::manifest::LOCK_NAME);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io("cannot open lock file", &path, e))?;
        let deadline = Instant::now() + Duration::from_millis(wait_ms);
        loop {
            match try_lock(&file) {
                Ok(true) => break,
                Ok(false) if Instant::now() < deadline => {
                    // The core spawns no threads; a blocked writer just polls.
                    std::thread::sleep(Duration::from_millis(10).min(deadline - Instant::now()));
                }
                Ok(false) => {
                    let mut text = String::new();
                    let _ = file.read_to_string(&mut text);
                    let holder = match text.trim().parse::<u32>() {
                        Ok(pid) => format!("process {pid}"),
                        Err(_) => "another process".to_string(),
                    };
                    return Err(Error::Locked(format!(
                        "database {} is locked by {holder} (one writer at a time); wait for it to finish or pass --wait MS",
                        dir.display()
                    )));
                }
                Err(e) => return Err(Error::io("cannot lock", &path, e)),
            }
        }
        let pid = format!("{}\n", std::process::id());
        file.set_len(0)
            .and_then(|_| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(pid.as_bytes()))
            .map_err(|e| Error::io("cannot write lock file", &path, e))?;
        Ok(DirLock { file })
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Clear the PID while still holding the lock; closing the file releases it.
        let _ = self.file.set_len(0);
    }
}

#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    loop {
        // SAFETY: flock on a descriptor we own; no memory is passed.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EWOULDBLOCK) => return Ok(false),
            Some(libc::EINTR) => continue,
            _ => return Err(e),
        }
    }
}

#[cfg(not(unix))]
fn try_lock(_file: &File) -> std::io::Result<bool> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "writer locking needs flock (a Unix system)",
    ))
}
