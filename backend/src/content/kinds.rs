//! The kinds of things people write, described once: ideas, questions, comments and
//! answers, and the votes on them. Moderation (hide, restore, lock, reports), the data
//! export, the erasure of an account and the counter check read these tables, so a new
//! kind or a new vote is added here and nowhere else in those four.
//!
//! See `docs/ARCHITECTURE.md`, "Adding a content kind" and "Adding a vote".

use crate::content::listing::{Ranked, SearchIndex};
use crate::content::threads::Thread;
use crate::content::votes::{Ballot, Tally, VoteKind, Voted, Votes, read};
use crate::domain::ranking::hot_rank;
use crate::entities::{
    answer_votes, answers, comment_votes, comments, idea_supports, ideas, question_votes, questions,
};
use crate::platform::error::ApiResult;
use api::TargetType;
use chrono::{DateTime, Utc};
use sea_orm::Value;

/// A kind of thing people write: where it is stored and how it hangs together. Every
/// such table has `id`, `author_id`, `body_markdown`, `body_html`, `created_at`,
/// `hidden_at` and `hidden_reason`; threads (ideas, questions) also a title and
/// `locked_at`.
pub(crate) struct Kind {
    pub target: TargetType,
    pub table: &'static str,
    /// The thread it is part of, for comments and answers; `None` for a thread itself.
    pub thread: Option<InThread>,
    /// A column set when its author deleted it: such rows no longer count as written.
    pub deleted: Option<&'static str>,
    /// Its list in the data export.
    pub export_name: &'static str,
}

impl Kind {
    /// A thread has a title and can be locked.
    pub fn is_thread(&self) -> bool {
        self.thread.is_none()
    }
}

/// How a comment or an answer hangs from its thread.
#[derive(Debug, Clone, Copy)]
pub(crate) struct InThread {
    /// The column naming the thread.
    pub column: &'static str,
    pub kind: TargetType,
    /// The thread's counter of these rows.
    pub counter: &'static str,
    /// The rows the counter leaves out.
    pub left_out: LeftOut,
}

/// Which rows a thread's counter leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LeftOut {
    /// Hidden by moderation: hiding and restoring move the counter.
    Hidden,
    /// Deleted by their author: deleting moves the counter.
    Deleted,
}

impl LeftOut {
    /// The column set on the rows left out.
    pub fn column(self) -> &'static str {
        match self {
            LeftOut::Hidden => "hidden_at",
            LeftOut::Deleted => "deleted_at",
        }
    }
}

/// Every kind, in the order the data export lists them.
pub(crate) const KINDS: [Kind; 4] = [
    Kind {
        target: TargetType::Idea,
        table: "ideas",
        thread: None,
        deleted: None,
        export_name: "ideas",
    },
    Kind {
        target: TargetType::Question,
        table: "questions",
        thread: None,
        deleted: None,
        export_name: "questions",
    },
    Kind {
        target: TargetType::Answer,
        table: "answers",
        thread: Some(InThread {
            column: "question_id",
            kind: TargetType::Question,
            counter: "answer_count",
            left_out: LeftOut::Hidden,
        }),
        deleted: None,
        export_name: "answers",
    },
    Kind {
        target: TargetType::Comment,
        table: "comments",
        thread: Some(InThread {
            column: "idea_id",
            kind: TargetType::Idea,
            counter: "comment_count",
            left_out: LeftOut::Deleted,
        }),
        deleted: Some("deleted_at"),
        export_name: "comments",
    },
];

/// The kind of content `target` names; `None` for people and themes.
pub(crate) fn of(target: TargetType) -> Option<&'static Kind> {
    KINDS.iter().find(|kind| kind.target == target)
}

/// Every kind of vote, in the order the data export lists them.
pub(crate) static VOTES: [&dyn VoteKind; 4] = [
    &Votes::<idea_supports::Entity, ideas::Entity>::named("idea_supports"),
    &Votes::<question_votes::Entity, questions::Entity>::named("question_votes"),
    &Votes::<answer_votes::Entity, answers::Entity>::named("answer_ratings"),
    &Votes::<comment_votes::Entity, comments::Entity>::named("comment_votes"),
];

impl Voted for ideas::Entity {
    const ID: ideas::Column = ideas::Column::Id;
    const UP: Tally<ideas::Column> = Tally {
        total: ideas::Column::SupportsTotal,
        clients: ideas::Column::SupportsClients,
    };

    fn follows_up(row: &ideas::Model, up: i32) -> ApiResult<Option<(ideas::Column, Value)>> {
        hot::<ideas::Entity>(row, up).map(Some)
    }
}

impl Ranked for ideas::Entity {
    const HOT_RANK: ideas::Column = ideas::Column::HotRank;
    const CREATED_AT: ideas::Column = ideas::Column::CreatedAt;
    const SEARCH: SearchIndex = SearchIndex {
        table: "ideas",
        fts: "ideas_fts",
        weight: "supports_total",
    };
}

