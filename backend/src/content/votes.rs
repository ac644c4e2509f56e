//! The one vote mechanism, for everything people vote on: supports on ideas, relevance
//! on questions, helpful / not helpful on answers, helpful on comments.
//!
//! A vote is a row of a ballot table, one per item and person, remembering whether the
//! person was a verified client when they voted (the split stays what it was then). The
//! item's counters, by side and segment, move in the same transaction as the row, and
//! relative to what is stored, so they stay exact under any concurrency: the item is
//! read locked first ([`locked`]). On PostgreSQL the ballot row and the counters move in
//! one statement (the ballot written in a `WITH`, the counters moved only if it was), one
//! round trip fewer per vote: a vote writer's lane spends most of its time waiting for
//! round trips, not for the database. Each kind of vote is listed once in
//! [`crate::content::kinds::VOTES`], which the data export, the erasure of an account
//! and the counter check read.

use crate::content::follows;
use crate::platform::auth::CurrentUser;
use crate::platform::db::{Ahead, Batch, Db, Target};
use crate::platform::error::{ApiError, ApiResult};
use crate::platform::read::{Read, Table};
use crate::platform::viewers::Viewers;
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use sea_orm::sea_query::{
    Alias, Asterisk, CommonTableExpression, Expr, ExprTrait, OnConflict, Query, SubQueryStatement,
    UpdateStatement, WithClause,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, IdenStatic,
    ModelTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Value,
};
use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

/// The counters of one side of a vote: everyone, and the verified clients among them.
pub(crate) struct Tally<C> {
    pub total: C,
    pub clients: C,
}

/// Something people vote on: its id and the counters of each side.
pub(crate) trait Voted: EntityTrait {
    const ID: Self::Column;
    /// The counters of `+1` votes (a support, "relevant", "helpful").
    const UP: Tally<Self::Column>;
    /// The counters of `-1` votes, where a vote has two sides ("not helpful").
    const DOWN: Option<Tally<Self::Column>> = None;

    /// A column that follows the up count, with its new value (the hot rank of lists).
    fn follows_up(_row: &Self::Model, _up: i32) -> ApiResult<Option<(Self::Column, Value)>> {
        Ok(None)
    }
}

/// A ballot table: one row per item and person.
pub(crate) trait Ballot: EntityTrait + Table {
    const TARGET: Self::Column;
    const USER: Self::Column;
    const IS_CLIENT: Self::Column;
    const CREATED_AT: Self::Column;
    /// The side (`1` or `-1`) of two-sided votes; one-sided votes are all `+1`.
    const SIDE: Option<Self::Column> = None;
}

/// The value of `column` in `row`, as the column's Rust type.
pub(crate) fn read<E: EntityTrait, T: sea_orm::sea_query::ValueType>(
    row: &E::Model,
    column: E::Column,
) -> ApiResult<T> {
    T::try_from(row.get(column))
        .map_err(|_| ApiError::Internal(anyhow::anyhow!("unexpected column type")))
}

/// The row `id` a vote is about, locked until the transaction ends on PostgreSQL (on
/// SQLite the one writer keeps others out already), so the counts read are the counts
/// the vote moves; 404 when there is none.
pub(crate) async fn locked<E: Voted>(txn: &impl ConnectionTrait, id: i64) -> ApiResult<E::Model> {
    E::find()
        .filter(E::ID.eq(id))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)
}

/// What a vote route asks before a vote is cast on a row: `Err` refuses it (404 where the
/// voter cannot read the row, 409 on their own…), before anything is written.
pub(crate) type Allowed<E> = fn(&CurrentUser, &<E as EntityTrait>::Model) -> ApiResult<()>;

