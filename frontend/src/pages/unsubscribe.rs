//! `/unsubscribe?token=…`: where an email's unsubscribe link leads. No sign-in needed:
//! the signed token says who stops receiving what.

use crate::catalog::notification_kind_name;
use crate::client::{self, ApiError};
use crate::locales::i18n::*;
use api::Unsubscribed;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Unsubscribe() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    let result = RwSignal::new(None::<Result<Unsubscribed, ApiError>>);
    leptos::task::spawn_local(async move { result.set(Some(client::unsubscribe(token).await)) });
    view! {
        <Title text=move || t_string!(i18n, unsubscribe_title).to_string() />
        <h1>{t!(i18n, unsubscribe_title)}</h1>
        {move || match result.get() {
            None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
            Some(Ok(done)) => view! {
                <div role="status">
                    <p>{t!(i18n, unsubscribe_done)}</p>
                    <ul>
                        {done.kinds.into_iter().map(|kind| view! {
                            <li>{move || notification_kind_name(i18n, kind)}</li>
                        }).collect_view()}
                    </ul>
                </div>
                <p><A href="/profile">{t!(i18n, unsubscribe_settings)}</A></p>
            }.into_any(),
            Some(Err(_)) => view! {
                <p class="alert alert--error" role="alert">{t!(i18n, unsubscribe_invalid)}</p>
                <p><A href="/profile">{t!(i18n, unsubscribe_settings)}</A></p>
            }.into_any(),
        }}
    }
}
