//! Any text as a cursor: no panic, and a cursor that decodes encodes back to a form
//! that decodes to the same cursor.
#![no_main]

use libfuzzer_sys::fuzz_target;
use text::cursor::Cursor;

fuzz_target!(|data: &str| {
    for sort in ["hot", "top", "new"] {
        if let Ok(cursor) = Cursor::decode(data, sort) {
            let again = cursor.encode(sort);
            let back = Cursor::decode(&again, sort).expect("its own encoding decodes");
            assert_eq!(back.encode(sort), again, "{data:?}");
        }
    }
});
