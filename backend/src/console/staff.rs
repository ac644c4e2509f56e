//! The console's people and themes: finding people, verifying clients, giving and taking
//! roles and expert themes, creating and editing themes. Every change is audited.

use crate::auth::accounts;
use crate::domain::{Email, PlainText, Title};
use crate::entities::{expert_themes, themes, user_roles, users};
use crate::platform::audit::{self, Entry};
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::questions::experts;
use crate::themes as theme_service;
use api::{
    AuditAction, CreateTheme, FieldErrors, FieldIssue, Localized, MODERATION_REASON_MAX_CHARS,
    PeopleList, PeopleSearch, PersonView, RESPONSE_HOURS_MAX, Role, SetExpertThemes, SetRole,
    THEME_DESCRIPTION_MAX_CHARS, THEME_NAME_MAX_CHARS, THEME_SLUG_MAX_CHARS, THEME_SLUG_MIN_CHARS,
    TargetType, ThemeAdminView, UpdateTheme,
};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr, TransactionTrait,
};
use std::collections::HashMap;

/// Themes are listed by position, 0 to this.
const THEME_POSITION_MAX: i32 = 999;

/// How many people a search returns.
const PEOPLE_LISTED: u64 = 50;

fn reason(raw: &str) -> ApiResult<PlainText> {
    PlainText::parse(raw, MODERATION_REASON_MAX_CHARS)
        .map_err(|issue| ApiError::field("reason", issue))
}

/// People whose display name contains `q`, or the one with this exact email address;
/// the newest people when `q` is blank.
pub async fn search_people(db: &Db, input: PeopleSearch) -> ApiResult<PeopleList> {
    let q = input.q.trim();
    // No name or address holds one, and PostgreSQL refuses NUL in text outright.
    if q.chars().any(char::is_control) {
        return Err(ApiError::field("q", FieldIssue::ControlCharacters));
    }
    let mut select = users::Entity::find();
    if let Ok(email) = Email::parse(q) {
        select = select.filter(users::Column::Email.eq(email.as_str()));
    } else if !q.is_empty() {
        let escaped: String = q
            .to_lowercase()
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        select = select.filter(
            Expr::expr(Func::lower(Expr::col(users::Column::DisplayName)))
                .like(sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\')),
        );
    }
    let rows = select
        .order_by_desc(users::Column::Id)
        .limit(PEOPLE_LISTED)
        .all(&db.read)
        .await?;
    Ok(PeopleList {
        items: people_views(&db.read, rows).await?,
    })
}

async fn person(conn: &impl ConnectionTrait, id: i64) -> ApiResult<PersonView> {
    let user = users::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound)?;
    people_views(conn, vec![user])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)
}

