//! The search index: a tantivy index in `<base>/.kb/index`, kept in step with the files.
//!
//! It is a cache. Every query refreshes it first, cheaply: files whose size and
//! modification time are unchanged are skipped, changed ones are hashed and re-indexed only
//! when their content changed, removed ones are deleted. Anything wrong with the index
//! (missing, corrupt, another schema version) leads to a rebuild with one line on stderr.
//! Only this module knows tantivy.

pub mod analysis;
pub mod best;
pub mod infix;
pub mod manifest;
pub mod read;
pub(crate) mod records;
pub mod schema;
pub mod search;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use tantivy::directory::error::LockError;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term};

use crate::base::Base;
use crate::parse::parse_file;
use crate::repo;
use crate::repo::stat::{FileStat, Stater};
use manifest::{FileState, Folders, Manifest, content_hash};
use schema::{Fields, SCHEMA_VERSION};

/// Total memory the writer may use, shared by its threads.
pub const WRITER_MEMORY_BUDGET: usize = 96 * 1024 * 1024;

/// Bytes of stored records compressed as one block (tantivy's default is 16 KiB). Every
/// entry stores its record, and a full index of 10,000 documents spent 5% less time with
/// blocks four times as large (median of 40 runs each); a query that reads one record
/// decompresses one block: tens of microseconds for 64 KiB.
const DOCSTORE_BLOCK_SIZE: usize = 64 * 1024;

/// From this many files to read, a refresh shows a progress bar and indexes without huge
/// pages.
const MANY_FILES: usize = 500;

/// While it lives, the process gets no transparent huge pages (Linux; elsewhere it does
/// nothing). Indexing fills hundreds of megabytes of fresh memory, and with huge pages
/// every first touch of a 2 MiB region has the kernel zero all of it: a full index of
/// 10,000 documents spent a sixth of its time doing so (141 MB peak and 2.41 CPU-s with
/// them, 77 MB and 2.16 CPU-s without). Queries want them back: for their short-lived
/// allocations, huge pages mean fewer page faults (a whole-base `kb budget --by team` at
/// 100,000 documents took 59 ms with them and 71 ms without).
struct HugePagesOff;

impl HugePagesOff {
    fn new() -> HugePagesOff {
        set_huge_pages_disabled(true);
        HugePagesOff
    }
}

impl Drop for HugePagesOff {
    fn drop(&mut self) {
        set_huge_pages_disabled(false);
    }
}

/// `prctl(PR_SET_THP_DISABLE)`: the kernel decides at each page fault, so this applies
/// from now on. Failing (an old kernel) only leaves huge pages as they were.
fn set_huge_pages_disabled(disabled: bool) {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(
            libc::PR_SET_THP_DISABLE,
            libc::c_ulong::from(disabled),
            0 as libc::c_ulong,
            0 as libc::c_ulong,
            0 as libc::c_ulong,
        );
    }
    #[cfg(not(target_os = "linux"))]
    let _ = disabled;
}

/// How long `kb index` waits for another process's writer lock.
const LOCK_WAIT: Duration = Duration::from_secs(2);

/// How a refresh treats the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// Before a query: bring it up to date; if another process is writing, use the index
    /// as it is (readers never wait).
    Auto,
    /// `kb index`: bring it up to date, waiting briefly for another writer.
    Force,
    /// `kb index --full`: rebuild from scratch.
    Full,
}

/// What a refresh did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefreshReport {
    /// Files indexed for the first time.
    pub added: usize,
    /// Files re-indexed because their content changed.
    pub changed: usize,
    /// Files removed from the index.
    pub removed: usize,
    /// Files in the index, after the refresh.
    pub files: usize,
    /// Why the whole index was rebuilt, when it was.
    pub rebuilt: Option<String>,
    /// Another process held the writer lock, so changes were not indexed this time.
    pub stale: bool,
    /// Only the folders were checked (a large base): edits made in place are not seen
    /// until a `kb index`, which the caller may start in the background.
    pub unverified: bool,
    /// Another process committed while this refresh looked at the files, so it wrote
    /// nothing (and is tried again).
    pub raced: bool,
}

/// An open, refreshed index.
pub struct KbIndex {
    index: Index,
    fields: Fields,
    reader: IndexReader,
}

