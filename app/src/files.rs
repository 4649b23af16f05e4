//! The project's file tree: lists `/home/alumno/proyecto` on the simulated host and adds,
//! renames and deletes files there. What the shell creates shows up here, and the other way round.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{self, Lang, T};
use crate::icons::{icon, Icon};
use crate::names::{self, BadName};
use crate::{project, SharedSession};

#[derive(Properties, Clone)]
pub struct FilesProps {
    pub session: SharedSession,
    /// When the project's files may have changed (`Mirror::files_stamp`): the listing is read again.
    pub rev: u64,
    pub lang: Lang,
    pub selected: Option<String>,
    pub on_select: Callback<Option<String>>,
}

impl PartialEq for FilesProps {
    fn eq(&self, o: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.session, &o.session)
            && self.rev == o.rev
            && self.lang == o.lang
            && self.selected == o.selected
            && self.on_select == o.on_select
    }
}

/// Why the name field's name was not taken.
#[derive(Clone, Debug, PartialEq)]
enum NameError {
    Fixed(T),
    /// Refused by [`names::check_path`]: which character or part.
    Bad(BadName),
}

#[derive(Clone, Debug, PartialEq)]
enum Mode {
    Idle,
    New,
    Rename,
    ConfirmDelete,
}

#[component]
pub fn Files(props: &FilesProps) -> Html {
    let FilesProps { session, lang, selected, on_select, .. } = props.clone();
    let mode = use_state(|| Mode::Idle);
    let error = use_state(|| None::<NameError>);
    let input = use_node_ref();
    let entries = project::entries(&session.borrow());
    let selected_is_dir = entries.iter().any(|(p, d)| Some(p) == selected.as_ref() && *d);

    {
        // When the name field appears: the current name (renaming) or nothing, selected.
        let input = input.clone();
        let initial = if *mode == Mode::Rename { selected.clone().unwrap_or_default() } else { String::new() };
        use_effect_with((*mode).clone(), move |_| {
            if let Some(i) = input.cast::<HtmlInputElement>() {
                i.set_value(&initial);
                let _ = i.focus();
                i.select();
            }
        });
    }

    let set_mode = |m: Mode| {
        let (mode, error) = (mode.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            mode.set(m.clone());
        })
    };
    let submit = {
        let (mode, error, session, selected, on_select, input) =
            (mode.clone(), error.clone(), session.clone(), selected.clone(), on_select.clone(), input.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else { return };
            let name = field.value().trim().trim_start_matches("./").to_string();
            if let Err(bad) = names::check_path(&name) {
                error.set(Some(NameError::Bad(bad)));
                return;
            }
            let mut s = session.borrow_mut();
            if s.read_host_file(&name).is_ok() || s.host_is_dir(&name) {
                error.set(Some(NameError::Fixed(T::NameTaken)));
                return;
            }
            let done = match (&*mode, &selected) {
                (Mode::Rename, Some(old)) => s.rename_host_file(old, &name).is_ok(),
                _ => s.write_host_file(&name, b"").is_ok(),
            };
            drop(s);
            if done {
                error.set(None);
                mode.set(Mode::Idle);
                on_select.emit(Some(name));
            } else {
                error.set(Some(NameError::Fixed(T::NameInvalid)));
            }
        })
    };
    let delete = {
        let (mode, session, selected, on_select) = (mode.clone(), session.clone(), selected.clone(), on_select.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(p) = &selected {
                let _ = session.borrow_mut().remove_host_file(p);
            }
            mode.set(Mode::Idle);
            on_select.emit(None);
        })
    };
    let on_key = {
        let mode = mode.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                mode.set(Mode::Idle);
            }
        })
    };

    let name_of = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let form = match &*mode {
        Mode::New | Mode::Rename => {
            html! {
                <form class="name-form" onsubmit={submit}>
                    <input ref={input.clone()} data-testid="file-name" aria-label={T::FileName.get(lang)}
                        placeholder={T::FileName.get(lang)} onkeydown={on_key} spellcheck="false" autocomplete="off" />
                    <button class="btn small" type="submit" data-testid="file-ok">{ T::Create.get(lang) }</button>
                    <button class="btn small ghost" type="button" onclick={set_mode(Mode::Idle)}>{ T::Cancel.get(lang) }</button>
                    if let Some(e) = &*error {
                        <p class="form-error" role="alert" data-testid="file-name-error">{
                            match e {
                                NameError::Fixed(t) => t.get(lang).to_string(),
                                NameError::Bad(b) => i18n::bad_name(lang, b),
                            }
                        }</p>
                    }
                </form>
            }
        }
        Mode::ConfirmDelete => html! {
            <div class="name-form confirm" role="alert">
                <span>{ format!("{} {}?", T::Delete.get(lang), selected.as_deref().map(name_of).unwrap_or_default()) }</span>
                <button class="btn small danger" data-testid="file-confirm-delete" onclick={delete}>{ T::ConfirmDelete.get(lang) }</button>
                <button class="btn small ghost" onclick={set_mode(Mode::Idle)}>{ T::Cancel.get(lang) }</button>
            </div>
        },
        Mode::Idle => html! {},
    };

    let items = entries.iter().map(|(path, is_dir)| {
        let depth = path.matches('/').count();
        let is_sel = selected.as_deref() == Some(path.as_str());
        let onclick = {
            let (on_select, path) = (on_select.clone(), path.clone());
            Callback::from(move |_: MouseEvent| on_select.emit(Some(path.clone())))
        };
        html! {
            <li role="treeitem" aria-selected={is_sel.to_string()}>
                <button class={format!("entry{}{}", if is_sel { " selected" } else { "" }, if *is_dir { " dir" } else { "" })}
                    style={format!("padding-left: {}px", 8 + depth * 14)} data-path={path.clone()} {onclick}>
                    <span class="icon" aria-hidden="true">{ if *is_dir { "▾" } else { "·" } }</span>
                    { name_of(path) }{ if *is_dir { "/" } else { "" } }
                </button>
            </li>
        }
    });

    html! {
        <section class="panel files" aria-label={T::Project.get(lang)}>
            <header class="panel-head">
                <h2>{ T::Project.get(lang) }</h2>
                <span class="muted mono">{ "~/proyecto" }</span>
                <div class="actions">
                    <button class="icon-btn" data-testid="file-new" title={T::NewFile.get(lang)} aria-label={T::NewFile.get(lang)}
                        onclick={set_mode(Mode::New)}>{ icon(Icon::Plus) }</button>
                    <button class="icon-btn" data-testid="file-rename" title={T::Rename.get(lang)} aria-label={T::Rename.get(lang)}
                        disabled={selected.is_none() || selected_is_dir} onclick={set_mode(Mode::Rename)}>{ icon(Icon::Pencil) }</button>
                    <button class="icon-btn" data-testid="file-delete" title={T::Delete.get(lang)} aria-label={T::Delete.get(lang)}
                        disabled={selected.is_none()} onclick={set_mode(Mode::ConfirmDelete)}>{ icon(Icon::Trash) }</button>
                </div>
            </header>
            { form }
            <ul class="tree" role="tree" data-testid="files">
                { for items }
            </ul>
        </section>
    }
}
