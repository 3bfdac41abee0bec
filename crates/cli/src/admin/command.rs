//! The command line of `vorgaenge admin` and what each command prints.

use std::path::PathBuf;

use clap::Subcommand;
use vorgaenge_store::Store;

use super::partners::{NewPartner, PartnerChanges};
use super::profile::ProfileFields;
use super::{AdminResult, audit, clients, grants, import_partners, keys, partners};

/// `vorgaenge admin …`
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Partners of the partner tree.
    Partner {
        #[command(subcommand)]
        command: Box<PartnerCommand>,
    },
    /// Give HOLDER an Übernahmerecht on TARGET (every case of TARGET and of its subtree).
    Grant { holder: String, target: String },
    /// Take HOLDER's Übernahmerecht on TARGET away.
    Revoke { holder: String, target: String },
    /// API clients (client id and secret for the token endpoint).
    Client {
        #[command(subcommand)]
        command: ClientCommand,
    },
    /// Import a partner tree with grants from a .json, .yaml or .yml file (upserting
    /// partners by id; all or nothing).
    ImportPartners { file: PathBuf },
    /// The keys tokens are signed with.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Who changed a case: one line per change, oldest first, with the partner it was made
    /// as, the actor (when impersonating), client, trace id, operation and events.
    Audit {
        vorgangs_nummer: String,
        /// One JSON object per line instead of the table.
        #[arg(long)]
        json: bool,
    },
}

/// `vorgaenge admin partner …`
#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    /// Add a partner (refuses an existing id).
    Add {
        /// Partner id: three capital letters and two digits, e.g. ABC12.
        id: String,
        #[arg(long, value_parser = ["PERSON", "ORGANISATION"])]
        typ: String,
        /// The organisation above the partner (none: a root).
        #[arg(long)]
        parent: Option<String>,
        /// May work with production data.
        #[arg(long)]
        echtgeschaeft: bool,
        #[arg(long)]
        kreditsachbearbeiter: bool,
        #[command(flatten)]
        profile: ProfileFields,
    },
    /// Change the given fields of a partner, keeping the others.
    Update {
        id: String,
        #[arg(long, value_parser = ["PERSON", "ORGANISATION"])]
        typ: Option<String>,
        /// New parent (must not be the partner itself or below it).
        #[arg(long, conflicts_with = "no_parent")]
        parent: Option<String>,
        /// Make the partner a root.
        #[arg(long)]
        no_parent: bool,
        #[arg(long, value_name = "true|false")]
        echtgeschaeft: Option<bool>,
        #[arg(long, value_name = "true|false")]
        kreditsachbearbeiter: Option<bool>,
        #[command(flatten)]
        profile: ProfileFields,
    },
    /// Lock a partner (gesperrt): it gets no tokens, and its tokens stop working.
    Lock { id: String },
    /// Unlock a partner.
    Unlock { id: String },
    /// List every partner.
    List,
    /// Show a partner as JSON with its grants and clients.
    Show { id: String },
}

/// `vorgaenge admin client …`
#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Register a client; prints its id and secret once (only a hash is stored).
    Add {
        /// The partner the client acts for.
        #[arg(long)]
        partner: String,
        /// Space-separated scopes the client may ask for.
        #[arg(long)]
        scopes: String,
    },
    /// List every client (never a secret).
    List,
    /// Give a client a new secret, printed once; the old one stops working.
    RotateSecret { client_id: String },
    /// Disable a client: it gets no more tokens.
    Disable { client_id: String },
    /// Enable a disabled client again.
    Enable { client_id: String },
}

/// `vorgaenge admin keys …`
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Sign with a new key from now on; prints its kid (the old key is retired).
    Rotate,
    /// List the signing keys.
    List,
}

/// What a command prints: `stdout`, and a note for the operator on standard error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub note: Option<String>,
}

impl Output {
    fn line(text: impl Into<String>) -> Self {
        let mut stdout = text.into();
        stdout.push('\n');
        Output { stdout, note: None }
    }

    fn json(value: &serde_json::Value) -> Self {
        Output::line(serde_json::to_string_pretty(value).expect("JSON serialises"))
    }
}

