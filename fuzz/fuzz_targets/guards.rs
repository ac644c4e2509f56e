//! Any text through the account-detail and personal-matter guards: no panic, and the
//! refusal agrees with the finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use text::personal::looks_personal;
use text::sensitive::{find_account_detail, refuse_account_details};

fuzz_target!(|data: &str| {
    let found = find_account_detail(data);
    assert_eq!(found.is_some(), refuse_account_details(data).is_err(), "{data:?}");
    let _ = looks_personal(data);
});
