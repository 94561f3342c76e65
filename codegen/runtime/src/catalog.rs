//! A table of the generated operations, so tools and tests can run recorded payloads (such as
//! the spec's examples) through the same decoders `send` uses.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Error, RawResponse, Response};

/// Decodes a recorded response; `Err` says why it is not a typed outcome.
pub type ResponseCheck = fn(RawResponse) -> Result<(), String>;

/// Decodes a recorded JSON request body; `Err` says why it does not fit the body type.
pub type RequestCheck = fn(&[u8]) -> Result<(), String>;

/// One generated operation.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// The spec's `operationId`.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path template, as in the spec.
    pub path: &'static str,
    /// Decodes a response with the operation's decoder; `Ok` when the status is documented and
    /// the body decodes into the type declared for it.
    pub check_response: ResponseCheck,
    /// Decodes a JSON request body into the operation's body type, when it has one.
    pub check_request: Option<RequestCheck>,
    /// The media type the decoder reads for each documented status with a body, by the status
    /// as the spec writes it (`200`, `4XX`, `default`): the generator's choice, so that tools
    /// need not make it again.
    pub response_media_types: &'static [(&'static str, &'static str)],
}

impl OperationInfo {
    /// The media type the decoder reads for the documented status `status` (`200`, `4XX`,
    /// `default`; ranges in either case), if that response has a body.
    pub fn response_media_type(&self, status: &str) -> Option<&'static str> {
        self.response_media_types
            .iter()
            .find(|(documented, _)| documented.eq_ignore_ascii_case(status))
            .map(|(_, media_type)| *media_type)
    }
}

/// `Ok` for a typed outcome (a documented success, a documented error with its decoded
/// body, or "not modified"); `Err` naming the problem for an undocumented status or a body
/// that did not decode.
pub fn typed_outcome<T, E: std::fmt::Debug>(
    result: Result<Response<T>, Error<E>>,
) -> Result<(), String> {
    match result {
        Ok(_) | Err(Error::Api { .. } | Error::NotModified { .. }) => Ok(()),
        Err(other) => Err(other.to_string()),
    }
}

/// Whether `json` decodes into `T` and encodes back to the same JSON: a request example must
/// not carry properties the body type would silently drop.
pub fn decodes_as<T: DeserializeOwned + Serialize>(json: &[u8]) -> Result<(), String> {
    let original: serde_json::Value =
        serde_json::from_slice(json).map_err(|error| error.to_string())?;
    let decoded: T = serde_json::from_slice(json).map_err(|error| error.to_string())?;
    let encoded = serde_json::to_value(&decoded).map_err(|error| error.to_string())?;
    if same_json(&encoded, &original) {
        Ok(())
    } else {
        Err(format!(
            "the body does not survive a round trip: sent {original}, the type keeps {encoded}"
        ))
    }
}

/// JSON equality, except that numbers are compared by value: a `number` field is an `f64`, which
/// encodes `5` as `5.0`, the same JSON number.
fn same_json(left: &serde_json::Value, right: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (left, right) {
        (Value::Number(left), Value::Number(right)) => {
            left == right || (left.is_f64() || right.is_f64()) && left.as_f64() == right.as_f64()
        }
        (Value::Array(left), Value::Array(right)) => {
            left.len() == right.len() && left.iter().zip(right).all(|(l, r)| same_json(l, r))
        }
        (Value::Object(left), Value::Object(right)) => {
            left.len() == right.len()
                && left
                    .iter()
                    .all(|(key, l)| right.get(key).is_some_and(|r| same_json(l, r)))
        }
        _ => left == right,
    }
}

#[cfg(test)]
mod tests {
    use super::{decodes_as, same_json};

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Body {
        name: String,
    }

    #[test]
    fn a_request_body_must_survive_a_round_trip() {
        assert_eq!(decodes_as::<Body>(br#"{"name": "a"}"#), Ok(()));
        let dropped = decodes_as::<Body>(br#"{"name": "a", "repository": "b"}"#);
        assert!(dropped.is_err_and(|message| message.contains("round trip")));
        assert!(decodes_as::<Body>(br#"{"repository": "b"}"#).is_err());
    }

    #[test]
    fn numbers_are_compared_by_value() {
        let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
        assert!(same_json(&json(r#"{"a": [5.0]}"#), &json(r#"{"a": [5]}"#)));
        assert!(!same_json(&json(r#"{"a": [5.5]}"#), &json(r#"{"a": [5]}"#)));
        assert!(!same_json(
            &json(r#"{"a": 1}"#),
            &json(r#"{"a": 1, "b": 2}"#)
        ));
        assert!(!same_json(&json(r#"{"a": "5"}"#), &json(r#"{"a": 5}"#)));
    }
}
