//! The baseline a careful person would write by hand for the same page: plain
//! `#[derive(Deserialize)]` structs with the same fields and field types as the generated
//! `ListForAuthenticatedUserResponse` and everything it contains, except that string enums
//! are plain `String`s and the nine `security_and_analysis` entries that hold only a `status`
//! share one struct.
//!
//! The fields are never read: they exist so that serde does the same work as for the
//! generated types (match every key, build every value).
#![allow(dead_code)]

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

/// Mirrors `models::ListForAuthenticatedUserResponse`.
#[derive(Deserialize)]
pub struct Page {
    total_count: i64,
    codespaces: Vec<Codespace>,
}

/// Mirrors `models::Codespace`.
#[derive(Deserialize)]
struct Codespace {
    id: i64,
    name: String,
    display_name: Option<String>,
    environment_id: Option<String>,
    owner: User,
    billable_owner: User,
    repository: Repository,
    machine: Option<Machine>,
    devcontainer_path: Option<String>,
    prebuild: Option<bool>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    last_used_at: DateTime<Utc>,
    state: String,
    url: String,
    git_status: GitStatus,
    location: String,
    idle_timeout_minutes: Option<i64>,
    web_url: String,
    machines_url: String,
    start_url: String,
    stop_url: String,
    publish_url: Option<String>,
    pulls_url: Option<String>,
    recent_folders: Vec<String>,
    runtime_constraints: Option<RuntimeConstraints>,
    pending_operation: Option<bool>,
    pending_operation_disabled_reason: Option<String>,
    idle_timeout_notice: Option<String>,
    retention_period_minutes: Option<i64>,
    retention_expires_at: Option<DateTime<Utc>>,
    last_known_stop_notice: Option<String>,
}

/// Mirrors `models::SimpleUser`.
#[derive(Deserialize)]
struct User {
    name: Option<String>,
    email: Option<String>,
    login: String,
    id: i64,
    node_id: String,
    avatar_url: String,
    gravatar_id: Option<String>,
    url: String,
    html_url: String,
    followers_url: String,
    following_url: String,
    gists_url: String,
    starred_url: String,
    subscriptions_url: String,
    organizations_url: String,
    repos_url: String,
    events_url: String,
    received_events_url: String,
    #[serde(rename = "type")]
    kind: String,
    site_admin: bool,
    starred_at: Option<String>,
    user_view_type: Option<String>,
}

/// Mirrors `models::MinimalRepository`.
#[derive(Deserialize)]
struct Repository {
    id: i64,
    node_id: String,
    name: String,
    full_name: String,
    owner: User,
    private: bool,
    html_url: String,
    description: Option<String>,
    fork: bool,
    url: String,
    archive_url: String,
    assignees_url: String,
    blobs_url: String,
    branches_url: String,
    collaborators_url: String,
    comments_url: String,
    commits_url: String,
    compare_url: String,
    contents_url: String,
    contributors_url: String,
    deployments_url: String,
    downloads_url: String,
    events_url: String,
    forks_url: String,
    git_commits_url: String,
    git_refs_url: String,
    git_tags_url: String,
    git_url: Option<String>,
    issue_comment_url: String,
    issue_events_url: String,
    issues_url: String,
    keys_url: String,
    labels_url: String,
    languages_url: String,
    merges_url: String,
    milestones_url: String,
    notifications_url: String,
    pulls_url: String,
    releases_url: String,
    ssh_url: Option<String>,
    stargazers_url: String,
    statuses_url: String,
    subscribers_url: String,
    subscription_url: String,
    tags_url: String,
    teams_url: String,
    trees_url: String,
    clone_url: Option<String>,
    mirror_url: Option<String>,
    hooks_url: String,
    svn_url: Option<String>,
    homepage: Option<String>,
    language: Option<String>,
    forks_count: Option<i64>,
    stargazers_count: Option<i64>,
    watchers_count: Option<i64>,
    size: Option<i64>,
    default_branch: Option<String>,
    open_issues_count: Option<i64>,
    is_template: Option<bool>,
    topics: Option<Vec<String>>,
    has_issues: Option<bool>,
    has_projects: Option<bool>,
    has_wiki: Option<bool>,
    has_pages: Option<bool>,
    has_downloads: Option<bool>,
    has_discussions: Option<bool>,
    has_pull_requests: Option<bool>,
    pull_request_creation_policy: Option<String>,
    archived: Option<bool>,
    disabled: Option<bool>,
    visibility: Option<String>,
    pushed_at: Option<DateTime<Utc>>,
    created_at: Option<DateTime<Utc>>,
    updated_at: Option<DateTime<Utc>>,
    permissions: Option<Permissions>,
    role_name: Option<String>,
    temp_clone_token: Option<String>,
    delete_branch_on_merge: Option<bool>,
    subscribers_count: Option<i64>,
    network_count: Option<i64>,
    code_of_conduct: Option<CodeOfConduct>,
    license: Option<License>,
    forks: Option<i64>,
    open_issues: Option<i64>,
    watchers: Option<i64>,
    allow_forking: Option<bool>,
    web_commit_signoff_required: Option<bool>,
    security_and_analysis: Option<SecurityAndAnalysis>,
    custom_properties: Option<BTreeMap<String, serde_json::Value>>,
}

