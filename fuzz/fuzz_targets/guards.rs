//! Any text through the guards on what people write: the account-detail and
//! personal-matter guards, hidden characters and look-alike names. No panic; each
//! refusal agrees with its finding; removing hidden characters leaves none, keeps every
//! other character in order, and changes nothing the second time; a look-alike key
//! holds letters and digits only.
#![no_main]

use libfuzzer_sys::fuzz_target;
use text::deceptive::{
    first_hidden, lookalike_key, lookalike_script_letter, refuse_hidden, remove_hidden,
};
use text::personal::looks_personal;
use text::sensitive::{find_account_detail, refuse_account_details};

fuzz_target!(|data: &str| {
    let found = find_account_detail(data);
    assert_eq!(found.is_some(), refuse_account_details(data).is_err(), "{data:?}");
    let _ = looks_personal(data);

    let hidden = first_hidden(data);
    assert_eq!(hidden.is_some(), refuse_hidden(data).is_err(), "{data:?}");
    let visible = remove_hidden(data);
    assert_eq!(first_hidden(&visible), None, "{data:?} → {visible:?}");
    assert_eq!(remove_hidden(&visible), visible, "{data:?}");
    assert!(visible.chars().count() <= data.chars().count(), "{data:?}");
    if hidden.is_none() {
        assert_eq!(visible, data);
    }
    if let Some(letter) = lookalike_script_letter(data) {
        assert!(data.contains(letter), "{data:?}: {letter:?}");
    }
    let key = lookalike_key(data);
    assert!(key.chars().all(char::is_alphanumeric), "{data:?} → {key:?}");
});
