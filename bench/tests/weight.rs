//! The web app's first load stays within its budget: the real server (the debug binary
//! embeds the same size-optimised bundle as the release one) on a fresh database, every
//! file of the first load fetched with brotli accepted, as a browser does.

// A test fails by panicking with a message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use bench::server::{Cocrea, debug_binary, wait_healthy};
use bench::weight::{FIRST_LOAD_BUDGET_BYTES, first_load};

#[tokio::test]
async fn the_first_load_fits_the_brotli_budget() {
    let (cocrea, _dir) = Cocrea::scratch(debug_binary().unwrap()).unwrap();
    let server = cocrea.serve().await.unwrap();
    wait_healthy(std::slice::from_ref(&server)).await.unwrap();

    let weight = first_load(server.addr).await.unwrap();
    let listing = weight
        .files
        .iter()
        .map(|f| format!("{} {} B ({:?})", f.path, f.bytes, f.encoding))
        .collect::<Vec<_>>()
        .join("\n");
    for kind in [".wasm", ".js", ".css", ".svg"] {
        assert!(
            weight.files.iter().any(|f| f.path.ends_with(kind)),
            "the first load has no {kind} file:\n{listing}"
        );
    }
    for file in weight
        .files
        .iter()
        .filter(|f| f.path.starts_with("/assets/"))
    {
        assert_eq!(
            file.encoding.as_deref(),
            Some("br"),
            "{} is sent compressed",
            file.path
        );
    }
    println!("first load: {} B brotli\n{listing}", weight.total_bytes);
    assert!(
        weight.total_bytes <= FIRST_LOAD_BUDGET_BYTES,
        "the first load weighs {} B brotli, over the budget of {FIRST_LOAD_BUDGET_BYTES} B:\n{listing}",
        weight.total_bytes
    );
}
