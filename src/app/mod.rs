//! The app's state and controllers, no views: where we are and what the data says about it
//! ([`state`]), and the report flow with the sender that moves the outbox ([`report`]) and the
//! texts each channel sends ([`messages`]), the person's settings ([`settings`]). The
//! decisions are `core`'s; this layer runs them over the browser adapters and holds the
//! signals the components in `ui` read.
pub mod data;
pub mod locate;
pub mod messages;
pub mod report;
pub mod settings;
pub mod state;
