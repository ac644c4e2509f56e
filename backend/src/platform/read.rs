//! Reading the database on the pages people read most, without paying a thread hop per
//! statement on SQLite.
//!
//! sqlx runs each SQLite connection on a thread of its own: every statement is a message
//! to that thread and every row a message back, each waking a sleeping thread. A page of
//! the hot list is five statements and about fifty rows, and profiling an uncached run
//! showed the server spending more time switching threads than reading. SQLite is a
//! library working on a file the operating system keeps in memory: a read of a page is
//! tens of microseconds, shorter than the hops around it. So on SQLite, [`Reader`] runs
//! these statements with rusqlite right on the request's thread, on read-only
//! connections of its own; on PostgreSQL (a server across a socket) it is sea-orm as
//! everywhere else.
//!
//! The statements are the same on both paths: sea-orm's query builder writes them, for
//! the engine at hand, and each path turns the rows into the same values, typed by the
//! model's columns or by the tuple asked for.

use crate::platform::error::{ApiError, ApiResult};
use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use rusqlite::types::{Value as Cell, ValueRef};
use sea_orm::sea_query::{ArrayType, ColumnType, ValueType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, Iterable, QuerySelect, QueryTrait, Select, Statement, TryGetableMany,
    TryIntoModel, Value,
};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Statements each rusqlite connection keeps prepared.
const PREPARED: usize = 64;

/// Idle connections kept for the next reads; more are opened when more read at once.
const IDLE: usize = 8;

/// Read-only rusqlite connections to the SQLite file, taken by a read and given back.
#[derive(Debug)]
pub struct SqliteReads {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

impl SqliteReads {
    /// Opens one connection now, so a file that cannot be read fails at start.
    pub fn open(path: &Path) -> anyhow::Result<SqliteReads> {
        let reads = SqliteReads {
            path: path.to_owned(),
            idle: Mutex::default(),
        };
        let first = reads.connect()?;
        reads.give_back(first);
        Ok(reads)
    }

    fn connect(&self) -> rusqlite::Result<rusqlite::Connection> {
        use rusqlite::OpenFlags;
        let conn = rusqlite::Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(PREPARED);
        Ok(conn)
    }

    fn give_back(&self, conn: rusqlite::Connection) {
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < IDLE
        {
            idle.push(conn);
        }
    }

