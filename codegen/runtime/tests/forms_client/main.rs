//! A client generated from `codegen/tests/fixtures/forms.yaml` (multipart and urlencoded
//! bodies, and one body offering JSON and a form) calls each operation against a local server.
//! What arrived is read back with parsers the client does not use: `multer` for
//! `multipart/form-data`, `form_urlencoded::parse` for `application/x-www-form-urlencoded`.

// The test calls part of the generated API; the rest is checked by compiling it.
#[allow(dead_code)]
mod generated;

/// The path the generated code calls the runtime by.
mod runtime {
    pub use codegen_runtime::*;
}

use std::time::Duration;

use bytes::Bytes;
use codegen_runtime::{Error, FilePart, RetryPolicy};
use generated::client::Client;
use generated::models::{Filter, PasswordGrantGrantType, PhotoKind, PhotoMetadata};
// The types of an operation's own (inline) schemas are re-exported beside its builder (`NewPet`,
// `TokenResponse`).
use generated::operations::pets::{
    AdoptForm, AttachDocumentsForm, AttachMediaSelfForm, AttachMediaVideoForm, ChargeCard,
    ChargeCardExp, ChargeForm, ChargeItemsItem, NewPet, SearchForm, TokenClientCredentialsForm,
    TokenGrantType, TokenPasswordGrantForm, TokenResponse, UploadPhotosForm,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// One part as the server read it.
#[derive(Debug, PartialEq)]
struct ReadPart {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

fn part(name: &str, file_name: Option<&str>, content_type: Option<&str>, bytes: &[u8]) -> ReadPart {
    ReadPart {
        name: name.to_owned(),
        file_name: file_name.map(str::to_owned),
        content_type: content_type.map(str::to_owned),
        bytes: bytes.to_vec(),
    }
}

/// Every part of a multipart request, in order, read by `multer`.
async fn read_multipart(request: &Request) -> Vec<ReadPart> {
    let content_type = request.headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let boundary = multer::parse_boundary(content_type).unwrap();
    let body = Bytes::from(request.body.clone());
    let stream = futures::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.unwrap() {
        let name = field.name().unwrap().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let bytes = field.bytes().await.unwrap().to_vec();
        parts.push(ReadPart {
            name,
            file_name,
            content_type,
            bytes,
        });
    }
    parts
}

/// Every pair of a urlencoded request, in order, decoded by `form_urlencoded`.
fn read_form(request: &Request) -> Vec<(String, String)> {
    assert_eq!(
        request.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    form_urlencoded::parse(&request.body)
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

async fn server(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(move |request: &Request| {
            if request.url.path() == "/search" {
                ResponseTemplate::new(200).set_body_json(["rex"])
            } else if request.url.path() == "/oauth/token" {
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "t"}))
            } else {
                ResponseTemplate::new(status)
            }
        })
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

fn every_photo_field() -> UploadPhotosForm {
    UploadPhotosForm {
        caption: "Rex & friends = 3".to_owned(),
        kind: Some(PhotoKind::Landscape),
        rating: Some(4.5),
        public: Some(false),
        tags: Some(vec!["good dog".to_owned(), "élan".to_owned()]),
        metadata: Some(PhotoMetadata {
            camera: Some("X100".to_owned()),
            iso: Some(200),
        }),
        photo: FilePart::named("rex.png", vec![0x89, b'P', b'N', b'G', 0, 255]),
        thumbnails: Some(vec![
            FilePart::new(&b"small"[..]),
            FilePart::named("tiny.gif", &b"GIF89a"[..]).content_type("image/gif"),
        ]),
        notes: Some("*Sits* on command".to_owned()),
    }
}

#[tokio::test]
async fn a_multipart_body_sends_every_field_as_the_description_says() {
    let server = server(201).await;
    client(&server)
        .pets()
        .upload_photos(7, every_photo_field())
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/pets/7/photos");
    let parts = read_multipart(&requests[0]).await;
    let metadata = parts
        .iter()
        .find(|part| part.name == "metadata")
        .expect("a metadata part");
    let decoded: serde_json::Value = serde_json::from_slice(&metadata.bytes).unwrap();
    assert_eq!(decoded, serde_json::json!({"camera": "X100", "iso": 200}));
    let expected = vec![
        part("caption", None, None, b"Rex & friends = 3"),
        part("kind", None, None, b"landscape"),
        part("rating", None, None, b"4.5"),
        part("public", None, None, b"false"),
        part("tags", None, None, b"good dog"),
        part("tags", None, None, "élan".as_bytes()),
        part("metadata", None, Some("application/json"), &metadata.bytes),
        // No media type of its own: the first the description lists.
        part(
            "photo",
            Some("rex.png"),
            Some("image/png"),
            &[0x89, b'P', b'N', b'G', 0, 255],
        ),
        part(
            "thumbnails",
            None,
            Some("application/octet-stream"),
            b"small",
        ),
        part("thumbnails", Some("tiny.gif"), Some("image/gif"), b"GIF89a"),
        part("notes", None, Some("text/markdown"), b"*Sits* on command"),
    ];
    assert_eq!(parts, expected);
}

#[tokio::test]
async fn optional_fields_left_unset_send_no_part() {
    let server = server(201).await;
    let form = UploadPhotosForm {
        caption: "only this".to_owned(),
        kind: None,
        rating: None,
        public: None,
        tags: None,
        metadata: None,
        photo: FilePart::new(&b"png"[..]),
        thumbnails: None,
        notes: None,
    };
    client(&server)
        .pets()
        .upload_photos(1, form)
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let parts = read_multipart(&requests[0]).await;
    assert_eq!(
        parts,
        vec![
            part("caption", None, None, b"only this"),
            part("photo", None, Some("image/png"), b"png"),
        ]
    );
}

#[tokio::test]
async fn an_optional_multipart_body_is_sent_only_when_set() {
    let server = server(201).await;
    let client = client(&server);
    let pets = client.pets();
    pets.attach_documents(3).send().await.unwrap();
    let form = AttachDocumentsForm {
        comment: Some("vaccinated".to_owned()),
        ..Default::default()
    };
    pets.attach_documents(3).body(form).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert!(requests[0].body.is_empty());
    assert!(requests[0].headers.get("content-type").is_none());
    assert_eq!(
        read_multipart(&requests[1]).await,
        vec![part("comment", None, None, b"vaccinated")]
    );
}

#[tokio::test]
async fn a_multipart_body_sent_again_is_the_same_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
        })
        .build()
        .unwrap();
    let form = AttachDocumentsForm {
        certificate: Some(
            FilePart::named("cert.pdf", &b"%PDF-1.7"[..]).content_type("application/pdf"),
        ),
        comment: Some("signed".to_owned()),
    };
    let response = client
        .pets()
        .attach_documents(9)
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.attempts, 2);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let expected = vec![
        part(
            "certificate",
            Some("cert.pdf"),
            Some("application/pdf"),
            b"%PDF-1.7",
        ),
        part("comment", None, None, b"signed"),
    ];
    assert_eq!(read_multipart(&requests[0]).await, expected);
    assert_eq!(read_multipart(&requests[1]).await, expected);
}

