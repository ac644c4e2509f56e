//! Themes: what ideas and questions are about, each with a public response-time
//! commitment (hours to a first official answer). The six default themes come with it.

use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

/// (slug, French name, English name, French description, English description, hours)
const DEFAULTS: [(&str, &str, &str, &str, &str, i32); 6] = [
    (
        "everyday-banking",
        "Banque au quotidien",
        "Everyday banking",
        "Comptes, cartes, virements, frais : tout ce qui rythme votre vie bancaire.",
        "Accounts, cards, transfers, fees: everything in your day-to-day banking.",
        48,
    ),
    (
        "savings-investments",
        "Épargne et placements",
        "Savings and investments",
        "Livrets, assurance-vie, bourse : faire fructifier votre argent.",
        "Savings accounts, life insurance, stocks: making your money grow.",
        72,
    ),
    (
        "home-real-estate",
        "Logement et immobilier",
        "Home and real estate",
        "Crédit immobilier, assurance habitation, projets de logement.",
        "Mortgages, home insurance, housing projects.",
        72,
    ),
    (
        "digital-app",
        "Banque en ligne et application",
        "Digital banking and the app",
        "Le site, l'application mobile, la sécurité en ligne.",
        "The website, the mobile app, online security.",
        48,
    ),
    (
        "sustainable-development",
        "Développement durable",
        "Sustainable development",
        "Finance responsable, empreinte carbone, engagements de la banque.",
        "Responsible finance, carbon footprint, the bank's commitments.",
        120,
    ),
    (
        "accessibility-inclusion",
        "Accessibilité et inclusion",
        "Accessibility and inclusion",
        "Une banque utilisable par tous, quels que soient l'âge, le handicap ou la situation.",
        "A bank everyone can use, whatever their age, disability or situation.",
        72,
    ),
];

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Themes::Table)
                .col(big_pk_auto(Themes::Id))
                .col(string_len_uniq(Themes::Slug, 60))
                .col(string_len(Themes::NameFr, 80))
                .col(string_len(Themes::NameEn, 80))
                .col(text(Themes::DescriptionFr).default(""))
                .col(text(Themes::DescriptionEn).default(""))
                .col(integer(Themes::ResponseHours))
                .col(integer(Themes::Position).default(0))
                .col(boolean(Themes::Archived).default(false))
                .to_owned(),
        )
        .await?;

    let mut insert = Query::insert();
    insert.into_table(Themes::Table).columns([
        Themes::Slug,
        Themes::NameFr,
        Themes::NameEn,
        Themes::DescriptionFr,
        Themes::DescriptionEn,
        Themes::ResponseHours,
        Themes::Position,
    ]);
    for (position, (slug, name_fr, name_en, desc_fr, desc_en, hours)) in
        DEFAULTS.into_iter().enumerate()
    {
        insert.values_panic([
            slug.into(),
            name_fr.into(),
            name_en.into(),
            desc_fr.into(),
            desc_en.into(),
            hours.into(),
            (position as i32).into(),
        ]);
    }
    manager.exec_stmt(insert).await
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .drop_table(Table::drop().table(Themes::Table).to_owned())
        .await
}

#[derive(DeriveIden)]
enum Themes {
    Table,
    Id,
    Slug,
    NameFr,
    NameEn,
    DescriptionFr,
    DescriptionEn,
    ResponseHours,
    Position,
    Archived,
}
