//! Who is signed in, shared by every page through context.

use api::Me;
use leptos::prelude::*;

/// The signed-in person (`None` for visitors) and whether we know yet.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    pub loaded: RwSignal<bool>,
    /// Unread notifications of the signed-in person.
    pub unread: RwSignal<u32>,
}

impl Session {
    /// Creates the session, asks the server who is signed in, and provides it as context.
    pub fn provide() -> Session {
        let session = Session {
            me: RwSignal::new(None),
            loaded: RwSignal::new(false),
            unread: RwSignal::new(0),
        };
        provide_context(session);
        leptos::task::spawn_local(async move {
            // A failure to reach the server leaves the visitor signed out; pages that need
            // the server say so themselves.
            if let Ok(Some(me)) = crate::client::me().await {
                session.signed_in(me);
            }
            session.loaded.set(true);
        });
        session
    }
}

impl Session {
    /// Records who signed in, then fetches how many notifications await them.
    pub fn signed_in(self, me: Me) {
        self.me.set(Some(me));
        leptos::task::spawn_local(async move {
            if let Ok(list) = crate::client::notifications().await {
                self.unread.set(list.unread);
            }
        });
    }
}

impl Session {
    /// Whether the signed-in person is on the team that moderates (the server checks it
    /// again on every console route).
    pub fn is_staff(self) -> bool {
        self.me.with(|me| me.as_ref().is_some_and(Me::is_staff))
    }
}

pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| Session {
        me: RwSignal::new(None),
        loaded: RwSignal::new(true),
        unread: RwSignal::new(0),
    })
}