/// Mirrors `models::MinimalRepositoryPermissions`.
#[derive(Deserialize)]
struct Permissions {
    admin: Option<bool>,
    maintain: Option<bool>,
    push: Option<bool>,
    triage: Option<bool>,
    pull: Option<bool>,
}

/// Mirrors `models::CodeOfConduct`.
#[derive(Deserialize)]
struct CodeOfConduct {
    key: String,
    name: String,
    url: String,
    body: Option<String>,
    html_url: Option<String>,
}

/// Mirrors `models::MinimalRepositoryLicense`.
#[derive(Deserialize)]
struct License {
    key: Option<String>,
    name: Option<String>,
    spdx_id: Option<String>,
    url: Option<String>,
    node_id: Option<String>,
}

/// Mirrors `models::SecurityAndAnalysis`.
#[derive(Deserialize)]
struct SecurityAndAnalysis {
    advanced_security: Option<Status>,
    code_security: Option<Status>,
    dependabot_security_updates: Option<Status>,
    secret_scanning: Option<Status>,
    secret_scanning_push_protection: Option<Status>,
    secret_scanning_non_provider_patterns: Option<Status>,
    secret_scanning_ai_detection: Option<Status>,
    secret_scanning_delegated_alert_dismissal: Option<Status>,
    secret_scanning_delegated_bypass: Option<Status>,
    secret_scanning_delegated_bypass_options: Option<BypassOptions>,
}

/// Mirrors the nine `models::SecurityAndAnalysis*` structs that hold only a `status`.
#[derive(Deserialize)]
struct Status {
    status: Option<String>,
}

/// Mirrors `models::SecurityAndAnalysisSecretScanningDelegatedBypassOptions`.
#[derive(Deserialize)]
struct BypassOptions {
    reviewers: Option<Vec<BypassReviewer>>,
}

/// Mirrors `models::SecurityAndAnalysisSecretScanningDelegatedBypassOptionsReviewersItem`.
#[derive(Deserialize)]
struct BypassReviewer {
    reviewer_id: i64,
    reviewer_type: String,
    mode: Option<String>,
}

/// Mirrors `models::NullableCodespaceMachine`.
#[derive(Deserialize)]
struct Machine {
    name: String,
    display_name: String,
    operating_system: String,
    storage_in_bytes: i64,
    memory_in_bytes: i64,
    cpus: i64,
    prebuild_availability: Option<String>,
}

/// Mirrors `models::CodespaceGitStatus`.
#[derive(Deserialize)]
struct GitStatus {
    ahead: Option<i64>,
    behind: Option<i64>,
    has_unpushed_changes: Option<bool>,
    has_uncommitted_changes: Option<bool>,
    #[serde(rename = "ref")]
    git_ref: Option<String>,
}

/// Mirrors `models::CodespaceRuntimeConstraints`.
#[derive(Deserialize)]
struct RuntimeConstraints {
    allowed_port_privacy_settings: Option<Vec<String>>,
}
