//! `cargo run -p migrations -- up|down|status|fresh`: the sea-orm-migration CLI, for
//! operators who want to run migrations apart from `cocrea serve`.

#[tokio::main]
async fn main() {
    sea_orm_migration::cli::run_cli(migrations::Migrator).await;
}
