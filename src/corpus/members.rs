//! Members files: Parliament's Members API JSON (`members-api.parliament.uk`) or its members data
//! platform's (`data.parliament.uk/membersdataplatform`, asked for JSON), which name the
//! members that written-question records know by id alone (the official API's bulk records give
//! only `askingMemberId` and `answeringMemberId`).
//!
//! A file is a page of search results (`{"items": [{"value": member}], "totalResults": …}`), one
//! member (`{"value": member}`), or a list of either, so pages saved one by one can be joined
//! into one file. A member is read from `id`, `nameDisplayAs` (or `name`), `latestParty.name` (or
//! `party`) and `latestHouseMembership.membershipFrom` (or `memberFrom`): a peer's "Life peer"
//! or "Bishops" is not a constituency. The members data platform gives every member of a House
//! in one answer, `{"Members": {"Member": [ … ]}}` (one member without the list), each read from
//! `@Member_Id`, `DisplayAs`, `Party` and `MemberFrom`; a list of its members is read too.
//!
//! Lines: an item that is not a member with an id and a name is a diagnostic over its lines;
//! every other line is boilerplate for the coverage check, as a members file adds no record.
//!
//! Naming (`name_members`) fills in only what a record lacks: a name the record has is kept,
//! and so are its party and constituency.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::api_json::{
    complement, error_over, items_of, json_error, number, record_line_spans, string, value_of,
    Envelope,
};
use super::fxhash::FxHashMap;
use super::model::{Format, Member, Question};
use super::store::KeptText;
use super::written::is_peerage;
use super::Parsed;

/// Reads a members file: its members in `Parsed::members`, and a diagnostic for each item that
/// is not a member with an id and a name.
pub fn parse_members_json(file: &str, text: &str, line_count: u32) -> Parsed {
    let mut parsed = Parsed::empty(file, Format::MembersJson, line_count);
    let json: Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(json) => json,
        Err(err) => {
            let what_to_do = "fix the JSON, or save the Members API's answer again, and import it";
            parsed
                .diagnostics
                .push(json_error(file, &err, line_count, what_to_do));
            return parsed;
        }
    };
    let (items, envelope) = match data_platform_members(&json) {
        Some(members) => (members, Envelope::Nested("Members", "Member")),
        None => items_of(&json, "items"),
    };
    // A list of search pages: each page's items, all spanning the page's lines.
    let pages =
        matches!(envelope, Envelope::List) && items.iter().any(|i| i.get("items").is_some());
    let spans = record_line_spans(text, envelope);
    // The lines of items not read: every other line is read (a members file adds no record).
    let mut unread = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let [first, last] = spans.get(i).copied().unwrap_or([1, line_count.max(1)]);
        let members: Vec<Result<Member, &str>> = match item.get("items") {
            Some(Value::Array(inner)) if pages => inner.iter().map(read_member).collect(),
            _ => vec![read_member(item)],
        };
        let mut problems = Vec::new();
        for member in members {
            match member {
                Ok(member) => parsed.members.push(member),
                Err(problem) => problems.push(problem),
            }
        }
        if let Some(problem) = problems.first() {
            unread.push([first, last]);
            parsed.diagnostics.push(error_over(
                file,
                [first, last],
                format!(
                    "{} of item {} not read: {problem}",
                    match problems.len() {
                        1 => "a member".to_string(),
                        n => format!("{n} members"),
                    },
                    i + 1
                ),
            ));
        }
    }
    if parsed.members.is_empty() && parsed.diagnostics.is_empty() {
        let message = "expected the Members API's {\"items\": [{\"value\": {\"id\": …, \"nameDisplayAs\": …}}]} or the members data platform's {\"Members\": {\"Member\": [{\"@Member_Id\": …, \"DisplayAs\": …}]}}; found no members";
        (parsed.diagnostics).push(error_over(file, [1, line_count], message.into()));
    }
    parsed.source.boilerplate = complement(&unread, line_count);
    parsed
}

/// The members of a members data platform answer: `{"Members": {"Member": [ … ]}}`, its one
/// member without the list, or none (`{"Members": null}`); `None` when `json` is not one.
fn data_platform_members(json: &Value) -> Option<&[Value]> {
    let members = json.as_object()?.get("Members")?;
    Some(match members.get("Member") {
        Some(Value::Array(list)) => list.as_slice(),
        Some(one @ Value::Object(_)) => std::slice::from_ref(one),
        _ => &[],
    })
}

