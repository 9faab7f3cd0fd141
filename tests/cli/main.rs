//! Command-line tests: every test here runs the real `kb` binary.
//!
//! All integration tests build into this one binary. Transcript cases (args, exit code,
//! exact output) live in tests/cmd/ and run over the fixture bases in tests/fixtures/.

mod example_base;
mod hook;
mod hostile;
mod queries;
mod scaffold;
mod search;
mod support;

#[test]
fn transcripts() {
    trycmd::TestCases::new()
        .env("KB_TODAY", "2024-06-01")
        .env("NO_COLOR", "1")
        // No width from the outside: tables are as wide as their content in a pipe.
        .env("COLUMNS", "")
        .case("tests/cmd/**/*.toml");
}
