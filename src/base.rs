//! A base on disk: its root, its settings, and its files parsed, from the working tree or
//! from the git index. This is where I/O (repo) meets parsing (parse).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::config::{CONFIG_FILE, Config};
use crate::index::manifest::{FileState, content_hash};
use crate::model::text::fold;
use crate::model::{Code, Finding, KnownDoc};
use crate::parse::{ParsedFile, parse_file};
use crate::repo::{self, FileFilter};

/// An opened base.
#[derive(Debug, Clone)]
pub struct Base {
    /// The root folder, canonical.
    pub root: PathBuf,
    /// kb.toml, or the defaults.
    pub config: Config,
    /// The problem with kb.toml, when it could not be used (defaults apply then).
    pub config_problem: Option<Finding>,
    /// Which files are documents.
    pub filter: FileFilter,
}

/// The parsed files of a base, in path order.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Every candidate document.
    pub files: Vec<ParsedFile>,
    /// Problems met while walking (unreadable folders, link loops).
    pub walk_problems: Vec<Finding>,
    /// With `--staged`: the files the commit adds or changes. `None`: everything counts.
    pub changed: Option<HashSet<String>>,
    /// Documents taken from the index's manifest instead of being parsed (unchanged
    /// files of a staged check).
    pub known: Vec<crate::model::KnownDoc>,
}

impl Base {
    /// Opens the base at `root` when given (`--kb`), else the one around `start`.
    pub fn open(kb_dir: Option<&Path>, start: &Path) -> Result<Base> {
        let root = match kb_dir {
            Some(dir) => {
                if !dir.is_dir() {
                    anyhow::bail!("--kb {}: no such folder", dir.display());
                }
                dir.canonicalize()
                    .with_context(|| format!("cannot open {}", dir.display()))?
            }
            None => {
                let root = repo::find_root(start);
                if repo::root::is_unlikely_base(&root) {
                    anyhow::bail!(
                        "no knowledge base here: {} has no kb.toml and is in no git repository, \
                         and it is {}, which kb will not index whole; run `kb init DIR` for a \
                         base, or name one with --kb DIR",
                        root.display(),
                        if root.parent().is_none() {
                            "the file system's root"
                        } else {
                            "your home folder"
                        }
                    );
                }
                root
            }
        };
        let config_path = root.join(CONFIG_FILE);
        let (config, config_problem) = match std::fs::read_to_string(&config_path) {
            Ok(text) => match Config::parse(&text) {
                Ok(config) => (config, None),
                Err(finding) => (Config::default(), Some(finding)),
            },
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
            Err(err) => (
                Config::default(),
                Some(Finding::new(
                    Code::InvalidConfig,
                    CONFIG_FILE,
                    0,
                    format!("cannot read kb.toml: {err}"),
                )),
            ),
        };
        let (filter, config_problem) = match FileFilter::new(&config.check.exclude) {
            Ok(filter) => (filter, config_problem),
            Err(message) => (
                FileFilter::new(&[]).expect("no globs"),
                Some(Finding::new(
                    Code::InvalidConfig,
                    CONFIG_FILE,
                    0,
                    format!("kb.toml: {message}"),
                )),
            ),
        };
        Ok(Base {
            root,
            config,
            config_problem,
            filter,
        })
    }

    /// Reads and parses every document of the working tree, in parallel.
    pub fn load(&self) -> Snapshot {
        let discovered = repo::discover(&self.root, &self.filter);
        let max = self.config.check.max_file_size;
        let files = discovered
            .files
            .par_iter()
            .map(|rel| read_and_parse(&self.root.join(rel), rel, max))
            .collect();
        Snapshot {
            files,
            walk_problems: discovered.problems,
            changed: None,
            known: Vec::new(),
        }
    }

