//! Accessibility problems: anyone reports one from the accessibility statement, signed in
//! or not (a problem may be what keeps them from signing in); the team reads them in the
//! console and marks them resolved.

pub mod routes;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers this slice's routes under `/api/v1`, each with its OpenAPI description.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(routes::report_problem)
        .service(routes::list_problems)
        .service(routes::resolve_problem);
}

use crate::content::people;
use crate::domain::PlainText;
use crate::entities::accessibility_problems;
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::{
    ACCESSIBILITY_DESCRIPTION_MAX_CHARS, ACCESSIBILITY_DESCRIPTION_MIN_CHARS,
    ACCESSIBILITY_PAGE_MAX_CHARS, AccessibilityProblemView, AccessibilityProblems, FieldErrors,
    ReportAccessibilityProblem,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// Resolved problems listed below the open ones.
const RESOLVED_LISTED: u64 = 20;

/// Records a problem; `reporter` is None for a visitor.
pub async fn report(
    db: &Db,
    reporter: Option<&CurrentUser>,
    input: ReportAccessibilityProblem,
) -> ApiResult<AccessibilityProblemView> {
    let mut errors = FieldErrors::default();
    let page = errors.check(
        "page",
        PlainText::parse(&input.page, ACCESSIBILITY_PAGE_MAX_CHARS),
    );
    let description = errors.check(
        "description",
        PlainText::parse(&input.description, ACCESSIBILITY_DESCRIPTION_MAX_CHARS)
            .and_then(|text| text.at_least(ACCESSIBILITY_DESCRIPTION_MIN_CHARS)),
    );
    let (Some(page), Some(description)) = (page, description) else {
        return Err(ApiError::Validation(errors));
    };
    let problem = accessibility_problems::ActiveModel {
        page: Set(page.into_string()),
        description: Set(description.into_string()),
        reporter_id: Set(reporter.map(|r| r.user.id)),
        created_at: Set(Utc::now()),
        resolved_at: Set(None),
        resolved_by: Set(None),
        ..Default::default()
    }
    .insert(&db.write)
    .await?;
    view(db, problem).await
}

/// The open problems, oldest first, and the last ones resolved.
pub async fn list(db: &Db) -> ApiResult<AccessibilityProblems> {
    let open = accessibility_problems::Entity::find()
        .filter(accessibility_problems::Column::ResolvedAt.is_null())
        .order_by_asc(accessibility_problems::Column::CreatedAt)
        .order_by_asc(accessibility_problems::Column::Id)
        .all(&db.read)
        .await?;
    let resolved = accessibility_problems::Entity::find()
        .filter(accessibility_problems::Column::ResolvedAt.is_not_null())
        .order_by_desc(accessibility_problems::Column::ResolvedAt)
        .order_by_desc(accessibility_problems::Column::Id)
        .limit(RESOLVED_LISTED)
        .all(&db.read)
        .await?;
    let open_count = open.len();
    let mut all = views(db, open.into_iter().chain(resolved).collect()).await?;
    let resolved = all.split_off(open_count);
    Ok(AccessibilityProblems {
        open: all,
        resolved,
    })
}

/// Marks a problem resolved (again: no change).
pub async fn resolve(
    db: &Db,
    moderator: &CurrentUser,
    id: i64,
) -> ApiResult<AccessibilityProblemView> {
    let problem = accessibility_problems::Entity::find_by_id(id)
        .one(&db.write)
        .await?
        .ok_or(ApiError::NotFound)?;
    let problem = if problem.resolved_at.is_some() {
        problem
    } else {
        let mut active: accessibility_problems::ActiveModel = problem.into();
        active.resolved_at = Set(Some(Utc::now()));
        active.resolved_by = Set(Some(moderator.user.id));
        active.update(&db.write).await?
    };
    view(db, problem).await
}

async fn view(
    db: &Db,
    problem: accessibility_problems::Model,
) -> ApiResult<AccessibilityProblemView> {
    let authors = people::authors(&db.read, problem.reporter_id).await?;
    Ok(to_view(problem, &authors))
}

async fn views(
    db: &Db,
    problems: Vec<accessibility_problems::Model>,
) -> ApiResult<Vec<AccessibilityProblemView>> {
    let authors = people::authors(&db.read, problems.iter().filter_map(|p| p.reporter_id)).await?;
    Ok(problems.into_iter().map(|p| to_view(p, &authors)).collect())
}

fn to_view(
    p: accessibility_problems::Model,
    authors: &people::Authors,
) -> AccessibilityProblemView {
    AccessibilityProblemView {
        id: p.id,
        page: p.page,
        description: p.description,
        reporter: p.reporter_id.map(|id| authors.of(id)),
        created_at: p.created_at,
        resolved_at: p.resolved_at,
    }
}
