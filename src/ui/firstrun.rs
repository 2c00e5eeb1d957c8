use leptos::prelude::*;

use super::tr;
use crate::app::settings;
use crate::i18n::*;

/// What 110 is for and what pranks cost: shown once, remembered, reachable again from the button
/// it leaves behind. It covers the content, never the call button (which stays above it).
#[component]
pub fn FirstRunWarning() -> impl IntoView {
    // Opened from an operator's location link, the person is already talking to the police:
    // the request comes first (the warning stays one tap away).
    let open = RwSignal::new(!settings::warning_seen() && !crate::app::locate::requested());
    let close = move |_| {
        settings::mark_warning_seen();
        open.set(false);
    };
    view! {
        <button type="button" class="linkish" data-testid="warning-reopen" on:click=move |_| open.set(true)>
            {tr(|l| td_string!(l, warn_reopen))}
        </button>
        <super::Later>
        <Show when=move || open.get()>
            <div class="overlay">
                <section class="dialog" role="dialog" aria-modal="false" aria-labelledby="warn-title" data-testid="first-run">
                    <h2 id="warn-title">{tr(|l| td_string!(l, warn_title))}</h2>
                    <p>{tr(|l| td_string!(l, warn_body))}</p>
                    <p>{tr(|l| td_string!(l, warn_seen))}</p>
                    <p><strong>{tr(|l| td_string!(l, warn_ladder_title))}</strong></p>
                    <ol class="ladder">
                        <li>{tr(|l| td_string!(l, warn_ladder_1))}</li>
                        <li>{tr(|l| td_string!(l, warn_ladder_2))}</li>
                        <li>{tr(|l| td_string!(l, warn_ladder_3))}</li>
                        <li>{tr(|l| td_string!(l, warn_ladder_4))}</li>
                    </ol>
                    <p class="small">{tr(|l| td_string!(l, disclaimer))}</p>
                    <button type="button" class="primary" data-testid="warning-ok" on:click=close>
                        {tr(|l| td_string!(l, warn_ok))}
                    </button>
                </section>
            </div>
        </Show>
        </super::Later>
    }
}