fn index_dir(root: &Path) -> PathBuf {
    root.join(".kb").join("index")
}

fn manifest_path(root: &Path) -> PathBuf {
    root.join(".kb").join("manifest")
}

fn folders_path(root: &Path) -> PathBuf {
    root.join(".kb").join("folders")
}

/// The manifest of the base's index, when there is a usable one: what each indexed file's
/// size, modification time, id and names were when it was indexed.
pub fn read_manifest(root: &Path) -> Option<Manifest> {
    Manifest::read(&manifest_path(root), SCHEMA_VERSION)
}

/// The opstamp and schema version the index's last commit recorded.
fn committed_state(index: &Index) -> Result<(u64, Option<u32>)> {
    let metas = index.load_metas()?;
    let version = metas
        .payload
        .as_deref()
        .and_then(|payload| serde_json::from_str::<serde_json::Value>(payload).ok())
        .and_then(|value| value["schema"].as_u64())
        .map(|v| v as u32);
    Ok((metas.opstamp, version))
}

/// Opens the index, or says why it cannot be used. tantivy may panic on damaged files;
/// that too is a reason to rebuild, not a crash.
fn open_existing(dir: &Path) -> std::result::Result<(Index, IndexReader), String> {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let opened = std::panic::catch_unwind(|| open_checked(dir));
    std::panic::set_hook(previous_hook);
    opened.unwrap_or_else(|_| Err("a file of it is damaged".to_string()))
}

fn open_checked(dir: &Path) -> std::result::Result<(Index, IndexReader), String> {
    if !dir.join("meta.json").exists() {
        return Err("there is no index yet".to_string());
    }
    let index = Index::open_in_dir(dir).map_err(|err| format!("it cannot be opened ({err})"))?;
    schema::register_analyzers(&index);
    match committed_state(&index) {
        Ok((_, Some(SCHEMA_VERSION))) => {}
        Ok((_, other)) => {
            return Err(format!(
                "it has schema version {} and this kb needs {SCHEMA_VERSION}",
                other.map_or("none".to_string(), |v| v.to_string())
            ));
        }
        Err(err) => return Err(format!("its metadata cannot be read ({err})")),
    }
    let (expected, fields) = schema::schema();
    if index.schema() != expected {
        return Err("its schema differs".to_string());
    }
    // Touch every segment once, so that a damaged one shows now and not mid-query.
    let reader = manual_reader(&index).map_err(|err| format!("it cannot be read ({err})"))?;
    let searcher = reader.searcher();
    for segment in searcher.segment_readers() {
        for (field, _) in index.schema().fields() {
            if index.schema().get_field_entry(field).is_indexed() {
                segment
                    .inverted_index(field)
                    .map_err(|err| format!("a segment is damaged ({err})"))?;
            }
        }
        segment
            .get_store_reader(0)
            .map_err(|err| format!("a segment is damaged ({err})"))?;
    }
    let probe = tantivy::query::TermQuery::new(
        tantivy::Term::from_field_text(fields.kind, "doc"),
        tantivy::schema::IndexRecordOption::Basic,
    );
    searcher
        .search(&probe, &tantivy::collector::Count)
        .map_err(|err| format!("it cannot be searched ({err})"))?;
    Ok((index, reader))
}

/// A reader on the index's last commit that never reloads by itself (tantivy's default
/// starts a thread watching the folder, on every query).
fn manual_reader(index: &Index) -> tantivy::Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
}

/// Makes an empty index in a new folder beside `dir` (swapped in by [`swap_in`] once it is
/// committed, so that an interrupted rebuild leaves the old index in place).
fn create_fresh(dir: &Path) -> Result<(Index, PathBuf)> {
    let parent = dir.parent().expect("the index lives in .kb");
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    // Leftovers of rebuilds that were killed.
    if let Ok(entries) = std::fs::read_dir(parent) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("index.new-") || name.starts_with("index.old-") {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let building = parent.join(format!("index.new-{}", std::process::id()));
    std::fs::create_dir_all(&building)
        .with_context(|| format!("cannot create {}", building.display()))?;
    let (schema, _) = schema::schema();
    let settings = tantivy::IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK_SIZE,
        ..tantivy::IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema)
        .settings(settings)
        .create_in_dir(&building)
        .with_context(|| format!("cannot create an index in {}", building.display()))?;
    schema::register_analyzers(&index);
    Ok((index, building))
}

