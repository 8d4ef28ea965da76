//! A compact binary form of the record model, for the explorer's bundle (`index::bundle`): the
//! same records as the corpus JSON, read without parsing JSON. Numbers are LEB128 varints,
//! strings a byte length and UTF-8, options a 0/1 byte, lists a length and their items.
//!
//! Shared texts (`Arc<str>`: names, parties, departments, dates that many records repeat) are
//! numbered as they are written: the first time a text is written it is a 0 and the text, each
//! time after only its number plus one, so a reader allocates each once and shares it.
//!
//! Invariants: `unpack(pack(x)) == x` for every value; reading never panics and never allocates
//! more than the input could hold, whatever the bytes: a bad byte is an error naming its offset.
//! A reader numbers shared texts as its writer did when it reads what the writer wrote, in the
//! same order, with the texts handed on between them alike (`with_strings`, `into_strings`).

use std::sync::Arc;

use super::fxhash::FxHashMap;
use super::model::*;

/// The number of each shared text a writer has written, handed on between writers as
/// `SharedStrings` are between readers.
pub type SharedNumbers = FxHashMap<Arc<str>, u32>;

/// Bytes being written.
#[derive(Debug, Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
    /// The number of each shared text written so far.
    strings: SharedNumbers,
}

impl Writer {
    /// A writer whose shared texts go on from those of an earlier writer (`into_strings`).
    pub fn with_strings(strings: SharedNumbers) -> Self {
        Writer {
            bytes: Vec::new(),
            strings,
        }
    }

    pub fn into_strings(self) -> SharedNumbers {
        self.strings
    }

    /// A shared text: the text the first time, its number after that.
    pub fn shared(&mut self, text: &Arc<str>) {
        if let Some(&number) = self.strings.get(text) {
            self.varint(u64::from(number) + 1);
            return;
        }
        self.varint(0);
        self.str(text);
        let number = self.strings.len() as u32;
        self.strings.insert(text.clone(), number);
    }

    pub fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    pub fn varint(&mut self, value: u64) {
        push_varint(&mut self.bytes, value);
    }

    pub fn str(&mut self, text: &str) {
        self.varint(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    pub fn raw(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }
}

/// What could not be read, and at which byte of the input given to the `Reader`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub at: usize,
    pub what: String,
}

/// Appends `value` to `bytes` as a varint: seven bits a byte, low bits first, the top bit set
/// on every byte but the last (what `Reader::varint` reads).
pub fn push_varint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push(value as u8 | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

/// Bytes being read, front to back.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    strings: SharedStrings,
}

/// The shared texts read so far, by number (see the module's notes).
pub type SharedStrings = Vec<Arc<str>>;

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader::with_strings(bytes, SharedStrings::default())
    }

    /// A reader whose shared texts start from those of an earlier reader (`into_strings`), so
    /// records read in separate pieces still share them.
    pub fn with_strings(bytes: &'a [u8], strings: SharedStrings) -> Self {
        Reader {
            bytes,
            at: 0,
            strings,
        }
    }

    pub fn into_strings(self) -> SharedStrings {
        self.strings
    }

    /// Where the next byte is read.
    pub fn offset(&self) -> usize {
        self.at
    }

    /// The bytes not yet read.
    pub fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at..]
    }

    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// An error at the current offset.
    /// An error about the bytes from `at` on.
    pub fn error_at(&self, at: usize, what: impl Into<String>) -> DecodeError {
        DecodeError {
            at,
            what: what.into(),
        }
    }

    pub fn error(&self, what: impl Into<String>) -> DecodeError {
        DecodeError {
            at: self.at,
            what: what.into(),
        }
    }

    pub fn u8(&mut self) -> Result<u8, DecodeError> {
        let byte = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| self.error("the data ends inside a value"))?;
        self.at += 1;
        Ok(byte)
    }

    /// A varint; one byte (most numbers in a bundle) takes the short way.
    #[inline]
    pub fn varint(&mut self) -> Result<u64, DecodeError> {
        match self.bytes.get(self.at) {
            Some(&byte) if byte < 0x80 => {
                self.at += 1;
                Ok(u64::from(byte))
            }
            _ => self.long_varint(),
        }
    }

    #[cold]
    fn long_varint(&mut self) -> Result<u64, DecodeError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(self.error("a number runs on past 64 bits"))
    }

    #[inline]
    pub fn u32(&mut self) -> Result<u32, DecodeError> {
        let value = self.varint()?;
        u32::try_from(value).map_err(|_| self.error(format!("{value} is too large here")))
    }

    /// A number that sizes something kept elsewhere (not a count of the bytes that follow).
    pub fn size(&mut self) -> Result<usize, DecodeError> {
        let value = self.varint()?;
        usize::try_from(value).map_err(|_| self.error(format!("{value} is too large here")))
    }

    /// A count of items that each take at least one byte: never more than the bytes left, so a
    /// damaged count cannot make a reader reserve gigabytes.
    pub fn count(&mut self) -> Result<usize, DecodeError> {
        let n = self.varint()?;
        let left = (self.bytes.len() - self.at) as u64;
        if n > left {
            return Err(self.error(format!(
                "a count of {n} is more than the {left} bytes left could hold"
            )));
        }
        Ok(n as usize)
    }

    pub fn bytes(&mut self, len: usize) -> Result<&'a [u8], DecodeError> {
        let end = self
            .at
            .checked_add(len)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| self.error(format!("{len} bytes are announced but fewer are left")))?;
        let bytes = &self.bytes[self.at..end];
        self.at = end;
        Ok(bytes)
    }

    pub fn str(&mut self) -> Result<&'a str, DecodeError> {
        let len = self.count()?;
        let start = self.at;
        let bytes = self.bytes(len)?;
        std::str::from_utf8(bytes).map_err(|e| DecodeError {
            at: start + e.valid_up_to(),
            what: "text that is not UTF-8".into(),
        })
    }

    /// A shared text: new (and numbered next), or one read before, by its number.
    pub fn shared(&mut self) -> Result<Arc<str>, DecodeError> {
        let at = self.at;
        match self.varint()? {
            0 => {
                let text: Arc<str> = Arc::from(self.str()?);
                self.strings.push(text.clone());
                Ok(text)
            }
            n => usize::try_from(n - 1)
                .ok()
                .and_then(|i| self.strings.get(i))
                .cloned()
                .ok_or_else(|| {
                    self.error_at(
                        at,
                        format!(
                            "shared text number {n} where only {} have been read",
                            self.strings.len()
                        ),
                    )
                }),
        }
    }

    pub fn bool(&mut self) -> Result<bool, DecodeError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(DecodeError {
                at: self.at - 1,
                what: format!("{other} where a yes/no (0 or 1) belongs"),
            }),
        }
    }
}