/// One member: an item's `value`, or the item itself.
fn read_member(item: &Value) -> Result<Member, &'static str> {
    let v = value_of(item).ok_or("expected a JSON object")?;
    if v.contains_key("@Member_Id") {
        return read_data_platform_member(v);
    }
    let id = number(v, "id").ok_or("it has no member id")?;
    let text = |key| string::<Arc<str>>(v, key);
    let inner = |object: &str, key| string(v.get(object)?.as_object()?, key);
    let name = (text("nameDisplayAs").or_else(|| text("name"))).ok_or("it has no nameDisplayAs")?;
    let party = inner("latestParty", "name").or_else(|| text("party"));
    let from = inner("latestHouseMembership", "membershipFrom").or_else(|| text("memberFrom"));
    Ok(Member {
        name: Some(name),
        party,
        constituency: from.filter(|from| !is_peerage(from)),
        member_id: Some(id),
    })
}

/// One member of the members data platform: `@Member_Id` (a string), `DisplayAs`, `Party`
/// (its `#text`: the XML's element read as JSON) and `MemberFrom`. An absent value is an object
/// (`{"@xsi:nil": "true"}`), which no string reads.
fn read_data_platform_member(v: &Map<String, Value>) -> Result<Member, &'static str> {
    let id = string::<String>(v, "@Member_Id")
        .and_then(|id| id.parse().ok())
        .ok_or("its @Member_Id is not a member id")?;
    let name = string(v, "DisplayAs").ok_or("it has no DisplayAs")?;
    let party = match v.get("Party") {
        Some(Value::Object(party)) => string(party, "#text"),
        _ => string(v, "Party"),
    };
    let from = string::<Arc<str>>(v, "MemberFrom");
    Ok(Member {
        name: Some(name),
        party,
        constituency: from.filter(|from| !is_peerage(from)),
        member_id: Some(id),
    })
}

/// The members `questions` name with their id: askers and answering ministers whose record
/// gives both (a members file named them, or the source gave both), the last of each id, by id;
/// an asker before a minister of the same id (an asker has a party and a constituency). What the
/// corpus teaches of names, for records imported into it that know a member by id alone.
pub fn named_in(questions: &[Question]) -> Vec<Member> {
    // One entry an id as the records are walked, not one a record (a corpus has a few hundred
    // members and up to hundreds of thousands of records).
    let mut by_id: FxHashMap<u32, (bool, Member)> = FxHashMap::default();
    for q in questions {
        if let (Some(_), Some(id)) = (&q.asker.name, q.asker.member_id) {
            by_id.insert(id, (true, q.asker.clone()));
        }
        let Some(by) = q.answer.as_ref().map(|a| &a.by) else {
            continue;
        };
        if let (Some(name), Some(id)) = (&by.name, by.member_id) {
            let minister = Member {
                name: Some(name.clone()),
                party: None,
                constituency: None,
                member_id: Some(id),
            };
            match by_id.get_mut(&id) {
                Some((true, _)) => {}
                Some((false, kept)) => *kept = minister,
                None => {
                    by_id.insert(id, (false, minister));
                }
            }
        }
    }
    let mut named: Vec<Member> = by_id.into_values().map(|(_, m)| m).collect();
    named.sort_by_key(|m| m.member_id);
    named
}

/// `members` with only the last of those with one id (what `name_members` names them by), in
/// the order of those kept: what to remember of members files read one after another.
pub fn latest_of_each(members: Vec<Member>) -> Vec<Member> {
    let mut seen = super::fxhash::FxHashSet::default();
    let mut kept: Vec<Member> = (members.into_iter().rev())
        .filter(|m| m.member_id.is_none_or(|id| seen.insert(id)))
        .collect();
    kept.reverse();
    kept
}

