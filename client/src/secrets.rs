//! Codespaces secrets, sealed the way GitHub requires.
//!
//! GitHub stores a secret only as a libsodium *sealed box* (`crypto_box_seal`: an ephemeral
//! X25519 key pair, XSalsa20-Poly1305) of the value under the public key of the user, the
//! repository or the organization that will hold it, sent in base64 with that key's `key_id`.
//! Nobody but GitHub can open it again, the sender included.
//!
//! - [`SealingKey`]: a public key as GitHub hands it out (`key_id` and base64 `key`), checked
//!   when it is made, and [`SealingKey::seal`], which seals a [`SecretString`].
//! - [`Client::set_user_secret`], [`Client::set_repo_secret`] and [`Client::set_org_secret`]:
//!   fetch the right public key, seal, and `PUT`, with the generated operations.
//!
//! The plaintext stays in a [`SecretString`] (from the `secrecy` crate, re-exported here): its
//! `Debug` prints `[REDACTED]`, it has no `Display`, and its memory is zeroed when it is dropped.
//! No type of this module holds the plaintext, so no `Debug`, `Display` or error shows it; the
//! client logs nothing.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use codespaces_client::Client;
//! use codespaces_client::secrets::SecretString;
//!
//! let client = Client::builder().token_from_env().build()?;
//! let value = SecretString::from(std::env::var("DEPLOY_KEY")?);
//! client.set_repo_secret("octo-org", "hello-world", "DEPLOY_KEY", &value).await?;
//! # Ok(())
//! # }
//! ```

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use crypto_box::PublicKey;
use crypto_box::aead::OsRng;
pub use secrecy::{ExposeSecret, SecretString};

use crate::models::{
    CodespacesSecretVisibility, CreateOrUpdateOrgSecretRequest, CreateOrUpdateRepoSecretRequest,
    CreateOrUpdateSecretForAuthenticatedUserRequest,
    CreateOrUpdateSecretForAuthenticatedUserRequestSelectedRepositoryIdsItem,
};
use crate::operations::codespaces::{
    CreateOrUpdateOrgSecretError, CreateOrUpdateOrgSecretSuccess, CreateOrUpdateRepoSecretError,
    CreateOrUpdateRepoSecretSuccess, CreateOrUpdateSecretForAuthenticatedUserError,
    CreateOrUpdateSecretForAuthenticatedUserSuccess, GetOrgPublicKeyError,
    GetPublicKeyForAuthenticatedUserError, GetRepoPublicKeyError,
};
use crate::{Client, Error};

/// The length of a Curve25519 public key, in bytes.
pub const PUBLIC_KEY_LEN: usize = 32;

/// A public key that secrets are sealed for, with the id GitHub gave it.
///
/// Made from what the public-key operations return (`key_id`, and `key` in base64); a key that
/// is not base64 or not 32 bytes long is refused here, before anything is sealed or sent.
#[derive(Clone, PartialEq, Eq)]
pub struct SealingKey {
    key_id: String,
    key: PublicKey,
}

impl SealingKey {
    /// Reads GitHub's base64 `key` (standard alphabet, padded) with its `key_id`.
    ///
    /// # Errors
    ///
    /// [`SealError::KeyNotBase64`] or [`SealError::KeyLength`]; both name the `key_id`.
    pub fn from_base64(key_id: impl Into<String>, key: &str) -> Result<Self, SealError> {
        let key_id = key_id.into();
        let Ok(bytes) = BASE64.decode(key.trim()) else {
            return Err(SealError::KeyNotBase64 { key_id });
        };
        match PublicKey::from_slice(&bytes) {
            Ok(key) => Ok(Self { key_id, key }),
            Err(_) => Err(SealError::KeyLength {
                key_id,
                length: bytes.len(),
            }),
        }
    }

    /// The id GitHub gave the key; it goes with every value sealed for it.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The key's 32 bytes.
    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LEN] {
        self.key.as_bytes()
    }

    /// Seals `value` for this key: libsodium's `crypto_box_seal` with a fresh ephemeral key
    /// pair from the operating system's random source, in base64, with this key's id.
    ///
    /// # Errors
    ///
    /// [`SealError::Seal`] if the cipher refuses, which it does not for a valid key.
    pub fn seal(&self, value: &SecretString) -> Result<SealedSecret, SealError> {
        let sealed = self
            .key
            .seal(&mut OsRng, value.expose_secret().as_bytes())
            .map_err(|_| SealError::Seal)?;
        Ok(SealedSecret {
            key_id: self.key_id.clone(),
            encrypted_value: BASE64.encode(sealed),
        })
    }
}

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealingKey")
            .field("key_id", &self.key_id)
            .field("key", &BASE64.encode(self.key.as_bytes()))
            .finish()
    }
}

