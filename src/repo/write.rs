//! Writing files whole or not at all.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `bytes` to `path` whole or not at all: a temporary file beside it, synced and
/// renamed over the old one (then the folder synced, on Unix), so that a crash or a full
/// disk never leaves half a file. `executable` makes it runnable (Unix: mode 755).
pub fn write_whole(path: &Path, bytes: &[u8], executable: bool) -> Result<()> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.tmp{}", std::process::id()));
    let written = (|| -> Result<()> {
        let mut out = std::fs::File::create(&temp)
            .with_context(|| format!("cannot write {}", temp.display()))?;
        out.write_all(bytes)
            .and_then(|()| out.sync_all())
            .with_context(|| format!("cannot write {}", temp.display()))?;
        #[cfg(unix)]
        if executable {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&temp, std::fs::Permissions::from_mode(0o755))
                .with_context(|| format!("cannot make {} executable", temp.display()))?;
        }
        #[cfg(not(unix))]
        let _ = executable;
        std::fs::rename(&temp, path).with_context(|| format!("cannot write {}", path.display()))?;
        // The rename itself is kept only once the folder is written out.
        #[cfg(unix)]
        {
            let folder = match path.parent() {
                Some(folder) if !folder.as_os_str().is_empty() => folder,
                _ => Path::new("."),
            };
            if let Ok(folder) = std::fs::File::open(folder) {
                let _ = folder.sync_all();
            }
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.1");
        std::fs::write(&path, "old").unwrap();
        write_whole(&path, b"new", false).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["page.1"]);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder").join("page.1");
        let err = write_whole(&missing, b"new", false).unwrap_err();
        assert!(format!("{err:#}").contains("cannot write"), "{err:#}");
        assert!(!missing.exists());
    }

    #[cfg(unix)]
    #[test]
    fn an_executable_file_gets_mode_755() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pre-commit");
        write_whole(&path, b"#!/bin/sh\n", true).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
    }
}
