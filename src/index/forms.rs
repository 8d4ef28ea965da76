//! Other forms of a query's words: `schools` and `schooling` for `school`, `funded` and
//! `funding` for `fund`, `policies` for `policy`. The index keeps words as they are written and
//! a search finds the forms typed, so the search page offers the others (`Index::word_forms`),
//! and `query::with_alternatives` adds them to the query with `OR`.
//!
//! Forms are told by a light English stemmer: plurals, `-ed` and `-ing` (inflections, not
//! derivations), with a last silent `e` dropped so that `increase`, `increased` and
//! `increasing` meet (and put back where two letters are left: `use`, `used` and `using`),
//! and nothing else, so that what is offered is the same word: `policy` stays apart from
//! `police` and `policing`, and `house` (the House of Commons as often as a home) from
//! `housing`.
//!
//! Invariants: `stem` gives a stem only for words of three or more lowercase ASCII letters
//! (numbers, UINs and accented words have no other forms), and every stem of a word, less a
//! last `i` or `e`, is a prefix of it but for the plurals in `IRREGULAR`; every form `word_forms` gives is a term of the
//! index with the word's stem, neither the word nor an alternative its clause has, nor rare
//! beside the commonest of them (`RARE`).

use super::query::{Matcher, Query};
use super::Index;

/// Words whose last `s` does not make a plural.
const NOT_PLURAL: &[&str] = &[
    "always",
    "besides",
    "economics",
    "ethics",
    "gas",
    "lens",
    "means",
    "mathematics",
    "news",
    "perhaps",
    "physics",
    "politics",
    "series",
    "sometimes",
    "species",
    "whereas",
];

/// Plurals not made with `s`, and the stem each shares with its singular (`stem` of it:
/// `mouse`'s is `mous`). Only plurals that are no other word's form: `lives`, `leaves` and
/// `analyses` are verbs' too, and `data` and `media` are read as singulars.
const IRREGULAR: &[(&str, &str)] = &[
    ("appendices", "appendix"),
    ("bacteria", "bacterium"),
    ("children", "child"),
    ("crises", "crisis"),
    ("criteria", "criterion"),
    ("curricula", "curriculum"),
    ("feet", "foot"),
    ("indices", "index"),
    ("matrices", "matrix"),
    ("memoranda", "memorandum"),
    ("men", "man"),
    ("mice", "mous"),
    ("people", "person"),
    ("phenomena", "phenomenon"),
    ("referenda", "referendum"),
    ("teeth", "tooth"),
    ("women", "woman"),
];

/// Words whose `-ing` makes no verb's form here: their stems would be another word's
/// (`foot`, `even`) or none.
const NOT_VERB_FORMS: &[&str] = &["ceiling", "evening", "footing", "morning"];

/// Words whose last `e` stays: their forms without it are another word here.
const KEEPS_E: &[&str] = &["house"];

/// Verbs ending `-ee`, whose `-ed` form ends `-eed` as `proceed` and `need` do.
const EE_VERBS: &[&str] = &[
    "agree",
    "decree",
    "disagree",
    "foresee",
    "free",
    "guarantee",
    "oversee",
    "referee",
];

/// The most forms offered for one word, the commonest first.
const FORMS_PER_WORD: usize = 4;

/// The most terms sharing a stem's letters that are looked at for one word (a short stem's
/// range of the terms can be long; its forms are rarely missed within this many).
const MOST_CANDIDATES: usize = 20_000;

/// A form is offered only if it is in at least one in `RARE` of as many records as the commonest
/// of its word's forms: the official API cuts question text at 255 characters, mid-word, so a
/// word's first letters are terms too (`hous` beside `housing`, `polici` beside `policy`), each
/// in a record or two.
const RARE: u32 = 200;

/// A word of the query and the index's other forms of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordForms {
    pub word: String,
    pub forms: Vec<String>,
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// How many times a vowel is followed by a consonant in `b`: a stem's measure (`car` 1,
/// `increas` 2, `the` 0).
fn measure(b: &[u8]) -> usize {
    b.windows(2)
        .filter(|w| is_vowel(w[0]) && !is_vowel(w[1]))
        .count()
}

