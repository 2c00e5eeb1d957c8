use leptos::prelude::*;

use crate::browser::storage;
use crate::i18n::*;

const SEEN: &str = "warned";

/// What 110 is for and what pranks cost: shown once, remembered, reachable again from the button
/// it leaves behind. It covers the content, never the call button (which stays above it).
#[component]
pub fn FirstRunWarning() -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(!storage::flag(SEEN));
    let close = move |_| {
        storage::set_flag(SEEN, true);
        open.set(false);
    };
    view! {
        <button type="button" class="linkish" data-testid="warning-reopen" on:click=move |_| open.set(true)>
            {t!(i18n, warn_reopen)}
        </button>
        <Show when=move || open.get()>
            <div class="overlay">
                <section class="dialog" role="dialog" aria-modal="false" aria-labelledby="warn-title" data-testid="first-run">
                    <h2 id="warn-title">{t!(i18n, warn_title)}</h2>
                    <p>{t!(i18n, warn_body)}</p>
                    <p><strong>{t!(i18n, warn_ladder_title)}</strong></p>
                    <ol class="ladder">
                        <li>{t!(i18n, warn_ladder_1)}</li>
                        <li>{t!(i18n, warn_ladder_2)}</li>
                        <li>{t!(i18n, warn_ladder_3)}</li>
                        <li>{t!(i18n, warn_ladder_4)}</li>
                    </ol>
                    <p class="small">{t!(i18n, disclaimer)}</p>
                    <button type="button" class="primary" data-testid="warning-ok" on:click=close>
                        {t!(i18n, warn_ok)}
                    </button>
                </section>
            </div>
        </Show>
    }
}
