//! A struct decoded the generated way allocates no more than the same struct deriving
//! `Deserialize`, also from an input that cannot lend its keys (a reader): telling the fields
//! apart must not cost an allocation per key.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use codegen_runtime::{
    DecodeStruct, KeyBuffer, deserialize_struct, next_field, next_key, required, skip_value,
};
use serde::de::MapAccess;
use serde::{Deserialize, Deserializer};

/// The system allocator, counting the allocations of the thread that asks.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        // SAFETY: the caller's obligations are the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, that is from the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How many allocations `work` makes on this thread.
fn allocations(work: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    work();
    ALLOCATIONS.with(Cell::get) - before
}

/// Written as the generator writes a struct.
#[derive(Debug, PartialEq)]
struct Counts {
    stars: u64,
    forks: u64,
    watchers_count: Option<u64>,
    open_issues_count: u64,
}

impl<'de> Deserialize<'de> for Counts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_struct(deserializer)
    }
}

impl<'de> DecodeStruct<'de> for Counts {
    const NAME: &'static str = "Counts";
    const FIELDS: &'static [&'static str] =
        &["stars", "forks", "watchers_count", "open_issues_count"];

    fn decode_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut stars, mut forks, mut watchers_count, mut open_issues_count) =
            (None, None, None, None);
        let mut buffer = KeyBuffer::new();
        while let Some(key) = next_key(&mut map, &mut buffer)? {
            match key {
                "stars" => next_field(&mut map, &mut stars, "stars"),
                "forks" => next_field(&mut map, &mut forks, "forks"),
                "watchers_count" => next_field(&mut map, &mut watchers_count, "watchers_count"),
                "open_issues_count" => {
                    next_field(&mut map, &mut open_issues_count, "open_issues_count")
                }
                _ => skip_value(&mut map),
            }?;
        }
        Ok(Self {
            stars: required(stars, "stars")?,
            forks: required(forks, "forks")?,
            watchers_count: watchers_count.flatten(),
            open_issues_count: required(open_issues_count, "open_issues_count")?,
        })
    }
}

/// The same struct, derived.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename = "Counts")]
struct Derived {
    stars: u64,
    forks: u64,
    watchers_count: Option<u64>,
    open_issues_count: u64,
}

/// An array of objects whose keys (some escaped, one unlisted) a reader cannot lend.
fn objects() -> String {
    let object =
        r#"{"stars":1,"forks":2,"w\u0061tchers_count":3,"unlisted_key":[4],"open_issues_count":5}"#;
    format!("[{}]", vec![object; 200].join(","))
}

#[test]
fn decoding_from_a_reader_allocates_no_more_than_the_derived_impl() {
    let json = objects();
    let mut ours = Vec::new();
    let mut derived = Vec::new();
    let ours_count = allocations(|| {
        ours = serde_json::from_reader::<_, Vec<Counts>>(json.as_bytes()).expect("decodes");
    });
    let derived_count = allocations(|| {
        derived = serde_json::from_reader::<_, Vec<Derived>>(json.as_bytes()).expect("decodes");
    });
    assert_eq!(ours.len(), 200);
    assert_eq!(
        ours[0],
        Counts {
            stars: 1,
            forks: 2,
            watchers_count: Some(3),
            open_issues_count: 5
        }
    );
    // 1,000 keys: an allocation per key would be hundreds more than the derived impl makes.
    assert!(
        ours_count <= derived_count,
        "generated-style decoding made {ours_count} allocations, the derived impl {derived_count}"
    );
}