/// A value sealed for one key: the `encrypted_value` and `key_id` GitHub's `PUT` takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedSecret {
    /// The id of the key the value was sealed for.
    pub key_id: String,
    /// The sealed box, in base64: the ephemeral public key, then the encrypted value and its tag.
    pub encrypted_value: String,
}

/// Why a value could not be sealed. Never holds the value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SealError {
    /// The public key is not base64.
    KeyNotBase64 {
        /// The id of the key.
        key_id: String,
    },
    /// The public key is not 32 bytes long.
    KeyLength {
        /// The id of the key.
        key_id: String,
        /// How many bytes it has.
        length: usize,
    },
    /// The cipher refused to seal.
    Seal,
}

impl fmt::Display for SealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::KeyNotBase64 { key_id } => {
                write!(f, "public key {key_id} is not valid base64")
            }
            Self::KeyLength { key_id, length } => write!(
                f,
                "public key {key_id} is {length} bytes long; a Curve25519 public key has \
                 {PUBLIC_KEY_LEN}"
            ),
            Self::Seal => f.write_str("sealing the secret failed"),
        }
    }
}

impl std::error::Error for SealError {}

/// What a `PUT` of a secret did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretWritten {
    /// The secret is new (201).
    Created,
    /// The secret existed and now has the new value (204).
    Updated,
}

/// Which repositories of an organization may use an organization secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgSecretAccess {
    /// Every repository.
    All,
    /// Every private repository.
    Private,
    /// Only these repositories, by id.
    Selected(Vec<i64>),
}

/// Why setting a secret failed: at which of its three steps, with that step's error.
#[derive(Debug)]
#[non_exhaustive]
pub enum SetSecretError<K, P> {
    /// Fetching the public key failed; nothing was sent.
    PublicKey(Error<K>),
    /// The public key GitHub sent cannot seal (not base64, wrong length); nothing was sent.
    Seal(SealError),
    /// The `PUT` of the sealed value failed.
    Put(Error<P>),
}

/// [`Client::set_user_secret`]'s error.
pub type UserSecretError = SetSecretError<
    GetPublicKeyForAuthenticatedUserError,
    CreateOrUpdateSecretForAuthenticatedUserError,
>;
/// [`Client::set_repo_secret`]'s error.
pub type RepoSecretError = SetSecretError<GetRepoPublicKeyError, CreateOrUpdateRepoSecretError>;
/// [`Client::set_org_secret`]'s error.
pub type OrgSecretError = SetSecretError<GetOrgPublicKeyError, CreateOrUpdateOrgSecretError>;

impl<K, P> fmt::Display for SetSecretError<K, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PublicKey(_) => f.write_str("fetching the public key to seal the secret failed"),
            Self::Seal(error) => write!(f, "cannot seal the secret: {error}"),
            Self::Put(_) => f.write_str("storing the sealed secret failed"),
        }
    }
}

impl<K: fmt::Debug + 'static, P: fmt::Debug + 'static> std::error::Error for SetSecretError<K, P> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::PublicKey(error) => Some(error),
            Self::Seal(error) => Some(error),
            Self::Put(error) => Some(error),
        }
    }
}

/// Seals `value` for the key GitHub sent.
fn seal<K, P>(
    key_id: String,
    key: &str,
    value: &SecretString,
) -> Result<SealedSecret, SetSecretError<K, P>> {
    SealingKey::from_base64(key_id, key)
        .and_then(|key| key.seal(value))
        .map_err(SetSecretError::Seal)
}

