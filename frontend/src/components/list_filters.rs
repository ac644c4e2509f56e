//! What the ideas and the questions lists share about their filters: a sort, a theme, one
//! filter of their own (an idea's status, whether a question is answered) and search
//! words, all kept in the address so links, back and forward work.

use crate::components::paged::encode;
use crate::locales::i18n::*;
use api::{IdeaSort, IdeaStatus, QuestionSort};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::params::ParamsMap;

/// A list's orders, as its address and its links name them.
pub trait ListSort: Copy + Default + PartialEq + Send + Sync + 'static {
    fn all() -> Vec<Self>;
    fn as_str(self) -> &'static str;
    fn parse(raw: &str) -> Option<Self>;
}

/// The filter a list has besides its theme.
pub trait ListFilter: Copy + PartialEq + Send + Sync + 'static {
    /// Its name in the address.
    const PARAM: &'static str;
    fn as_param(self) -> String;
    fn parse(raw: &str) -> Option<Self>;
}

/// A list's state as the address says it.
#[derive(Debug, Clone, PartialEq)]
pub struct Filters<S, X> {
    pub sort: S,
    pub theme: String,
    pub extra: Option<X>,
    pub q: String,
}

impl<S: Default, X> Default for Filters<S, X> {
    fn default() -> Self {
        Filters {
            sort: S::default(),
            theme: String::new(),
            extra: None,
            q: String::new(),
        }
    }
}

impl<S: ListSort, X: ListFilter> Filters<S, X> {
    /// The filters of the address's query.
    pub fn read(query: &ParamsMap) -> Self {
        Filters {
            sort: query
                .get("sort")
                .and_then(|s| S::parse(&s))
                .unwrap_or_default(),
            theme: query.get("theme").unwrap_or_default(),
            extra: query.get(X::PARAM).and_then(|x| X::parse(&x)),
            q: query.get("q").unwrap_or_default(),
        }
    }

    /// The address of the list at `base` with these filters.
    pub fn href(&self, base: &str) -> String {
        let mut parts = vec![format!("sort={}", self.sort.as_str())];
        if !self.theme.is_empty() {
            parts.push(format!("theme={}", encode(&self.theme)));
        }
        if let Some(extra) = self.extra {
            parts.push(format!("{}={}", X::PARAM, encode(&extra.as_param())));
        }
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode(&self.q)));
        }
        format!("{base}?{}", parts.join("&"))
    }

    /// The theme asked for, if any.
    pub fn theme(&self) -> Option<String> {
        Some(self.theme.clone()).filter(|t| !t.is_empty())
    }

    /// The search words, if any.
    pub fn words(&self) -> Option<String> {
        Some(self.q.clone()).filter(|q| !q.is_empty())
    }
}

/// (href, name, current) of each order of the list at `base`, for `SortLinks`.
pub fn sort_links<S: ListSort, X: ListFilter>(
    filters: Memo<Filters<S, X>>,
    base: &'static str,
    name: fn(I18nContext<Locale>, S) -> &'static str,
) -> Signal<Vec<(String, &'static str, bool)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        let current = filters.get();
        S::all()
            .into_iter()
            .map(|sort| {
                let href = Filters {
                    sort,
                    ..current.clone()
                }
                .href(base);
                (href, name(i18n, sort), current.sort == sort)
            })
            .collect()
    })
}

impl ListSort for IdeaSort {
    fn all() -> Vec<Self> {
        IdeaSort::ALL.to_vec()
    }
    fn as_str(self) -> &'static str {
        IdeaSort::as_str(self)
    }
    fn parse(raw: &str) -> Option<Self> {
        IdeaSort::parse(raw)
    }
}

impl ListSort for QuestionSort {
    fn all() -> Vec<Self> {
        QuestionSort::ALL.to_vec()
    }
    fn as_str(self) -> &'static str {
        QuestionSort::as_str(self)
    }
    fn parse(raw: &str) -> Option<Self> {
        QuestionSort::parse(raw)
    }
}

impl ListFilter for IdeaStatus {
    const PARAM: &'static str = "status";
    fn as_param(self) -> String {
        self.as_str().to_owned()
    }
    fn parse(raw: &str) -> Option<Self> {
        IdeaStatus::parse(raw)
    }
}

/// Whether a question has its expert answer.
impl ListFilter for bool {
    const PARAM: &'static str = "answered";
    fn as_param(self) -> String {
        self.to_string()
    }
    fn parse(raw: &str) -> Option<Self> {
        raw.parse().ok()
    }
}
