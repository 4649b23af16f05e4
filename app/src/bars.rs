//! The bars under the toolbar: the share link or embed code just copied, what an import brought
//! or why it was not a workspace, a workspace refused for a file name. A function of the App's
//! view rather than a component of its own (a component's lifecycle code costs the page's wasm
//! ~1 KB gzip, more than redrawing a few hidden bars with the App does).

use yew::prelude::*;

use crate::control::Page;
use crate::i18n::{self, Lang, T};
use crate::names::BadName;
use crate::state::Action;

pub struct BarsProps {
    pub page: Page,
    pub lang: Lang,
    pub share_link: Option<String>,
    pub embed_code: Option<String>,
    pub import_error: bool,
    pub imported: Option<(usize, usize)>,
    pub name_refused: Option<BadName>,
}

/// Selects the whole field when it gets focus, ready to copy.
fn select_all() -> Callback<FocusEvent> {
    Callback::from(|e: FocusEvent| {
        e.target_unchecked_into::<web_sys::HtmlInputElement>().select();
    })
}

pub fn bars(props: BarsProps) -> Html {
    let BarsProps { page, lang, share_link, embed_code, import_error, imported, name_refused } = props;
    html! {
        <>
            if let Some(url) = share_link {
                <div class="share-bar" role="status">
                    <span>{ i18n::share_note(lang, url.len()) }</span>
                    <input class="share-link" data-testid="share-link" readonly=true value={url}
                        aria-label={T::Share.get(lang)} onfocus={select_all()} />
                    <button class="btn" onclick={page.send(Action::ShareLink(None))}>{ T::Close.get(lang) }</button>
                </div>
            }
            if let Some(code) = embed_code {
                <div class="share-bar" role="status">
                    <span>{ T::EmbedCopied.get(lang) }</span>
                    <input class="share-link" data-testid="embed-snippet" readonly=true value={code}
                        aria-label={T::EmbedCode.get(lang)} onfocus={select_all()} />
                    <button class="btn" onclick={page.send(Action::EmbedCode(None))}>{ T::Close.get(lang) }</button>
                </div>
            }
            if import_error {
                <div class="share-bar bad" role="alert" data-testid="import-error">{ T::ImportFailed.get(lang) }</div>
            }
            if let Some((files, inputs)) = imported {
                <div class="share-bar" role="status" data-testid="import-note">
                    <span>{ i18n::imported(lang, files, inputs) }</span>
                    <button class="btn" onclick={page.send(Action::Imported(None))}>{ T::Close.get(lang) }</button>
                </div>
            }
            if let Some(bad) = name_refused {
                <div class="share-bar bad" role="alert" data-testid="name-refused">
                    <span>{ i18n::bad_name(lang, &bad) }</span>
                    <button class="btn" onclick={page.send(Action::NameRefused(None))}>{ T::Close.get(lang) }</button>
                </div>
            }
        </>
    }
}
