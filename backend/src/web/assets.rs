//! The web app, embedded in the binary by build.rs: content-hashed files under /assets/
//! (cached for a year), precompressed with brotli and gzip, and the app shell
//! (index.html, never cached, built per request) for every other GET, so client routes
//! work on reload.

use crate::platform::error::ApiError;
use crate::platform::state::AppState;
use crate::web::first_paint::{APPEARANCE_COOKIE, Appearance, LANG_COOKIE, Lang};
use crate::web::share;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, get, web};

/// One embedded file in its three encodings.
pub struct Asset {
    pub name: &'static str,
    pub mime: &'static str,
    pub raw: &'static [u8],
    pub br: &'static [u8],
    pub gzip: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

#[get("/assets/{name:.*}")]
pub async fn get_asset(
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let asset = ASSETS
        .iter()
        .find(|a| a.name == name.as_str())
        .ok_or(ApiError::NotFound)?;
    Ok(respond(&req, asset, "public, max-age=31536000, immutable"))
}

/// Every path that is neither the API nor an asset: the single-page app decides. Pages
/// with a feed, and ideas and questions, get their own head (feeds' autodiscovery links,
/// title, description and social cards); an idea or question that is not public answers
/// 404, with the same app, which says so. Every page comes in the language of the app's
/// cookie, with its first paint (the header, and the content of the home, an idea or a
/// question) for the browser to draw while the app loads.
pub async fn app_shell(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let head = share::head(
        &state.db,
        &state.config.public_url,
        req.path(),
        req.query_string(),
    )
    .await
    .unwrap_or_else(|error| {
        tracing::warn!(%error, "the page's head could not be built; the default one served");
        share::Head::default()
    });
    let picked = |name| req.cookie(name).map(|cookie| cookie.value().to_owned());
    let html = head.page(
        INDEX,
        Lang::picked(picked(LANG_COOKIE).as_deref()),
        Appearance::picked(picked(APPEARANCE_COOKIE).as_deref()),
    );
    let status = if head.not_found {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    let mut response = HttpResponse::build(status);
    response
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        ))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-cache")));
    // The pages e-mails' links open carry a token in their fragment: no page they lead to
    // learns where the person came from (browsers never send a fragment anyway).
    if ["/reset-password", "/verify-email"].contains(&req.path()) {
        response.insert_header((
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ));
    }
    response.insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
    if req.method() == Method::HEAD {
        return Ok(response.finish());
    }
    let (body, encoding) = compressed(accepted_encodings(&req), html.into_bytes());
    if let Some(encoding) = encoding {
        response.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static(encoding)));
    }
    Ok(response.body(body))
}

/// A page compressed as the browser accepts it: brotli at a middle quality (a page of a
/// few kilobytes takes well under a millisecond and comes out at about a third of its
/// size), else gzip, else as it is. A page holds no secret (no token, no key), so
/// compressing it beside text from its address reveals nothing (BREACH).
fn compressed(accepts: &str, page: Vec<u8>) -> (Vec<u8>, Option<&'static str>) {
    if accepts_encoding(accepts, "br") {
        let params = brotli::enc::BrotliEncoderParams {
            quality: 5,
            lgwin: 18,
            ..Default::default()
        };
        let mut br = Vec::with_capacity(page.len() / 2);
        if brotli::BrotliCompress(&mut page.as_slice(), &mut br, &params).is_ok() {
            return (br, Some("br"));
        }
    } else if accepts_encoding(accepts, "gzip") {
        let mut gz = flate2::write::GzEncoder::new(
            Vec::with_capacity(page.len() / 2),
            flate2::Compression::fast(),
        );
        if std::io::Write::write_all(&mut gz, &page).is_ok()
            && let Ok(gz) = gz.finish()
        {
            return (gz, Some("gzip"));
        }
    }
    (page, None)
}

