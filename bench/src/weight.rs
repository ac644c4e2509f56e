//! The web app's first-load weight: the app shell and every file it pulls in (styles,
//! icon, boot script, the JavaScript glue and the WebAssembly it imports), fetched as a
//! browser does with brotli accepted, counted as the bytes sent. The pages' chunks, which
//! the browser fetches when a page is first shown, are not part of it.

use crate::load::{Call, once};
use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

/// What the first load may weigh, brotli-compressed: the budget the test suite holds the
/// web app to (`bench/tests/weight.rs`). The pages fewer people land on are split off into
/// chunks fetched when a page is first shown (backend/build.rs, frontend/src/app.rs): 366 KB
/// today, with a little room so that nothing grows unnoticed. The aim is 250 KB, which
/// splitting off ideas and questions too reached (244 KB) at the price of their pages'
/// start on a slow phone; see the README.
pub const FIRST_LOAD_BUDGET_BYTES: u64 = 380_000;

/// One file of the first load.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct File {
    pub path: String,
    pub encoding: Option<String>,
    pub bytes: u64,
}

/// The files of the first load of `/`, and their total.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Weight {
    pub files: Vec<File>,
    pub total_bytes: u64,
    pub budget_bytes: u64,
}

/// Loads `/` and, transitively, every `/assets/` file that a page, script or stylesheet
/// names (`/assets/name` or `./name`).
pub async fn first_load(server: SocketAddr) -> Result<Weight> {
    let mut queue = vec!["/".to_owned()];
    let mut files: Vec<File> = Vec::new();
    while let Some(path) = queue.pop() {
        if files.iter().any(|f| f.path == path) {
            continue;
        }
        let sent = once(server, &Call::get(&path).compressed()).await?;
        if !sent.status.is_success() {
            bail!("GET {path} answered {}", sent.status);
        }
        // The loader of the lazy pages names every page's chunk, but a chunk is fetched
        // when its page is first shown, not before: the browser tests check that `/`
        // fetches none.
        if is_text(&path) && !is_lazy_loader(&path) {
            // The references are read from the plain text (no brotli decoder here).
            let plain = once(server, &Call::get(&path)).await?;
            for name in references(&String::from_utf8_lossy(&plain.body)) {
                queue.push(format!("/assets/{name}"));
            }
        }
        files.push(File {
            path,
            encoding: sent.encoding,
            bytes: sent.body.len() as u64,
        });
    }
    files.sort_by_key(|f| std::cmp::Reverse(f.bytes));
    let total_bytes = files.iter().map(|f| f.bytes).sum();
    Ok(Weight {
        files,
        total_bytes,
        budget_bytes: FIRST_LOAD_BUDGET_BYTES,
    })
}

/// The split's loader (`lazy-{hash}.js`, see backend/build.rs).
fn is_lazy_loader(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.starts_with("lazy-"))
}

fn is_text(path: &str) -> bool {
    path == "/"
        || [".js", ".css", ".html"]
            .iter()
            .any(|ext| path.ends_with(ext))
}

/// The content-hashed asset names (`name-0123abcd.ext`, as the build names what it
/// embeds) a text mentions as `/assets/name` or `./name`. Unhashed ones are module names
/// inside the glue code (`./cocrea_bg.js`), not files.
pub fn references(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for prefix in ["/assets/", "./"] {
        for (at, _) in text.match_indices(prefix) {
            let rest = &text[at + prefix.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect();
            if is_hashed(&name) && !found.contains(&name) {
                found.push(name);
            }
        }
    }
    found
}

fn is_hashed(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let hash = stem.rsplit_once('-').map_or("", |(_, hash)| hash);
    !ext.is_empty() && hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::references;

    #[test]
    fn references_are_read_from_pages_and_scripts() {
        let html = r#"<link rel="stylesheet" href="/assets/cocrea-3ea664646b86.css">
            <script type="module" src="/assets/boot-b1f09d05f4a4.js"></script>"#;
        assert_eq!(
            references(html),
            ["cocrea-3ea664646b86.css", "boot-b1f09d05f4a4.js"]
        );
        let boot = "import init from './cocrea-09d1c8e7b447.js';\n\
                    init({ module_or_path: new URL('./cocrea_bg-76ddb3dc4833.wasm', import.meta.url) });";
        assert_eq!(
            references(boot),
            ["cocrea-09d1c8e7b447.js", "cocrea_bg-76ddb3dc4833.wasm"]
        );
        assert!(references("a ./ b ../x /assets/ ./. './cocrea_bg.js' ./x-12.js").is_empty());
    }
}
