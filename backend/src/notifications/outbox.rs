//! What the outbox's emails say: rendered when sent, in the recipient's language, to their
//! address of the moment (a deleted account gets nothing), and the daily digests. The
//! queue and its worker are the platform's (`platform::mail`).

use crate::auth::identity;
use crate::entities::{email_outbox, notifications, users};
use crate::platform::db::Db;
use crate::platform::error::ApiResult;
use crate::platform::mail::{self, Delivered, Mailer, redacted, row};
use api::NotificationKind;
use chrono::{DateTime, Duration, Utc};
use lettre::Message;
use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

/// The `kind` of a daily digest row.
pub const DIGEST: &str = "digest";
/// A daily digest, at most once a day.
const DIGEST_EVERY_HOURS: i64 = 24;
/// The email of an outbox row, or `None` when there is nothing to send any more (the
/// account was deleted, the digest is empty).
pub async fn render(
    db: &Db,
    mailer: &Mailer,
    row: &email_outbox::Model,
) -> ApiResult<Option<Message>> {
    let Some(user) = users::Entity::find_by_id(row.user_id).one(&db.read).await? else {
        return Ok(None);
    };
    if user.deleted_at.is_some() {
        return Ok(None);
    }
    let Ok(to) = format!("{} <{}>", quoted(&user.display_name), user.email).parse::<Mailbox>()
    else {
        return Ok(None);
    };
    let words = Words::of(&user.locale);
    if identity::mail::is_account_mail(&row.kind) {
        return account_mail(db, mailer, row, &user, to, &words).await;
    }
    let (subject, body) = if row.kind == DIGEST {
        let items = notifications::Entity::find()
            .filter(notifications::Column::DigestId.eq(row.id))
            .order_by_asc(notifications::Column::Id)
            .all(&db.read)
            .await?;
        if items.is_empty() {
            return Ok(None);
        }
        let mut body = format!("{}\n\n", words.digest_intro);
        for item in &items {
            let kind = item.kind;
            body.push_str(&format!(
                "- {} « {} »\n  {}\n",
                words.event(kind),
                item.title,
                mailer.link(&subject_path(kind, item.subject_id))
            ));
        }
        (
            words
                .digest_subject
                .replace("{n}", &items.len().to_string()),
            body,
        )
    } else {
        let (Some(kind), Some(subject_id)) = (NotificationKind::parse(&row.kind), row.subject_id)
        else {
            return Ok(None);
        };
        let title = row.title.clone().unwrap_or_default();
        (
            format!("{} « {} »", words.event(kind), title),
            format!(
                "{} « {} ».\n\n{}\n",
                words.event(kind),
                title,
                mailer.link(&subject_path(kind, subject_id))
            ),
        )
    };
    let token = mailer.links.sign(user.id, &row.kind);
    let unsubscribe = mailer.link(&format!("/unsubscribe?token={token}"));
    let one_click = mailer.link(&format!("/api/v1/unsubscribe?token={token}"));
    let body = format!(
        "{body}\n-- \n{}\n{unsubscribe}\n{}\n{}\n",
        words.unsubscribe,
        words.settings,
        mailer.link("/settings")
    );
    let host = mailer.public_url.host_str().unwrap_or("localhost");
    let message = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(format!("[Cocrea] {subject}"))
        .message_id(Some(format!("<outbox-{}@{host}>", row.id)))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{one_click}>"),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_owned(),
        ))
        .header(ContentType::TEXT_PLAIN)
        .body(body);
    match message {
        Ok(message) => Ok(Some(message)),
        Err(error) => {
            tracing::warn!(outbox.id = row.id, error = %redacted(&error.to_string()), "email could not be built");
            Ok(None)
        }
    }
}