/// `user`'s vote on `side` of row `id`, in the vote writer's batch ([`Db::batched`]): the
/// row read [`locked`] (with the batch's others), `allowed` asked, the vote [`cast`]. The
/// row as it now is.
pub(crate) async fn cast_on<B: Ballot, E: Voted>(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    side: i16,
    allowed: Allowed<E>,
) -> ApiResult<E::Model> {
    let user = user.clone();
    db.batched(Target::of::<E>(id), Some(lock_all::<E>), move |batch| {
        let user = user.clone();
        Box::pin(async move {
            let row = row_in::<E>(batch, id).await?;
            allowed(&user, &row)?;
            let row =
                cast::<B, E>(&batch.txn, row, user.user.id, user.user.is_client, side).await?;
            batch.keep(Target::of::<E>(id), row.clone());
            Ok(row)
        })
    })
    .await
}

/// Takes back `user`'s vote on row `id`, in the vote writer's batch; taking it back twice
/// changes nothing. The row as it now is.
pub(crate) async fn withdraw_on<B: Ballot, E: Voted>(
    db: &Db,
    user: &CurrentUser,
    id: i64,
) -> ApiResult<E::Model> {
    let user = user.user.id;
    db.batched(Target::of::<E>(id), Some(lock_all::<E>), move |batch| {
        Box::pin(async move {
            let row = row_in::<E>(batch, id).await?;
            let row = withdraw::<B, E>(&batch.txn, row, user).await?;
            batch.keep(Target::of::<E>(id), row.clone());
            Ok(row)
        })
    })
    .await
}

/// The row `id` as the batch read it ahead and its earlier votes left it, or read
/// [`locked`] now when it was not read ahead (a vote run alone).
async fn row_in<E: Voted>(batch: &Batch, id: i64) -> ApiResult<E::Model> {
    match batch.ahead::<E::Model>(Target::of::<E>(id)) {
        Some(row) => row.ok_or(ApiError::NotFound),
        None => locked::<E>(&batch.txn, id).await,
    }
}

/// The rows `ids` read [`locked`] in one statement, in id order, for [`Db::batched`]'s
/// reading ahead: a batch of votes pays one round trip for all its rows.
fn lock_all<E: Voted>(
    txn: &DatabaseTransaction,
    ids: Vec<i64>,
) -> BoxFuture<'_, ApiResult<Vec<(i64, Ahead)>>> {
    Box::pin(async move {
        E::find()
            .filter(E::ID.is_in(ids))
            .order_by_asc(E::ID)
            .lock_exclusive()
            .all(txn)
            .await?
            .into_iter()
            .map(|row| Ok((read::<E, i64>(&row, E::ID)?, Box::new(row) as Ahead)))
            .collect()
    })
}

/// Records `user`'s vote on `side` (`1`, or `-1` on two-sided votes) of `row` (read with
/// [`locked`]): a new vote counts, the same vote again changes nothing, the other side
/// moves the vote over. The row as it now is.
pub(crate) async fn cast<B: Ballot, E: Voted>(
    txn: &impl ConnectionTrait,
    row: E::Model,
    user: i64,
    is_client: bool,
    side: i16,
) -> ApiResult<E::Model> {
    let target = read::<E, i64>(&row, E::ID)?;
    let mut columns = vec![B::TARGET, B::USER, B::IS_CLIENT, B::CREATED_AT];
    let mut values: Vec<sea_orm::sea_query::SimpleExpr> = vec![
        target.into(),
        user.into(),
        is_client.into(),
        Utc::now().into(),
    ];
    if let Some(column) = B::SIDE {
        columns.push(column);
        values.push(side.into());
    }
    let mut insert = Query::insert();
    insert
        .into_table(B::default())
        .columns(columns)
        .values_panic(values)
        .on_conflict(
            OnConflict::columns([B::TARGET, B::USER])
                .do_nothing()
                .to_owned(),
        );
    let counts = [(side, 1, is_client)];
    if txn.get_database_backend() == DbBackend::Postgres {
        let (update, counted) = counting::<E>(row.clone(), &counts)?;
        insert.returning_col(B::TARGET);
        let update = only_if_done(update, VOTED, insert);
        if txn.execute(&update).await?.rows_affected() > 0 {
            return Ok(counted);
        }
    } else if txn.execute(&insert).await?.rows_affected() > 0 {
        return count::<E>(txn, row, &counts).await;
    }
    let Some(column) = B::SIDE else {
        return Ok(row);
    };
    // Sides are ±1: a row that changes held the other one.
    let moved = B::update_many()
        .col_expr(column, Expr::val(side))
        .filter(B::TARGET.eq(target))
        .filter(B::USER.eq(user))
        .filter(column.ne(side))
        .exec_with_returning(txn)
        .await?;
    match moved.first() {
        Some(vote) => {
            let was_client = read::<B, bool>(vote, B::IS_CLIENT)?;
            count::<E>(txn, row, &[(side, 1, was_client), (-side, -1, was_client)]).await
        }
        None => Ok(row),
    }
}

