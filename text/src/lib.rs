//! What Cocrea does with people's text, apart from the server so that it can be fuzzed
//! on its own: Markdown rendered and sanitised, the guards against account details and
//! personal matters in public text, search terms, and the opaque cursors of lists.

pub mod cursor;
pub mod deceptive;
pub mod markdown;
pub mod personal;
pub mod search;
pub mod sensitive;
