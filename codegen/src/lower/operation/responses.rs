//! An operation's responses: each status with its variant name, body type and media type; the
//! `Accept` header they make; and whether conditional requests are offered.

use openapiv3::{ReferenceOr, Response, StatusCode};

use super::super::Lowerer;
use super::super::refs::{SchemaView, resolve};
use super::super::{docs, media};
use crate::diagnostics::Pointer;
use crate::ir::{
    Accept, BodyEncoding, Conditional, Doc, HttpMethod, Primitive, ResponseCase, StatusMatch,
    TypeRef,
};
use crate::names::{self, Namespace, camel_ident};

/// The Rust variant name for a status, from its reason phrase.
fn status_variant(status: StatusMatch) -> String {
    let code = match status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(class) => return format!("Status{class}xx"),
        StatusMatch::Default => return "Default".to_owned(),
    };
    let reason = match code {
        100 => "Continue",
        101 => "SwitchingProtocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "ContentTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        _ => return format!("Status{code}"),
    };
    reason.to_owned()
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        stem: &str,
        pointer: &Pointer,
    ) -> Vec<ResponseCase> {
        let mut entries: Vec<(StatusMatch, &'a ReferenceOr<Response>, Pointer)> = responses
            .responses
            .iter()
            .map(|(status, response)| {
                let (matcher, key) = match status {
                    StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string()),
                    StatusCode::Range(class) => (StatusMatch::Range(*class), format!("{class}XX")),
                };
                (matcher, response, pointer.push(key))
            })
            .collect();
        if let Some(default) = &responses.default {
            entries.push((StatusMatch::Default, default, pointer.push("default")));
        }
        // The first inline success body is "the" response; others are named by their status.
        let mut success_named = false;
        let mut success_variants = Namespace::default();
        let mut error_variants = Namespace::default();
        let mut cases = Vec::with_capacity(entries.len());
        for (status, entry, entry_pointer) in entries {
            let success = is_success(status);
            let wanted = status_variant(status);
            let variant = if success {
                success_variants.claim(&wanted)
            } else {
                error_variants.claim(&wanted)
            };
            let resolved = match resolve(self.spec, entry, &entry_pointer) {
                Ok(resolved) => resolved,
                Err(message) => {
                    self.diagnostics.error(&entry_pointer, message);
                    continue;
                }
            };
            let hint = match resolved.key {
                Some(key) => format!("{}Response", names::stem(&camel_ident(key))),
                None if success && !success_named => format!("{stem}Response"),
                None if success => format!("{stem}{variant}Response"),
                None => format!("{stem}{variant}Error"),
            };
            let picked = media::pick_response(&resolved.item.content);
            let encoding = picked.map_or(BodyEncoding::Json, |(_, _, encoding)| encoding);
            let body = picked.and_then(|(media_name, media, encoding)| match encoding {
                BodyEncoding::Text => Some(TypeRef::Primitive(Primitive::String)),
                BodyEncoding::Binary => Some(TypeRef::Primitive(Primitive::Bytes)),
                BodyEncoding::Json => {
                    let schema = media.schema.as_ref()?;
                    let schema_pointer = resolved
                        .pointer
                        .push("content")
                        .push(media_name)
                        .push("schema");
                    Some(
                        self.lower_view(SchemaView::from(schema), &hint, &schema_pointer)
                            .into_standalone(),
                    )
                }
            });
            let media_type = picked.map(|(media_name, _, _)| media_name.to_owned());
            success_named |= success && resolved.key.is_none() && body.is_some();
            let mut doc = Doc::default();
            doc.push(docs::clean(&resolved.item.description));
            cases.push(ResponseCase {
                status,
                is_success: success,
                variant,
                body,
                encoding,
                media_type,
                doc,
            });
        }
        succeed_by_default(cases)
    }
}

/// An operation that documents no success status, only `default`, answers with that response
/// when it succeeds too: its 2xx statuses become a success outcome with the same body, ahead
/// of the `default` error case, rather than every answer an error.
fn succeed_by_default(mut cases: Vec<ResponseCase>) -> Vec<ResponseCase> {
    if cases.iter().any(|case| case.is_success) {
        return cases;
    }
    let Some(index) = cases
        .iter()
        .position(|case| case.status == StatusMatch::Default)
    else {
        return cases;
    };
    let success = ResponseCase {
        status: StatusMatch::Range(2),
        is_success: true,
        variant: status_variant(StatusMatch::Range(2)),
        ..cases[index].clone()
    };
    cases.insert(index, success);
    cases
}

/// The `Accept` header: the media types of the success bodies, asked for unless the client
/// has a default of its own when JSON is among them, and always when it is not.
pub(super) fn accept_header(responses: &[ResponseCase]) -> Accept {
    let successes: Vec<&ResponseCase> = responses.iter().filter(|case| case.is_success).collect();
    let mut media_types: Vec<&str> = Vec::new();
    for media_type in successes
        .iter()
        .filter(|case| case.body.is_some())
        .filter_map(|case| case.media_type.as_deref())
    {
        if !media_types.contains(&media_type) {
            media_types.push(media_type);
        }
    }
    if media_types.is_empty() {
        return Accept::Default;
    }
    let json = successes
        .iter()
        .any(|case| case.body.is_some() && case.encoding == BodyEncoding::Json);
    if json {
        Accept::Json(media_types.join(", "))
    } else {
        Accept::Only(media_types.join(", "))
    }
}

/// Conditional headers where the method only reads: a 304 answers a `GET` or `HEAD` whose
/// precondition holds, and means nothing to a write.
pub(super) fn conditional(method: HttpMethod, responses: &[ResponseCase]) -> Conditional {
    if !matches!(method, HttpMethod::Get | HttpMethod::Head) {
        return Conditional::NotOffered;
    }
    let documented = responses
        .iter()
        .any(|case| matches!(case.status, StatusMatch::Code(304) | StatusMatch::Range(3)));
    if documented {
        Conditional::Documented
    } else {
        Conditional::NotModifiedError
    }
}

fn is_success(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => code < 400,
        StatusMatch::Range(class) => class < 4,
        StatusMatch::Default => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_named_by_reason() {
        assert_eq!(status_variant(StatusMatch::Code(202)), "Accepted");
        assert_eq!(status_variant(StatusMatch::Code(599)), "Status599");
        assert_eq!(status_variant(StatusMatch::Range(4)), "Status4xx");
    }
}
