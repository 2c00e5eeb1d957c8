//! The login form.
use leptos::prelude::*;

use super::{text::fill, Console, LangSwitch};
use crate::api;
use crate::i18n::*;
use crate::model::Me;

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let c = expect_context::<Console>();
    let l = move || i18n.get_locale();
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    // None, or the message: a closure over the locale so it follows a language change.
    let problem = RwSignal::new(None::<(u8, u64)>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        api::unlock_audio();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = serde_json::json!({ "user": user.get_untracked(), "password": password.get_untracked() })
            .to_string();
        leptos::task::spawn_local(async move {
            match api::call("POST", "/login", Some(body)).await {
                Ok(a) if a.ok() => match serde_json::from_str::<Me>(&a.body) {
                    Ok(me) => {
                        problem.set(None);
                        password.set(String::new());
                        c.start(me);
                    }
                    Err(_) => problem.set(Some((3, 0))),
                },
                Ok(a) if a.status == 429 => problem.set(Some((2, a.retry_after()))),
                Ok(a) if a.status == 401 || a.status == 400 => problem.set(Some((1, 0))),
                Ok(_) | Err(()) => problem.set(Some((3, 0))),
            }
            busy.set(false);
        });
    };
    let message = move || {
        let l = l();
        match problem.get() {
            Some((1, _)) => Some(td_string!(l, login_wrong).to_string()),
            Some((2, n)) => Some(fill(td_string!(l, login_limited), &[("n", n.to_string())])),
            Some(_) => Some(td_string!(l, error_network).to_string()),
            None => None,
        }
    };
    view! {
        <main class="login">
            <div class="login-top"><LangSwitch/></div>
            <h1>{move || td_string!(l(), app_title)}</h1>
            <form class="card" on:submit=submit data-testid="login-form">
                <h2>{move || td_string!(l(), login_title)}</h2>
                {move || c.expired.get().then(|| view! {
                    <p class="notice" role="status" data-testid="login-expired">{td_string!(l(), login_expired)}</p>
                })}
                <label for="user">{move || td_string!(l(), login_user)}</label>
                <input id="user" name="user" autocomplete="username" required autocapitalize="none" spellcheck="false"
                    data-testid="login-user"
                    prop:value=move || user.get() on:input=move |ev| user.set(event_target_value(&ev))/>
                <label for="password">{move || td_string!(l(), login_password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    data-testid="login-password"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                {move || message().map(|m| view! { <p class="error" role="alert" data-testid="login-error">{m}</p> })}
                <button type="submit" class="primary" data-testid="login-submit" disabled=move || busy.get()>
                    {move || td_string!(l(), login_submit)}
                </button>
                <p class="hint">{move || td_string!(l(), login_note)}</p>
            </form>
        </main>
    }
}
