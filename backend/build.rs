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
        "frontend/boot",
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
    // The module and the pages' chunks compile in a worker (frontend/boot/compile.js):
    // receiving and decoding WebAssembly is then off the page's thread, which stays free
    // for taps and keys.
    let boot_dir = root.join("frontend/boot");
    let compile_name = bundle.add_hashed(
        "compile",
        "js",
        script(&boot_dir.join("compile.js"))?.into_bytes(),
    )?;
    let loader = chunk_loader(&split, &boot_dir, &compile_name, &mut bundle)?;
    bundle.add_named(&split.loader_name, loader.into_bytes())?;
    // The glue and the chunks' loader import each other, so neither name can hash the
    // other's content: both carry the hash of the module they were made from.
    let glue_name = &split.glue_name;
    bundle.add_named(glue_name, std::fs::read(bound.join("cocrea.js"))?)?;
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
    let boot = fill(
        &script(&boot_dir.join("boot.js"))?,
        &[
            ("wasm", &wasm_name),
            ("compile", &compile_name),
            ("glue", glue_name),
        ],
    )?;
    let boot_name = bundle.add_hashed("boot", "js", boot.into_bytes())?;

    let index = fill(
        &std::fs::read_to_string(root.join("frontend/index.html"))?,
        &[
            ("css", &format!("/assets/{css_name}")),
            ("boot", &format!("/assets/{boot_name}")),
            ("icon", &format!("/assets/{icon_name}")),
        ],
    )?;
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

/// Splits the linked module at the functions marked `#[wasm_split]` (`wasm_split_helpers`,
/// through `leptos::wasm_split`), as `cargo leptos --split` does, through the same library.
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

/// The chunks' loader, as the split wrote it but for two things: each chunk is fetched on
/// the page and compiled in the worker (`compiled` of frontend/boot/chunks.js, put before
/// the loader), and is named by its content. Adds the chunks to `bundle`. Fails if the
/// loader no longer fetches and instantiates a chunk the way this expects.
fn chunk_loader(
    split: &Split,
    boot_dir: &Path,
    compile_name: &str,
    bundle: &mut Bundle,
) -> Result<String, BoxError> {
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
    for chunk in &split.chunks {
        let stem = chunk
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("bad chunk name")?;
        let name = bundle.add_hashed(stem, "wasm", std::fs::read(chunk)?)?;
        loader = loader.replace(&format!("\"./{stem}.wasm\""), &format!("\"./{name}\""));
    }
    let compiler = fill(
        &script(&boot_dir.join("chunks.js"))?,
        &[("compile", compile_name)],
    )?;
    Ok(format!("{compiler}{loader}"))
}

/// A script of frontend/boot/ without its comment lines, which are for whoever reads the
/// file, not for the browser.
fn script(path: &Path) -> Result<String, BoxError> {
    let text = std::fs::read_to_string(path)?;
    Ok(text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| format!("{line}\n"))
        .collect())
}

/// `template` with each `{{name}}` replaced by its value. An error if a name is not in the
/// template, or if a `{{` is left: a file and build.rs that no longer agree.
fn fill(template: &str, values: &[(&str, &str)]) -> Result<String, BoxError> {
    let mut filled = template.to_owned();
    for (name, value) in values {
        let mark = format!("{{{{{name}}}}}");
        if !filled.contains(&mark) {
            return Err(format!("no {mark} to fill").into());
        }
        filled = filled.replace(&mark, value);
    }
    if filled.contains("{{") {
        return Err("a {{name}} is left unfilled".into());
    }
    Ok(filled)
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