/// Gives the askers and answering ministers of `questions` that have a member id but no name
/// the name `members` give that id (the last member with it), and an asker their party and
/// constituency where the record has none. A question whose text is kept apart (`kept`) keeps
/// it there (naming every record of a large bundle must not copy out all its text), and is
/// keyed again by the new name (`KeptText::renamed_question`). Returns the indexes of the
/// questions changed, ascending.
pub fn name_members(
    questions: &mut [Question],
    mut kept: Option<&mut KeptText>,
    members: &[Member],
) -> Vec<usize> {
    let by_id: FxHashMap<u32, &Member> = members
        .iter()
        .filter_map(|m| Some((m.member_id?, m)))
        .collect();
    let named = |name: &Option<Arc<str>>, id: Option<u32>| match (name, id) {
        (None, Some(id)) => by_id.get(&id).copied(),
        _ => None,
    };
    let mut changed = Vec::new();
    for (i, q) in questions.iter_mut().enumerate() {
        let asker = named(&q.asker.name, q.asker.member_id);
        let answerer = q
            .answer
            .as_ref()
            .and_then(|a| named(&a.by.name, a.by.member_id));
        if asker.is_none() && answerer.is_none() {
            continue;
        }
        if let Some(kept) = kept.as_deref_mut() {
            kept.renamed_question(i);
        }
        if let Some(member) = asker {
            q.asker.name.clone_from(&member.name);
            if q.asker.party.is_none() {
                q.asker.party.clone_from(&member.party);
            }
            if q.asker.constituency.is_none() {
                q.asker.constituency.clone_from(&member.constituency);
            }
        }
        if let (Some(member), Some(answer)) = (answerer, q.answer.as_mut()) {
            answer.by.name.clone_from(&member.name);
        }
        changed.push(i);
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{parse_file, unaccounted_lines, Answer, Answerer};

    /// The members `text` names, read as a members file, as `id name (party - constituency)`
    /// lines, then the diagnostics.
    fn check(text: &str, expect: &str) {
        let parsed = parse_file("members.json", text, Some(Format::MembersJson));
        assert!(parsed.questions.is_empty() && parsed.press_releases.is_empty());
        let mut got = String::new();
        for m in &parsed.members {
            let id = m.member_id.map_or("-".to_string(), |id| id.to_string());
            let name = m.name.as_deref().unwrap_or("-");
            let party = m.party.as_deref().unwrap_or("-");
            let from = m.constituency.as_deref().unwrap_or("-");
            got.push_str(&format!("{id} {name} ({party} - {from})\n"));
        }
        for d in &parsed.diagnostics {
            got.push_str(&format!("{d}\n"));
        }
        assert_eq!(got.trim_end(), expect.trim(), "\n{got}");
        assert_eq!(unaccounted_lines(text, &parsed), Vec::<u32>::new());
    }

    const SEARCH_PAGE: &str = r#"{
  "items": [
    {
      "value": {
        "id": 5031,
        "nameListAs": "Example, Alex",
        "nameDisplayAs": "Alex Example",
        "latestParty": { "id": 15, "name": "Labour", "abbreviation": "Lab" },
        "latestHouseMembership": { "membershipFrom": "Gateshead Central and Whickham", "house": 1 }
      },
      "links": []
    },
    {
      "value": {
        "id": 3743,
        "nameDisplayAs": "Baroness Sample",
        "latestParty": { "id": 4, "name": "Conservative" },
        "latestHouseMembership": { "membershipFrom": "Life peer", "house": 2 }
      },
      "links": []
    }
  ],
  "totalResults": 2,
  "skip": 0,
  "take": 20
}"#;

    #[test]
    fn the_members_apis_answers_are_told_from_question_records() {
        let detected = |text: &str| parse_file("f.json", text, None).source.format;
        assert_eq!(detected(SEARCH_PAGE), Format::MembersJson);
        assert_eq!(
            detected(r#"{"value": {"id": 7, "nameDisplayAs": "A Name"}}"#),
            Format::MembersJson
        );
        // A written question whose asker the API expanded is a question record.
        let question = r#"[{"value": {"uin": "1", "questionText": "To ask…", "askingMember": {"id": 7, "nameDisplayAs": "A Name"}}}]"#;
        assert_eq!(detected(question), Format::ApiJson);
    }

    #[test]
    fn a_page_of_search_results() {
        check(
            SEARCH_PAGE,
            "
5031 Alex Example (Labour - Gateshead Central and Whickham)
3743 Baroness Sample (Conservative - -)",
        );
    }

    #[test]
    fn one_member_a_list_of_pages_and_the_question_apis_member_shape() {
        check(
            r#"{"value": {"id": 7, "nameDisplayAs": "The Lord Bishop of Example", "latestHouseMembership": {"membershipFrom": "Bishops"}}}"#,
            "7 The Lord Bishop of Example (- - -)",
        );
        check(
            &format!("[{SEARCH_PAGE},\n{SEARCH_PAGE}]"),
            "
5031 Alex Example (Labour - Gateshead Central and Whickham)
3743 Baroness Sample (Conservative - -)
5031 Alex Example (Labour - Gateshead Central and Whickham)
3743 Baroness Sample (Conservative - -)",
        );
        check(
            r#"[{"id": 9, "name": "Sam Other", "party": "Green Party", "memberFrom": "Bristol Central"}]"#,
            "9 Sam Other (Green Party - Bristol Central)",
        );
    }

    /// The members data platform's answer (asked for JSON, trimmed to what is read and a few
    /// fields beside), a Commons member, a peer and a hereditary peer of old.
    const DATA_PLATFORM: &str = "\u{feff}{
  \"Members\": {
    \"Member\": [
      {
        \"@Member_Id\": \"5131\",
        \"DisplayAs\": \"Alex Example\",
        \"ListAs\": \"Example, Alex\",
        \"Party\": { \"@Id\": \"15\", \"#text\": \"Labour (Co-op)\" },
        \"House\": \"Commons\",
        \"MemberFrom\": \"Ipswich\",
        \"HouseEndDate\": { \"@xsi:nil\": \"true\" }
      },
      {
        \"@Member_Id\": \"3743\",
        \"DisplayAs\": \"Lord Sample\",
        \"Party\": { \"@Id\": \"4\", \"#text\": \"Conservative\" },
        \"House\": \"Lords\",
        \"MemberFrom\": \"Life peer\"
      },
      {
        \"@Member_Id\": \"3305\",
        \"DisplayAs\": \"Lord Olden\",
        \"Party\": { \"@Id\": \"4\", \"#text\": \"Conservative\" },
        \"House\": \"Lords\",
        \"MemberFrom\": \"Hereditary\"
      }
    ]
  }
}";

    #[test]
    fn the_members_data_platforms_answer_names_every_member_at_once() {
        let detected = |text: &str| parse_file("f.json", text, None).source.format;
        assert_eq!(detected(DATA_PLATFORM), Format::MembersJson);
        check(
            DATA_PLATFORM,
            "
5131 Alex Example (Labour (Co-op) - Ipswich)
3743 Lord Sample (Conservative - -)
3305 Lord Olden (Conservative - -)",
        );
        // One member comes without the list; a list of members as saved on their own is read
        // too, and a member whose values are absent (`{"@xsi:nil": "true"}`) has none.
        check(
            r#"{"Members": {"Member": {"@Member_Id": "7", "DisplayAs": "A Name", "Party": "Green Party", "MemberFrom": {"@xsi:nil": "true"}}}}"#,
            "7 A Name (Green Party - -)",
        );
        check(
            r#"[{"@Member_Id": "8", "DisplayAs": "B Name", "MemberFrom": "Bristol Central"}]"#,
            "8 B Name (- - Bristol Central)",
        );
    }

    #[test]
    fn the_members_data_platforms_members_not_read_are_diagnostics_over_their_lines() {
        check(
            "{\"Members\": {\"Member\": [\n {\"@Member_Id\": \"1\", \"DisplayAs\": \"A Name\"},\n {\"@Member_Id\": \"x\", \"DisplayAs\": \"Bad Id\"},\n {\"@Member_Id\": \"3\"}\n]}}",
            "
1 A Name (- - -)
members.json:3: error: a member of item 2 not read: its @Member_Id is not a member id
members.json:4: error: a member of item 3 not read: it has no DisplayAs",
        );
        check(
            "{\"Members\": null}",
            "members.json:1: error: expected the Members API's {\"items\": [{\"value\": {\"id\": …, \"nameDisplayAs\": …}}]} or the members data platform's {\"Members\": {\"Member\": [{\"@Member_Id\": …, \"DisplayAs\": …}]}}; found no members",
        );
    }

    #[test]
    fn items_that_are_not_members_are_diagnostics_over_their_lines() {
        check(
            "{\"items\": [\n {\"value\": {\"id\": 1, \"nameDisplayAs\": \"A Name\"}},\n {\"value\": {\"nameDisplayAs\": \"No Id\"}},\n {\"value\": {\"id\": 3}},\n 4\n]}",
            "
1 A Name (- - -)
members.json:3: error: a member of item 2 not read: it has no member id
members.json:4: error: a member of item 3 not read: it has no nameDisplayAs
members.json:5-6: error: a member of item 4 not read: expected a JSON object",
        );
        check(
            r#"{"items": []}"#,
            r#"members.json:1: error: expected the Members API's {"items": [{"value": {"id": …, "nameDisplayAs": …}}]} or the members data platform's {"Members": {"Member": [{"@Member_Id": …, "DisplayAs": …}]}}; found no members"#,
        );
        check(
            "{\"items\": [\n{\"value\": {\"nameDisplayAs\": \"x\", \"id\": 1}",
            "members.json:1-2: error: not valid JSON: EOF while parsing an object at line 2 column 41; nothing in this file was read — fix the JSON, or save the Members API's answer again, and import it",
        );
    }

    fn question(asker: Member, answerer: Option<Answerer>) -> Question {
        Question {
            asker,
            answer: answerer.map(|by| Answer {
                by,
                paragraphs: vec!["An answer.".into()],
                holding: false,
            }),
            ..crate::corpus::synthesize(1, 1).questions.remove(0)
        }
    }

    #[test]
    fn the_last_member_of_each_id_is_remembered() {
        let member = |id, name: &str| Member {
            name: Some(name.into()),
            party: None,
            constituency: None,
            member_id: Some(id),
        };
        let names = |members: Vec<Member>| -> Vec<String> {
            (members.iter())
                .filter_map(|m| m.name.as_deref().map(str::to_string))
                .collect()
        };
        let read = vec![
            member(1, "A"),
            member(2, "B"),
            member(1, "A again"),
            member(3, "C"),
        ];
        assert_eq!(names(latest_of_each(read)), ["B", "A again", "C"]);
    }

    #[test]
    fn the_corpus_names_those_its_records_give_with_their_id() {
        let asker = |name: Option<&str>, id: Option<u32>| Member {
            name: name.map(Into::into),
            party: name.map(|_| "Labour".into()),
            constituency: None,
            member_id: id,
        };
        let minister = |name: &str, id| Answerer {
            name: Some(name.into()),
            role: None,
            member_id: Some(id),
        };
        let questions = [
            // Answering, then asking: the asker, with their party, is the one kept. By id.
            question(asker(None, Some(9)), Some(minister("Nine", 7))),
            question(asker(Some("Seven"), Some(7)), None),
            question(asker(Some("No Id"), None), Some(minister("Eight", 8))),
            question(asker(None, Some(4)), None),
        ];
        let named = named_in(&questions);
        let got: Vec<(Option<u32>, Option<&str>, Option<&str>)> = (named.iter())
            .map(|m| (m.member_id, m.name.as_deref(), m.party.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(7), Some("Seven"), Some("Labour")),
                (Some(8), Some("Eight"), None)
            ]
        );
    }

    #[test]
    fn naming_fills_only_what_a_record_lacks() {
        let by_id = |id| Member {
            name: None,
            party: None,
            constituency: None,
            member_id: Some(id),
        };
        let minister = |id| Answerer {
            name: None,
            role: None,
            member_id: Some(id),
        };
        let named = Member {
            name: Some("Already Named".into()),
            party: None,
            constituency: None,
            member_id: Some(5031),
        };
        let mut questions = vec![
            question(by_id(5031), Some(minister(3743))),
            question(named.clone(), None),
            question(by_id(99), Some(minister(98))),
            question(
                Member {
                    party: Some("Independent".into()),
                    ..by_id(5031)
                },
                None,
            ),
            question(by_id(98), Some(minister(5031))),
        ];
        let members = parse_file("members.json", SEARCH_PAGE, None).members;
        assert_eq!(name_members(&mut questions, None, &members), [0, 3, 4]);
        let q = &questions[0];
        assert_eq!(q.asker.name.as_deref(), Some("Alex Example"));
        assert_eq!(q.asker.party.as_deref(), Some("Labour"));
        assert_eq!(
            q.asker.constituency.as_deref(),
            Some("Gateshead Central and Whickham")
        );
        let answer = q.answer.as_ref().map(|a| a.by.name.as_deref());
        assert_eq!(answer, Some(Some("Baroness Sample")));
        // A name the record has is kept; one the file does not know stays unknown.
        assert_eq!(questions[1].asker, named);
        assert_eq!(questions[2].asker.name, None);
        // The party the record gives is kept.
        assert_eq!(questions[3].asker.party.as_deref(), Some("Independent"));
        assert_eq!(questions[3].asker.name.as_deref(), Some("Alex Example"));
        // The minister is named even where the asker is not.
        let answer = questions[4].answer.as_ref().map(|a| a.by.name.as_deref());
        assert_eq!(answer, Some(Some("Alex Example")));
        // Named once, there is nothing to name again.
        assert_eq!(
            name_members(&mut questions, None, &members),
            Vec::<usize>::new()
        );
    }
}