/// The request's `Accept-Encoding`, or nothing.
fn accepted_encodings(req: &HttpRequest) -> &str {
    req.headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn respond(req: &HttpRequest, asset: &Asset, cache: &'static str) -> HttpResponse {
    let accepts = accepted_encodings(req);
    let (body, encoding) = if accepts_encoding(accepts, "br") {
        (asset.br, Some("br"))
    } else if accepts_encoding(accepts, "gzip") {
        (asset.gzip, Some("gzip"))
    } else {
        (asset.raw, None)
    };
    let mut response = HttpResponse::build(StatusCode::OK);
    response
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(asset.mime)))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static(cache)))
        .insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
    if let Some(encoding) = encoding {
        response.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static(encoding)));
    }
    if req.method() == Method::HEAD {
        return response.finish();
    }
    response.body(body)
}

/// Whether `Accept-Encoding` lists `coding` with a q-value above zero.
fn accepts_encoding(header: &str, coding: &str) -> bool {
    header.split(',').any(|part| {
        let mut pieces = part.split(';').map(str::trim);
        let named = pieces
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case(coding));
        let quality = pieces
            .find_map(|p| p.strip_prefix("q="))
            .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
        named && quality > 0.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_negotiated_from_accept_encoding() {
        assert!(accepts_encoding("gzip, deflate, br, zstd", "br"));
        assert!(accepts_encoding("gzip;q=1.0, br;q=0.5", "br"));
        assert!(!accepts_encoding("gzip, br;q=0", "br"));
        assert!(!accepts_encoding("gzip, br; q=0.000", "br"));
        assert!(accepts_encoding("br;q=0.001", "br"));
        assert!(!accepts_encoding("identity", "gzip"));
    }

    #[test]
    fn pages_are_compressed_as_the_browser_accepts() {
        let page = INDEX.repeat(3).into_bytes();
        let (br, encoding) = compressed("gzip, deflate, br", page.clone());
        assert_eq!(encoding, Some("br"));
        assert!(br.len() < page.len() / 2, "{} of {}", br.len(), page.len());
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut br.as_slice(), &mut plain).expect("brotli");
        assert_eq!(plain, page);

        let (gz, encoding) = compressed("gzip", page.clone());
        assert_eq!(encoding, Some("gzip"));
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz.as_slice()), &mut plain)
            .expect("gzip");
        assert_eq!(plain, page);

        assert_eq!(compressed("identity", page.clone()), (page, None));
    }

    #[test]
    fn the_bundle_holds_the_app_shell_and_its_hashed_files() {
        let shell = INDEX;
        assert!(
            shell.contains("<!--page-->") && shell.contains("<!--/page-->"),
            "index.html marks the tags shared pages replace"
        );
        assert!(
            shell.contains("<html lang=\"fr\">") && shell.contains("<!--first-paint-->"),
            "index.html marks its language and where the first paint goes"
        );
        let css = ASSETS
            .iter()
            .find(|a| a.name.ends_with(".css"))
            .and_then(|a| std::str::from_utf8(a.raw).ok())
            .unwrap_or_default();
        let tokens = |selector: &str| {
            let start = css.find(selector).map(|i| i + selector.len());
            let block = start.map(|i| &css[i..]).unwrap_or_default();
            block[..block.find('}').unwrap_or_default()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let followed = tokens(":root:not([data-theme=\"light\"]) {");
        assert!(
            followed.contains("--bg:"),
            "the dark theme follows the system"
        );
        assert_eq!(
            followed,
            tokens(":root[data-theme=\"dark\"] {"),
            "the dark theme picked is the one followed from the system"
        );
        let wasm = ASSETS.iter().find(|a| a.name.ends_with(".wasm"));
        assert!(wasm.is_some_and(|w| w.mime == "application/wasm" && w.raw.starts_with(b"\0asm")));
        for asset in ASSETS.iter().filter(|a| !a.name.starts_with("snippets/")) {
            if asset.name.ends_with(".css") || asset.name.starts_with("boot-") {
                assert!(
                    shell.contains(asset.name),
                    "index.html does not reference {}",
                    asset.name
                );
            }
            assert!(
                asset.br.len() < asset.raw.len() || asset.raw.len() < 64,
                "{} not compressed",
                asset.name
            );
        }
    }
}
