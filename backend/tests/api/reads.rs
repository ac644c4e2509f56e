//! The pages people read most read SQLite through rusqlite on the request's thread
//! (`platform::read`): what they read must be what sea-orm reads.

use crate::helpers::spawn_app;
use backend::entities::*;
use backend::platform::read::{Read, Reader};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

/// Every row of every table of the demo (hidden, merged and answered content, people
/// with roles, times, enums, flags, ranks) comes out of rusqlite as it comes out of
/// sea-orm; and so do tuples, with parameters of each type (a time compared with stored
/// times included). On PostgreSQL, these pages read through sea-orm's pool.
#[tokio::test]
async fn rusqlite_reads_every_table_as_sea_orm_does() {
    let app = spawn_app().await;
    let output = app.cocrea(&["seed", "--demo"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (orm, fast) = (Reader::Orm(&app.db.read), app.db.reader());
    if app.database_url.starts_with("postgres") {
        assert!(matches!(fast, Reader::Orm(_)));
        return;
    }
    assert!(matches!(fast, Reader::Sqlite(_)));
    // The demo hides nothing and merges nothing: one idea hidden (with SQLite's own time
    // format), another merged into it.
    app.db
        .write
        .execute_unprepared(
            "UPDATE ideas SET hidden_at = CURRENT_TIMESTAMP, hidden_reason = 'spam' \
             WHERE id = (SELECT MIN(id) FROM ideas)",
        )
        .await
        .unwrap();
    app.db
        .write
        .execute_unprepared(
            "UPDATE ideas SET merged_into_id = (SELECT MIN(id) FROM ideas) \
             WHERE id = (SELECT MAX(id) FROM ideas)",
        )
        .await
        .unwrap();
    macro_rules! same {
        ($($table:ident),*) => {$(
            let expected = orm.models($table::Entity::find()).await.unwrap();
            let read = fast.models($table::Entity::find()).await.unwrap();
            assert_eq!(read, expected, stringify!($table));
        )*};
    }
    same!(
        accessibility_problems,
        answer_votes,
        answers,
        audit_log,
        client_codes,
        comments,
        email_outbox,
        email_tokens,
        expert_themes,
        follows,
        idea_status_changes,
        ideas,
        identities,
        merged_supports,
        notification_prefs,
        notifications,
        oidc_states,
        questions,
        recovery_codes,
        reports,
        sessions,
        themes,
        two_factor,
        user_roles,
        users,
        idea_supports,
        question_votes,
        comment_votes
    );
    let ideas = orm.models(ideas::Entity::find()).await.unwrap();
    assert!(ideas.iter().any(|i| i.hidden_at.is_some()));
    assert!(ideas.iter().any(|i| i.merged_into_id.is_some()));

    let times: Vec<DateTime<Utc>> = orm
        .tuples(
            &ideas::Entity::find()
                .select_only()
                .column(ideas::Column::CreatedAt),
        )
        .await
        .unwrap();
    let middle = times[times.len() / 2];
    type Row = (
        i64,
        String,
        api::IdeaStatus,
        f64,
        bool,
        Option<DateTime<Utc>>,
    );
    let query = ideas::Entity::find()
        .select_only()
        .column(ideas::Column::Id)
        .column(ideas::Column::Title)
        .column(ideas::Column::Status)
        .column(ideas::Column::HotRank)
        .column_as(ideas::Column::LockedAt.is_null(), "open")
        .column(ideas::Column::HiddenAt)
        .filter(ideas::Column::CreatedAt.lt(middle))
        .filter(ideas::Column::HotRank.gte(0.0))
        .filter(ideas::Column::Title.ne("none"));
    let expected: Vec<Row> = orm.tuples(&query).await.unwrap();
    assert!(!expected.is_empty() && expected.len() < times.len());
    assert_eq!(fast.tuples::<Row>(&query).await.unwrap(), expected);
    let none = ideas::Entity::find().filter(ideas::Column::Id.eq(-1));
    assert!(fast.models(none).await.unwrap().is_empty());
}
