//! Synthetic corpora for benchmarks and scale tests: deterministic for a seed, with realistic
//! shapes — about 650 members across 12 parties and both Houses (peers without constituencies),
//! 30 departments, dates from 2014 to 2025 with recesses, headings from a topic vocabulary,
//! questions of 50–100 words and answers of 100–400 drawn from a Zipfian vocabulary, ~10%
//! unanswered, ~3% holding answers, ~15% of answers reused across 2–6 questions, and ~5% press
//! releases.

use std::sync::Arc;

use super::lines::slugify;
use super::merge::group_answers;
use super::model::{
    Answer, Answerer, Corpus, Format, House, Member, PressRelease, Question, Quote, SourceFile,
    SourceRef,
};

/// SplitMix64: tiny, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize % n.max(1)
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn with the given cumulative weights.
    fn weighted(&mut self, cumulative: &[f64]) -> usize {
        let total = cumulative.last().copied().unwrap_or(1.0);
        let x = (self.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        cumulative
            .partition_point(|&c| c <= x)
            .min(cumulative.len() - 1)
    }
}

const PARTIES: [(&str, f64, bool); 12] = [
    ("Labour", 0.40, true),
    ("Conservative", 0.25, true),
    ("Liberal Democrat", 0.09, true),
    ("Scottish National Party", 0.04, false),
    ("Reform UK", 0.02, false),
    ("Green Party", 0.02, true),
    ("Democratic Unionist Party", 0.02, true),
    ("Plaid Cymru", 0.01, true),
    ("Independent", 0.02, false),
    ("Crossbench", 0.08, true),
    ("Non-affiliated", 0.02, true),
    ("Bishops", 0.03, true),
];

const DEPARTMENTS: [&str; 30] = [
    "Home Office",
    "Ministry of Defence",
    "Department of Health and Social Care",
    "Department for Education",
    "HM Treasury",
    "Department for Work and Pensions",
    "Ministry of Justice",
    "Foreign, Commonwealth and Development Office",
    "Department for Environment, Food and Rural Affairs",
    "Department for Transport",
    "Ministry of Housing, Communities and Local Government",
    "Department for Business and Trade",
    "Department for Energy Security and Net Zero",
    "Department for Science, Innovation and Technology",
    "Department for Culture, Media and Sport",
    "Cabinet Office",
    "Northern Ireland Office",
    "Scotland Office",
    "Wales Office",
    "Attorney General",
    "Leader of the House of Commons",
    "Women and Equalities",
    "Prime Minister",
    "Department for International Development",
    "HM Revenue and Customs",
    "Crown Prosecution Service",
    "House of Commons Commission",
    "Department for Levelling Up, Housing and Communities",
    "Department for Exiting the European Union",
    "Department for Digital, Culture, Media and Sport",
];

const TOPICS: [&str; 40] = [
    "Police",
    "Asylum",
    "Schools",
    "Hospitals",
    "Armed Forces",
    "Prisons",
    "Railways",
    "Roads",
    "Housing",
    "Universal Credit",
    "Pensions",
    "Energy",
    "Climate Change",
    "Agriculture",
    "Fisheries",
    "Water Supply",
    "Broadband",
    "Artificial Intelligence",
    "Cybersecurity",
    "Immigration",
    "Visas",
    "Courts",
    "Legal Aid",
    "NHS",
    "Mental Health",
    "Dentistry",
    "Social Care",
    "Higher Education",
    "Apprenticeships",
    "Local Government",
    "Taxation",
    "Public Finance",
    "Trade Agreements",
    "Ukraine",
    "Israel",
    "Overseas Aid",
    "Sports",
    "Museums",
    "Telecommunications",
    "Flood Control",
];

const ASPECTS: [&str; 24] = [
    "Finance",
    "Staff",
    "Recruitment",
    "Standards",
    "Safety",
    "Crime",
    "Technology",
    "Rural Areas",
    "Children",
    "Disability",
    "Fraud",
    "Contracts",
    "Procurement",
    "Training",
    "Inspections",
    "Regulation",
    "Research",
    "Waiting Lists",
    "Vacancies",
    "Complaints",
    "Pay",
    "Data Protection",
    "Offences",
    "Northern Ireland",
];

