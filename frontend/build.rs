//! Generates the `i18n` module from locales/fr.json (the default) and locales/en.json:
//! every key is checked at compile time, and a key missing from a locale is reported.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("no OUT_DIR")?).join("i18n");
    // Interpolations are also needed as plain strings (attributes, error messages).
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("fr")?.add_locale("en")?.parse_options(options);
    let infos = TranslationsInfos::parse(config)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
