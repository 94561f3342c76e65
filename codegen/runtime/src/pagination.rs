//! Walking a listing page by page, following `Link: <...>; rel="next"`.
//!
//! Generated code supplies, per list operation, the first request and a decoder that turns a
//! response into the page's items (unwrapping the wrapper object where the schema has one);
//! everything else is here and knows nothing of any operation.

use std::collections::HashSet;
use std::fmt;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url};

use super::links::Links;
use super::rate_limit::RateLimit;
use super::{Client, Error, RawResponse, Request, Response};

/// Decodes one page of a list operation into its items.
pub type PageDecoder<T, E> = fn(RawResponse) -> Result<Response<Vec<T>>, Error<E>>;

/// Every item of every page, in order; ends after the last page, or after an error (which is
/// yielded).
pub type ItemStream<T, E> = BoxStream<'static, Result<T, Error<E>>>;

/// One page of a listing, with the links to the others.
///
/// [`next_page`](Self::next_page) follows `rel="next"` verbatim. A `next` link to a page
/// already fetched in this walk is treated as absent, so a server that links in a circle
/// ends the walk instead of looping. A link to another origin than the client's base URL is
/// followed without the token.
pub struct Page<T, E> {
    /// The items of this page (from the wrapper object's array, where the response has one).
    pub items: Vec<T>,
    /// The HTTP status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// How many times the request for this page was sent.
    pub attempts: u32,
    links: Links,
    cursor: Cursor<T, E>,
}

/// What it takes to fetch the following page.
struct Cursor<T, E> {
    client: Client,
    decode: PageDecoder<T, E>,
    /// The first request, as the template for the next ones (method and headers).
    template: Request,
    /// Every URL fetched in this walk, this page's included.
    visited: HashSet<Url>,
}

impl<T, E> Page<T, E> {
    /// Fetches the first page; what the generated `send_page` calls.
    ///
    /// # Errors
    ///
    /// Whatever building the request, sending it or decoding the page failed with.
    #[doc(hidden)]
    pub async fn fetch_first(
        client: &Client,
        request: Result<Request, Error<E>>,
        decode: PageDecoder<T, E>,
    ) -> Result<Self, Error<E>> {
        let request = request?;
        let cursor = Cursor {
            client: client.clone(),
            decode,
            template: request.clone(),
            visited: HashSet::new(),
        };
        Self::fetch(cursor, request).await
    }

    async fn fetch(mut cursor: Cursor<T, E>, request: Request) -> Result<Self, Error<E>> {
        cursor.visited.insert(cursor.client.url(&request));
        let raw = cursor.client.execute(request).await?;
        let links = Links::from_headers(raw.headers(), raw.url());
        if let Some(url) = raw.url() {
            cursor.visited.insert(url.clone());
        }
        let response = (cursor.decode)(raw)?;
        Ok(Self {
            items: response.body,
            status: response.status,
            headers: response.headers,
            attempts: response.attempts,
            links,
            cursor,
        })
    }

    /// All pagination links of the response (`next`, `prev`, `first`, `last`).
    pub fn links(&self) -> &Links {
        &self.links
    }

    /// The link to the next page; `None` on the last page, and when the link points to a page
    /// already fetched in this walk.
    pub fn next_url(&self) -> Option<&Url> {
        self.links
            .next
            .as_ref()
            .filter(|url| !self.cursor.visited.contains(*url))
    }

    /// The link to the last page, when the server sends one.
    pub fn last_url(&self) -> Option<&Url> {
        self.links.last.as_ref()
    }

    /// The `x-ratelimit-*` headers of this page's response.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// Fetches the next page; `Ok(None)` when there is none ([`next_url`](Self::next_url)).
    ///
    /// # Errors
    ///
    /// Whatever sending the request or decoding the page failed with.
    pub async fn next_page(&self) -> Result<Option<Self>, Error<E>> {
        let Some(url) = self.next_url() else {
            return Ok(None);
        };
        let request = self.cursor.template.follow(url.clone());
        let cursor = Cursor {
            client: self.cursor.client.clone(),
            decode: self.cursor.decode,
            template: self.cursor.template.clone(),
            visited: self.cursor.visited.clone(),
        };
        Self::fetch(cursor, request).await.map(Some)
    }

    /// Splits off the items; the rest says where to go next.
    fn into_items_and_next(self) -> (Vec<T>, Walk<T, E>) {
        let next = self
            .next_url()
            .map(|url| self.cursor.template.follow(url.clone()));
        let walk = match next {
            Some(request) => Walk::Next(Box::new((self.cursor, request))),
            None => Walk::Done,
        };
        (self.items, walk)
    }
}

impl<T: fmt::Debug, E> fmt::Debug for Page<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("items", &self.items)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("attempts", &self.attempts)
            .field("links", &self.links)
            .finish_non_exhaustive()
    }
}

/// Where a walk stands between two pages.
// The first state is built once per walk and left after the first page; boxing it would
// allocate for nothing.
#[allow(clippy::large_enum_variant)]
enum Walk<T, E> {
    First(Client, Result<Request, Error<E>>, PageDecoder<T, E>),
    // Boxed: a cursor holds the visited set and two requests, and is moved once per page.
    Next(Box<(Cursor<T, E>, Request)>),
    Done,
}

/// Streams the items of every page, starting with `request`; what the generated `stream`
/// calls.
#[doc(hidden)]
pub fn stream_items<T, E>(
    client: &Client,
    request: Result<Request, Error<E>>,
    decode: PageDecoder<T, E>,
) -> ItemStream<T, E>
where
    T: Send + 'static,
    E: Send + 'static,
{
    let start = Walk::First(client.clone(), request, decode);
    let pages = stream::try_unfold(start, |walk| async move {
        let page = match walk {
            Walk::First(client, request, decode) => {
                Page::fetch_first(&client, request, decode).await?
            }
            Walk::Next(next) => {
                let (cursor, request) = *next;
                Page::fetch(cursor, request).await?
            }
            Walk::Done => return Ok::<_, Error<E>>(None),
        };
        Ok(Some(page.into_items_and_next()))
    });
    pages
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}