const FIRST: [&str; 40] = [
    "Alex",
    "Sam",
    "Jo",
    "Chris",
    "Pat",
    "Ruth",
    "David",
    "Sarah",
    "James",
    "Emma",
    "Mohammed",
    "Priya",
    "Tom",
    "Helen",
    "Gareth",
    "Fiona",
    "Kwame",
    "Anna",
    "Iain",
    "Rachel",
    "Mark",
    "Louise",
    "Peter",
    "Catherine",
    "Ben",
    "Nadia",
    "Owen",
    "Claire",
    "Rhys",
    "Jess",
    "Simon",
    "Harriet",
    "Luke",
    "Meg",
    "Neil",
    "Yasmin",
    "Callum",
    "Grace",
    "Huw",
    "Sian",
];

const SURNAMES: [&str; 50] = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
    "Jackson", "Clarke", "Khan", "Hughes", "Edwards", "Lewis", "Turner", "Hill", "Moore", "Cooper",
    "Ward", "Morris", "King", "Watson", "Harrison", "Morgan", "Baker", "Young", "Allen",
    "Mitchell", "Anderson", "Campbell", "Kelly", "Bell", "Murray", "Shaw", "Reid", "Begum",
    "Okafor", "Nowak", "Singh", "MacLeod",
];

const PLACES: [&str; 40] = [
    "Ashford",
    "Barrow",
    "Bexley",
    "Bolton",
    "Bristol",
    "Cardiff",
    "Carlisle",
    "Chester",
    "Derby",
    "Dover",
    "Dundee",
    "Durham",
    "Exeter",
    "Gower",
    "Harrow",
    "Hull",
    "Ipswich",
    "Kendal",
    "Lancaster",
    "Leeds",
    "Lincoln",
    "Luton",
    "Newport",
    "Norwich",
    "Oldham",
    "Oxford",
    "Perth",
    "Preston",
    "Reading",
    "Salford",
    "Stirling",
    "Stroud",
    "Swansea",
    "Truro",
    "Wakefield",
    "Warwick",
    "Wells",
    "Wigan",
    "Worthing",
    "York",
];

const COMMON: &[&str] = &[
    "the",
    "of",
    "to",
    "and",
    "in",
    "a",
    "for",
    "is",
    "that",
    "on",
    "are",
    "with",
    "as",
    "by",
    "be",
    "this",
    "will",
    "has",
    "have",
    "been",
    "government",
    "department",
    "support",
    "local",
    "we",
    "our",
    "which",
    "public",
    "national",
    "funding",
    "including",
    "through",
    "new",
    "work",
    "all",
    "services",
    "data",
    "from",
    "people",
    "it",
    "not",
    "can",
    "also",
    "at",
    "ensure",
    "continue",
    "england",
    "available",
    "information",
    "policy",
    "million",
    "year",
    "years",
    "published",
    "committed",
    "working",
    "plan",
    "programme",
    "million",
    "review",
    "partners",
    "authorities",
    "community",
    "communities",
    "police",
    "health",
    "schools",
    "care",
    "safety",
    "security",
    "investment",
    "strategy",
    "guidance",
    "legislation",
    "impact",
    "assessment",
    "number",
    "officials",
    "ministers",
    "reform",
    "system",
    "standards",
    "access",
    "costs",
    "households",
    "families",
    "children",
    "staff",
    "training",
    "regulations",
    "evidence",
    "consultation",
    "response",
    "figures",
    "centrally",
    "held",
    "collected",
    "recorded",
    "scheme",
    "delivery",
    "across",
    "further",
    "made",
    "set",
    "out",
    "more",
    "than",
    "an",
    "or",
    "their",
    "these",
    "such",
    "per",
    "cent",
    "over",
    "under",
    "wider",
];

/// Letters a made-up word never holds: syllables put together at random spell the odd
/// obscenity, which has no place in a corpus people look at (in screenshots, say).
const UNSPOKEN: [&str; 20] = [
    "fuck", "cunt", "shit", "cock", "dick", "twat", "piss", "slut", "wank", "rape", "arse", "tit",
    "crap", "turd", "porn", "cum", "nig", "fag", "bum", "poo",
];

