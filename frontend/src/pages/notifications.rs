//! `/notifications`: what happened to the person's questions and in their themes.

use crate::catalog::{format_date, notification_text, subject_href};
use crate::client::{self, ApiError};
use crate::components::errors::error_text;
use crate::components::forms::SignedIn;
use crate::locales::i18n::*;
use crate::session::use_session;
use api::NotificationList;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Notifications() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <SignedIn
            heading=Signal::derive(move || t_string!(i18n, notifications_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, notifications_sign_in).to_string())
        >
            <Inbox />
        </SignedIn>
    }
}

#[component]
fn Inbox() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let list = RwSignal::new(None::<Result<NotificationList, ApiError>>);
    leptos::task::spawn_local(async move { list.set(Some(client::notifications().await)) });
    let read = Action::new_local(move |ids: &Option<Vec<i64>>| {
        let ids = ids.clone();
        async move {
            let result = client::mark_read(ids).await;
            if let Ok(read) = &result {
                session.unread.set(read.unread);
            }
            list.set(Some(result));
        }
    });
    view! {
        <div class="page-head">
            <h1>{t!(i18n, notifications_title)}</h1>
            <button type="button" class="button" on:click=move |_| { read.dispatch(None); }
                disabled=move || list.with(|l| !matches!(l, Some(Ok(l)) if l.unread > 0))>
                {t!(i18n, notifications_read_all)}
            </button>
        </div>
        {move || match list.get() {
            None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
            Some(Ok(list)) if list.items.is_empty() => view! { <p class="empty">{t!(i18n, notifications_empty)}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="notifications" role="list">
                    {list.items.into_iter().map(|n| {
                        let text = notification_text(i18n, n.kind);
                        let href = subject_href(n.kind, n.subject_id);
                        let (id, unread) = (n.id, !n.read);
                        view! {
                            <li class="notification" class:notification--unread=!n.read>
                                <span class="notification__kind">{text}</span>
                                " "
                                <A href=href on:click=move |_| { if unread { read.dispatch(Some(vec![id])); } }>{n.title.clone()}</A>
                                " "
                                <time class="byline__date" datetime=n.created_at.to_rfc3339()>{format_date(i18n, n.created_at)}</time>
                                {(!n.read).then(|| view! {
                                    <span class="visually-hidden">{t!(i18n, notifications_unread_mark)}</span>
                                    " "
                                    <button type="button" class="button button--quiet button--small"
                                        on:click=move |_| { read.dispatch(Some(vec![id])); }>
                                        {t!(i18n, notifications_mark_read)}
                                    </button>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
