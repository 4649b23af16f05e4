//! A Python subset, hand-written (placeholder doc, completed below).

pub mod ast;
pub mod code;
pub mod fstring;
pub mod lex;
pub mod parse;
pub mod value;