/// A Zipfian vocabulary: common words first, then a long tail of made-up but pronounceable
/// words (none holding any of `UNSPOKEN`), with cumulative weights `1 / rank^1.07`.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new(rng: &mut Rng, size: usize) -> Self {
        const ONSETS: [&str; 20] = [
            "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "cr",
            "st", "tr", "pl",
        ];
        const VOWELS: [&str; 8] = ["a", "e", "i", "o", "u", "ai", "ea", "ou"];
        const CODAS: [&str; 12] = [
            "", "n", "r", "s", "t", "l", "nd", "st", "ck", "m", "nt", "rd",
        ];
        let mut words: Vec<String> = COMMON.iter().map(|w| w.to_string()).collect();
        words.extend(
            TOPICS
                .iter()
                .chain(ASPECTS.iter())
                .map(|w| w.to_lowercase()),
        );
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        while words.len() < size {
            let syllables = rng.range(2, 4);
            let mut word = String::new();
            for _ in 0..syllables {
                word.push_str(rng.pick::<&str>(&ONSETS));
                word.push_str(rng.pick::<&str>(&VOWELS));
                word.push_str(rng.pick::<&str>(&CODAS));
            }
            if !UNSPOKEN.iter().any(|u| word.contains(u)) && seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64).powf(1.07);
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    /// A sentence-cased run of `n` words ending in a full stop, with a number now and then.
    fn prose(&self, rng: &mut Rng, n: usize) -> String {
        let mut out = String::with_capacity(n * 7);
        let mut sentence_start = true;
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            if rng.chance(0.02) {
                out.push_str(&format!("{}", rng.range(2, 2_000_000)));
            } else {
                let word = &self.words[rng.weighted(&self.cumulative)];
                if sentence_start {
                    let mut chars = word.chars();
                    if let Some(first) = chars.next() {
                        out.extend(first.to_uppercase());
                        out.push_str(chars.as_str());
                    }
                } else {
                    out.push_str(word);
                }
            }
            sentence_start = i + 1 < n && rng.chance(0.07);
            if sentence_start {
                out.push('.');
            }
        }
        out.push('.');
        out
    }

    /// Paragraphs adding up to about `words` words.
    fn paragraphs(&self, rng: &mut Rng, words: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut left = words;
        while left > 0 {
            let n = rng.range(30, 90).min(left);
            out.push(self.prose(rng, n));
            left -= n;
        }
        out
    }
}

struct SynthMember {
    member: Member,
    house: House,
}

fn members(rng: &mut Rng, count: usize) -> Vec<SynthMember> {
    let cumulative: Vec<f64> = PARTIES
        .iter()
        .scan(0.0, |acc, (_, w, _)| {
            *acc += w;
            Some(*acc)
        })
        .collect();
    let mut out: Vec<SynthMember> = Vec::with_capacity(count);
    let mut names = std::collections::HashSet::new();
    while out.len() < count {
        let (party, _, _) = PARTIES[rng.weighted(&cumulative)];
        let peer_only = matches!(party, "Crossbench" | "Non-affiliated" | "Bishops");
        let lords = peer_only || rng.chance(0.22);
        let surname = rng.pick(&SURNAMES);
        let place = rng.pick(&PLACES);
        let (name, constituency) = if party == "Bishops" {
            (format!("Lord Bishop of {place}"), None)
        } else if lords {
            let title = if rng.chance(0.5) { "Lord" } else { "Baroness" };
            (format!("{title} {surname} of {place}"), None)
        } else {
            let seat = match rng.below(4) {
                0 => format!("{place} North"),
                1 => format!("{place} and {}", rng.pick(&PLACES)),
                2 => format!("{place} South"),
                _ => place.to_string(),
            };
            (format!("{} {surname}", rng.pick(&FIRST)), Some(seat))
        };
        if !names.insert(name.clone()) {
            continue;
        }
        out.push(SynthMember {
            member: Member {
                name: Some(name.into()),
                party: Some(party.into()),
                constituency: constituency.map(Arc::from),
                member_id: None,
            },
            house: if lords { House::Lords } else { House::Commons },
        });
    }
    out
}