/// Removes `user`'s vote on `row` (read with [`locked`]) and moves its counters back;
/// the row as it now is. Withdrawing twice changes nothing.
pub(crate) async fn withdraw<B: Ballot, E: Voted>(
    txn: &impl ConnectionTrait,
    row: E::Model,
    user: i64,
) -> ApiResult<E::Model> {
    let target = read::<E, i64>(&row, E::ID)?;
    if B::SIDE.is_none() && txn.get_database_backend() == DbBackend::Postgres {
        return withdraw_in_one::<B, E>(txn, row, target, user).await;
    }
    let removed = B::delete_many()
        .filter(B::TARGET.eq(target))
        .filter(B::USER.eq(user))
        .exec_with_returning(txn)
        .await?;
    match removed.first() {
        Some(vote) => {
            let side = side_of::<B>(vote)?;
            let was_client = read::<B, bool>(vote, B::IS_CLIENT)?;
            count::<E>(txn, row, &[(side, -1, was_client)]).await
        }
        None => Ok(row),
    }
}

/// [`withdraw`] of a one-sided vote on PostgreSQL, in one statement: the ballot deleted
/// in a `WITH`, and only if there was one, the counters moved as [`counting`] moves them
/// for a non-client's vote, the clients' count taken down too if the deleted row says the
/// voter was a client then.
async fn withdraw_in_one<B: Ballot, E: Voted>(
    txn: &impl ConnectionTrait,
    row: E::Model,
    target: i64,
    user: i64,
) -> ApiResult<E::Model> {
    let mut delete = Query::delete();
    delete
        .from_table(B::default())
        .and_where(Expr::col(B::TARGET).eq(target))
        .and_where(Expr::col(B::USER).eq(user))
        .returning_col(B::IS_CLIENT);
    let (mut update, mut withdrawn) = counting::<E>(row.clone(), &[(1, -1, false)])?;
    // 1 when the deleted ballot was a client's, 0 otherwise.
    let was_client = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from(Alias::new(GONE))
        .and_where(Expr::col((Alias::new(GONE), B::IS_CLIENT)).eq(true))
        .to_owned();
    let clients = E::UP.clients;
    update.value(
        clients,
        Expr::col(clients).sub(Expr::SubQuery(None, Box::new(was_client.into()))),
    );
    let mut update = only_if_done(update, GONE, delete);
    update.returning_col(clients);
    let Some(moved) = txn.query_one(&update).await? else {
        return Ok(row);
    };
    let now: i32 = moved.try_get("", clients.as_str())?;
    withdrawn.set(clients, now.into());
    Ok(withdrawn)
}

/// The names the vote's own write takes in a `WITH`: the ballot written, the ballot
/// deleted.
const VOTED: &str = "voted";
const GONE: &str = "gone";

/// `update`, run only when `write` (a statement returning the rows it wrote, run first
/// in a `WITH` named `name`) wrote a row.
fn only_if_done(
    mut update: UpdateStatement,
    name: &'static str,
    write: impl Into<SubQueryStatement>,
) -> UpdateStatement {
    let done = Query::select()
        .expr(Expr::val(1))
        .from(Alias::new(name))
        .to_owned();
    let cte = CommonTableExpression::new()
        .query(write)
        .table_name(Alias::new(name))
        .to_owned();
    update
        .and_where(Expr::exists(done))
        .with_cte(WithClause::new().cte(cte).to_owned());
    update
}

fn side_of<B: Ballot>(vote: &B::Model) -> ApiResult<i16> {
    B::SIDE.map_or(Ok(1), |column| read::<B, i16>(vote, column))
}

