//! What a page about one item (an idea, a question) needs: the `:id` of the address, the
//! item loaded by it, and the page shown when it cannot be.

use crate::catalog::Text;
use crate::client::{ApiError, ApiResult};
use crate::components::errors::error_text;
use crate::locales::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::future::Future;

/// The `:id` of the address, when it is a number.
pub fn id_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|id| id.parse().ok()))
}

/// The item the address names, fetched again when the address changes; an id that is not
/// a number is a 404 like any unknown one.
pub fn by_id<T, Fut>(fetch: fn(i64) -> Fut) -> LocalResource<ApiResult<T>>
where
    T: 'static,
    Fut: Future<Output = ApiResult<T>> + 'static,
{
    let id = id_param();
    LocalResource::new(move || async move {
        match id.get() {
            Some(id) => fetch(id).await,
            None => Err(ApiError::Problem(api::Problem {
                status: 404,
                code: api::code::NOT_FOUND.into(),
                ..Default::default()
            })),
        }
    })
}

/// The page shown when the item cannot be loaded: why, and the way back to its list.
#[component]
pub fn Unavailable(
    error: ApiError,
    heading: Text,
    back_href: &'static str,
    back: Text,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || heading(i18n).to_string() />
        <h1>{move || heading(i18n)}</h1>
        <div class="alert alert--error" role="alert"><p>{error_text(i18n, &error)}</p></div>
        <p><A href=back_href>{move || back(i18n)}</A></p>
    }
}