/// Monthly weights: quiet in August and at Christmas, busy in the spring and autumn.
const MONTH_WEIGHT: [f64; 12] = [1.1, 1.2, 1.2, 0.9, 1.0, 1.1, 1.1, 0.3, 0.7, 1.2, 1.2, 0.7];

fn date(rng: &mut Rng, cumulative: &[f64]) -> String {
    let slot = rng.weighted(cumulative);
    let (year, month) = (2014 + slot / 12, slot % 12 + 1);
    format!("{year:04}-{month:02}-{:02}", rng.range(1, 28))
}

/// Generates a corpus of `records` records (questions and ~5% press releases) from `seed`.
pub fn synthesize(records: usize, seed: u64) -> Corpus {
    let mut rng = Rng(seed ^ 0x5eed_0fc0_ffee);
    let vocabulary = Vocabulary::new(&mut rng, 30_000);
    let members = members(&mut rng, 650);
    let ministers: Vec<Vec<Answerer>> = DEPARTMENTS
        .iter()
        .map(|_| {
            (0..3)
                .map(|i| Answerer {
                    name: Some(format!("{} {}", rng.pick(&FIRST), rng.pick(&SURNAMES)).into()),
                    role: Some(
                        [
                            "Secretary of State",
                            "Minister of State",
                            "Parliamentary Under-Secretary",
                        ][i]
                            .into(),
                    ),
                    member_id: None,
                })
                .collect()
        })
        .collect();
    let month_cumulative: Vec<f64> = (0..12 * 12)
        .scan(0.0, |acc, slot| {
            // Activity grows a little year on year.
            *acc += MONTH_WEIGHT[slot % 12] * (1.0 + (slot / 12) as f64 * 0.05);
            Some(*acc)
        })
        .collect();
    let file = format!("synthetic-{records}-{seed}.json");
    let press_count = records / 20;
    let question_count = records - press_count;
    let mut questions: Vec<Question> = Vec::with_capacity(question_count);
    let mut reusable: Option<(Answer, usize)> = None;
    let asker_weights = asker_weights(members.len());
    for i in 0..question_count {
        let asker = &members[rng.weighted(&asker_weights)];
        let d = rng.below(DEPARTMENTS.len());
        let department = DEPARTMENTS[d];
        let heading = format!("{}: {}", rng.pick(&TOPICS), rng.pick(&ASPECTS));
        let opening = match asker.house {
            House::Lords => "To ask His Majesty's Government".to_string(),
            House::Commons => format!("To ask the Secretary of State for {department},"),
        };
        let words = rng.range(50, 100) - opening.split_whitespace().count();
        let text = format!(
            "{opening} {}",
            vocabulary.prose(&mut rng, words).to_lowercase()
        );
        let answer = if rng.chance(0.10) {
            None
        } else if rng.chance(0.03) {
            Some(Answer {
                by: rng.pick(&ministers[d]).clone(),
                paragraphs: vec!["I will reply to the hon. Member as soon as possible.".into()],
                holding: true,
            })
        } else {
            match reusable.take() {
                Some((answer, left)) => {
                    if left > 1 {
                        reusable = Some((answer.clone(), left - 1));
                    }
                    Some(answer)
                }
                None => {
                    let words = rng.range(100, 400);
                    let answer = Answer {
                        by: rng.pick(&ministers[d]).clone(),
                        paragraphs: vocabulary.paragraphs(&mut rng, words),
                        holding: false,
                    };
                    // About 15% of answers go to 2–6 questions in all.
                    if rng.chance(0.05) {
                        reusable = Some((answer.clone(), rng.range(1, 5)));
                    }
                    Some(answer)
                }
            }
        };
        let uin = match asker.house {
            House::Lords => format!("HL{}", 1000 + i),
            House::Commons => format!("{}", 100_000 + i),
        };
        questions.push(Question {
            uin: Some(uin.clone()),
            heading: Some(heading.into()),
            date: Some(date(&mut rng, &month_cumulative).into()),
            department: Some(department.into()),
            answer,
            sources: vec![SourceRef {
                file: file.clone().into(),
                first_line: 1,
                last_line: 1,
            }],
            ..Question::asked(uin, asker.house, asker.member.clone(), text)
        });
    }
    group_answers(&mut questions);
    let press_releases = (0..press_count)
        .map(|i| {
            let date = date(&mut rng, &month_cumulative);
            let title = format!(
                "{} {} {}",
                rng.pick(&["New", "More", "Government", "Major", "Plans for"]),
                rng.pick(&TOPICS).to_lowercase(),
                {
                    let n = rng.range(3, 8);
                    vocabulary
                        .prose(&mut rng, n)
                        .trim_end_matches('.')
                        .to_lowercase()
                }
            );
            let words = rng.range(200, 600);
            let mut paragraphs = vocabulary.paragraphs(&mut rng, words);
            let speaker = format!("Minister {} {}", rng.pick(&FIRST), rng.pick(&SURNAMES));
            let quote_at = paragraphs.len() / 2;
            paragraphs.insert(quote_at, format!("{speaker} said:"));
            let quote = Quote {
                speaker,
                text: paragraphs.get(quote_at + 1).cloned().unwrap_or_default(),
                paragraph: quote_at + 1,
            };
            PressRelease {
                id: format!("pr-{}-{}-{i}", &date[..7], slugify(&title, 40)),
                title,
                month: Some(date[..7].into()),
                date: Some(date.into()),
                department: Some((*rng.pick(&DEPARTMENTS)).into()),
                paragraphs,
                quotes: vec![quote],
                sources: vec![SourceRef {
                    file: file.clone().into(),
                    first_line: 1,
                    last_line: 1,
                }],
            }
        })
        .collect();
    Corpus {
        questions,
        press_releases,
        diagnostics: Vec::new(),
        sources: vec![SourceFile {
            name: file,
            format: Format::CorpusJson,
            lines: 1,
            boilerplate: Vec::new(),
        }],
    }
}