/// A thread joined when this is dropped: the removal of an old index is waited for on
/// every way out of a refresh, errors included.
struct JoinOnDrop(Option<std::thread::JoinHandle<()>>);

impl Drop for JoinOnDrop {
    fn drop(&mut self) {
        if let Some(thread) = self.0.take() {
            let _ = thread.join();
        }
    }
}

/// Replaces the index at `dir` with the one built at `building`, and opens it. The old
/// index is removed by the thread returned while the caller writes its manifest, and
/// waited for when it is dropped (a killed process leaves `index.old-PID`, removed by the
/// next rebuild).
fn swap_in(building: &Path, dir: &Path) -> Result<(Index, JoinOnDrop)> {
    let old = dir.with_extension(format!("old-{}", std::process::id()));
    let moved = dir.exists();
    if moved {
        std::fs::rename(dir, &old).with_context(|| format!("cannot move {}", dir.display()))?;
    }
    std::fs::rename(building, dir)
        .with_context(|| format!("cannot move {}", building.display()))?;
    let removal = JoinOnDrop(moved.then(|| {
        std::thread::spawn(move || {
            let _ = std::fs::remove_dir_all(&old);
        })
    }));
    let index =
        Index::open_in_dir(dir).with_context(|| format!("cannot open {}", dir.display()))?;
    schema::register_analyzers(&index);
    Ok((index, removal))
}

/// The lock every process that writes the index (or its manifest) holds while it does:
/// `.kb/write.lock`, locked with the operating system's file lock (released when the
/// process ends, even by kill -9). It spans what tantivy's own writer lock does not: the
/// check that the index did not move on, the manifest and folder files, and the swap of a
/// rebuilt index.
struct WriteLock {
    _file: std::fs::File,
}

/// Takes [`WriteLock`]; `None` when another process holds it and `wait` is false. Waiting
/// gives up after [`LOCK_WAIT`] with an error naming the lock.
fn write_lock(root: &Path, wait: bool) -> Result<Option<WriteLock>> {
    let kb_dir = root.join(".kb");
    std::fs::create_dir_all(&kb_dir)
        .with_context(|| format!("cannot create {}", kb_dir.display()))?;
    let path = kb_dir.join("write.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    until_free(wait, ".kb/write.lock", || match file.try_lock() {
        Ok(()) => Ok(Some(())),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(err)) => {
            Err(err).with_context(|| format!("cannot lock {}", path.display()))
        }
    })
    .map(|locked| locked.map(|()| WriteLock { _file: file }))
}