async fn people_views(
    conn: &impl ConnectionTrait,
    rows: Vec<users::Model>,
) -> ApiResult<Vec<PersonView>> {
    let ids: Vec<i64> = rows.iter().map(|u| u.id).collect();
    let mut roles: HashMap<i64, Vec<Role>> = HashMap::new();
    let stored: Vec<(i64, Role)> = user_roles::Entity::find()
        .select_only()
        .columns([user_roles::Column::UserId, user_roles::Column::Role])
        .filter(user_roles::Column::UserId.is_in(ids.clone()))
        .into_tuple()
        .all(conn)
        .await?;
    for (user_id, role) in stored {
        roles.entry(user_id).or_default().push(role);
    }
    let slugs = theme_service::slugs(conn).await?;
    let mut themes: HashMap<i64, Vec<String>> = HashMap::new();
    let assigned: Vec<(i64, i64)> = expert_themes::Entity::find()
        .select_only()
        .columns([
            expert_themes::Column::UserId,
            expert_themes::Column::ThemeId,
        ])
        .filter(expert_themes::Column::UserId.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    for (user_id, theme_id) in assigned {
        if let Some(slug) = slugs.get(&theme_id) {
            themes.entry(user_id).or_default().push(slug.clone());
        }
    }
    Ok(rows
        .into_iter()
        .map(|user| {
            let mut expert_themes = themes.remove(&user.id).unwrap_or_default();
            expert_themes.sort();
            PersonView {
                roles: crate::platform::auth::session::roles_of(
                    &user,
                    roles.remove(&user.id).unwrap_or_default(),
                ),
                expert_themes,
                id: user.id,
                display_name: user.display_name,
                email: user.email,
                is_client: user.is_client,
                created_at: user.created_at,
            }
        })
        .collect())
}

/// Gives or takes a role: moderators verify clients and name experts; only admins give
/// or take the moderator and admin roles, and never their own admin role.
#[tracing::instrument(skip_all, fields(person.id = id, role = input.role.as_str()))]
pub async fn set_role(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    input: SetRole,
) -> ApiResult<PersonView> {
    let why = reason(&input.reason)?;
    let action = match (input.role, input.granted) {
        (Role::Member, _) => return Err(ApiError::field("role", FieldIssue::Invalid)),
        (Role::Moderator | Role::Admin, _) if !actor.has(Role::Admin) => {
            return Err(ApiError::Forbidden);
        }
        (Role::Admin, false) if actor.user.id == id => return Err(ApiError::own_admin_role()),
        (Role::Client, true) => AuditAction::ClientVerified,
        (Role::Client, false) => AuditAction::ClientUnverified,
        (_, true) => AuditAction::RoleGranted,
        (_, false) => AuditAction::RoleRevoked,
    };
    let txn = db.write.begin().await?;
    person(&txn, id).await?;
    if accounts::apply_role(&txn, id, input.role, input.granted).await? {
        audit::record(
            &txn,
            actor,
            Entry {
                action,
                target_type: TargetType::Person,
                target_id: id,
                reason: why.as_str(),
                details: input.role.as_str().to_owned(),
            },
        )
        .await?;
    }
    txn.commit().await?;
    person(&db.read, id).await
}

/// Sets the themes an expert answers in.
#[tracing::instrument(skip_all, fields(person.id = id))]
pub async fn set_expert_themes(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    input: SetExpertThemes,
) -> ApiResult<PersonView> {
    let why = reason(&input.reason)?;
    let mut ids = Vec::new();
    for slug in &input.themes {
        match theme_service::active_id(&db.read, slug).await? {
            Ok(theme_id) => ids.push(theme_id),
            Err(issue) => return Err(ApiError::field("themes", issue)),
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let txn = db.write.begin().await?;
    person(&txn, id).await?;
    let mut before = experts::themes_of(&txn, id).await?;
    before.sort_unstable();
    if before != ids {
        experts::replace_themes(&txn, id, &ids).await?;
        let mut slugs: Vec<&str> = input.themes.iter().map(|s| s.trim()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        audit::record(
            &txn,
            actor,
            Entry {
                action: AuditAction::ExpertThemesSet,
                target_type: TargetType::Person,
                target_id: id,
                reason: why.as_str(),
                details: slugs.join(", "),
            },
        )
        .await?;
    }
    txn.commit().await?;
    person(&db.read, id).await
}

/// Every theme, archived ones included, in the team's order.
pub async fn themes(db: &Db) -> ApiResult<Vec<ThemeAdminView>> {
    let rows = themes::Entity::find()
        .order_by_asc(themes::Column::Position)
        .order_by_asc(themes::Column::Id)
        .all(&db.read)
        .await?;
    Ok(rows.into_iter().map(theme_view).collect())
}

fn theme_view(theme: themes::Model) -> ThemeAdminView {
    ThemeAdminView {
        id: theme.id,
        position: theme.position,
        archived: theme.archived,
        theme: theme_service::view(theme),
    }
}

fn check_slug(slug: &str) -> Result<String, FieldIssue> {
    let raw_chars = slug.chars().count();
    let slug = slug.trim();
    let chars = slug.chars().count();
    if chars == 0 {
        return Err(FieldIssue::Required);
    }
    if chars < THEME_SLUG_MIN_CHARS {
        return Err(FieldIssue::TooShort {
            min: THEME_SLUG_MIN_CHARS as u32,
        });
    }
    if raw_chars > THEME_SLUG_MAX_CHARS {
        return Err(FieldIssue::TooLong {
            max: THEME_SLUG_MAX_CHARS as u32,
        });
    }
    let fits = theme_service::may_be_slug(slug) && !slug.starts_with('-') && !slug.ends_with('-');
    if fits {
        Ok(slug.to_owned())
    } else {
        Err(FieldIssue::Invalid)
    }
}

fn check_hours(hours: u32) -> Result<i32, FieldIssue> {
    if (1..=RESPONSE_HOURS_MAX).contains(&hours) {
        Ok(hours as i32)
    } else {
        Err(FieldIssue::Invalid)
    }
}

/// A theme's name, in one language: one line, nothing hidden (a title's rules).
fn theme_name(raw: &str) -> Result<String, FieldIssue> {
    Title::parse(raw, 1, THEME_NAME_MAX_CHARS).map(|name| name.as_str().to_owned())
}

/// A theme's description, in one language: plain text.
fn theme_description(raw: &str) -> Result<String, FieldIssue> {
    PlainText::parse(raw, THEME_DESCRIPTION_MAX_CHARS).map(PlainText::into_string)
}

/// Both languages of a name or a description, each checked by `parse`.
fn check_localized(
    errors: &mut FieldErrors,
    field: &str,
    text: &Localized,
    parse: fn(&str) -> Result<String, FieldIssue>,
) -> Option<Localized> {
    let fr = errors.check(&format!("{field}.fr"), parse(&text.fr));
    let en = errors.check(&format!("{field}.en"), parse(&text.en));
    Some(Localized { fr: fr?, en: en? })
}

/// Creates a theme, listed last.
#[tracing::instrument(skip_all)]
pub async fn create_theme(
    db: &Db,
    actor: &CurrentUser,
    input: CreateTheme,
) -> ApiResult<ThemeAdminView> {
    let mut errors = FieldErrors::default();
    let slug = errors.check("slug", check_slug(&input.slug));
    let name = check_localized(&mut errors, "name", &input.name, theme_name);
    let description = check_localized(
        &mut errors,
        "description",
        &input.description,
        theme_description,
    );
    let hours = errors.check("response_hours", check_hours(input.response_hours));
    let (Some(slug), Some(name), Some(description), Some(hours)) = (slug, name, description, hours)
    else {
        return Err(ApiError::Validation(errors));
    };
    let txn = db.write.begin().await?;
    let last: Option<i32> = themes::Entity::find()
        .select_only()
        .expr(Expr::col(themes::Column::Position).max())
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    let inserted = themes::ActiveModel {
        slug: Set(slug.clone()),
        name_fr: Set(name.fr),
        name_en: Set(name.en),
        description_fr: Set(description.fr),
        description_en: Set(description.en),
        response_hours: Set(hours),
        position: Set(last.unwrap_or(0) + 1),
        archived: Set(false),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let theme = match inserted {
        Ok(theme) => theme,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(ApiError::field("slug", FieldIssue::Taken));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &txn,
        actor,
        Entry {
            action: AuditAction::ThemeCreated,
            target_type: TargetType::Theme,
            target_id: theme.id,
            reason: "",
            details: format!("{slug}, {hours} h"),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(theme_view(theme))
}

/// Renames, re-describes, re-commits, moves or archives a theme.
#[tracing::instrument(skip_all, fields(theme.id = id))]
pub async fn update_theme(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    input: UpdateTheme,
) -> ApiResult<ThemeAdminView> {
    let mut errors = FieldErrors::default();
    let name = input
        .name
        .as_ref()
        .map(|n| check_localized(&mut errors, "name", n, theme_name));
    let description = input
        .description
        .as_ref()
        .map(|d| check_localized(&mut errors, "description", d, theme_description));
    let hours = input
        .response_hours
        .map(|h| errors.check("response_hours", check_hours(h)));
    if input
        .position
        .is_some_and(|p| !(0..=THEME_POSITION_MAX).contains(&p))
    {
        errors.add("position", FieldIssue::Invalid);
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let txn = db.write.begin().await?;
    let theme = themes::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut changed = Vec::new();
    let mut active: themes::ActiveModel = theme.clone().into();
    if let Some(Some(name)) = name.filter(|n| {
        n.as_ref()
            .is_some_and(|n| n.fr != theme.name_fr || n.en != theme.name_en)
    }) {
        active.name_fr = Set(name.fr);
        active.name_en = Set(name.en);
        changed.push("name".to_owned());
    }
    if let Some(Some(description)) = description.filter(|d| {
        d.as_ref()
            .is_some_and(|d| d.fr != theme.description_fr || d.en != theme.description_en)
    }) {
        active.description_fr = Set(description.fr);
        active.description_en = Set(description.en);
        changed.push("description".to_owned());
    }
    if let Some(Some(hours)) = hours.filter(|h| *h != Some(theme.response_hours)) {
        active.response_hours = Set(hours);
        changed.push(format!("{hours} h"));
    }
    if let Some(position) = input.position.filter(|p| *p != theme.position) {
        active.position = Set(position);
        changed.push(format!("position {position}"));
    }
    if let Some(archived) = input.archived.filter(|a| *a != theme.archived) {
        active.archived = Set(archived);
        changed.push(if archived { "archived" } else { "restored" }.to_owned());
    }
    let theme = if changed.is_empty() {
        theme
    } else {
        let theme = active.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            Entry {
                action: AuditAction::ThemeUpdated,
                target_type: TargetType::Theme,
                target_id: id,
                reason: "",
                details: changed.join(", "),
            },
        )
        .await?;
        theme
    };
    txn.commit().await?;
    Ok(theme_view(theme))
}
