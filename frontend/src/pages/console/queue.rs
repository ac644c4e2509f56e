//! `/moderation`: reported items, most reported first.

use super::{StaffOnly, target_name};
use crate::client;
use crate::components::errors::error_text;
use crate::components::moderation::report_reason_name;
use crate::locales::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Queue() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <StaffOnly heading=Signal::derive(move || t_string!(i18n, console_queue_title).to_string())>
            <QueueList />
        </StaffOnly>
    }
}

#[component]
fn QueueList() -> impl IntoView {
    let i18n = use_i18n();
    let queue = LocalResource::new(client::moderation_queue);
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
            {move || queue.get().map(|result| match result {
                Err(e) => view! { <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                Ok(queue) if queue.items.is_empty() => view! { <p class="empty">{t!(i18n, console_queue_empty)}</p> }.into_any(),
                Ok(queue) => view! {
                    <p class="lead">{t_string!(i18n, console_open_reports, n = queue.open_reports).to_string()}</p>
                    <ol class="queue" role="list">
                        {queue.items.into_iter().map(|item| {
                            let content = item.content;
                            let kind = content.target_type;
                            let href = format!("/moderation/items/{}/{}", kind.as_str(), content.target_id);
                            view! {
                                <li class="queue__item">
                                    <p class="queue__head">
                                        <span class="count-badge">{item.open_reports}</span>
                                        " " <span class="queue__kind">{move || target_name(i18n, kind)}</span>
                                        " " <A href=href>{content.title.clone()}</A>
                                        {content.hidden.is_some().then(|| view! { " " <span class="status status--declined">{t!(i18n, console_hidden)}</span> })}
                                    </p>
                                    <p class="queue__reasons">
                                        {item.reasons.iter().map(|r| {
                                            let (reason, count) = (r.reason, r.count);
                                            view! { <span class="tag">{move || report_reason_name(i18n, reason)} " × " {count}</span> " " }
                                        }).collect_view()}
                                    </p>
                                    <p class="queue__by">{t!(i18n, console_author)} " " {content.author.display_name.clone()}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any(),
            })}
        </Transition>
    }
}
