//! The raw engine, for calibrating `kb index --full`: indexes every Markdown file of a base
//! as it is (no YAML, no Markdown, no records, no stems) into a throwaway tantivy index,
//! the way tantivy-cli indexes a text: a stored path and a body with positions, tantivy's
//! default tokenizer, one writer thread per core and kb's memory budget.
//!
//! `cargo run --release --example raw_index -- BASE OUT_DIR`
//!
//! Machines here differ in speed from day to day; timing this beside `kb index --full`
//! in the same minutes shows how far kb's own work is from the engine's.

use std::path::PathBuf;

use tantivy::schema::{STORED, STRING, Schema, TEXT};
use tantivy::{Index, TantivyDocument};
use walkdir::WalkDir;

fn main() {
    if let Err(err) = run() {
        eprintln!("raw_index: {err}");
        std::process::exit(2);
    }
}

fn run() -> tantivy::Result<()> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(base), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: raw_index BASE OUT_DIR");
        std::process::exit(2);
    };
    let mut builder = Schema::builder();
    let path_field = builder.add_text_field("path", STRING | STORED);
    let body_field = builder.add_text_field("body", TEXT);
    let schema = builder.build();
    if out.exists() {
        // Only ever a throwaway index of an earlier run: never the base given by mistake.
        if !out.join("meta.json").exists() {
            eprintln!(
                "raw_index: {} exists and is no index; not removing it",
                out.display()
            );
            std::process::exit(2);
        }
        std::fs::remove_dir_all(&out)?;
    }
    std::fs::create_dir_all(&out)?;
    let index = Index::create_in_dir(&out, schema)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = kb::index::writer_threads(cores);
    let mut writer = index.writer_with_num_threads(threads, kb::index::WRITER_MEMORY_BUDGET)?;
    let mut files = 0usize;
    for entry in WalkDir::new(&base).sort_by_file_name() {
        let entry = entry.map_err(|err| tantivy::TantivyError::SystemError(err.to_string()))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        let body = std::fs::read_to_string(path)?;
        let mut doc = TantivyDocument::default();
        doc.add_text(path_field, path.to_string_lossy());
        doc.add_text(body_field, body);
        writer.add_document(doc)?;
        files += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!("{files} files indexed");
    Ok(())
}