/// Runs one admin command against `store`.
pub async fn run(store: &dyn Store, command: AdminCommand) -> AdminResult<Output> {
    match command {
        AdminCommand::Partner { command } => partner(store, *command).await,
        AdminCommand::Grant { holder, target } => Ok(Output::line(
            if grants::grant(store, &holder, &target).await? {
                format!("{holder} now holds an Übernahmerecht on {target}")
            } else {
                format!("{holder} already holds an Übernahmerecht on {target}")
            },
        )),
        AdminCommand::Revoke { holder, target } => {
            grants::revoke(store, &holder, &target).await?;
            Ok(Output::line(format!(
                "revoked the Übernahmerecht of {holder} on {target}"
            )))
        }
        AdminCommand::Client { command } => client(store, command).await,
        AdminCommand::ImportPartners { file } => Ok(Output::line(
            import_partners::import_file(store, &file)
                .await?
                .to_string(),
        )),
        AdminCommand::Audit {
            vorgangs_nummer,
            json,
        } => {
            let records = audit::records(store, &vorgangs_nummer).await?;
            Ok(Output {
                stdout: if json {
                    audit::audit_json_lines(&records)
                } else {
                    audit::audit_table(&records)
                },
                note: records
                    .is_empty()
                    .then(|| format!("no change of {vorgangs_nummer} is recorded")),
            })
        }
        AdminCommand::Keys { command } => match command {
            KeysCommand::Rotate => Ok(Output::line(keys::rotate(store).await?)),
            KeysCommand::List => Ok(Output {
                stdout: keys::key_table(&keys::list(store).await?),
                note: None,
            }),
        },
    }
}

async fn partner(store: &dyn Store, command: PartnerCommand) -> AdminResult<Output> {
    Ok(match command {
        PartnerCommand::Add {
            id,
            typ,
            parent,
            echtgeschaeft,
            kreditsachbearbeiter,
            profile,
        } => {
            let new = NewPartner {
                id,
                typ,
                parent,
                echtgeschaeft,
                kreditsachbearbeiter,
                profile,
            };
            let p = partners::add_partner(store, new).await?;
            Output::line(format!("added partner {} ({})", p.id, p.typ))
        }
        PartnerCommand::Update {
            id,
            typ,
            parent,
            no_parent,
            echtgeschaeft,
            kreditsachbearbeiter,
            profile,
        } => {
            let changes = PartnerChanges {
                typ,
                parent: if no_parent {
                    Some(None)
                } else {
                    parent.map(Some)
                },
                echtgeschaeft,
                kreditsachbearbeiter,
                profile,
            };
            let p = partners::update_partner(store, &id, changes).await?;
            Output::line(format!("updated partner {}", p.id))
        }
        PartnerCommand::Lock { id } => {
            partners::set_locked(store, &id, true).await?;
            Output::line(format!("locked partner {id}"))
        }
        PartnerCommand::Unlock { id } => {
            partners::set_locked(store, &id, false).await?;
            Output::line(format!("unlocked partner {id}"))
        }
        PartnerCommand::List => Output {
            stdout: partners::partner_table(&partners::list_partners(store).await?),
            note: None,
        },
        PartnerCommand::Show { id } => Output::json(&partners::show_partner(store, &id).await?),
    })
}

async fn client(store: &dyn Store, command: ClientCommand) -> AdminResult<Output> {
    const ONCE: &str = "store the client secret now: it is not kept and cannot be shown again";
    Ok(match command {
        ClientCommand::Add { partner, scopes } => {
            let issued = clients::add_client(store, &partner, &scopes).await?;
            Output {
                note: Some(ONCE.into()),
                ..Output::json(&issued.to_json())
            }
        }
        ClientCommand::List => Output {
            stdout: clients::client_table(&clients::list_clients(store).await?),
            note: None,
        },
        ClientCommand::RotateSecret { client_id } => {
            let issued = clients::rotate_secret(store, &client_id).await?;
            Output {
                note: Some(ONCE.into()),
                ..Output::json(&issued.to_json())
            }
        }
        ClientCommand::Disable { client_id } => {
            clients::set_disabled(store, &client_id, true).await?;
            Output::line(format!("disabled client {client_id}"))
        }
        ClientCommand::Enable { client_id } => {
            clients::set_disabled(store, &client_id, false).await?;
            Output::line(format!("enabled client {client_id}"))
        }
    })
}