/// Moves the counters of `row` in one statement, each change being (side, ±1, from a
/// client), and whatever follows the up count; the row returned holds the new figures.
async fn count<E: Voted>(
    txn: &impl ConnectionTrait,
    row: E::Model,
    changes: &[(i16, i32, bool)],
) -> ApiResult<E::Model> {
    let (update, row) = counting::<E>(row, changes)?;
    txn.execute(&update).await?;
    Ok(row)
}

/// The statement of [`count`], and the row as it will be once run.
fn counting<E: Voted>(
    mut row: E::Model,
    changes: &[(i16, i32, bool)],
) -> ApiResult<(UpdateStatement, E::Model)> {
    let mut update = E::update_many().filter(E::ID.eq(read::<E, i64>(&row, E::ID)?));
    // Each change moves one side, and a call's changes are on different sides (a vote
    // moved over takes one from a side and gives it to the other), so no column is set
    // twice in the statement.
    for (side, delta, is_client) in changes {
        let tally = if *side > 0 {
            E::UP
        } else {
            E::DOWN.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("a one-sided vote")))?
        };
        let clients = is_client.then_some(tally.clients);
        for column in std::iter::once(tally.total).chain(clients) {
            update = update.col_expr(column, Expr::col(column).add(*delta));
            let now = read::<E, i32>(&row, column)? + delta;
            row.set(column, now.into());
        }
    }
    if let Some((column, value)) = E::follows_up(&row, read::<E, i32>(&row, E::UP.total)?)? {
        update = update.col_expr(column, Expr::val(value.clone()));
        row.set(column, value);
    }
    Ok((update.into_query(), row))
}

/// `viewer`'s votes among the items `ids`: the side of each one voted on.
pub(crate) async fn of_viewer<B: Ballot>(
    conn: &impl Read,
    viewer: i64,
    ids: &[i64],
) -> ApiResult<HashMap<i64, i16>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = conn
        .models(
            B::find()
                .filter(B::USER.eq(viewer))
                .filter(B::TARGET.is_in(ids.iter().copied())),
        )
        .await?;
    rows.iter()
        .map(|vote| Ok((read::<B, i64>(vote, B::TARGET)?, side_of::<B>(vote)?)))
        .collect()
}

/// `viewer`'s votes among the items `ids`, from all their votes of this kind, kept for them
/// in `viewers` (see [`crate::platform::viewers`]); asked of the database each time for
/// someone who cast more than [`follows::KEPT_MAX`] of them.
pub(crate) async fn of_viewer_kept<B: Ballot>(
    conn: &impl Read,
    viewers: &Viewers,
    viewer: i64,
    ids: &[i64],
) -> ApiResult<HashMap<i64, i16>> {
    let all = viewers
        .get(viewer, B::default().table_name(), async {
            let rows = conn
                .models(
                    B::find()
                        .filter(B::USER.eq(viewer))
                        .limit(follows::KEPT_MAX + 1),
                )
                .await?;
            if rows.len() as u64 > follows::KEPT_MAX {
                return Ok(None);
            }
            rows.iter()
                .map(|vote| Ok((read::<B, i64>(vote, B::TARGET)?, side_of::<B>(vote)?)))
                .collect::<ApiResult<HashMap<i64, i16>>>()
                .map(Some)
        })
        .await?;
    match all.as_ref() {
        Some(all) => Ok(ids
            .iter()
            .filter_map(|id| all.get(id).map(|side| (*id, *side)))
            .collect()),
        None => of_viewer::<B>(conn, viewer, ids).await,
    }
}

/// One vote of a person, as their data export shows it.
pub(crate) struct Cast {
    pub target_id: i64,
    pub side: i16,
    pub created_at: DateTime<Utc>,
}

/// A counter that must equal the number of some rows: `column` of `table` counts the rows
/// of `rows` whose `key` is its id and that pass `only` (an SQL condition on `r`).
pub(crate) struct Counter {
    pub table: String,
    pub column: String,
    pub rows: String,
    pub key: String,
    pub only: String,
}

