//! Who sees hidden content: everyone while it is visible; once moderation hid it, its
//! author and the team, who are also told why. Read by every kind of content, by the
//! shared thread machinery and by moderation itself.

use crate::platform::auth::CurrentUser;
use api::{HiddenView, Role};
use chrono::{DateTime, Utc};

/// Whether the viewer belongs to the team that moderates.
pub fn is_staff(viewer: &CurrentUser) -> bool {
    viewer.has(Role::Moderator) || viewer.has(Role::Admin)
}

/// Whether the viewer wrote the content, or belongs to the team that moderates.
fn is_author_or_staff(viewer: Option<&CurrentUser>, author_id: i64) -> bool {
    viewer.is_some_and(|v| v.user.id == author_id || is_staff(v))
}

/// Whether the viewer may read content by `author_id` hidden at `hidden_at`: everyone
/// while it is visible; its author and the team once hidden.
pub fn can_read(
    viewer: Option<&CurrentUser>,
    author_id: i64,
    hidden_at: Option<DateTime<Utc>>,
) -> bool {
    hidden_at.is_none() || is_author_or_staff(viewer, author_id)
}

/// What the viewer is told about hidden content: the reason for its author and the team.
pub fn hidden_view(
    viewer: Option<&CurrentUser>,
    author_id: i64,
    hidden_at: Option<DateTime<Utc>>,
    reason: Option<&str>,
) -> Option<HiddenView> {
    let at = hidden_at?;
    let told = is_author_or_staff(viewer, author_id);
    Some(HiddenView {
        reason: told.then(|| reason.unwrap_or_default().to_owned()),
        at,
    })
}
