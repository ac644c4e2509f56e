//! Builds the web app into the server binary.
//!
//! Runs a nested `cargo build -p frontend --target wasm32-unknown-unknown` in the size-tuned
//! `wasm-release` profile (with its own target dir: the outer build holds the lock on
//! target/), splits it at the pages' split points (`wasm_split_cli_support`), binds the
//! main module with the `wasm-bindgen-cli-support` library (no CLI to install), gives
//! every file a content-hashed name, precompresses it with brotli and gzip, and
//! writes `assets.rs` into OUT_DIR: a static table the server serves from memory.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

type BoxError = Box<dyn std::error::Error>;

/// The worker that compiles the app's WebAssembly and posts each module back to the page,
/// tagged with the number the page sent: from an address (the main module) or from the
/// stream of a chunk the page is fetching, compiled as it downloads either way; `null`
/// when it cannot, and the page compiles it itself.
const COMPILE_WORKER: &str = "onmessage = ({ data: [id, source] }) =>\n\
  WebAssembly.compileStreaming(typeof source === 'string'\n\
    ? fetch(source)\n\
    : new Response(source, { headers: { 'Content-Type': 'application/wasm' } })).then((module) => {\n\
    try { postMessage([id, module]); } catch { postMessage([id, null]); }\n\
  }, () => postMessage([id, null]));\n";

/// What the chunks' loader gets in place of its own `instantiateStreaming`: the page
/// fetches each chunk (so a chunk that cannot be fetched fails where the page sees it, and
/// the page says so), and the same worker as the main module's compiles it, off the
/// page's thread: a group's chunks are hundreds of KB of WebAssembly, which compiled on
/// the page held it up for a third of a second on a slow phone. Where the worker cannot, the
/// page compiles the chunk itself.
const CHUNK_COMPILER: &str = "let compiler;\n\
const waiting = new Map();\n\
let asked = 0;\n\
async function compiled(url) {\n\
  const response = await fetch(url);\n\
  if (!response.ok) throw new Error(`${url}: ${response.status}`);\n\
  const [body, kept] = response.body.tee();\n\
  const here = () => WebAssembly.compileStreaming(new Response(kept, { headers: { 'Content-Type': 'application/wasm' } }));\n\
  return new Promise((resolve, reject) => {\n\
    try {\n\
      if (!compiler) {\n\
        compiler = new Worker(new URL('./COMPILE_WORKER', import.meta.url));\n\
        compiler.onmessage = ({ data: [id, module] }) => { const done = waiting.get(id); waiting.delete(id); done?.(module); };\n\
        compiler.onerror = compiler.onmessageerror = () => { compiler = undefined; for (const done of waiting.values()) done(null); waiting.clear(); };\n\
      }\n\
      const id = asked++;\n\
      waiting.set(id, (module) => { if (module) { kept.cancel(); resolve(module); } else here().then(resolve, reject); });\n\
      compiler.postMessage([id, body], [body]);\n\
    } catch { here().then(resolve, reject); }\n\
  });\n\
}\n";

/// How the loader (wasm_split_cli_support 0.2) fetches and instantiates a chunk, and what
/// replaces it; build.rs fails if the loader no longer has it.
const LOADER_FETCH: (&str, &str) = (
    "const src = fetch(new URL(",
    "const src = compiled(new URL(",
);
const LOADER_INSTANTIATE: (&str, &str) = (
    "(WebAssembly.instantiateStreaming(src, imports))",
    "(WebAssembly.instantiate(await src, imports))",
);