/// Whether `b` ends consonant, vowel, consonant, the last not `w` or `x` (`y` is a vowel here):
/// a short stem, whose `e` is heard and kept (`care`, `hope`, `state`, `plane`).
fn ends_short(b: &[u8]) -> bool {
    matches!(b, [.., c1, v, c2]
        if !is_vowel(*c1) && is_vowel(*v) && !is_vowel(*c2) && !matches!(c2, b'w' | b'x'))
}

/// Whether `rest` is two letters, a vowel then a consonant (`us` of `using`, `ag` of `aged`):
/// the stem of a verb of three letters whose `e` went before `-ed` or `-ing` (`use`, `age`,
/// `owe`, `ice`).
fn vowel_consonant(rest: &str) -> bool {
    matches!(rest.as_bytes(), [v, c] if is_vowel(*v) && !is_vowel(*c))
}

/// Whether a last `e` after `rest` is kept: a short stem of measure one keeps it (`care` is not
/// `car`), as does one of measure naught (`the`), `-ee` (`agree`), and `KEEPS_E`.
fn keeps_e(rest: &[u8], word: &str) -> bool {
    let m = measure(rest);
    rest.len() < 3
        || rest.ends_with(b"e")
        || m == 0
        || (m == 1 && ends_short(rest))
        || KEEPS_E.contains(&word)
}

/// `word` without a `-ing` or `-ed` ending when what is left has three letters or more and a
/// vowel (so `thing`, `bring` and `need` keep theirs), or is a vowel and a consonant (`used`,
/// `aging`, `owing`): a doubled last consonant undone (`planned` → `plan`, but `called` →
/// `call`), or a short stem's `e` put back (`caring` → `care`, as `care` keeps its own; `using`
/// → `use`).
fn without_verb_ending(word: &str) -> String {
    if NOT_VERB_FORMS.contains(&word) {
        return word.to_string();
    }
    let stripped = ["ing", "ed"].iter().find_map(|ending| {
        let rest = word.strip_suffix(ending)?;
        // `-eed` is not `-ed` (`proceed`, `need`) but for an `-ee` verb (`agreed`).
        if *ending == "ed" && rest.ends_with('e') {
            let verb = &word[..word.len() - 1];
            return EE_VERBS.contains(&verb).then_some(verb);
        }
        let keeps = (rest.len() >= 3 && rest.bytes().any(is_vowel)) || vowel_consonant(rest);
        keeps.then_some(rest)
    });
    let Some(rest) = stripped else {
        return word.to_string();
    };
    let b = rest.as_bytes();
    match b {
        [.., x, y]
            if x == y
                && matches!(x, b'b' | b'd' | b'g' | b'm' | b'n' | b'p' | b'r' | b't')
                && b.len() > 3 =>
        {
            rest[..rest.len() - 1].to_string()
        }
        _ if (measure(b) == 1 && ends_short(b)) || vowel_consonant(rest) => format!("{rest}e"),
        _ => rest.to_string(),
    }
}

/// The stem the forms of `word` share, or `None` for a word that has no forms here (shorter
/// than three letters, or not all lowercase ASCII letters: numbers, UINs, accented words).
pub fn stem(word: &str) -> Option<String> {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    if let Some(&(_, singular)) = IRREGULAR.iter().find(|(plural, _)| *plural == word) {
        return Some(singular.to_string());
    }
    let mut s = word.to_string();
    if !NOT_PLURAL.contains(&word) {
        if s.len() > 4 && s.ends_with("ies") {
            // policies → polici (as policy → polici below)
            s.truncate(s.len() - 2);
        } else if ["sses", "xes", "ches", "shes", "zzes"]
            .iter()
            .any(|e| s.ends_with(e))
        {
            s.truncate(s.len() - 2);
        } else if s.len() > 3
            && s.ends_with('s')
            && !["ss", "us", "is"].iter().any(|e| s.ends_with(e))
        {
            s.pop();
        }
    }
    // applied → appli, as apply → appli below.
    let mut s = without_verb_ending(&s);
    // A consonant's `y` at the end is `i`, as in the forms above: policy, applying → polici,
    // appli.
    let b = s.as_bytes();
    if let [.., before, b'y'] = b {
        if !is_vowel(*before) {
            s.pop();
            s.push('i');
        }
    }
    // A last `e` that is silent goes, as before `-ed` and `-ing` (increase, increased,
    // increasing → increas).
    if let [rest @ .., b'e'] = s.as_bytes() {
        if !keeps_e(rest, &s) {
            s.pop();
        }
    }
    Some(s)
}

