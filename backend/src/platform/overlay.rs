//! A page everyone sees, serialized once, with the viewer's own state laid over it per
//! request: one boolean per item (their support, their vote) written into the places
//! left open, instead of cloning the page and serializing it again for every signed-in
//! request (which was most of their cost: measured, JSON escaping and copies).

use crate::platform::error::{ApiError, ApiResult};
use serde::Serialize;

/// A page of items as JSON, with one boolean per item open.
pub struct Overlay {
    /// The items' ids, in the page's order.
    ids: Vec<i64>,
    body: Body,
}

enum Body {
    /// The JSON around the open places: `parts[k]`, then item `k`'s boolean, then
    /// `parts[k + 1]`…
    Spliced(Vec<Vec<u8>>),
    /// Where the places could not be told apart (never expected: see [`Overlay::new`]),
    /// the document, set and serialized per request.
    Document(serde_json::Value, &'static str),
}

impl Overlay {
    /// `page` serialized with `field` false in each of its `items` (whose ids are `ids`).
    /// The places are the `"field":false` keys: inside a string a quote is escaped, so
    /// user text cannot look like one; there must be exactly one per item, in order.
    pub fn new(page: &impl Serialize, ids: Vec<i64>, field: &'static str) -> ApiResult<Overlay> {
        let json = serde_json::to_vec(page).map_err(|e| ApiError::Internal(e.into()))?;
        let place = format!("\"{field}\":false");
        let mut parts = Vec::with_capacity(ids.len() + 1);
        let mut rest = json.as_slice();
        while let Some(at) = find(rest, place.as_bytes()) {
            let open = at + place.len() - "false".len();
            parts.push(rest[..open].to_vec());
            rest = &rest[at + place.len()..];
        }
        parts.push(rest.to_vec());
        let body = if parts.len() == ids.len() + 1 {
            Body::Spliced(parts)
        } else {
            let document =
                serde_json::from_slice(&json).map_err(|e| ApiError::Internal(e.into()))?;
            Body::Document(document, field)
        };
        Ok(Overlay { ids, body })
    }

    pub fn ids(&self) -> &[i64] {
        &self.ids
    }

    /// The page as JSON, the open place of each item set to `on(its id)`.
    pub fn json(&self, on: impl Fn(i64) -> bool) -> ApiResult<Vec<u8>> {
        match &self.body {
            Body::Spliced(parts) => {
                let mut json = Vec::with_capacity(
                    parts.iter().map(Vec::len).sum::<usize>() + 5 * self.ids.len(),
                );
                for (part, id) in parts.iter().zip(self.ids.iter().map(Some).chain([None])) {
                    json.extend_from_slice(part);
                    if let Some(id) = id {
                        json.extend_from_slice(if on(*id) { b"true" } else { b"false" });
                    }
                }
                Ok(json)
            }
            Body::Document(document, field) => {
                let mut document = document.clone();
                if let Some(items) = document.get_mut("items").and_then(|i| i.as_array_mut()) {
                    for (item, id) in items.iter_mut().zip(&self.ids) {
                        item[*field] = serde_json::Value::Bool(on(*id));
                    }
                }
                serde_json::to_vec(&document).map_err(|e| ApiError::Internal(e.into()))
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn the_viewers_state_lands_on_its_own_items_and_user_text_cannot_fool_it() {
        let page = json!({
            "items": [
                {"id": 7, "title": "\"seen\":false, a title that looks like a key", "seen": false},
                {"id": 9, "title": "plain", "seen": false},
            ],
            "next_cursor": null,
        });
        let overlay = Overlay::new(&page, vec![7, 9], "seen").unwrap();
        assert!(matches!(overlay.body, Body::Spliced(_)));
        let json: Value = serde_json::from_slice(&overlay.json(|id| id == 9).unwrap()).unwrap();
        let mut expected = page.clone();
        expected["items"][1]["seen"] = Value::Bool(true);
        assert_eq!(json, expected);
        assert_eq!(overlay.ids(), &[7, 9]);
    }

    #[test]
    fn a_page_whose_places_do_not_match_its_items_is_still_right() {
        // A nested object with the same key: two places for one item.
        let page = json!({"items": [{"id": 1, "seen": false, "inner": {"seen": false}}]});
        let overlay = Overlay::new(&page, vec![1], "seen").unwrap();
        assert!(matches!(overlay.body, Body::Document(..)));
        let json: Value = serde_json::from_slice(&overlay.json(|_| true).unwrap()).unwrap();
        assert_eq!(json["items"][0]["seen"], true);
        assert_eq!(json["items"][0]["inner"]["seen"], false);
    }
}
