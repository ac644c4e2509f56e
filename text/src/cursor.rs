//! Opaque keyset cursors. A cursor carries the full sort key of the last item of a page
//! (the ordering value and the id that breaks ties), so the next page is one index range
//! read, as cheap at page 50 as at page 1. It names its sort, and a cursor made for
//! another sort or edited by hand is refused rather than misread.

use api::FieldIssue;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The ordering value of the last item seen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SortValue {
    /// Sorts by id alone (newest first).
    None,
    Int(i64),
    /// Carried as its exact bits: the next page starts exactly after it.
    Float(f64),
}

/// Where the next page starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cursor {
    pub value: SortValue,
    pub id: i64,
}

impl Cursor {
    /// The opaque form for `sort`.
    pub fn encode(&self, sort: &str) -> String {
        let value = match self.value {
            SortValue::None => "-".to_owned(),
            SortValue::Int(v) => format!("i{v}"),
            SortValue::Float(v) => format!("f{:x}", v.to_bits()),
        };
        URL_SAFE_NO_PAD.encode(format!("{sort}~{value}~{}", self.id))
    }

    /// Reads a cursor made for `sort`.
    pub fn decode(raw: &str, sort: &str) -> Result<Cursor, FieldIssue> {
        let bytes = URL_SAFE_NO_PAD
            .decode(raw.trim())
            .map_err(|_| FieldIssue::Invalid)?;
        let text = String::from_utf8(bytes).map_err(|_| FieldIssue::Invalid)?;
        let mut parts = text.split('~');
        let (Some(made_for), Some(value), Some(id), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(FieldIssue::Invalid);
        };
        if made_for != sort {
            return Err(FieldIssue::Invalid);
        }
        let id: i64 = id.parse().map_err(|_| FieldIssue::Invalid)?;
        let value = if value == "-" {
            SortValue::None
        } else if let Some(int) = value.strip_prefix('i') {
            SortValue::Int(int.parse().map_err(|_| FieldIssue::Invalid)?)
        } else if let Some(bits) = value.strip_prefix('f') {
            let bits = u64::from_str_radix(bits, 16).map_err(|_| FieldIssue::Invalid)?;
            let float = f64::from_bits(bits);
            if !float.is_finite() {
                return Err(FieldIssue::Invalid);
            }
            SortValue::Float(float)
        } else {
            return Err(FieldIssue::Invalid);
        };
        Ok(Cursor { value, id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_exactly() {
        for value in [
            SortValue::None,
            SortValue::Int(-3),
            SortValue::Int(42),
            SortValue::Float(1_370.123_456_789_012_3),
            SortValue::Float(0.0),
        ] {
            let cursor = Cursor { value, id: 99 };
            let encoded = cursor.encode("hot");
            assert_eq!(Cursor::decode(&encoded, "hot"), Ok(cursor));
        }
    }

    #[test]
    fn foreign_or_forged_cursors_are_refused() {
        let cursor = Cursor {
            value: SortValue::Int(5),
            id: 1,
        }
        .encode("top");
        assert_eq!(Cursor::decode(&cursor, "hot"), Err(FieldIssue::Invalid));
        for raw in [
            "",
            "%%%",
            "bm90IGEgY3Vyc29y",
            &URL_SAFE_NO_PAD.encode("top~fNaN~1"),
        ] {
            assert_eq!(
                Cursor::decode(raw, "top"),
                Err(FieldIssue::Invalid),
                "{raw}"
            );
        }
        let nan = URL_SAFE_NO_PAD.encode(format!("hot~f{:x}~1", f64::NAN.to_bits()));
        assert_eq!(Cursor::decode(&nan, "hot"), Err(FieldIssue::Invalid));
    }
}