    /// Runs `statement` and turns each row into a `T` with `row`.
    fn run<T>(
        &self,
        statement: &Statement,
        mut row: impl FnMut(&rusqlite::Row<'_>) -> ApiResult<T>,
    ) -> ApiResult<Vec<T>> {
        let taken = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let conn = match taken {
            Some(conn) => conn,
            None => self.connect().map_err(failed)?,
        };
        let result = (|| {
            let mut prepared = conn.prepare_cached(&statement.sql).map_err(failed)?;
            let values = statement.values.iter().flat_map(|v| v.0.iter());
            let params: Vec<Cell> = values.map(param).collect::<ApiResult<_>>()?;
            let mut rows = prepared
                .query(rusqlite::params_from_iter(params))
                .map_err(failed)?;
            let mut out = Vec::new();
            while let Some(found) = rows.next().map_err(failed)? {
                out.push(row(found)?);
            }
            Ok(out)
        })();
        self.give_back(conn);
        result
    }
}

/// Where a page reads: sea-orm's connection, or SQLite's read-only connections.
#[derive(Debug, Clone, Copy)]
pub enum Reader<'a> {
    Orm(&'a DatabaseConnection),
    Sqlite(&'a SqliteReads),
}

/// What a page reads: whole rows of a table, or tuples of columns.
pub trait Read: Sync {
    fn backend(&self) -> DatabaseBackend;

    /// The rows `select` finds, as models.
    fn models<E: Table>(
        &self,
        select: Select<E>,
    ) -> impl Future<Output = ApiResult<Vec<E::Model>>> + Send;

    /// The first row `select` finds, if any (as sea-orm's `one`).
    fn one<E: Table>(
        &self,
        select: Select<E>,
    ) -> impl Future<Output = ApiResult<Option<E::Model>>> + Send {
        let first = self.models(select.limit(1));
        async move { Ok(first.await?.pop()) }
    }

    /// The rows of `statement`, each a tuple of its columns in order.
    fn rows<T: Cells>(
        &self,
        statement: Statement,
    ) -> impl Future<Output = ApiResult<Vec<T>>> + Send;

    /// The rows `query` finds, each a tuple of its columns in order.
    fn tuples<T: Cells>(
        &self,
        query: &impl QueryTrait,
    ) -> impl Future<Output = ApiResult<Vec<T>>> + Send {
        self.rows(query.build(self.backend()))
    }
}

impl<C: ConnectionTrait + Sync> Read for C {
    fn backend(&self) -> DatabaseBackend {
        self.get_database_backend()
    }

    async fn models<E: Table>(&self, select: Select<E>) -> ApiResult<Vec<E::Model>> {
        Ok(select.all(self).await?)
    }

    async fn rows<T: Cells>(&self, statement: Statement) -> ApiResult<Vec<T>> {
        self.query_all_raw(statement)
            .await?
            .iter()
            .map(|row| Ok(row.try_get_many_by_index::<T>()?))
            .collect()
    }
}

impl Read for Reader<'_> {
    fn backend(&self) -> DatabaseBackend {
        match self {
            Reader::Orm(conn) => conn.get_database_backend(),
            Reader::Sqlite(_) => DatabaseBackend::Sqlite,
        }
    }

    async fn models<E: Table>(&self, select: Select<E>) -> ApiResult<Vec<E::Model>> {
        match self {
            Reader::Orm(conn) => conn.models(select).await,
            Reader::Sqlite(reads) => {
                let types: Vec<ArrayType> = E::Column::iter()
                    .map(|column| column_type(column.def().get_column_type()))
                    .collect();
                let statement = select.build(DatabaseBackend::Sqlite);
                reads.run(&statement, |row| {
                    let mut model = <E::ActiveModel as ActiveModelTrait>::default();
                    for (i, (column, ty)) in E::Column::iter().zip(&types).enumerate() {
                        model.try_set(column, value(row, i, ty)?)?;
                    }
                    Ok(E::model(model)?)
                })
            }
        }
    }

    async fn rows<T: Cells>(&self, statement: Statement) -> ApiResult<Vec<T>> {
        match self {
            Reader::Orm(conn) => conn.rows(statement).await,
            Reader::Sqlite(reads) => reads.run(&statement, T::from_sqlite),
        }
    }
}

/// A table whose rows [`Read::models`] reads: a model is made from an active model with
/// every column set.
pub trait Table: EntityTrait<Model: Send> {
    fn model(row: Self::ActiveModel) -> Result<Self::Model, sea_orm::DbErr>;
}

impl<E> Table for E
where
    E: EntityTrait<Model: Send>,
    E::ActiveModel: TryIntoModel<E::Model>,
{
    fn model(row: E::ActiveModel) -> Result<E::Model, sea_orm::DbErr> {
        row.try_into_model()
    }
}

/// A tuple of columns read from a row, in order: `i64`, `String`, `(i64, String)`…
pub trait Cells: TryGetableMany + Send + Sized {
    fn from_sqlite(row: &rusqlite::Row<'_>) -> ApiResult<Self>;
}

/// One column: its value, typed as `T` wants it.
fn cell<T: ValueType>(row: &rusqlite::Row<'_>, i: usize) -> ApiResult<T> {
    T::try_from(value(row, i, &T::array_type())?)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("column {i}: {e}")))
}

macro_rules! single_cells {
    ($($t:ty),*) => {$(
        impl Cells for $t {
            fn from_sqlite(row: &rusqlite::Row<'_>) -> ApiResult<Self> {
                cell(row, 0)
            }
        }
    )*};
}
single_cells!(i64, i32, String, bool, f64, DateTime<Utc>);

macro_rules! tuple_cells {
    ($(($($t:ident $i:tt),+))*) => {$(
        impl<$($t: ValueType + sea_orm::TryGetable + Send),+> Cells for ($($t,)+) {
            fn from_sqlite(row: &rusqlite::Row<'_>) -> ApiResult<Self> {
                Ok(($(cell::<$t>(row, $i)?,)+))
            }
        }
    )*};
}
tuple_cells! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
}