impl Thread for ideas::Entity {
    const AUTHOR: ideas::Column = ideas::Column::AuthorId;
    const HIDDEN_AT: ideas::Column = ideas::Column::HiddenAt;
    const THEME: ideas::Column = ideas::Column::ThemeId;
    const TITLE: ideas::Column = ideas::Column::Title;
    const BODY_MARKDOWN: ideas::Column = ideas::Column::BodyMarkdown;
    const BODY_HTML: ideas::Column = ideas::Column::BodyHtml;
    const SEARCH_TERMS: ideas::Column = ideas::Column::SearchTerms;
    const EDITED_AT: ideas::Column = ideas::Column::EditedAt;
}

impl Ballot for idea_supports::Entity {
    const TARGET: idea_supports::Column = idea_supports::Column::IdeaId;
    const USER: idea_supports::Column = idea_supports::Column::UserId;
    const IS_CLIENT: idea_supports::Column = idea_supports::Column::IsClient;
    const CREATED_AT: idea_supports::Column = idea_supports::Column::CreatedAt;
}

impl Voted for questions::Entity {
    const ID: questions::Column = questions::Column::Id;
    const UP: Tally<questions::Column> = Tally {
        total: questions::Column::VotesTotal,
        clients: questions::Column::VotesClients,
    };

    fn follows_up(
        row: &questions::Model,
        up: i32,
    ) -> ApiResult<Option<(questions::Column, Value)>> {
        hot::<questions::Entity>(row, up).map(Some)
    }
}

impl Ranked for questions::Entity {
    const HOT_RANK: questions::Column = questions::Column::HotRank;
    const CREATED_AT: questions::Column = questions::Column::CreatedAt;
    const SEARCH: SearchIndex = SearchIndex {
        table: "questions",
        fts: "questions_fts",
        weight: "votes_total",
    };
}

impl Thread for questions::Entity {
    const AUTHOR: questions::Column = questions::Column::AuthorId;
    const HIDDEN_AT: questions::Column = questions::Column::HiddenAt;
    const THEME: questions::Column = questions::Column::ThemeId;
    const TITLE: questions::Column = questions::Column::Title;
    const BODY_MARKDOWN: questions::Column = questions::Column::BodyMarkdown;
    const BODY_HTML: questions::Column = questions::Column::BodyHtml;
    const SEARCH_TERMS: questions::Column = questions::Column::SearchTerms;
    const EDITED_AT: questions::Column = questions::Column::EditedAt;
}

impl Ballot for question_votes::Entity {
    const TARGET: question_votes::Column = question_votes::Column::QuestionId;
    const USER: question_votes::Column = question_votes::Column::UserId;
    const IS_CLIENT: question_votes::Column = question_votes::Column::IsClient;
    const CREATED_AT: question_votes::Column = question_votes::Column::CreatedAt;
}

impl Voted for answers::Entity {
    const ID: answers::Column = answers::Column::Id;
    const UP: Tally<answers::Column> = Tally {
        total: answers::Column::HelpfulTotal,
        clients: answers::Column::HelpfulClients,
    };
    const DOWN: Option<Tally<answers::Column>> = Some(Tally {
        total: answers::Column::UnhelpfulTotal,
        clients: answers::Column::UnhelpfulClients,
    });
}

impl Ballot for answer_votes::Entity {
    const TARGET: answer_votes::Column = answer_votes::Column::AnswerId;
    const USER: answer_votes::Column = answer_votes::Column::UserId;
    const IS_CLIENT: answer_votes::Column = answer_votes::Column::IsClient;
    const CREATED_AT: answer_votes::Column = answer_votes::Column::CreatedAt;
    const SIDE: Option<answer_votes::Column> = Some(answer_votes::Column::Value);
}

impl Voted for comments::Entity {
    const ID: comments::Column = comments::Column::Id;
    const UP: Tally<comments::Column> = Tally {
        total: comments::Column::HelpfulTotal,
        clients: comments::Column::HelpfulClients,
    };
}

impl Ballot for comment_votes::Entity {
    const TARGET: comment_votes::Column = comment_votes::Column::CommentId;
    const USER: comment_votes::Column = comment_votes::Column::UserId;
    const IS_CLIENT: comment_votes::Column = comment_votes::Column::IsClient;
    const CREATED_AT: comment_votes::Column = comment_votes::Column::CreatedAt;
}

/// The hot rank of a listed row once it has `up` votes.
fn hot<E: Ranked>(row: &E::Model, up: i32) -> ApiResult<(E::Column, Value)> {
    let created_at = read::<E, DateTime<Utc>>(row, E::CREATED_AT)?;
    Ok((E::HOT_RANK, hot_rank(up, created_at, Utc::now()).into()))
}