impl Index {
    /// The other forms the index has of each word `query` looks for (words and prefixes of its
    /// clauses, not phrases or exclusions), the commonest first: forms the clause does not
    /// already find (not an alternative of it, nor, for a prefix, a word starting with it).
    /// Words with none are left out.
    pub fn word_forms(&self, query: &Query) -> Vec<WordForms> {
        let mut found: Vec<WordForms> = Vec::new();
        for clause in &query.clauses {
            for matcher in &clause.alternatives {
                let (Matcher::Term(word) | Matcher::Prefix(word)) = matcher else {
                    continue;
                };
                if found.iter().any(|f| f.word == *word) {
                    continue;
                }
                let covered = |form: &str| {
                    clause.alternatives.iter().any(|m| match m {
                        Matcher::Term(t) => t == form,
                        Matcher::Prefix(p) => form.starts_with(p.as_str()),
                        Matcher::Phrase(_) => false,
                    })
                };
                let forms = self.forms_of(word, covered);
                if !forms.is_empty() {
                    found.push(WordForms {
                        word: word.clone(),
                        forms,
                    });
                }
            }
        }
        found
    }

    /// The index's terms with `word`'s stem that `covered` does not find, the commonest first.
    fn forms_of(&self, word: &str, covered: impl Fn(&str) -> bool) -> Vec<String> {
        let Some(stem) = stem(word) else {
            return Vec::new();
        };
        let letters = stem.strip_suffix(['i', 'e']).unwrap_or(&stem);
        // Of a form and the same with an `e` at its end, both with the stem, the rarer is the
        // first letters of the other cut short (`RARE`): `charg` beside `charge`, `proceede`
        // beside `proceed` (the form without the `e` goes when they are as common).
        let cut_short = |name: &str, records: u32| {
            let (partner, as_common) = match name.strip_suffix('e') {
                Some(without) => (without.to_string(), false),
                None => (format!("{name}e"), true),
            };
            self.term(&partner).is_some_and(|t| {
                let theirs = self.doc_frequency(t);
                (theirs > records || (as_common && theirs == records))
                    && self::stem(&partner).as_deref() == Some(&*stem)
            })
        };
        // Fewer than three letters are too many terms to look through, but for a stem the
        // stemmer made of two and an `e` (`us` of `use`: `used`, `using`).
        if letters.len() < 3 && !(vowel_consonant(letters) && stem.ends_with('e')) {
            return Vec::new();
        }
        // The terms sharing the stem's letters, and an irregular plural of it (`women`).
        let irregular = IRREGULAR
            .iter()
            .filter(|&&(plural, singular)| singular == stem && !plural.starts_with(letters))
            .filter_map(|&(plural, _)| self.term(plural));
        let mut forms: Vec<(u32, &str)> = self
            .prefix_terms(letters)
            .iter()
            .take(MOST_CANDIDATES)
            .copied()
            .chain(irregular)
            .filter_map(|t| {
                let name = &self.term_names[t as usize];
                // The longest ending a form adds to its stem: a doubled letter and `ings`.
                let near = name.len() <= stem.len() + 5 && name != word && !covered(name);
                if !near || self::stem(name).as_deref() != Some(stem.as_str()) {
                    return None;
                }
                let records = self.doc_frequency(t);
                (!cut_short(name, records)).then_some((records, name))
            })
            .collect();
        forms.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let own = self.term(word).map_or(0, |t| self.doc_frequency(t));
        let commonest = forms.first().map_or(0, |f| f.0).max(own);
        forms
            .into_iter()
            .take_while(|&(records, _)| records.saturating_mul(RARE) >= commonest)
            .take(FORMS_PER_WORD)
            .map(|(_, name)| name.to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    /// Each group's words share a stem, and no two groups' stems are the same.
    #[test]
    fn inflections_share_a_stem_and_other_words_do_not() {
        let groups: &[&[&str]] = &[
            &["school", "schools", "schooling"],
            &["fund", "funds", "funded", "funding"],
            &["policy", "policies"],
            &["police", "polices", "policing", "policed"],
            &["plan", "plans", "planned", "planning"],
            &["apply", "applies", "applied", "applying"],
            &["need", "needs", "needed", "needing"],
            &["tax", "taxes", "taxed", "taxing"],
            &["class", "classes"],
            &["church", "churches"],
            &["call", "calls", "called", "calling"],
            &["finding", "findings", "find", "finds"],
            &["study", "studies", "studied", "studying"],
            &["seeker", "seekers"],
            &["house", "houses"],
            &["housing", "housed"],
            &["increase", "increases", "increased", "increasing"],
            &["propose", "proposes", "proposed", "proposing"],
            &["charge", "charges", "charged", "charging"],
            &["issue", "issues", "issued", "issuing"],
            &["title", "titles", "titled"],
            &["agree", "agrees", "agreed", "agreeing"],
            &["guarantee", "guarantees", "guaranteed", "guaranteeing"],
            &["free", "frees", "freed", "freeing"],
            &["care", "cares", "cared", "caring"],
            &["car", "cars"],
            &["hope", "hoped", "hoping"],
            &["hop", "hopping", "hopped"],
            &["plane", "planes"],
            &["state", "states", "stated", "stating"],
            &["rate", "rates", "rated", "rating"],
            &["create", "created", "creating", "creates"],
            &["provide", "provided", "providing"],
            &["close", "closed", "closing"],
            &["use", "uses", "used", "using"],
            &["age", "ages", "aged", "aging"],
            &["owe", "owes", "owed", "owing"],
            &["ice", "iced", "icing"],
            &["user", "users"],
            &["usage"],
            &["thing", "things"],
            &["doing"],
            &["child", "children"],
            &["woman", "women", "womans"],
            &["man", "men", "mans"],
            &["person", "persons", "people"],
            &["one", "ones"],
            &["news"],
            &["new"],
            &["status"],
            &["crisis", "crises"],
            &["foot", "feet"],
            &["footing", "footings"],
            &["even"],
            &["evening", "evenings"],
            &["morning", "mornings"],
            &["ceiling", "ceilings"],
            &["tooth", "teeth"],
            &["mouse", "mice"],
            &["index", "indexes", "indices"],
            &["matrix", "matrices"],
            &["appendix", "appendices"],
            &["criterion", "criteria"],
            &["curriculum", "curricula"],
            &["memorandum", "memoranda"],
            &["referendum", "referendums", "referenda"],
            &["phenomenon", "phenomena"],
            &["bacterium", "bacteria"],
            &[
                "proceed",
                "proceeds",
                "proceeded",
                "proceeding",
                "proceedings",
            ],
        ];
        let mut seen: Vec<(String, &str)> = Vec::new();
        for group in groups {
            let stems: Vec<String> = group.iter().map(|w| stem(w).unwrap()).collect();
            assert!(
                stems.iter().all(|s| *s == stems[0]),
                "{group:?} gave {stems:?}"
            );
            if let Some((_, other)) = seen.iter().find(|(s, _)| *s == stems[0]) {
                panic!("{group:?} and {other} share the stem {}", stems[0]);
            }
            seen.push((stems[0].clone(), group[0]));
        }
    }

    #[test]
    fn a_stem_less_a_last_i_or_e_is_the_word_s_first_letters() {
        for word in [
            "policies", "applied", "planning", "crisis", "news", "agreed", "caring", "hoped",
            "using", "aged", "owing",
        ] {
            let s = stem(word).unwrap();
            let letters = s.strip_suffix(['i', 'e']).unwrap_or(&s);
            assert!(word.starts_with(letters), "{word} → {s}");
        }
    }

    #[test]
    fn numbers_uins_short_and_accented_words_have_no_stem() {
        for word in ["365000", "hl11520", "an", "café", "Schools", "covid19"] {
            assert_eq!(stem(word), None, "{word}");
        }
    }
}