impl Client {
    /// Sets the caller's Codespaces secret `name` to `value`: fetches the user's public key,
    /// seals, and `PUT`s (`codespaces/create-or-update-secret-for-authenticated-user`).
    ///
    /// `repositories` are the ids of the repositories whose codespaces may use the secret;
    /// `None` sends no list, so an existing secret keeps its repositories.
    ///
    /// # Errors
    ///
    /// [`SetSecretError`]: which step failed, with its error.
    pub async fn set_user_secret(
        &self,
        name: &str,
        value: &SecretString,
        repositories: Option<&[i64]>,
    ) -> Result<SecretWritten, UserSecretError> {
        let key = self
            .codespaces()
            .get_public_key_for_authenticated_user()
            .send()
            .await
            .map_err(SetSecretError::PublicKey)?
            .body;
        let sealed = seal(key.key_id, &key.key, value)?;
        let mut body = CreateOrUpdateSecretForAuthenticatedUserRequest::new(sealed.key_id);
        body.encrypted_value = Some(sealed.encrypted_value);
        body.selected_repository_ids = repositories.map(|ids| {
            ids.iter()
                .map(|&id| {
                    CreateOrUpdateSecretForAuthenticatedUserRequestSelectedRepositoryIdsItem::Integer(
                        id,
                    )
                })
                .collect()
        });
        let response = self
            .codespaces()
            .create_or_update_secret_for_authenticated_user(name, body)
            .send()
            .await
            .map_err(SetSecretError::Put)?;
        Ok(match response.body {
            CreateOrUpdateSecretForAuthenticatedUserSuccess::Created(_) => SecretWritten::Created,
            CreateOrUpdateSecretForAuthenticatedUserSuccess::NoContent => SecretWritten::Updated,
        })
    }

    /// Sets the Codespaces secret `name` of repository `owner/repo` to `value`: fetches the
    /// repository's public key, seals, and `PUT`s (`codespaces/create-or-update-repo-secret`).
    ///
    /// # Errors
    ///
    /// [`SetSecretError`]: which step failed, with its error.
    pub async fn set_repo_secret(
        &self,
        owner: &str,
        repo: &str,
        name: &str,
        value: &SecretString,
    ) -> Result<SecretWritten, RepoSecretError> {
        let key = self
            .codespaces()
            .get_repo_public_key(owner, repo)
            .send()
            .await
            .map_err(SetSecretError::PublicKey)?
            .body;
        let sealed = seal(key.key_id, &key.key, value)?;
        let body = CreateOrUpdateRepoSecretRequest {
            encrypted_value: Some(sealed.encrypted_value),
            key_id: Some(sealed.key_id),
        };
        let response = self
            .codespaces()
            .create_or_update_repo_secret(owner, repo, name, body)
            .send()
            .await
            .map_err(SetSecretError::Put)?;
        Ok(match response.body {
            CreateOrUpdateRepoSecretSuccess::Created(_) => SecretWritten::Created,
            CreateOrUpdateRepoSecretSuccess::NoContent => SecretWritten::Updated,
        })
    }

    /// Sets the Codespaces secret `name` of organization `org` to `value`, usable by the
    /// repositories `access` names: fetches the organization's public key, seals, and `PUT`s
    /// (`codespaces/create-or-update-org-secret`, with `visibility` and, for
    /// [`OrgSecretAccess::Selected`], `selected_repository_ids`).
    ///
    /// # Errors
    ///
    /// [`SetSecretError`]: which step failed, with its error.
    pub async fn set_org_secret(
        &self,
        org: &str,
        name: &str,
        value: &SecretString,
        access: OrgSecretAccess,
    ) -> Result<SecretWritten, OrgSecretError> {
        let key = self
            .codespaces()
            .get_org_public_key(org)
            .send()
            .await
            .map_err(SetSecretError::PublicKey)?
            .body;
        let sealed = seal(key.key_id, &key.key, value)?;
        let (visibility, selected) = match access {
            OrgSecretAccess::All => (CodespacesSecretVisibility::All, None),
            OrgSecretAccess::Private => (CodespacesSecretVisibility::Private, None),
            OrgSecretAccess::Selected(ids) => (CodespacesSecretVisibility::Selected, Some(ids)),
        };
        let mut body = CreateOrUpdateOrgSecretRequest::new(visibility);
        body.encrypted_value = Some(sealed.encrypted_value);
        body.key_id = Some(sealed.key_id);
        body.selected_repository_ids = selected;
        let response = self
            .codespaces()
            .create_or_update_org_secret(org, name, body)
            .send()
            .await
            .map_err(SetSecretError::Put)?;
        Ok(match response.body {
            CreateOrUpdateOrgSecretSuccess::Created(_) => SecretWritten::Created,
            CreateOrUpdateOrgSecretSuccess::NoContent => SecretWritten::Updated,
        })
    }
}