fn main() -> Result<(), BoxError> {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let root = manifest_dir
        .parent()
        .ok_or("backend/ has no parent")?
        .to_path_buf();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);

    for watched in [
        "frontend/src",
        "frontend/locales",
        "frontend/style",
        "frontend/public",
        "frontend/index.html",
        "frontend/Cargo.toml",
        "api/src",
        "api/Cargo.toml",
        "Cargo.lock",
        "Cargo.toml",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    println!("cargo:rerun-if-env-changed=COCREA_WASM_TARGET_DIR");

    let raw = std::fs::read(build_frontend(&root)?)?;
    let mut bundle = Bundle {
        out_dir: out_dir.clone(),
        files: Vec::new(),
    };
    let split = split_pages(&raw, &out_dir.join("split"))?;
    let bound = out_dir.join("bindgen");
    let _ = std::fs::remove_dir_all(&bound);
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&split.main)
        .out_name("cocrea")
        .web(true)?
        .typescript(false)
        // The chunks import the main module's table, memory and stack pointer.
        .keep_lld_exports(true)
        .generate(&bound)?;

    // Files the bound JS imports by relative path (wasm-bindgen snippets) keep their names;
    // their folder names already carry a hash of their content.
    for file in walk(&bound.join("snippets"))? {
        let rel = file
            .strip_prefix(&bound)?
            .to_string_lossy()
            .replace('\\', "/");
        bundle.add_named(&rel, std::fs::read(&file)?)?;
    }
    let wasm_name = bundle.add_hashed(
        "cocrea_bg",
        "wasm",
        std::fs::read(bound.join("cocrea_bg.wasm"))?,
    )?;
    // The glue and the loader of the chunks import each other, so neither name can hash
    // the other's content: both carry the hash of the module they were made from.
    // The module compiles in a worker: receiving and decoding 2 MB of WebAssembly is then
    // off the page's thread, which stays free for taps and keys. The worker hands the
    // compiled module back; where that fails (no workers, no module transfer), the page
    // compiles it itself, as before.
    let compile_name = bundle.add_hashed("compile", "js", COMPILE_WORKER.as_bytes().to_vec())?;
    let mut loader = std::fs::read_to_string(&split.loader)?;
    for (from, to) in [LOADER_FETCH, LOADER_INSTANTIATE] {
        if !split.chunks.is_empty() && !loader.contains(from) {
            return Err(format!("the chunks' loader no longer has `{from}`").into());
        }
        loader = loader.replace(from, to);
    }
    if loader.contains("instantiateStreaming") || loader.contains("= fetch(") {
        return Err("the chunks' loader fetches a chunk in a way build.rs does not know".into());
    }
    loader = format!(
        "{}{loader}",
        CHUNK_COMPILER.replace("COMPILE_WORKER", &compile_name)
    );
    for chunk in &split.chunks {
        let stem = chunk
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("bad chunk name")?;
        let name = bundle.add_hashed(stem, "wasm", std::fs::read(chunk)?)?;
        loader = loader.replace(&format!("\"./{stem}.wasm\""), &format!("\"./{name}\""));
    }
    bundle.add_named(&split.loader_name, loader.into_bytes())?;
    let js_name = split.glue_name.clone();
    bundle.add_named(&js_name, std::fs::read(bound.join("cocrea.js"))?)?;
    let css = concat_dir(&root.join("frontend/style"), "css")?;
    let css_name = bundle.add_hashed("cocrea", "css", css)?;
    let mut icon_name = String::new();
    for file in walk(&root.join("frontend/public"))? {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("bad file name")?;
        let ext = file.extension().and_then(|s| s.to_str()).unwrap_or("");
        let name = bundle.add_hashed(stem, ext, std::fs::read(&file)?)?;
        if stem == "favicon" {
            icon_name = name;
        }
    }
    // A module script instead of an inline one, so the Content-Security-Policy needs no
    // 'unsafe-inline'. The page's first paint (server-rendered) comes first: the app starts
    // downloading once the browser has drawn it (or after 200 ms, in a tab drawn later), so
    // on a slow network it does not compete with the page and its CSS.
    let boot = format!(
        "let started = false;\n\
         const start = () => {{\n\
         \x20 if (started) return;\n\
         \x20 started = true;\n\
         \x20 const wasm = new URL('./{wasm_name}', import.meta.url);\n\
         \x20 const compiled = new Promise((resolve) => {{\n\
         \x20   const worker = new Worker(new URL('./{compile_name}', import.meta.url));\n\
         \x20   const done = (module) => {{ worker.terminate(); resolve(module); }};\n\
         \x20   worker.onmessage = (event) => done(event.data[1]);\n\
         \x20   worker.onmessageerror = () => done(null);\n\
         \x20   worker.onerror = () => done(null);\n\
         \x20   worker.postMessage([0, wasm.href]);\n\
         \x20 }}).catch(() => null);\n\
         \x20 Promise.all([import('./{js_name}'), compiled]).then(([app, module]) =>\n\
         \x20   app.default({{ module_or_path: module || wasm }}));\n\
         }};\n\
         requestAnimationFrame(() => setTimeout(start, 0));\n\
         setTimeout(start, 200);\n"
    );
    let boot_name = bundle.add_hashed("boot", "js", boot.into_bytes())?;

    let index = std::fs::read_to_string(root.join("frontend/index.html"))?
        .replace("{{css}}", &format!("/assets/{css_name}"))
        .replace("{{boot}}", &format!("/assets/{boot_name}"))
        .replace("{{wasm}}", &format!("/assets/{wasm_name}"))
        .replace("{{icon}}", &format!("/assets/{icon_name}"));
    // Served raw: the server builds every page from it per request (language, appearance,
    // first paint), so a precompressed copy would never be sent.
    let index_path = out_dir.join("index.html");
    std::fs::write(&index_path, index)?;

    let mut table = String::from(
        "/// Every file under /assets/, content-hashed.\npub static ASSETS: &[Asset] = &[\n",
    );
    for (name, file) in &bundle.files {
        let entry = bundle_entry(&out_dir, name, file)?;
        writeln!(table, "    {entry},")?;
    }
    table.push_str("];\n");
    writeln!(
        table,
        "/// The app shell, from which every page is built.\npub static INDEX: &str = include_str!({:?});",
        index_path.to_str().ok_or("OUT_DIR is not UTF-8")?
    )?;
    std::fs::write(out_dir.join("assets.rs"), table)?;
    Ok(())
}