#[tokio::test]
async fn a_file_media_type_that_does_not_parse_is_refused_before_sending() {
    let server = server(201).await;
    let mut form = every_photo_field();
    form.photo = FilePart::new(&b"x"[..]).content_type("not a media type");
    let error = client(&server)
        .pets()
        .upload_photos(7, form)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::InvalidHeaderValue {
                name: "content-type"
            }
        ),
        "{error:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_urlencoded_body_follows_each_field_style() {
    let server = server(201).await;
    let form = SearchForm {
        query: "a b&c=d é+✓".to_owned(),
        kind: Some(PhotoKind::Portrait),
        limit: Some(10),
        ids: Some(vec![1, 2, 3]),
        colors: Some(vec!["red".to_owned(), "dark green".to_owned()]),
        sizes: Some(vec!["S".to_owned(), "M".to_owned()]),
        words: Some(vec!["x".to_owned(), "y&z".to_owned()]),
        filter: Some(Filter {
            species: "cat".to_owned(),
            min_age: Some(2),
        }),
        metadata: Some(PhotoMetadata {
            camera: Some("a&b".to_owned()),
            iso: None,
        }),
    };
    let found = client(&server).pets().search(form).send().await.unwrap();
    assert_eq!(found.body, vec!["rex".to_owned()]);
    let requests = server.received_requests().await.unwrap();
    let pairs = read_form(&requests[0]);
    let metadata = &pairs.last().unwrap().1;
    let decoded: serde_json::Value = serde_json::from_str(metadata).unwrap();
    assert_eq!(decoded, serde_json::json!({"camera": "a&b"}));
    let expected: Vec<(String, String)> = [
        ("query", "a b&c=d é+✓"),
        ("kind", "portrait"),
        ("limit", "10"),
        ("ids", "1"),
        ("ids", "2"),
        ("ids", "3"),
        ("colors", "red,dark green"),
        ("sizes", "S M"),
        ("words", "x|y&z"),
        ("filter[species]", "cat"),
        ("filter[min_age]", "2"),
        ("metadata", metadata),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value.to_owned()))
    .collect();
    assert_eq!(pairs, expected);
    // Spaces are `+`; `&`, `=`, `+`, `[`, `]` and non-ASCII are percent-encoded.
    let raw = std::str::from_utf8(&requests[0].body).unwrap();
    assert!(
        raw.starts_with("query=a+b%26c%3Dd+%C3%A9%2B%E2%9C%93&kind=portrait&"),
        "{raw}"
    );
    assert!(raw.contains("&filter%5Bspecies%5D=cat&"), "{raw}");
}

