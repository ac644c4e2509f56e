//! The `cocrea` command: `serve` runs the product; `users grant|revoke` changes roles
//! (how the first admin is made); `clients codes` prints one-time codes that make members
//! clients; `seed` fills a database with demo content or a large
//! generated dataset.

use crate::seed::dataset;
use crate::seed::demo;
use anyhow::Context;
use api::Role;
use backend::auth::accounts;
use backend::console::consistency;
use backend::platform::config::Config;
use backend::platform::db::Db;
use backend::questions::experts;
use backend::startup::Application;
use clap::{Parser, Subcommand};

mod seed;

/// See `mimalloc` in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cocrea",
    version,
    about = "Cocrea: a bank's co-creation community"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web app and the API (configuration from the environment).
    Serve,
    /// Manage people's roles.
    Users {
        #[command(subcommand)]
        action: UsersAction,
    },
    /// Fill the database: `--demo` for the demo community; `--size m` or `--size l` (the
    /// benchmark's datasets) or `--ideas N --votes M ...` for a large deterministic dataset.
    Seed {
        /// Demo accounts (one per role) and, in an empty database, demo ideas.
        #[arg(long)]
        demo: bool,
        /// A named dataset: `m` is 100,000 ideas, 1,000,000 supports, 20,000 people,
        /// 50,000 questions, 250,000 question votes, 200,000 answers, 600,000 ratings;
        /// `l` is ten times that (200,000 people).
        #[arg(long, value_enum, conflicts_with = "ideas")]
        size: Option<Named>,
        #[command(flatten)]
        generated: Option<dataset::Size>,
    },
    /// Verify the bank's clients: one-time codes to hand out.
    Clients {
        #[command(subcommand)]
        action: ClientsAction,
    },
    /// Check that every stored counter (supports, votes, ratings, comments, answers)
    /// equals the rows it counts; exits with 1 on any difference.
    CheckCounts,
}

#[derive(Subcommand)]
enum ClientsAction {
    /// Print new one-time codes, one a line: a member who enters one in their settings
    /// becomes a client (each works once).
    Codes {
        /// How many codes.
        #[arg(long)]
        count: usize,
        /// Days before an unused code stops working.
        #[arg(long)]
        expires: i64,
    },
}

/// The datasets with a name.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Named {
    M,
    L,
}

#[derive(Subcommand)]
enum UsersAction {
    /// Give a role: client, expert, moderator or admin.
    Grant { email: String, role: String },
    /// Take a role back.
    Revoke { email: String, role: String },
    /// Set the themes an expert answers in (theme slugs; none clears them).
    Themes { email: String, themes: Vec<String> },
    /// Mark accounts' addresses confirmed (support: the people proved them otherwise).
    Confirm {
        #[arg(required = true)]
        emails: Vec<String>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    backend::platform::telemetry::init();
    let cli = Cli::parse();
    let config = Config::from_env()?;
    match cli.command {
        Command::Serve => {
            let app = Application::build(config.clone()).await?;
            let host = config.addr.ip();
            println!("Cocrea is running at http://{host}:{}/", app.port());
            app.run_until_stopped().await?;
        }
        Command::Users { action } => {
            let db = Db::connect(&config).await?;
            let (email, role, grant) = match action {
                UsersAction::Grant { email, role } => (email, role, true),
                UsersAction::Revoke { email, role } => (email, role, false),
                UsersAction::Confirm { emails } => {
                    for email in &emails {
                        backend::auth::identity::confirm_by_hand(&db, email).await?;
                        println!("address confirmed: {email}");
                    }
                    return Ok(());
                }
                UsersAction::Themes { email, themes } => {
                    let user = accounts::by_email(&db, &email).await?;
                    experts::set_themes(&db, user.id, &themes).await?;
                    println!("expert themes: {}", themes.join(", "));
                    return Ok(());
                }
            };
            let role = Role::parse(&role).with_context(|| {
                format!("unknown role `{role}`: use client, expert, moderator or admin")
            })?;
            if grant {
                accounts::grant(&db, &email, role).await?;
                println!("granted {}", role.as_str());
            } else {
                accounts::revoke(&db, &email, role).await?;
                println!("revoked {}", role.as_str());
            }
        }
        Command::Clients {
            action: ClientsAction::Codes { count, expires },
        } => {
            let db = Db::connect(&config).await?;
            let codes =
                backend::auth::client_codes::generate(&db, &config.secret, count, expires).await?;
            for code in codes {
                println!("{code}");
            }
        }
        Command::CheckCounts => {
            let db = Db::connect(&config).await?;
            let mut wrong = 0;
            for (what, rows) in consistency::counter_differences(&db).await? {
                println!("{what}: {rows}");
                wrong += rows;
            }
            if wrong > 0 {
                anyhow::bail!("{wrong} stored counters differ from their rows");
            }
        }
        Command::Seed {
            demo,
            size,
            generated,
        } => {
            let size = match size {
                Some(Named::M) => Some(dataset::Size::M),
                Some(Named::L) => Some(dataset::Size::L),
                None => generated,
            };
            if !demo && size.is_none() {
                anyhow::bail!(
                    "say what to seed: --demo, --size m|l, or --ideas N [--votes M] [--people P] \
                     [--questions Q --question-votes V --answers A --ratings R]"
                );
            }
            let db = Db::connect(&config).await?;
            if demo {
                for line in demo::seed(&db).await? {
                    println!("{line}");
                }
            }
            if let Some(size) = size {
                let started = std::time::Instant::now();
                let report = dataset::generate(&db, size).await?;
                println!(
                    "generated {report} in {:.1} s",
                    started.elapsed().as_secs_f64()
                );
            }
        }
    }
    Ok(())
}