/// The value type of a model's column, as sea-orm's SQLite driver decodes it.
fn column_type(column: &ColumnType) -> ArrayType {
    match column {
        ColumnType::TinyInteger => ArrayType::TinyInt,
        ColumnType::SmallInteger => ArrayType::SmallInt,
        ColumnType::Integer => ArrayType::Int,
        ColumnType::BigInteger => ArrayType::BigInt,
        ColumnType::Boolean => ArrayType::Bool,
        ColumnType::Float => ArrayType::Float,
        ColumnType::Double => ArrayType::Double,
        ColumnType::Timestamp | ColumnType::TimestampWithTimeZone | ColumnType::DateTime => {
            ArrayType::ChronoDateTimeUtc
        }
        ColumnType::Binary(_) | ColumnType::VarBinary(_) | ColumnType::Blob => ArrayType::Bytes,
        _ => ArrayType::String,
    }
}

/// Column `i` of `row` as a sea-orm value of type `ty` (a null of that type for NULL).
fn value(row: &rusqlite::Row<'_>, i: usize, ty: &ArrayType) -> ApiResult<Value> {
    let cell = row.get_ref(i).map_err(failed)?;
    let wrong = || {
        ApiError::Internal(anyhow::anyhow!(
            "column {i} holds {:?}, read as {ty:?}",
            cell.data_type()
        ))
    };
    let int = |narrow: fn(i64) -> Option<Value>| match cell {
        ValueRef::Integer(n) => narrow(n).ok_or_else(wrong),
        _ => Err(wrong()),
    };
    if cell == ValueRef::Null {
        return null(ty).ok_or_else(wrong);
    }
    match ty {
        ArrayType::Bool => int(|n| Some(Value::Bool(Some(n != 0)))),
        ArrayType::TinyInt => int(|n| <i8 as TryFrom<i64>>::try_from(n).ok().map(Value::from)),
        ArrayType::SmallInt => int(|n| <i16 as TryFrom<i64>>::try_from(n).ok().map(Value::from)),
        ArrayType::Int => int(|n| <i32 as TryFrom<i64>>::try_from(n).ok().map(Value::from)),
        ArrayType::BigInt => int(|n| Some(Value::from(n))),
        ArrayType::Double | ArrayType::Float => {
            let x = match cell {
                ValueRef::Real(x) => x,
                #[allow(clippy::cast_precision_loss)]
                ValueRef::Integer(n) => n as f64,
                _ => return Err(wrong()),
            };
            #[allow(clippy::cast_possible_truncation)]
            Ok(match ty {
                ArrayType::Float => Value::Float(Some(x as f32)),
                _ => Value::Double(Some(x)),
            })
        }
        ArrayType::String => match cell {
            ValueRef::Text(text) => Ok(Value::String(Some(
                String::from_utf8(text.to_vec()).map_err(|_| wrong())?,
            ))),
            _ => Err(wrong()),
        },
        ArrayType::Bytes => match cell {
            ValueRef::Blob(bytes) => Ok(Value::Bytes(Some(bytes.to_vec()))),
            _ => Err(wrong()),
        },
        ArrayType::ChronoDateTimeUtc => match cell {
            ValueRef::Text(text) => std::str::from_utf8(text)
                .ok()
                .and_then(datetime)
                .map(|t| Value::ChronoDateTimeUtc(Some(t)))
                .ok_or_else(wrong),
            _ => Err(wrong()),
        },
        _ => Err(wrong()),
    }
}

/// A null of type `ty`, as sea-orm holds it.
fn null(ty: &ArrayType) -> Option<Value> {
    Some(match ty {
        ArrayType::Bool => Value::Bool(None),
        ArrayType::TinyInt => Value::TinyInt(None),
        ArrayType::SmallInt => Value::SmallInt(None),
        ArrayType::Int => Value::Int(None),
        ArrayType::BigInt => Value::BigInt(None),
        ArrayType::Float => Value::Float(None),
        ArrayType::Double => Value::Double(None),
        ArrayType::String => Value::String(None),
        ArrayType::Bytes => Value::Bytes(None),
        ArrayType::ChronoDateTimeUtc => Value::ChronoDateTimeUtc(None),
        _ => return None,
    })
}