#[tokio::test]
async fn a_body_that_offers_json_and_a_form_is_sent_as_json() {
    let server = server(201).await;
    let pet = NewPet {
        name: "Rex".to_owned(),
    };
    client(&server).pets().create(pet).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers["content-type"], "application/json");
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body, serde_json::json!({"name": "Rex"}));
}

#[tokio::test]
async fn a_form_of_an_all_of_sends_the_fields_of_every_member() {
    let server = server(201).await;
    let form = AdoptForm {
        name: "Rex".to_owned(),
        adopter: "Ann".to_owned(),
        visits: Some(3),
    };
    client(&server).pets().adopt(form).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let expected: Vec<(String, String)> = [("name", "Rex"), ("adopter", "Ann"), ("visits", "3")]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    assert_eq!(read_form(&requests[0]), expected);
}

#[tokio::test]
async fn deep_object_fields_name_every_value_by_its_path() {
    let server = server(201).await;
    let form = ChargeForm {
        card: ChargeCard {
            number: "4242".to_owned(),
            exp: Some(ChargeCardExp {
                month: Some(12),
                year: None,
            }),
        },
        expand: Some(vec!["customer".to_owned(), "invoice".to_owned()]),
        metadata: Some(std::collections::BTreeMap::from([(
            "order id".to_owned(),
            "a&b".to_owned(),
        )])),
        items: Some(vec![
            ChargeItemsItem {
                price: Some("p_1".to_owned()),
                quantity: Some(2),
            },
            ChargeItemsItem {
                price: Some("p_2".to_owned()),
                quantity: None,
            },
        ]),
    };
    client(&server).pets().charge(form).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let expected: Vec<(String, String)> = [
        ("card[number]", "4242"),
        ("card[exp][month]", "12"),
        ("expand[0]", "customer"),
        ("expand[1]", "invoice"),
        ("metadata[order id]", "a&b"),
        ("items[0][price]", "p_1"),
        ("items[0][quantity]", "2"),
        ("items[1][price]", "p_2"),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value.to_owned()))
    .collect();
    assert_eq!(read_form(&requests[0]), expected);
}

/// Owned name–value pairs, as `read_form` gives them.
fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

#[tokio::test]
async fn a_form_that_is_one_of_several_sends_the_fields_of_the_one_given() {
    let server = server(201).await;
    let client = client(&server);
    let pets = client.pets();
    let password = TokenPasswordGrantForm {
        client_id: "app".to_owned(),
        grant_type: PasswordGrantGrantType::Password,
        username: "ann".to_owned(),
        password: "s3cret&=".to_owned(),
    };
    let token: TokenResponse = pets.token(password).send().await.unwrap().body;
    assert_eq!(token.access_token.as_deref(), Some("t"));
    let client_credentials = TokenClientCredentialsForm {
        client_id: "app".to_owned(),
        grant_type: TokenGrantType::ClientCredentials,
        scope: vec!["read".to_owned(), "write".to_owned()],
    };
    pets.token(client_credentials).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        read_form(&requests[0]),
        pairs(&[
            ("client_id", "app"),
            ("grant_type", "password"),
            ("username", "ann"),
            ("password", "s3cret&="),
        ])
    );
    // What the union says beside its alternatives comes first in each (`client_id`); `scope` is
    // joined as its encoding says.
    assert_eq!(
        read_form(&requests[1]),
        pairs(&[
            ("client_id", "app"),
            ("grant_type", "client_credentials"),
            ("scope", "read,write"),
        ])
    );
}

#[tokio::test]
async fn an_optional_multipart_form_of_several_sends_the_one_given_or_nothing() {
    let server = server(201).await;
    let client = client(&server);
    let pets = client.pets();
    let video = AttachMediaVideoForm {
        video: FilePart::named("run.mp4", &b"mp4"[..]),
        caption: Some("running".to_owned()),
    };
    pets.attach_media(4).body(video).send().await.unwrap();
    pets.attach_media(4)
        .body(AttachMediaSelfForm {})
        .send()
        .await
        .unwrap();
    pets.attach_media(4).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        read_multipart(&requests[0]).await,
        vec![
            part(
                "video",
                Some("run.mp4"),
                Some("application/octet-stream"),
                b"mp4"
            ),
            part("caption", None, None, b"running"),
        ]
    );
    // The alternative of no fields is a form of no parts, which `reqwest` sends as an empty
    // body of the multipart media type; leaving the body out sends no body at all.
    let content_type = requests[1].headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    assert!(requests[1].body.is_empty());
    assert!(requests[2].body.is_empty());
    assert!(requests[2].headers.get("content-type").is_none());
}