/// An e-mail about the account itself (confirming an address, resetting a password):
/// sent whatever the person's e-mail preferences, with no unsubscribe link. `None` when
/// its link was used or has expired since it was queued.
async fn account_mail(
    db: &Db,
    mailer: &Mailer,
    row: &email_outbox::Model,
    user: &users::Model,
    to: Mailbox,
    words: &Words,
) -> ApiResult<Option<Message>> {
    use identity::mail::*;
    let link = match row.subject_id {
        Some(id) => identity::link_to_send(&db.read, &mailer.email_links, id).await?,
        None => None,
    };
    let (to, subject, body) = match (row.kind.as_str(), link) {
        (VERIFY_EMAIL, Some((path, _))) => (
            to,
            words.verify_subject,
            format!(
                "{}

{}

{}
",
                words.verify_body,
                mailer.link(&path),
                words.not_you
            ),
        ),
        (CHANGE_EMAIL, Some((path, Some(new_email)))) => {
            let Ok(to) = format!("{} <{new_email}>", quoted(&user.display_name)).parse::<Mailbox>()
            else {
                return Ok(None);
            };
            (
                to,
                words.change_subject,
                format!(
                    "{}

{}

{}
",
                    words.change_body,
                    mailer.link(&path),
                    words.not_you
                ),
            )
        }
        (PASSWORD_RESET, Some((path, _))) => (
            to,
            words.reset_subject,
            format!(
                "{}

{}

{}
",
                words.reset_body,
                mailer.link(&path),
                words.reset_not_you
            ),
        ),
        (EMAIL_CHANGE_NOTICE, _) => (
            to,
            words.change_notice_subject,
            format!(
                "{}

{}
",
                words.change_notice_body,
                mailer.link("/settings")
            ),
        ),
        (PASSWORD_CHANGED, _) => (
            to,
            words.password_changed_subject,
            format!(
                "{}

{}
",
                words.password_changed_body,
                mailer.link("/forgot-password")
            ),
        ),
        _ => return Ok(None),
    };
    let host = mailer.public_url.host_str().unwrap_or("localhost");
    let message = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(format!("[Cocrea] {subject}"))
        .message_id(Some(format!("<outbox-{}@{host}>", row.id)))
        .header(ContentType::TEXT_PLAIN)
        .body(body);
    match message {
        Ok(message) => Ok(Some(message)),
        Err(error) => {
            tracing::warn!(outbox.id = row.id, error = %redacted(&error.to_string()), "email could not be built");
            Ok(None)
        }
    }
}

/// A display name as a quoted string, so commas and angle brackets stay in the name.
fn quoted(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
        .collect();
    format!("\"{clean}\"")
}

/// The web app's page of a notification's subject.
pub(crate) fn subject_path(kind: NotificationKind, subject_id: i64) -> String {
    if kind.about_question() {
        format!("/questions/{subject_id}")
    } else {
        format!("/ideas/{subject_id}")
    }
}

/// The words of emails, in French (the default) and English.
struct Words {
    lang: &'static str,
    digest_subject: &'static str,
    digest_intro: &'static str,
    unsubscribe: &'static str,
    settings: &'static str,
    verify_subject: &'static str,
    verify_body: &'static str,
    change_subject: &'static str,
    change_body: &'static str,
    not_you: &'static str,
    reset_subject: &'static str,
    reset_body: &'static str,
    reset_not_you: &'static str,
    change_notice_subject: &'static str,
    change_notice_body: &'static str,
    password_changed_subject: &'static str,
    password_changed_body: &'static str,
}

impl Words {
    fn of(locale: &str) -> Words {
        if locale == "en" {
            Words {
                lang: "en",
                digest_subject: "Your daily digest: {n} updates",
                digest_intro: "What happened yesterday in what you follow:",
                unsubscribe: "Stop these emails (one click, no sign-in needed):",
                settings: "Choose what you receive:",
                verify_subject: "Confirm your email address",
                verify_body: "Welcome to Cocrea. To confirm this address and start taking part, open this link within 24 hours:",
                change_subject: "Confirm your new email address",
                change_body: "You asked to use this address for your Cocrea account. To confirm it, open this link within 24 hours:",
                not_you: "If you did not ask for this, ignore this email: nothing will change.",
                reset_subject: "Reset your password",
                reset_body: "Somebody asked to reset the password of the Cocrea account using this address. To choose a new password, open this link within an hour (it works once):",
                reset_not_you: "If you did not ask for this, ignore this email: your password stays as it is.",
                change_notice_subject: "A change of email address was asked for",
                change_notice_body: "Somebody signed in to your Cocrea account asked to use another email address. Nothing changes until the new address is confirmed. If it was not you, change your password now:",
                password_changed_subject: "Your password was changed",
                password_changed_body: "The password of your Cocrea account was just reset, and every session was signed out. If it was not you, reset it again at once and contact the bank:",
            }
        } else {
            Words {
                lang: "fr",
                digest_subject: "Votre résumé du jour : {n} nouveautés",
                digest_intro: "Ce qui s'est passé depuis hier dans ce que vous suivez :",
                unsubscribe: "Ne plus recevoir ces e-mails (un clic, sans connexion) :",
                settings: "Choisir ce que vous recevez :",
                verify_subject: "Confirmez votre adresse e-mail",
                verify_body: "Bienvenue sur Cocrea. Pour confirmer cette adresse et commencer à participer, ouvrez ce lien dans les 24 heures :",
                change_subject: "Confirmez votre nouvelle adresse e-mail",
                change_body: "Vous avez demandé à utiliser cette adresse pour votre compte Cocrea. Pour la confirmer, ouvrez ce lien dans les 24 heures :",
                not_you: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne changera.",
                reset_subject: "Réinitialisez votre mot de passe",
                reset_body: "Quelqu'un a demandé à réinitialiser le mot de passe du compte Cocrea qui utilise cette adresse. Pour choisir un nouveau mot de passe, ouvrez ce lien dans l'heure (il ne sert qu'une fois) :",
                reset_not_you: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe ne change pas.",
                change_notice_subject: "Une demande de changement d'adresse e-mail",
                change_notice_body: "Une personne connectée à votre compte Cocrea a demandé à utiliser une autre adresse e-mail. Rien ne change tant que la nouvelle adresse n'est pas confirmée. Si ce n'est pas vous, changez votre mot de passe maintenant :",
                password_changed_subject: "Votre mot de passe a été changé",
                password_changed_body: "Le mot de passe de votre compte Cocrea vient d'être réinitialisé, et toutes les sessions ont été fermées. Si ce n'est pas vous, réinitialisez-le de nouveau tout de suite et contactez la banque :",
            }
        }
    }

