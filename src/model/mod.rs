//! The domain: documents, dates, money and findings. No I/O happens here.

pub mod date;
pub mod de;
pub mod doc;
pub mod finding;
pub mod money;
pub mod text;

pub use date::PartialDate;
pub use doc::*;
pub use finding::{Code, Finding, Severity};
pub use money::{Amount, AmountSum, Money, same_period};