/// A value with a binary form.
pub trait Pack: Sized {
    fn pack(&self, w: &mut Writer);
    fn unpack(r: &mut Reader) -> Result<Self, DecodeError>;
}

impl Pack for String {
    fn pack(&self, w: &mut Writer) {
        w.str(self);
    }
    fn unpack(r: &mut Reader) -> Result<Self, DecodeError> {
        r.str().map(str::to_owned)
    }
}

impl Pack for Arc<str> {
    fn pack(&self, w: &mut Writer) {
        w.shared(self);
    }
    fn unpack(r: &mut Reader) -> Result<Self, DecodeError> {
        r.shared()
    }
}

impl Pack for u32 {
    fn pack(&self, w: &mut Writer) {
        w.varint(u64::from(*self));
    }
    fn unpack(r: &mut Reader) -> Result<Self, DecodeError> {
        r.u32()
    }
}

impl Pack for usize {
    fn pack(&self, w: &mut Writer) {
        w.varint(*self as u64);
    }
    fn unpack(r: &mut Reader) -> Result<Self, DecodeError> {
        let value = r.varint()?;
        usize::try_from(value).map_err(|_| r.error(format!("{value} is too large here")))
    }
}

impl Pack for bool {
    fn pack(&self, w: &mut Writer) {
        w.u8(u8::from(*self));
    }
    fn unpack(r: &mut Reader) -> Result<Self, DecodeError> {
        r.bool()
    }
}

impl<T: Pack> Pack for Option<T> {
    fn pack(&self, w: &mut Writer) {
        match self {
            None => w.u8(0),
            Some(value) => {
                w.u8(1);
                value.pack(w);
            }
        }
    }
    fn unpack(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(if r.bool()? { Some(T::unpack(r)?) } else { None })
    }
}

impl<T: Pack> Pack for Vec<T> {
    fn pack(&self, w: &mut Writer) {
        w.varint(self.len() as u64);
        self.iter().for_each(|item| item.pack(w));
    }
    /// Room for exactly the count (which the bytes left bound), where collecting through a
    /// `Result` would reserve room for four items (a record's one source, say).
    fn unpack(r: &mut Reader) -> Result<Self, DecodeError> {
        let n = r.count()?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(T::unpack(r)?);
        }
        Ok(items)
    }
}

