//! A handful of hand-drawn SVG icons (the page ships no icon font, and emoji differ per system).
//! Each is a 16×16 stroke drawing in `currentColor`, hidden from screen readers: the button
//! around it carries the label.

use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Play,
    Pause,
    Reset,
    Clock,
    Plus,
    Pencil,
    Trash,
    Globe,
    Share,
    Download,
    Upload,
    Book,
    Code,
    Folder,
    More,
}

pub fn icon(i: Icon) -> Html {
    let d = match i {
        Icon::Play => "M5 3.5v9l7-4.5z",
        Icon::Pause => "M5.5 3.5v9M10.5 3.5v9",
        Icon::Reset => "M3.5 8a4.5 4.5 0 1 0 1.4-3.3M3.5 2.5v2.8h2.8",
        Icon::Clock => "M8 2.5a5.5 5.5 0 1 0 0 11a5.5 5.5 0 1 0 0-11M8 5v3.2l2.2 1.4",
        Icon::Plus => "M8 3v10M3 8h10",
        Icon::Pencil => "M3 13l.6-2.8L10.5 3.3l2.2 2.2-6.9 6.9zM9.3 4.5l2.2 2.2",
        Icon::Trash => "M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5M7 7v4M9 7v4",
        Icon::Globe => "M8 2.5a5.5 5.5 0 1 0 0 11a5.5 5.5 0 1 0 0-11M2.5 8h11M8 2.5c-2 2-2 9 0 11M8 2.5c2 2 2 9 0 11",
        Icon::Share => {
            "M6.5 9.5l3-3M7 4.5l1.2-1.2a2.5 2.5 0 0 1 3.5 3.5L10.5 8M9 11.5l-1.2 1.2a2.5 2.5 0 0 1-3.5-3.5L5.5 8"
        }
        Icon::Download => "M8 2.5v7.5M5 7.5l3 3 3-3M3 13h10",
        Icon::More => "M3 5h10M3 8h10M3 11h10",
        Icon::Upload => "M8 10.5V3M5 5.5l3-3 3 3M3 13h10",
        Icon::Book => {
            "M8 4.5c-1.5-1-3.5-1.5-5.5-1.5v9c2 0 4 .5 5.5 1.5c1.5-1 3.5-1.5 5.5-1.5V3c-2 0-4 .5-5.5 1.5zM8 4.5v9"
        }
        Icon::Code => "M5.5 4.5L2 8l3.5 3.5M10.5 4.5L14 8l-3.5 3.5M9 3l-2 10",
        Icon::Folder => "M2.5 4.5h4l1.5 1.5h5.5v6.5h-11zM8 7.5v3.5M6.5 9.5L8 11l1.5-1.5",
    };
    let fill = if i == Icon::Play { "currentColor" } else { "none" };
    html! {
        <svg class="icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path {d} fill={fill} stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}
