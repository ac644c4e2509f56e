//! Who another instance must forget the kept state of (`NOTIFY cocrea_viewer`): the
//! announcements a write makes, gathered until the next read of `auth_epoch` sends them.

/// Whose own state changed by a write, for the other instances' [`crate::platform::viewers`].
#[derive(Debug, Clone, Copy)]
pub enum Announce {
    Person(i64),
    /// A team write (a merge moves other people's supports): everyone's.
    Everyone,
}

/// Announcements waiting for the next read of the counter.
#[derive(Default)]
pub(super) struct Pending {
    everyone: bool,
    people: std::collections::BTreeSet<i64>,
}

/// PostgreSQL refuses a notification payload of 8,000 bytes or more; past this many, the
/// other instances are told to forget everyone's state instead.
const PAYLOAD_MAX: usize = 7_000;

impl Pending {
    pub(super) fn add(&mut self, announce: Announce) {
        match announce {
            Announce::Person(id) => {
                self.people.insert(id);
            }
            Announce::Everyone => self.everyone = true,
        }
    }

    pub(super) fn merge(&mut self, other: Pending) {
        self.everyone |= other.everyone;
        self.people.extend(other.people);
    }

    /// The payload of `NOTIFY cocrea_viewer`: the people's ids, comma-separated, or `*`.
    pub(super) fn payload(&self) -> Option<String> {
        if self.everyone {
            return Some("*".to_owned());
        }
        if self.people.is_empty() {
            return None;
        }
        let ids: Vec<String> = self.people.iter().map(i64::to_string).collect();
        let payload = ids.join(",");
        Some(if payload.len() > PAYLOAD_MAX {
            "*".to_owned()
        } else {
            payload
        })
    }
}

/// What a `cocrea_viewer` payload asks to forget: these people, or everyone (`None`,
/// also for a payload that does not parse).
pub(super) fn announced(payload: &str) -> Option<Vec<i64>> {
    payload.split(',').map(|id| id.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announcements_travel_as_ids_or_everyone() {
        let mut pending = Pending::default();
        assert_eq!(pending.payload(), None);
        pending.add(Announce::Person(42));
        pending.add(Announce::Person(7));
        pending.add(Announce::Person(42));
        let payload = pending.payload().expect("two people");
        assert_eq!(payload, "7,42");
        assert_eq!(announced(&payload), Some(vec![7, 42]));
        pending.add(Announce::Everyone);
        assert_eq!(pending.payload().as_deref(), Some("*"));
        assert_eq!(announced("*"), None);
        assert_eq!(announced("7,x"), None);
    }

    #[test]
    fn too_many_people_for_one_notification_become_everyone() {
        let mut pending = Pending::default();
        (1..=2_000).for_each(|id| pending.add(Announce::Person(1_000_000 + id)));
        assert_eq!(pending.payload().as_deref(), Some("*"));
        let mut other = Pending::default();
        other.add(Announce::Person(3));
        let mut merged = Pending::default();
        merged.merge(other);
        assert_eq!(merged.payload().as_deref(), Some("3"));
    }
}