impl Pack for [u32; 2] {
    fn pack(&self, w: &mut Writer) {
        self.iter().for_each(|n| n.pack(w));
    }
    fn unpack(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok([r.u32()?, r.u32()?])
    }
}

/// Packs a struct's fields in order, and unpacks them in the same order.
macro_rules! pack_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Pack for $ty {
            fn pack(&self, w: &mut Writer) {
                $(self.$field.pack(w);)*
            }
            fn unpack(r: &mut Reader) -> Result<Self, DecodeError> {
                Ok($ty { $($field: Pack::unpack(r)?,)* })
            }
        }
    };
}

/// Packs an enum without data as its position in `$all`.
macro_rules! pack_enum {
    ($ty:ident, $all:expr) => {
        impl Pack for $ty {
            fn pack(&self, w: &mut Writer) {
                let at = $all.iter().position(|v| v == self).unwrap_or(0);
                w.u8(at as u8);
            }
            fn unpack(r: &mut Reader) -> Result<Self, DecodeError> {
                let byte = r.u8()?;
                $all.get(usize::from(byte))
                    .copied()
                    .ok_or_else(|| DecodeError {
                        at: r.offset() - 1,
                        what: format!("{byte} is not a {}", stringify!($ty)),
                    })
            }
        }
    };
}

pack_enum!(House, [House::Commons, House::Lords]);
pack_enum!(
    Format,
    [
        Format::Compact,
        Format::Page,
        Format::PressReleases,
        Format::ApiJson,
        Format::CorpusJson,
        Format::Bundle,
        Format::MembersJson,
    ]
);
pack_enum!(Severity, [Severity::Error, Severity::Warning]);