/// Runs the nested cargo build and returns the path of the unbound wasm.
fn build_frontend(root: &Path) -> Result<PathBuf, BoxError> {
    let target_dir = std::env::var("COCREA_WASM_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target/wasm"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args([
            "build",
            "-p",
            "frontend",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(["--profile", "wasm-release", "--target-dir"])
        .arg(&target_dir);
    // The outer build's settings are for the host; clippy's wrapper and the outer
    // profile's flags must not leak into the browser build.
    for (key, _) in std::env::vars() {
        if key.starts_with("CARGO_") && key != "CARGO_HOME"
            || key.starts_with("RUSTC")
            || key == "RUSTFLAGS"
            || key == "RUSTDOCFLAGS"
        {
            cmd.env_remove(key);
        }
    }
    // Leptos erases the type of each component's view: less code for the browser to
    // download and compile (about a tenth of the wasm), and a faster build.
    // The linker keeps its relocations (`--emit-relocs`): the split reads them to move each
    // lazy page's code into a chunk of its own.
    cmd.env(
        "RUSTFLAGS",
        "--cfg erase_components -Clink-args=--emit-relocs",
    );
    let status = cmd.status()?;
    if !status.success() {
        return Err(format!(
            "building the frontend for wasm32 failed ({status}); is the target installed? \
             rustup target add wasm32-unknown-unknown"
        )
        .into());
    }
    Ok(target_dir.join("wasm32-unknown-unknown/wasm-release/frontend.wasm"))
}

/// The app split at its lazy pages: the main module (still to be bound), the chunks, and
/// the loader that fetches a chunk when its page is first shown.
struct Split {
    main: PathBuf,
    chunks: Vec<PathBuf>,
    loader: PathBuf,
    loader_name: String,
    /// The name the bound glue must have: the loader imports it.
    glue_name: String,
}

/// Splits the linked module at the points `#[lazy_route]` marks (the `wasm_split_helpers`
/// macros), as `cargo leptos --split` does, through the same library.
fn split_pages(raw: &[u8], dir: &Path) -> Result<Split, BoxError> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let hash = short_hash(raw);
    let glue_name = format!("cocrea-{hash}.js");
    let loader_name = format!("lazy-{hash}.js");
    let main = dir.join("main.wasm");
    let main_module = format!("./{glue_name}");
    let link_name = format!("./{loader_name}");
    let mut options = wasm_split_cli_support::Options::new(raw);
    options.output_dir = dir;
    options.main_out_path = &main;
    options.main_module = &main_module;
    options.link_name = &link_name;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| format!("splitting the wasm failed: {e:?}"))?;
    Ok(Split {
        main,
        chunks: split.split_modules,
        loader: dir.join(&loader_name),
        loader_name,
        glue_name,
    })
}

/// The first 6 bytes of the SHA-256 of `bytes`, in hex: what names a file by its content.
fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The files written so far: their names under /assets/ and where they lie in OUT_DIR.
struct Bundle {
    out_dir: PathBuf,
    files: Vec<(String, Written)>,
}

struct Written {
    stem: String,
    mime: &'static str,
}

impl Bundle {
    /// Adds a file named `{stem}-{hash of its content}.{ext}` and returns that name.
    fn add_hashed(&mut self, stem: &str, ext: &str, bytes: Vec<u8>) -> Result<String, BoxError> {
        let name = format!("{stem}-{}.{ext}", short_hash(&bytes));
        self.add_named(&name, bytes)?;
        Ok(name)
    }

    fn add_named(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), BoxError> {
        let written = self.write(name, bytes)?;
        self.files.push((name.to_owned(), written));
        Ok(())
    }

    /// Writes the raw, brotli and gzip forms of one file into OUT_DIR.
    fn write(&self, name: &str, bytes: Vec<u8>) -> Result<Written, BoxError> {
        let stem = format!("asset-{}", name.replace(['/', '.'], "_"));
        let dir = self.out_dir.join("assets");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(&stem), &bytes)?;

        let mut br = Vec::new();
        {
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: 22,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut bytes.as_slice(), &mut br, &params)?;
        }
        std::fs::write(dir.join(format!("{stem}.br")), &br)?;

        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)?;
        std::fs::write(dir.join(format!("{stem}.gz")), gz.finish()?)?;

        Ok(Written {
            stem,
            mime: mime_of(name),
        })
    }
}

fn bundle_entry(out_dir: &Path, name: &str, file: &Written) -> Result<String, BoxError> {
    let path = out_dir.join("assets").join(&file.stem);
    let path = path.to_str().ok_or("OUT_DIR is not UTF-8")?;
    Ok(format!(
        "Asset {{ name: {name:?}, mime: {mime:?}, raw: include_bytes!({path:?}), br: include_bytes!(\"{path}.br\"), gzip: include_bytes!(\"{path}.gz\") }}",
        mime = file.mime
    ))
}

fn mime_of(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn walk(dir: &Path) -> Result<Vec<PathBuf>, BoxError> {
    let mut files = Vec::new();
    if !dir.exists() {
        return Ok(files);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(walk(&path)?);
        } else {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The stylesheets, in file-name order (so `00-tokens.css` comes first), as one file.
fn concat_dir(dir: &Path, ext: &str) -> Result<Vec<u8>, BoxError> {
    let mut out = Vec::new();
    for file in walk(dir)? {
        if file.extension().and_then(|e| e.to_str()) == Some(ext) {
            out.extend(std::fs::read(&file)?);
            out.push(b'\n');
        }
    }
    Ok(out)
}