type Boxed<'a, T> = Pin<Box<dyn Future<Output = ApiResult<T>> + Send + 'a>>;

/// One kind of vote, as the data export, the erasure of an account and the counter
/// check see it.
pub(crate) trait VoteKind: Sync {
    /// Its list in the data export.
    fn export_name(&self) -> &'static str;
    /// A person's votes of this kind, oldest item first.
    fn of_person<'a>(
        &'a self,
        conn: &'a sea_orm::DatabaseConnection,
        user: i64,
    ) -> Boxed<'a, Vec<Cast>>;
    /// Withdraws each of a person's votes, moving counters back as by hand.
    fn withdraw_all<'a>(&'a self, txn: &'a DatabaseTransaction, user: i64) -> Boxed<'a, ()>;
    /// The counters its rows must match.
    fn counters(&self) -> Vec<Counter>;
}

/// The [`VoteKind`] of ballots `B` on items `E`.
pub(crate) struct Votes<B, E> {
    export_name: &'static str,
    kinds: PhantomData<fn() -> (B, E)>,
}

impl<B, E> Votes<B, E> {
    pub(crate) const fn named(export_name: &'static str) -> Self {
        Votes {
            export_name,
            kinds: PhantomData,
        }
    }
}

impl<B: Ballot, E: Voted> VoteKind for Votes<B, E>
where
    B::Model: Sync,
    E::Model: Sync,
{
    fn export_name(&self) -> &'static str {
        self.export_name
    }

    fn of_person<'a>(
        &'a self,
        conn: &'a sea_orm::DatabaseConnection,
        user: i64,
    ) -> Boxed<'a, Vec<Cast>> {
        Box::pin(async move {
            let rows = B::find()
                .filter(B::USER.eq(user))
                .order_by_asc(B::TARGET)
                .all(conn)
                .await?;
            rows.iter()
                .map(|vote| {
                    Ok(Cast {
                        target_id: read::<B, i64>(vote, B::TARGET)?,
                        side: side_of::<B>(vote)?,
                        created_at: read::<B, DateTime<Utc>>(vote, B::CREATED_AT)?,
                    })
                })
                .collect()
        })
    }

    fn withdraw_all<'a>(&'a self, txn: &'a DatabaseTransaction, user: i64) -> Boxed<'a, ()> {
        Box::pin(async move {
            let targets: Vec<i64> = B::find()
                .select_only()
                .column(B::TARGET)
                .filter(B::USER.eq(user))
                .into_tuple()
                .all(txn)
                .await?;
            for target in targets {
                let row = locked::<E>(txn, target).await?;
                withdraw::<B, E>(txn, row, user).await?;
            }
            Ok(())
        })
    }

    fn counters(&self) -> Vec<Counter> {
        let counter = |column: E::Column, only: String| Counter {
            table: E::default().table_name().to_owned(),
            column: column.as_str().to_owned(),
            rows: B::default().table_name().to_owned(),
            key: B::TARGET.as_str().to_owned(),
            only,
        };
        let side = |sign: &str| {
            B::SIDE
                .map(|c| format!("r.{} {sign} 0", c.as_str()))
                .unwrap_or_default()
        };
        let clients = |side: String| {
            let client = format!("r.{} = TRUE", B::IS_CLIENT.as_str());
            if side.is_empty() {
                client
            } else {
                format!("{side} AND {client}")
            }
        };
        let mut counters = vec![
            counter(E::UP.total, side(">")),
            counter(E::UP.clients, clients(side(">"))),
        ];
        if let Some(down) = E::DOWN {
            counters.push(counter(down.total, side("<")));
            counters.push(counter(down.clients, clients(side("<"))));
        }
        counters
    }
}

/// Counts by segment from a total and the clients among it.
pub(crate) fn segments(total: i32, clients: i32) -> api::Supports {
    let total = u32::try_from(total).unwrap_or(0);
    let clients = u32::try_from(clients).unwrap_or(0);
    api::Supports {
        total,
        clients,
        non_clients: total.saturating_sub(clients),
    }
}