pack_struct!(Member {
    name,
    party,
    constituency,
    member_id
});
pack_struct!(Answerer {
    name,
    role,
    member_id
});
pack_struct!(Answer {
    by,
    paragraphs,
    holding
});
pack_struct!(SourceRef {
    file,
    first_line,
    last_line
});
pack_struct!(Question {
    id,
    uin,
    house,
    heading,
    date,
    asker,
    department,
    text,
    answer,
    answer_group,
    date_tabled,
    date_answered,
    date_for_answer,
    named_day,
    date_holding_answer,
    date_answer_corrected,
    interest_declared,
    grouped_uins,
    withdrawn,
    sources,
});
pack_struct!(Quote {
    speaker,
    text,
    paragraph
});
pack_struct!(PressRelease {
    id,
    title,
    month,
    date,
    department,
    paragraphs,
    quotes,
    sources,
});
pack_struct!(SourceFile {
    name,
    format,
    lines,
    boilerplate
});
pack_struct!(Diagnostic {
    file,
    line,
    end_line,
    column,
    severity,
    message,
});

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Pack + PartialEq + std::fmt::Debug>(value: &T) {
        let mut w = Writer::default();
        value.pack(&mut w);
        let mut r = Reader::new(&w.bytes);
        assert_eq!(T::unpack(&mut r).as_ref(), Ok(value));
        assert!(r.is_done());
        // Every cut short of the whole is an error, never a panic or a different value.
        for cut in 0..w.bytes.len() {
            assert!(
                T::unpack(&mut Reader::new(&w.bytes[..cut])).is_err(),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn numbers_round_trip_at_every_width() {
        for n in [0u32, 1, 127, 128, 16_383, 16_384, u32::MAX] {
            round_trip(&n);
        }
        let mut w = Writer::default();
        w.varint(u64::from(u32::MAX) + 1);
        let error = u32::unpack(&mut Reader::new(&w.bytes)).unwrap_err();
        assert!(error.what.contains("too large"), "{error:?}");
        let endless = [0xffu8; 11];
        let error = Reader::new(&endless).varint().unwrap_err();
        assert!(error.what.contains("past 64 bits"), "{error:?}");
    }

    #[test]
    fn records_round_trip_and_every_cut_is_an_error() {
        let q = Question {
            id: "HL11520".into(),
            uin: Some("HL11520".into()),
            house: House::Lords,
            heading: Some("Asylum: Hotels".into()),
            date: Some("2024-01-02".into()),
            asker: Member {
                name: Some("Lord Example".into()),
                party: Some("Crossbench".into()),
                constituency: None,
                member_id: Some(4321),
            },
            department: Some("Home Office".into()),
            text: "To ask His Majesty's Government … ünïcode".into(),
            answer: Some(Answer {
                by: Answerer {
                    name: Some("Lord Minister".into()),
                    role: None,
                    member_id: None,
                },
                paragraphs: vec!["One.".into(), "".into(), "Two.".into()],
                holding: true,
            }),
            answer_group: Some("g-1".into()),
            date_tabled: None,
            date_answered: Some("2024-01-09".into()),
            date_for_answer: Some("2024-01-05".into()),
            named_day: true,
            date_holding_answer: Some("2024-01-05".into()),
            date_answer_corrected: None,
            interest_declared: true,
            grouped_uins: vec!["HL11521".into()],
            withdrawn: true,
            sources: vec![SourceRef {
                file: "lords.txt".into(),
                first_line: 3,
                last_line: 9,
            }],
        };
        round_trip(&q);
        // A text written again is its number: records read by one reader, or by readers
        // handed on its texts as the writers were, share their texts.
        let mut w = Writer::default();
        q.pack(&mut w);
        let once = w.bytes.len();
        q.pack(&mut w);
        assert!(
            w.bytes.len() - once < once - 30,
            "the second copy names its texts by number"
        );
        let bytes = std::mem::take(&mut w.bytes);
        let mut later = Writer::with_strings(w.into_strings());
        q.pack(&mut later);
        let mut r = Reader::new(&bytes);
        let (Ok(a), Ok(b)) = (Question::unpack(&mut r), Question::unpack(&mut r)) else {
            panic!("two copies of a question read back");
        };
        assert!(r.is_done() && a == q && b == q);
        let party = |q: &Question| q.asker.party.clone();
        assert!(matches!((party(&a), party(&b)), (Some(x), Some(y)) if Arc::ptr_eq(&x, &y)));
        let mut r = Reader::with_strings(&later.bytes, r.into_strings());
        let Ok(c) = Question::unpack(&mut r) else {
            panic!("a question read back by a later reader");
        };
        assert!(matches!((&a.department, &c.department), (Some(x), Some(y)) if Arc::ptr_eq(x, y)));
        assert!(Arc::ptr_eq(&a.sources[0].file, &c.sources[0].file));
        // Without the texts read before, the numbers are an error, not a wrong record.
        let error = Question::unpack(&mut Reader::new(&later.bytes)).unwrap_err();
        assert!(error.what.contains("shared text number"), "{error:?}");
        round_trip(&PressRelease {
            id: "pr-2024-01-x".into(),
            title: "X".into(),
            month: Some("2024-01".into()),
            date: None,
            department: None,
            paragraphs: vec!["• a".into()],
            quotes: vec![Quote {
                speaker: "Minister".into(),
                text: "Said.".into(),
                paragraph: 0,
            }],
            sources: vec![],
        });
        round_trip(&Diagnostic {
            file: "f".into(),
            line: 0,
            end_line: Some(4),
            column: None,
            severity: Severity::Warning,
            message: "m".into(),
        });
        round_trip(&SourceFile {
            name: "f".into(),
            format: Format::PressReleases,
            lines: 9,
            boilerplate: vec![[1, 2], [5, 5]],
        });
    }

    #[test]
    fn bad_bytes_are_errors_that_say_where() {
        // A string claiming more bytes than there are.
        let error = String::unpack(&mut Reader::new(&[9, b'a'])).unwrap_err();
        assert_eq!(error.at, 1, "{error:?}");
        // Text that is not UTF-8 is reported at its first bad byte.
        let error = String::unpack(&mut Reader::new(&[3, b'a', 0xff, b'b'])).unwrap_err();
        assert_eq!(
            (error.at, error.what.as_str()),
            (2, "text that is not UTF-8")
        );
        // An option flag other than 0 or 1, and an unknown house.
        assert!(Option::<u32>::unpack(&mut Reader::new(&[2])).is_err());
        let error = House::unpack(&mut Reader::new(&[7])).unwrap_err();
        assert_eq!((error.at, error.what.as_str()), (0, "7 is not a House"));
        // A list count larger than the input: refused before anything is reserved.
        let mut w = Writer::default();
        w.varint(1 << 40);
        let error = Vec::<String>::unpack(&mut Reader::new(&w.bytes)).unwrap_err();
        assert!(
            error.what.contains("more than the 0 bytes left"),
            "{error:?}"
        );
    }
}