    fn event(&self, kind: NotificationKind) -> &'static str {
        let en = self.lang == "en";
        match kind {
            NotificationKind::QuestionAsked if en => "New question in your themes:",
            NotificationKind::QuestionAsked => "Nouvelle question dans vos thèmes :",
            NotificationKind::QuestionAnswered if en => "New answer to",
            NotificationKind::QuestionAnswered => "Nouvelle réponse à",
            NotificationKind::IdeaStatusChanged if en => "The team followed up on",
            NotificationKind::IdeaStatusChanged => "L'équipe a donné suite à",
            NotificationKind::IdeaCommented if en => "New comment on",
            NotificationKind::IdeaCommented => "Nouveau commentaire sur",
            NotificationKind::CommentReplied if en => "Somebody replied to you on",
            NotificationKind::CommentReplied => "On vous a répondu sur",
            NotificationKind::IdeaPosted if en => "New idea in a theme you follow:",
            NotificationKind::IdeaPosted => "Nouvelle idée dans un thème suivi :",
            NotificationKind::QuestionPosted if en => "New question in a theme you follow:",
            NotificationKind::QuestionPosted => "Nouvelle question dans un thème suivi :",
        }
    }
}

/// Puts one digest in the outbox for each person whose notifications wait for one and
/// who had none in the last day. Safe with several instances: the person's row is
/// claimed (its `last_digest_at` moved) in the digest's own transaction.
pub async fn queue_digests(db: &Db, now: DateTime<Utc>) -> ApiResult<usize> {
    let waiting: Vec<i64> = notifications::Entity::find()
        .select_only()
        .column(notifications::Column::UserId)
        .distinct()
        .filter(notifications::Column::DigestPending.eq(true))
        .into_tuple()
        .all(&db.read)
        .await?;
    let mut queued = 0;
    for user_id in waiting {
        let txn = db.write.begin().await?;
        let claimed = users::Entity::update_many()
            .col_expr(users::Column::LastDigestAt, Expr::value(Some(now)))
            .filter(users::Column::Id.eq(user_id))
            .filter(users::Column::DeletedAt.is_null())
            .filter(
                users::Column::LastDigestAt
                    .is_null()
                    .or(users::Column::LastDigestAt.lte(now - Duration::hours(DIGEST_EVERY_HOURS))),
            )
            .exec(&txn)
            .await?
            .rows_affected;
        if claimed == 0 {
            continue;
        }
        let digest = email_outbox::Entity::insert(row(user_id, DIGEST, None, None, now))
            .exec(&txn)
            .await?
            .last_insert_id;
        notifications::Entity::update_many()
            .col_expr(notifications::Column::DigestPending, Expr::value(false))
            .col_expr(notifications::Column::DigestId, Expr::value(Some(digest)))
            .filter(notifications::Column::UserId.eq(user_id))
            .filter(notifications::Column::DigestPending.eq(true))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        queued += 1;
    }
    Ok(queued)
}

/// Sends every email due at `now` (see `platform::mail::deliver_due`), rendered here.
pub async fn deliver_due(db: &Db, mailer: &Mailer, now: DateTime<Utc>) -> ApiResult<Delivered> {
    mail::deliver_due(db, mailer, now, |row| async move {
        render(db, mailer, &row).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_break_out_of_the_address() {
        let to = format!(
            "{} <a@example.org>",
            quoted("Eve\" <evil@example.org>, \"x")
        );
        let parsed: Result<Mailbox, _> = to.parse();
        assert!(parsed.is_ok_and(|m| m.email.to_string() == "a@example.org"));
    }
}