    /// Reads and parses the documents in the git index, in parallel. A file the commit
    /// does not change, whose staged version is the one the search index last saw (same
    /// size and modification time in git's index and in the manifest), is taken from the
    /// manifest by id and names instead of being parsed. When the commit removes an id or
    /// a name that other documents may refer to, everything is parsed, so that those
    /// references are checked too.
    pub fn load_staged(&self) -> Result<Snapshot> {
        let max = self.config.check.max_file_size;
        let staged = repo::git::staged_snapshot(&self.root, &self.filter)?;
        let manifest = crate::index::read_manifest(&self.root);
        // A file the commit leaves alone, whose id the manifest knows: taken from the
        // manifest when git's index saw the same size and time; when the manifest's time
        // was too recent to trust (0), its content hash decides once it is read.
        let known_state = |file: &repo::git::StagedFile| {
            let state = manifest.as_ref()?.get(&file.path)?;
            (!staged.changed.contains(&file.path)
                && !state.id.is_empty()
                && state.size == file.size
                && (state.mtime_ns == file.mtime_ns || state.mtime_ns == 0))
                .then_some(state)
        };
        let known_doc = |file: &repo::git::StagedFile, state: &FileState| KnownDoc {
            path: file.path.clone(),
            id: state.id.clone(),
            names: state.names(),
        };
        let mut known = Vec::new();
        let mut to_parse: Vec<(&repo::git::StagedFile, Option<&FileState>)> = Vec::new();
        for file in &staged.files {
            match known_state(file) {
                Some(state) if state.mtime_ns != 0 => known.push(known_doc(file, state)),
                candidate => to_parse.push((file, candidate)),
            }
        }
        type Loaded = std::result::Result<ParsedFile, KnownDoc>;
        let load_all =
            |files: &[(&repo::git::StagedFile, Option<&FileState>)]| -> Result<Vec<Loaded>> {
                files
                    .par_iter()
                    .map_init(
                        || staged.blobs.reader(),
                        |reader, (file, candidate)| {
                            if file.size > max {
                                return Ok(Ok(too_large(&file.path, max)));
                            }
                            let reader =
                                reader.as_ref().map_err(|err| anyhow::anyhow!("{err:#}"))?;
                            let content = reader.read(file)?;
                            if let Some(state) = candidate
                                && content_hash(&content) == state.hash
                            {
                                return Ok(Err(known_doc(file, state)));
                            }
                            Ok(Ok(if content.len() as u64 > max {
                                too_large(&file.path, max)
                            } else {
                                parse_file(&file.path, &content)
                            }))
                        },
                    )
                    .collect()
            };
        let mut files = Vec::new();
        for loaded in load_all(&to_parse)? {
            match loaded {
                Ok(parsed) => files.push(parsed),
                Err(doc) => known.push(doc),
            }
        }
        known.sort_by(|a, b| a.path.cmp(&b.path));
        if std::env::var_os("KB_TIMING").is_some() {
            stderr_line!(
                "kb: timing: staged: {} documents from the index, {} parsed",
                known.len(),
                files.len()
            );
        }
        if !known.is_empty() && !staged.replaced.is_empty() {
            // Keys (ids and folded names) of the replaced HEAD versions that the commit
            // leaves to nobody.
            let reader = staged.blobs.reader()?;
            let mut old_keys = Vec::new();
            for (path, blob) in &staged.replaced {
                let old = parse_file(path, &reader.read_blob(*blob, path)?);
                old_keys.extend(old.id.clone());
                if let Some(doc) = &old.doc {
                    old_keys.extend(doc.names().map(fold));
                }
            }
            let mut new_keys: HashSet<String> = HashSet::new();
            for doc in &known {
                new_keys.insert(doc.id.clone());
                new_keys.extend(doc.names.iter().map(|n| fold(n)));
            }
            for file in &files {
                new_keys.extend(file.id.clone());
                if let Some(doc) = &file.doc {
                    new_keys.extend(doc.names().map(fold));
                }
            }
            if old_keys.iter().any(|key| !new_keys.contains(key)) {
                let known_paths: HashSet<&str> = known.iter().map(|d| d.path.as_str()).collect();
                let rest: Vec<(&repo::git::StagedFile, Option<&FileState>)> = staged
                    .files
                    .iter()
                    .filter(|file| known_paths.contains(file.path.as_str()))
                    .map(|file| (file, None))
                    .collect();
                files.extend(load_all(&rest)?.into_iter().filter_map(Result::ok));
                known.clear();
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Snapshot {
            files,
            walk_problems: Vec::new(),
            changed: Some(staged.changed),
            known,
        })
    }
}

fn too_large(rel: &str, max: u64) -> ParsedFile {
    ParsedFile::failed(
        rel,
        Finding::new(
            Code::FileTooLarge,
            rel,
            0,
            format!("the file is larger than max-file-size ({max} bytes) and was skipped"),
        )
        .with_help("split it, or raise `max-file-size` under [check] in kb.toml"),
    )
}

/// Reads one file (refusing ones above `max` bytes) and parses it.
fn read_and_parse(path: &Path, rel: &str, max: u64) -> ParsedFile {
    let unreadable = |err: std::io::Error| {
        ParsedFile::failed(
            rel,
            Finding::new(
                Code::UnreadableFile,
                rel,
                0,
                format!("cannot read the file: {err}"),
            ),
        )
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > max => return too_large(rel, max),
        Ok(_) => {}
        Err(err) => return unreadable(err),
    }
    match std::fs::read(path) {
        Ok(content) => parse_file(rel, &content),
        Err(err) => unreadable(err),
    }
}
