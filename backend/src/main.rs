//! The `cocrea` command: `serve` runs the product; `users grant|revoke` changes roles
//! (how the first admin is made); `seed demo` fills an empty database with demo accounts.

use anyhow::Context;
use api::Role;
use backend::config::Config;
use backend::db::Db;
use backend::services::{accounts, demo};
use backend::startup::Application;
use clap::{Parser, Subcommand};

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
    /// Fill the database with demonstration content.
    Seed {
        #[command(subcommand)]
        what: SeedWhat,
    },
}

#[derive(Subcommand)]
enum UsersAction {
    /// Give a role: client, expert, moderator or admin.
    Grant { email: String, role: String },
    /// Take a role back.
    Revoke { email: String, role: String },
}

#[derive(Subcommand)]
enum SeedWhat {
    /// Demo accounts, one per role (skipped when they exist).
    Demo,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    backend::telemetry::init();
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
        Command::Seed {
            what: SeedWhat::Demo,
        } => {
            let db = Db::connect(&config).await?;
            for line in demo::seed(&db).await? {
                println!("{line}");
            }
        }
    }
    Ok(())
}
