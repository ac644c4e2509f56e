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
    );
    let head = state.db.unless_down(head).await.unwrap_or_else(|error| {
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
    let page = html.into_bytes();
    let compressed =
        Coding::accepted(&req).and_then(|coding| Some((coding, compressed(coding, &page).ok()?)));
    Ok(match compressed {
        Some((coding, body)) => response
            .insert_header((header::CONTENT_ENCODING, coding.header()))
            .body(body),
        None => response.body(page),
    })
}

/// The encodings the server sends, in its order of preference.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Coding {
    Brotli,
    Gzip,
}

impl Coding {
    /// The first of the server's encodings that the request's `Accept-Encoding` allows.
    fn accepted(req: &HttpRequest) -> Option<Self> {
        let accepts = req
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Self::among(accepts)
    }

    fn among(accepts: &str) -> Option<Self> {
        [Self::Brotli, Self::Gzip]
            .into_iter()
            .find(|coding| accepts_encoding(accepts, coding.name()))
    }

    fn name(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
        }
    }

    fn header(self) -> HeaderValue {
        HeaderValue::from_static(self.name())
    }
}

/// A page compressed in `coding`: brotli at a middle quality (a page of a few kilobytes
/// takes well under a millisecond and comes out at about a third of its size), or gzip.
/// A page holds no secret (no token, no key), so compressing it beside text from its
/// address reveals nothing (BREACH).
fn compressed(coding: Coding, page: &[u8]) -> std::io::Result<Vec<u8>> {
    match coding {
        Coding::Brotli => {
            let params = brotli::enc::BrotliEncoderParams {
                quality: 5,
                lgwin: 18,
                ..Default::default()
            };
            let mut out = Vec::with_capacity(page.len() / 2);
            brotli::BrotliCompress(&mut &page[..], &mut out, &params)?;
            Ok(out)
        }
        Coding::Gzip => {
            let mut gz = flate2::write::GzEncoder::new(
                Vec::with_capacity(page.len() / 2),
                flate2::Compression::fast(),
            );
            std::io::Write::write_all(&mut gz, page)?;
            gz.finish()
        }
    }
}

fn respond(req: &HttpRequest, asset: &Asset, cache: &'static str) -> HttpResponse {
    let coding = Coding::accepted(req);
    let body = match coding {
        Some(Coding::Brotli) => asset.br,
        Some(Coding::Gzip) => asset.gzip,
        None => asset.raw,
    };
    let mut response = HttpResponse::build(StatusCode::OK);
    response
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(asset.mime)))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static(cache)))
        .insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
    if let Some(coding) = coding {
        response.insert_header((header::CONTENT_ENCODING, coding.header()));
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
        assert_eq!(Coding::among("gzip, deflate, br"), Some(Coding::Brotli));
        let br = compressed(Coding::Brotli, &page).expect("brotli");
        assert!(br.len() < page.len() / 2, "{} of {}", br.len(), page.len());
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut br.as_slice(), &mut plain).expect("brotli");
        assert_eq!(plain, page);

        assert_eq!(Coding::among("gzip"), Some(Coding::Gzip));
        let gz = compressed(Coding::Gzip, &page).expect("gzip");
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz.as_slice()), &mut plain)
            .expect("gzip");
        assert_eq!(plain, page);

        assert_eq!(Coding::among("identity"), None);
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