/// A time as sqlx writes it to SQLite (RFC 3339) or as SQLite's own functions do; the
/// formats sqlx's SQLite driver reads, in its order.
fn datetime(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    const FORMATS: [&str; 12] = [
        "%F %T%.f",
        "%F %R",
        "%F %RZ",
        "%F %R%:z",
        "%F %T%.fZ",
        "%F %T%.f%:z",
        "%FT%R",
        "%FT%RZ",
        "%FT%R%:z",
        "%FT%T%.f",
        "%FT%T%.fZ",
        "%FT%T%.f%:z",
    ];
    FORMATS.iter().find_map(|format| {
        DateTime::<FixedOffset>::parse_from_str(text, format)
            .map(|t| t.with_timezone(&Utc))
            .ok()
            .or_else(|| {
                NaiveDateTime::parse_from_str(text, format)
                    .ok()
                    .map(|t| Utc.from_utc_datetime(&t))
            })
    })
}

/// A statement's parameter as sea-orm's SQLite driver binds it (a time as RFC 3339 text,
/// a boolean as an integer), so comparisons with stored values come out the same.
fn param(value: &Value) -> ApiResult<Cell> {
    let unsupported = || ApiError::Internal(anyhow::anyhow!("cannot bind {value:?} to SQLite"));
    Ok(match value {
        Value::Bool(v) => v.map_or(Cell::Null, |b| Cell::Integer(i64::from(b))),
        Value::TinyInt(v) => v.map_or(Cell::Null, |n| Cell::Integer(n.into())),
        Value::SmallInt(v) => v.map_or(Cell::Null, |n| Cell::Integer(n.into())),
        Value::Int(v) => v.map_or(Cell::Null, |n| Cell::Integer(n.into())),
        Value::BigInt(v) => v.map_or(Cell::Null, Cell::Integer),
        Value::TinyUnsigned(v) => v.map_or(Cell::Null, |n| Cell::Integer(n.into())),
        Value::SmallUnsigned(v) => v.map_or(Cell::Null, |n| Cell::Integer(n.into())),
        Value::Unsigned(v) => v.map_or(Cell::Null, |n| Cell::Integer(n.into())),
        Value::BigUnsigned(v) => match v {
            Some(n) => {
                Cell::Integer(<i64 as TryFrom<u64>>::try_from(*n).map_err(|_| unsupported())?)
            }
            None => Cell::Null,
        },
        Value::Float(v) => v.map_or(Cell::Null, |x| Cell::Real(x.into())),
        Value::Double(v) => v.map_or(Cell::Null, Cell::Real),
        Value::String(v) => v.clone().map_or(Cell::Null, Cell::Text),
        Value::Char(v) => v.map_or(Cell::Null, |c| Cell::Text(c.to_string())),
        Value::Bytes(v) => v.clone().map_or(Cell::Null, Cell::Blob),
        Value::ChronoDateTimeUtc(v) => v.map_or(Cell::Null, |t| {
            Cell::Text(t.to_rfc3339_opts(SecondsFormat::AutoSi, false))
        }),
        _ => return Err(unsupported()),
    })
}

/// A busy or locked file is the database being unavailable for now (503), as on sea-orm's
/// path; anything else is a fault.
fn failed(error: rusqlite::Error) -> ApiError {
    use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
    match error.sqlite_error_code() {
        Some(DatabaseBusy | DatabaseLocked) => ApiError::Unavailable(error.to_string()),
        _ => ApiError::Internal(anyhow::anyhow!("SQLite read: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_sqlx_writes_and_sqlite_writes_them() {
        let t = Utc.with_ymd_and_hms(2026, 12, 7, 17, 22, 28).unwrap();
        assert_eq!(datetime("2026-12-07T17:22:28+00:00"), Some(t));
        assert_eq!(datetime("2026-12-07 17:22:28"), Some(t));
        assert_eq!(datetime("2026-12-07 17:22:28.000+00:00"), Some(t));
        assert_eq!(datetime("yesterday"), None);
        let bound = param(&Value::ChronoDateTimeUtc(Some(t))).unwrap();
        assert_eq!(bound, Cell::Text("2026-12-07T17:22:28+00:00".into()));
    }
}