/// Some members ask far more than others: cumulative weights `1 / rank^0.8`.
fn asker_weights(count: usize) -> Vec<f64> {
    let mut total = 0.0;
    (1..=count)
        .map(|rank| {
            total += 1.0 / (rank as f64).powf(0.8);
            total
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_corpora_are_deterministic_and_shaped_like_real_ones() {
        let a = synthesize(2000, 7);
        assert_eq!(a, synthesize(2000, 7));
        assert_ne!(a.questions[0].text, synthesize(2000, 8).questions[0].text);
        assert_eq!(a.questions.len() + a.press_releases.len(), 2000);
        assert_eq!(a.press_releases.len(), 100);
        let n = a.questions.len() as f64;
        let unanswered = a.questions.iter().filter(|q| q.answer.is_none()).count() as f64;
        assert!((0.07..0.13).contains(&(unanswered / n)), "{unanswered}");
        let grouped = a
            .questions
            .iter()
            .filter(|q| q.answer_group.is_some())
            .count() as f64;
        assert!((0.05..0.30).contains(&(grouped / n)), "{grouped}");
        let peers = a
            .questions
            .iter()
            .filter(|q| q.house == House::Lords)
            .all(|q| q.asker.constituency.is_none());
        assert!(peers);
        let words: Vec<usize> = a
            .questions
            .iter()
            .map(|q| q.text.split_whitespace().count())
            .collect();
        // A few vocabulary entries are two words ("armed forces"), hence the slack above 100.
        assert!(words.iter().all(|&w| (50..=110).contains(&w)));
    }

    #[test]
    fn made_up_words_spell_no_obscenity() {
        let vocabulary = Vocabulary::new(&mut Rng(3), 30_000);
        assert_eq!(vocabulary.words.len(), 30_000);
        let spoken = vocabulary
            .words
            .iter()
            .filter(|w| UNSPOKEN.iter().any(|u| w.contains(u)))
            .count();
        // Only real words may hold one ("constitution", "document").
        assert!(spoken < 10, "{spoken}");
        let made_up = &vocabulary.words[COMMON.len() + TOPICS.len() + ASPECTS.len()..];
        assert!(made_up
            .iter()
            .all(|w| !UNSPOKEN.iter().any(|u| w.contains(u))));
    }
}
