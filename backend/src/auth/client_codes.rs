//! Clients verified by a one-time code from the bank, for banks without OpenID Connect:
//! `cocrea clients codes` prints codes, the bank hands one to each client (in its branch,
//! its secure messaging…), and a member who enters one in their settings becomes a client.
//!
//! A code is 12 characters of Crockford's base32 (60 bits), shown `XXXX-XXXX-XXXX`; typing
//! is forgiving (case, spaces and dashes aside; `O` read as `0`, `I` and `L` as `1`). Only
//! an HMAC of it keyed from the server's secret is stored, so a copy of the database
//! gives none away. A code works once, until it expires; wrong codes count against the
//! `code` limit; every use is in the audit log.

use crate::entities::{client_codes, users};
use crate::platform::audit::{self, Entry};
use crate::platform::auth::CurrentUser;
use crate::platform::auth::keys::keyed_hash;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::{AuditAction, FieldIssue, TargetType};
use chrono::{Duration, Utc};
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use secrecy::SecretString;

/// Crockford's base32: no I, L, O or U to misread.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH: usize = 12;

/// A new code, as printed: `XXXX-XXXX-XXXX`.
fn new_code() -> String {
    random_code(LENGTH, 4)
}

/// A code as typed, in its one written form, or `None` when it cannot be a code.
pub fn normalise(typed: &str) -> Option<String> {
    normalise_code(typed, LENGTH)
}

/// `length` random characters of Crockford's base32, in groups of `group` joined by `-`.
pub(crate) fn random_code(length: usize, group: usize) -> String {
    let mut rng = rand::thread_rng();
    let chars: Vec<char> = (0..length)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect();
    chars
        .chunks(group)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code of `length` characters of Crockford's base32 as typed, in its one written form
/// (case, spaces and dashes aside; `O` read as `0`, `I` and `L` as `1`), or `None`.
pub(crate) fn normalise_code(typed: &str, length: usize) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    (code.len() == length && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

fn hash(secret: &SecretString, code: &str) -> String {
    keyed_hash(secret, b"cocrea client codes", code)
}

/// Makes `count` codes that work for `days` days, and returns them to be printed.
pub async fn generate(
    db: &Db,
    secret: &SecretString,
    count: usize,
    days: i64,
) -> anyhow::Result<Vec<String>> {
    anyhow::ensure!((1..=10_000).contains(&count), "--count is 1 to 10000");
    anyhow::ensure!((1..=3650).contains(&days), "--expires is 1 to 3650 days");
    let now = Utc::now();
    let codes: Vec<String> = (0..count).map(|_| new_code()).collect();
    let txn = db.write.begin().await?;
    for chunk in codes.chunks(500) {
        let rows = chunk.iter().map(|code| client_codes::ActiveModel {
            code_hash: Set(hash(secret, &normalise(code).unwrap_or_default())),
            created_at: Set(now),
            expires_at: Set(now + Duration::days(days)),
            used_at: Set(None),
            used_by: Set(None),
            ..Default::default()
        });
        client_codes::Entity::insert_many(rows).exec(&txn).await?;
    }
    txn.commit().await?;
    Ok(codes)
}

/// Makes the person a client with a code from the bank: it must be unused and
/// unexpired, and is used up. A client already stays one, and keeps the code unused.
#[tracing::instrument(skip_all, fields(user.id = user.user.id))]
pub async fn redeem(
    db: &Db,
    secret: &SecretString,
    user: &CurrentUser,
    typed: &str,
) -> ApiResult<()> {
    if user.user.is_client {
        return Ok(());
    }
    let invalid = || ApiError::field("code", FieldIssue::Invalid);
    let code = normalise(typed).ok_or_else(invalid)?;
    let now = Utc::now();
    let txn = db.write.begin().await?;
    let found = client_codes::Entity::find()
        .filter(client_codes::Column::CodeHash.eq(hash(secret, &code)))
        .filter(client_codes::Column::UsedAt.is_null())
        .filter(client_codes::Column::ExpiresAt.gt(now))
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    // Claimed in one statement, so two people typing the same code cannot both win.
    let claimed = client_codes::Entity::update_many()
        .col_expr(client_codes::Column::UsedAt, Expr::value(Some(now)))
        .col_expr(
            client_codes::Column::UsedBy,
            Expr::value(Some(user.user.id)),
        )
        .filter(client_codes::Column::Id.eq(found.id))
        .filter(client_codes::Column::UsedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if claimed != 1 {
        return Err(invalid());
    }
    users::Entity::update_many()
        .col_expr(users::Column::IsClient, Expr::value(true))
        .filter(users::Column::Id.eq(user.user.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        user,
        Entry {
            action: AuditAction::ClientVerified,
            target_type: TargetType::Person,
            target_id: user.user.id,
            reason: "one-time code from the bank",
            details: format!("client code #{}", found.id),
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(code.id = found.id, "client verified by a code");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_forgivingly_and_only_in_their_alphabet() {
        let code = new_code();
        assert_eq!(code.len(), 14);
        let written = normalise(&code).unwrap();
        assert_eq!(normalise(&code.to_lowercase()), Some(written.clone()));
        assert_eq!(normalise(&written), Some(written.clone()));
        assert_eq!(
            normalise(" abcd efgh 1o1l "),
            Some("ABCDEFGH1011".to_owned())
        );
        for bad in [
            "",
            "ABCD-EFGH",
            "ABCD-EFGH-123U",
            "ABCD-EFGH-12345",
            "ÀBCD-EFGH-1234",
        ] {
            assert_eq!(normalise(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_code_hashes_differently_under_another_secret() {
        let a = SecretString::from("a".repeat(40));
        let b = SecretString::from("b".repeat(40));
        assert_ne!(hash(&a, "ABCDEFGH1234"), hash(&b, "ABCDEFGH1234"));
        assert_eq!(hash(&a, "ABCDEFGH1234").len(), 64);
    }
}