/// Calls `attempt` until it gets a lock (`Ok(None)`: busy). Without `wait`, busy is
/// `Ok(None)`; waiting gives up after [`LOCK_WAIT`] with an error naming `lock`.
fn until_free<T>(
    wait: bool,
    lock: &str,
    mut attempt: impl FnMut() -> Result<Option<T>>,
) -> Result<Option<T>> {
    let started = Instant::now();
    loop {
        if let Some(got) = attempt()? {
            return Ok(Some(got));
        }
        if !wait {
            return Ok(None);
        }
        if started.elapsed() >= LOCK_WAIT {
            bail!(
                "another kb process is writing the index (lock {lock} is held); try again when it is done"
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// tantivy refuses an indexing thread less memory than this.
const MIN_MEMORY_PER_THREAD: usize = 15_000_000;

/// Indexing threads for a machine with `cores` cores: one per core, as many as
/// [`WRITER_MEMORY_BUDGET`] gives each at least the memory tantivy requires (six).
pub fn writer_threads(cores: usize) -> usize {
    cores.clamp(1, WRITER_MEMORY_BUDGET / MIN_MEMORY_PER_THREAD)
}

/// Takes the writer lock; `None` when another process holds it and `wait` is false.
fn writer(index: &Index, wait: bool) -> Result<Option<IndexWriter>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = writer_threads(cores);
    until_free(wait, ".kb/index/.tantivy-writer.lock", || {
        match index.writer_with_num_threads(threads, WRITER_MEMORY_BUDGET) {
            Ok(writer) => Ok(Some(writer)),
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) => Ok(None),
            Err(err) => Err(err).context("cannot open the index for writing"),
        }
    })
}

/// Prints how long each phase of a refresh took, when `KB_TIMING` is set (for
/// benchmarks: `KB_TIMING=1 kb index --full`).
struct PhaseTimer {
    enabled: bool,
    last: Instant,
}

impl PhaseTimer {
    fn new() -> PhaseTimer {
        PhaseTimer {
            enabled: std::env::var_os("KB_TIMING").is_some(),
            last: Instant::now(),
        }
    }

    fn phase(&mut self, name: &str) {
        if self.enabled {
            stderr_line!(
                "kb: timing: {name}: {:.1} ms",
                self.last.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.last = Instant::now();
    }
}

/// Where an index is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Storage {
    /// In `.kb/index`, with its manifest.
    Disk,
    /// In memory only, for this run (when `.kb` cannot be written).
    Memory,
}

/// The index a refresh works on.
struct Target {
    index: Index,
    manifest: Manifest,
    /// The folders of the last walk, when none of them changed since (no walk needed).
    folders: Option<Folders>,
    /// Stat every file (else only those a walk found new or replaced).
    verify: bool,
    /// The folder a rebuild is written in, to be swapped in when done.
    building: Option<PathBuf>,
    /// [`WriteLock`], once taken.
    lock: Option<WriteLock>,
    storage: Storage,
}

/// A file as found on disk now.
struct Seen {
    path: String,
    /// `None` for a file the manifest does not know: it is read in any case, and stated
    /// when it is opened (`Stater::read`).
    stat: Option<FileStat>,
}

/// A change to a file or folder this recent may share its clock tick with a later one that
/// would then go unseen; such times are recorded as 0, so the next refresh looks again.
const RACY_NS: i128 = 2_000_000_000;

/// Nanoseconds since the epoch, now.
fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

/// `mtime`, or 0 when it is too close to `scan_started` to trust.
fn settled(mtime_ns: i128, scan_started: i128) -> i128 {
    if mtime_ns >= scan_started - RACY_NS {
        0
    } else {
        mtime_ns
    }
}

/// Hash of the settings that decide which files are documents.
fn filter_hash(base: &Base) -> u64 {
    content_hash(base.config.check.exclude.join("\n").as_bytes())
}

/// Hash of the settings that decide how a file is read (`max-file-size`).
fn settings_hash(base: &Base) -> u64 {
    content_hash(&base.config.check.max_file_size.to_le_bytes())
}

/// True when a folder the last walk went through has another modification time now (or is
/// gone): files may have been added, removed or renamed.
fn folders_changed(root: &Path, folders: &Folders) -> bool {
    folders.folders.iter().any(|(folder, mtime)| {
        *mtime == 0
            || std::fs::metadata(root.join(folder))
                .map_or(true, |meta| repo::discover::mtime_ns(&meta) != *mtime)
    })
}

/// Size, modification time and inode of a file, or `None` when it is gone.
fn stat(stater: &mut Stater, path: &str) -> Option<Seen> {
    let stat = stater.stat(path)?;
    Some(Seen {
        path: path.to_string(),
        stat: Some(stat),
    })
}

impl KbIndex {
    /// Opens the base's index and brings it up to date with the files.
    pub fn open(base: &Base, mode: Refresh, progress: bool) -> Result<(KbIndex, RefreshReport)> {
        let mut attempt = Self::refresh(base, mode, progress, Storage::Disk);
        // Another process committed meanwhile: look again, against its commit.
        for _ in 0..3 {
            match &attempt {
                Ok((_, report)) if report.raced => {
                    attempt = Self::refresh(base, mode, progress, Storage::Disk);
                }
                _ => break,
            }
        }
        if let Ok((_, report)) = &mut attempt
            && report.raced
        {
            report.stale = true;
        }
        match attempt {
            Ok(done) => Ok(done),
            Err(err) if mode == Refresh::Auto => {
                stderr_line!(
                    "kb: cannot keep an index in .kb/index ({err:#}); searching without saving one"
                );
                Self::refresh(base, mode, progress, Storage::Memory)
            }
            Err(err) => Err(err),
        }
    }

    fn refresh(
        base: &Base,
        mode: Refresh,
        progress: bool,
        storage: Storage,
    ) -> Result<(KbIndex, RefreshReport)> {
        let dir = index_dir(&base.root);
        let mut report = RefreshReport::default();
        let mut timer = PhaseTimer::new();
        let (_, fields) = schema::schema();
        if storage == Storage::Memory {
            let (schema, _) = schema::schema();
            let index = Index::create_in_ram(schema);
            schema::register_analyzers(&index);
            let target = Target {
                index,
                manifest: Manifest::default(),
                folders: None,
                verify: true,
                building: None,
                lock: None,
                storage,
            };
            return Self::update(base, progress, false, target, fields, &mut report)
                .map(|index| (index, report));
        }
        let existing = match mode {
            Refresh::Full => Err("a full rebuild was asked for".to_string()),
            _ => open_existing(&dir).and_then(|(index, reader)| {
                let (opstamp, _) = committed_state(&index).map_err(|err| err.to_string())?;
                Ok((index, reader, opstamp))
            }),
        };
        timer.phase("open the index");
        let target = match existing {
            Ok((index, reader, opstamp)) => {
                // The folders file says whether the last walk still holds.
                let folders = Folders::read(&folders_path(&base.root), SCHEMA_VERSION)
                    .filter(|f| f.opstamp == opstamp && f.filter == filter_hash(base));
                let verify = mode != Refresh::Auto
                    || folders
                        .as_ref()
                        .is_none_or(|f| f.files <= base.config.index.verify_in_background_above);
                let unchanged = folders
                    .as_ref()
                    .is_some_and(|f| !folders_changed(&base.root, f));
                timer.phase("check the folders");
                if unchanged && !verify {
                    // A large base whose folders are as they were: no file was added,
                    // removed or renamed. Edits in place are left to a background check.
                    report.files = folders.map_or(0, |f| f.files);
                    report.unverified = true;
                    let index = KbIndex {
                        index,
                        fields,
                        reader,
                    };
                    return Ok((index, report));
                }
                let mut lock = None;
                let mut opstamp = opstamp;
                let mut manifest = Manifest::read(&manifest_path(&base.root), SCHEMA_VERSION);
                let settings = settings_hash(base);
                if manifest.as_ref().is_none_or(|m| m.opstamp != opstamp) {
                    // Another process may be between its commit and its manifest: ask
                    // again once it is done, before deciding to rebuild. A query does not
                    // wait for it: the index it opened is usable as it is.
                    lock = write_lock(&base.root, mode != Refresh::Auto)?;
                    if lock.is_none() {
                        report.stale = true;
                        report.files = manifest.as_ref().map_or(0, Manifest::len);
                        let index = KbIndex {
                            index,
                            fields,
                            reader,
                        };
                        return Ok((index, report));
                    }
                    opstamp = committed_state(&index)?.0;
                    manifest = Manifest::read(&manifest_path(&base.root), SCHEMA_VERSION);
                }
                match manifest {
                    Some(manifest)
                        if manifest.opstamp == opstamp && manifest.settings == settings =>
                    {
                        Target {
                            index,
                            manifest,
                            folders: folders.filter(|f| unchanged && f.opstamp == opstamp),
                            verify,
                            building: None,
                            lock,
                            storage,
                        }
                    }
                    Some(manifest) if manifest.opstamp == opstamp => {
                        report.rebuilt = Some("max-file-size changed".into());
                        Self::fresh_target(&base.root, lock)?
                    }
                    _ => {
                        report.rebuilt = Some("its manifest is missing or out of step".into());
                        Self::fresh_target(&base.root, lock)?
                    }
                }
            }
            Err(why) => {
                report.rebuilt = Some(why);
                Self::fresh_target(&base.root, None)?
            }
        };
        timer.phase("read the manifest");
        if let Some(why) = &report.rebuilt
            && mode != Refresh::Full
        {
            stderr_line!("kb: rebuilding the index in .kb/index: {why}");
        }
        Self::update(
            base,
            progress,
            mode != Refresh::Auto,
            target,
            fields,
            &mut report,
        )
        .map(|index| (index, report))
    }

    /// An empty index to rebuild into, with [`WriteLock`] held.
    fn fresh_target(root: &Path, lock: Option<WriteLock>) -> Result<Target> {
        let lock = match lock {
            Some(lock) => Some(lock),
            None => write_lock(root, true)?,
        };
        let (index, building) = create_fresh(&index_dir(root))?;
        Ok(Target {
            index,
            manifest: Manifest::default(),
            folders: None,
            verify: true,
            building: Some(building),
            lock,
            storage: Storage::Disk,
        })
    }

    /// Brings the target index up to date with the files; `wait` for another writer.
    fn update(
        base: &Base,
        progress: bool,
        wait: bool,
        target: Target,
        fields: Fields,
        report: &mut RefreshReport,
    ) -> Result<KbIndex> {
        let dir = index_dir(&base.root);
        let Target {
            mut index,
            mut manifest,
            folders,
            verify,
            building,
            mut lock,
            storage,
        } = target;
        let scan_started = now_ns();
        report.unverified = !verify;
        // An empty manifest (a rebuild, a first index) means every file will be read: no
        // huge pages from the walk on. With them, the lists of paths made before the first
        // file is read had the kernel zero huge pages: at 100,000 documents, these steps
        // took twice as long.
        let huge_pages_off = manifest.is_empty().then(HugePagesOff::new);

        // What is on disk now: walk only when a folder changed; stat every file only when
        // verifying, else just those the walk found replaced. Files new to the manifest
        // are stated when they are read.
        let mut timer = PhaseTimer::new();
        let (seen, walked_folders): (Vec<Seen>, Option<Vec<(String, i128)>>) = match &folders {
            Some(_) => {
                let seen = manifest
                    .files()
                    .par_iter()
                    .map_init(
                        || Stater::new(&base.root),
                        |stater, (path, _)| stat(stater, path),
                    )
                    .flatten()
                    .collect();
                timer.phase("stat");
                (seen, None)
            }
            None => {
                let walked = repo::discover::walk(&base.root, &base.filter);
                timer.phase("walk");
                let seen = if manifest.is_empty() {
                    // Nothing to compare with: every file is read, and stated as opened.
                    (walked.files.into_iter())
                        .map(|(path, _)| Seen { path, stat: None })
                        .collect()
                } else {
                    walked
                        .files
                        .into_par_iter()
                        .map_init(
                            || Stater::new(&base.root),
                            |stater, (path, ino)| match manifest.get(&path) {
                                Some(state) if !verify && ino != 0 && state.ino == ino => {
                                    Some(Seen {
                                        path,
                                        stat: Some(FileStat {
                                            size: state.size,
                                            mtime_ns: state.mtime_ns,
                                            ino,
                                        }),
                                    })
                                }
                                Some(_) => stat(stater, &path),
                                None => Some(Seen { path, stat: None }),
                            },
                        )
                        .flatten()
                        .collect()
                };
                timer.phase("stat");
                // A folder that could not be read may become readable (or a dangling link
                // may find its target) without any recorded time changing: walk again.
                // (The root with time 0 never matches.)
                let folders = if walked.problems.is_empty() {
                    walked.folders
                } else {
                    vec![(String::new(), 0)]
                };
                (seen, Some(folders))
            }
        };
        let max = base.config.check.max_file_size;
        // Both lists are sorted by path: one merge finds new, changed and removed files.
        let mut suspects: Vec<&Seen> = Vec::new();
        let mut removed: Vec<String> = Vec::new();
        let known = manifest.files();
        let mut at = 0;
        for file in &seen {
            while at < known.len() && known[at].0 < file.path {
                removed.push(known[at].0.clone());
                at += 1;
            }
            if at < known.len() && known[at].0 == file.path {
                let state = &known[at].1;
                if file.stat.is_none_or(|stat| {
                    state.size != stat.size
                        || state.mtime_ns != stat.mtime_ns
                        || state.ino != stat.ino
                }) {
                    suspects.push(file);
                }
                at += 1;
            } else {
                suspects.push(file);
            }
        }
        removed.extend(known[at..].iter().map(|(path, _)| path.clone()));

        // Read what may have changed in chunks: hash it, and parse only what did change,
        // feeding the writer as we go so that memory stays flat.
        timer.phase("compare with the manifest");
        let mut writer_slot: Option<IndexWriter> = None;
        // Takes both locks, after checking that no other process committed since the
        // manifest was read (its work would be done twice).
        let open_writer = |lock: &mut Option<WriteLock>,
                           report: &mut RefreshReport|
         -> Result<Option<IndexWriter>> {
            if storage == Storage::Disk && lock.is_none() {
                *lock = write_lock(&base.root, wait)?;
                if lock.is_none() {
                    report.stale = true;
                    return Ok(None);
                }
            }
            if storage == Storage::Disk
                && building.is_none()
                && committed_state(&index)?.0 != manifest.opstamp
            {
                report.raced = true;
                report.stale = true;
                return Ok(None);
            }
            let opened = writer(&index, wait)?;
            report.stale = opened.is_none();
            Ok(opened)
        };
        if !removed.is_empty() || report.rebuilt.is_some() {
            writer_slot = open_writer(&mut lock, report)?;
        }
        let _huge_pages_off =
            huge_pages_off.or_else(|| (suspects.len() >= MANY_FILES).then(HugePagesOff::new));
        let bar = progress_bar(progress && suspects.len() >= MANY_FILES, suspects.len());
        let mut updates: Vec<(String, FileState)> = Vec::with_capacity(suspects.len());
        for chunk in suspects.chunks(256) {
            if report.stale {
                break;
            }
            type Indexed = (Vec<tantivy::TantivyDocument>, String, Vec<String>);
            let results: Vec<(&Seen, FileStat, u64, Option<Indexed>)> = chunk
                .par_iter()
                .map_init(
                    || Stater::new(&base.root),
                    |stater, file| {
                        // Stated as opened, so the manifest records the state read. Gone
                        // since the walk or the stat: left to the next refresh.
                        let read = stater.read(&file.path, max)?;
                        let (stat, content) = (read.stat, read.content);
                        let hash = content_hash(&content);
                        let same = manifest.get(&file.path).is_some_and(|s| s.hash == hash);
                        let indexed = (!same).then(|| {
                            let parsed = parse_file(&file.path, &content);
                            let names = parsed
                                .doc
                                .as_ref()
                                .map(|doc| doc.names().map(String::from).collect())
                                .unwrap_or_default();
                            let entries = parsed
                                .doc
                                .as_ref()
                                .map(|doc| records::entries(&fields, doc))
                                .unwrap_or_default();
                            (entries, parsed.id.unwrap_or_default(), names)
                        });
                        Some((*file, stat, hash, indexed))
                    },
                )
                .flatten()
                .collect();
            for (file, stat, hash, indexed) in results {
                let (id, names) = match &indexed {
                    Some((_, id, names)) => (id.clone(), names.clone()),
                    None => manifest
                        .get(&file.path)
                        .map(|s| (s.id.clone(), s.names()))
                        .unwrap_or_default(),
                };
                let entries = indexed.map(|(entries, _, _)| entries);
                if let Some(entries) = entries {
                    if writer_slot.is_none() {
                        writer_slot = open_writer(&mut lock, report)?;
                        if writer_slot.is_none() {
                            break;
                        }
                    }
                    let writer = writer_slot.as_mut().expect("just opened");
                    if manifest.get(&file.path).is_some() {
                        writer.delete_term(Term::from_field_text(fields.path, &file.path));
                        report.changed += 1;
                    } else {
                        report.added += 1;
                    }
                    for entry in entries {
                        writer.add_document(entry)?;
                    }
                }
                let mtime = settled(stat.mtime_ns, scan_started);
                let state = FileState::new(stat.size, mtime, stat.ino, hash, id, &names);
                updates.push((file.path.clone(), state));
            }
            if let Some(bar) = &bar {
                bar.inc(chunk.len() as u64);
            }
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        let mut old_index_removal = JoinOnDrop(None);
        let files_read = updates.len();
        if report.stale {
            // Another process is writing: leave the index and the manifest as they are.
            drop(writer_slot);
        } else {
            let mut manifest_dirty = !updates.is_empty();
            // After a commit, the writer (and its lock) is kept until the manifest that
            // describes the commit is written, so that no other process commits between.
            let mut committed: Option<IndexWriter> = None;
            if let Some(mut writer) = writer_slot {
                for path in &removed {
                    writer.delete_term(Term::from_field_text(fields.path, path));
                    report.removed += 1;
                }
                timer.phase("read, parse and add to the writer");
                let mut prepared = writer.prepare_commit().context("cannot commit the index")?;
                // The schema version, and what the commit holds (the manifest with the same
                // opstamp lists the files).
                let files = manifest.len() + report.added - report.removed;
                prepared.set_payload(
                    &serde_json::json!({ "schema": SCHEMA_VERSION, "files": files }).to_string(),
                );
                manifest.opstamp = prepared.commit().context("cannot commit the index")?;
                timer.phase("commit");
                manifest_dirty = true;
                committed = Some(writer);
            }
            if let Some(building) = &building {
                // A rebuild is swapped in whole; its merges must be done first.
                if let Some(writer) = committed.take() {
                    writer
                        .wait_merging_threads()
                        .context("cannot finish writing the index")?;
                }
                drop(index);
                (index, old_index_removal) = swap_in(building, &dir)?;
            }
            // Without a commit of our own, another process may have committed since the
            // manifest was read: then this one is out of date and is left alone.
            if storage == Storage::Disk
                && lock.is_none()
                && (manifest_dirty || walked_folders.is_some())
            {
                lock = write_lock(&base.root, false)?;
            }
            let in_step = committed.is_some()
                || building.is_some()
                || (lock.is_some()
                    && committed_state(&index)
                        .is_ok_and(|(opstamp, _)| opstamp == manifest.opstamp));
            if storage == Storage::Disk && in_step {
                if manifest_dirty {
                    manifest.settings = settings_hash(base);
                    manifest.apply(&removed, updates);
                    manifest.write(&manifest_path(&base.root), SCHEMA_VERSION)?;
                }
                // The folders as walked now, or as they were: valid for this manifest.
                if manifest_dirty || walked_folders.is_some() {
                    let folders = Folders {
                        opstamp: manifest.opstamp,
                        filter: filter_hash(base),
                        files: manifest.len(),
                        folders: match walked_folders {
                            Some(walked) => walked
                                .into_iter()
                                .map(|(folder, mtime)| (folder, settled(mtime, scan_started)))
                                .collect(),
                            None => folders.map(|f| f.folders).unwrap_or_default(),
                        },
                    };
                    folders.write(&folders_path(&base.root), SCHEMA_VERSION)?;
                }
            }
            if let Some(writer) = committed {
                writer
                    .wait_merging_threads()
                    .context("cannot finish writing the index")?;
            }
        }
        drop(old_index_removal);
        timer.phase("write the manifest");
        report.files = if storage == Storage::Disk {
            manifest.len()
        } else {
            files_read
        };
        Self::reader_for(index, fields)
    }

    /// The opened index with a reader on its last commit.
    fn reader_for(index: Index, fields: Fields) -> Result<KbIndex> {
        let reader = manual_reader(&index).context("cannot read the index")?;
        Ok(KbIndex {
            index,
            fields,
            reader,
        })
    }

    /// The tantivy index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// A searcher over the last commit.
    pub fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }
}

fn progress_bar(show: bool, total: usize) -> Option<indicatif::ProgressBar> {
    if !show || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("indexing {bar:30} {pos}/{len} files")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuild_removes_what_killed_rebuilds_left() {
        let dir = tempfile::tempdir().unwrap();
        let kb = dir.path().join(".kb");
        for leftover in ["index.new-1", "index.old-2"] {
            std::fs::create_dir_all(kb.join(leftover)).unwrap();
            std::fs::write(kb.join(leftover).join("meta.json"), "{}").unwrap();
        }
        std::fs::create_dir_all(kb.join("index")).unwrap();
        let (_, building) = create_fresh(&kb.join("index")).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(&kb)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let own = building.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(left, ["index".to_string(), own]);
    }

    #[test]
    fn every_writer_thread_gets_the_memory_tantivy_requires() {
        assert_eq!(writer_threads(1), 1);
        assert_eq!(writer_threads(2), 2);
        for cores in 1..=128 {
            let threads = writer_threads(cores);
            assert!((1..=cores).contains(&threads), "{cores} cores: {threads}");
            assert!(
                WRITER_MEMORY_BUDGET / threads >= MIN_MEMORY_PER_THREAD,
                "{cores} cores"
            );
        }
        // The budget and the writer agree on a machine with many cores.
        let (schema, _) = schema::schema();
        let index = Index::create_in_ram(schema);
        assert!(
            index
                .writer_with_num_threads::<tantivy::TantivyDocument>(
                    writer_threads(64),
                    WRITER_MEMORY_BUDGET
                )
                .is_ok()
        );
    }
}
