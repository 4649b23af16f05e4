//! Preferences: read once when the page loads (a link's or an embedding page's language and
//! theme win over the saved ones), then applied wherever they matter whenever they change — the
//! session's language, the crash overlay and notices, the document's `lang`, title and theme,
//! the clock's speed — and saved (not by an embedded page).

use yew::prelude::*;

use super::clock::Clock;
use crate::embed::EmbedParams;
use crate::i18n::{Lang, T};
use crate::persist::{self, Prefs, Theme};
use crate::{guard, notice, SharedSession};

/// The preferences a page starts with: the saved ones, the language of an incoming workspace
/// (`link_lang`), then what an embedding page asks for.
pub fn initial(saved: Option<&str>, link_lang: Option<Lang>, embedded: Option<&EmbedParams>) -> Prefs {
    let saved = saved.map(Prefs::decode).unwrap_or_default();
    let p = match link_lang {
        Some(lang) => Prefs { lang, ..saved },
        None => saved,
    };
    match embedded {
        Some(e) => Prefs { lang: e.lang.unwrap_or(p.lang), theme: e.theme.unwrap_or(p.theme), ..p },
        None => p,
    }
}

/// Applies `prefs` whenever they change (and saves them when the page `saves`).
#[hook]
pub fn use_prefs(prefs: Prefs, session: &SharedSession, clock: &Clock, saves: bool) {
    let (session, clock) = (session.clone(), clock.clone());
    use_effect_with(prefs, move |p| {
        session.borrow_mut().set_lang(p.lang);
        notice::set_lang(p.lang);
        guard::prepare(p.lang);
        clock.set_speed(p.speed);
        let document = gloo::utils::document();
        document.set_title(&format!("Muelle · {}", T::Subtitle.get(p.lang)));
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", p.lang.code());
            let _ = match p.theme {
                Theme::System => root.remove_attribute("data-theme"),
                t => root.set_attribute("data-theme", t.code()),
            };
        }
        if saves {
            persist::store(persist::PREFS_KEY, &p.encode());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_links_language_then_the_embedding_pages_choices_win() {
        let saved = Prefs { lang: Lang::En, theme: Theme::Dark, speed: 2.0, ..Prefs::default() }.encode();
        assert_eq!(
            initial(Some(&saved), None, None),
            Prefs { lang: Lang::En, theme: Theme::Dark, speed: 2.0, ..Prefs::default() }
        );
        assert_eq!(initial(Some(&saved), Some(Lang::Es), None).lang, Lang::Es);
        assert_eq!(initial(None, None, None), Prefs::default());
        let e = EmbedParams { lang: Some(Lang::En), theme: Some(Theme::Light), ..Default::default() };
        let p = initial(Some(&saved), Some(Lang::Es), Some(&e));
        assert_eq!((p.lang, p.theme, p.speed), (Lang::En, Theme::Light, 2.0));
        let e = EmbedParams::default();
        assert_eq!(initial(Some(&saved), Some(Lang::Es), Some(&e)).lang, Lang::Es, "nothing asked: the link's");
    }
}
