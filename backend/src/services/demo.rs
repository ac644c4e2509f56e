//! Demonstration content for `cocrea seed --demo`: one account per role, a dozen more
//! members, and a believable French community of ideas with supports and comments, so a
//! new user of the README's run command can try every part of the product at once.
//! Accounts are created when missing; ideas only when the database has none.

use crate::db::Db;
use crate::domain::MarkdownBody;
use crate::entities::{comments, idea_supports, ideas, themes, users};
use crate::services::accounts;
use crate::services::ideas::NewIdea;
use api::{COMMENT_BODY_MAX_CHARS, IDEA_BODY_MAX_CHARS, IdeaStatus, Role, Signup};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait,
};
use std::collections::HashMap;

/// The demo password, printed by the run command; demo accounts exist only in demo data.
pub const DEMO_PASSWORD: &str = "cocrea-demo";

const ACCOUNTS: [(&str, &str, Option<Role>); 5] = [
    (
        "admin@demo.cocrea.test",
        "Camille (admin)",
        Some(Role::Admin),
    ),
    (
        "moderation@demo.cocrea.test",
        "Équipe produit",
        Some(Role::Moderator),
    ),
    (
        "expert@demo.cocrea.test",
        "Nadia, experte épargne",
        Some(Role::Expert),
    ),
    (
        "client@demo.cocrea.test",
        "Louis Client",
        Some(Role::Client),
    ),
    ("membre@demo.cocrea.test", "Inès Membre", None),
];

/// More members, so ideas have supporters: (name, verified client).
const MEMBERS: [(&str, bool); 12] = [
    ("Sophie Martin", true),
    ("Karim Benali", false),
    ("Jeanne Dupuis", true),
    ("Thomas Nguyen", false),
    ("Aïcha Diallo", true),
    ("Marc Lefèvre", true),
    ("Élodie Rousseau", false),
    ("Hugo Bernard", true),
    ("Fatou Sow", false),
    ("Pierre Garnier", true),
    ("Léa Moreau", false),
    ("Julien Petit", true),
];

/// (theme slug, title, Markdown body, status)
const IDEAS: [(&str, &str, &str, IdeaStatus); 30] = [
    (
        "everyday-banking",
        "Pouvoir bloquer temporairement sa carte depuis l'application",
        "Quand je ne retrouve plus ma carte, je ne veux pas la faire opposer tout de suite.\n\nUn **bouton de blocage temporaire**, réversible en un geste, éviterait bien des frais de refabrication.",
        IdeaStatus::Launched,
    ),
    (
        "everyday-banking",
        "Des virements instantanés gratuits",
        "Les virements instantanés sont devenus la norme chez les néobanques. Les facturer donne l'impression de payer pour la rapidité d'un simple clic.",
        IdeaStatus::Planned,
    ),
    (
        "everyday-banking",
        "Choisir la date de prélèvement des frais de tenue de compte",
        "Être prélevé le 1er du mois, avant le salaire, met certains comptes à découvert. Laisser choisir la date éviterait des agios inutiles.",
        IdeaStatus::UnderReview,
    ),
    (
        "everyday-banking",
        "Un relevé annuel des frais compréhensible",
        "Le récapitulatif annuel des frais est illisible. Une page simple : *ce que vous avez payé, pourquoi, et comment l'éviter*.",
        IdeaStatus::New,
    ),
    (
        "everyday-banking",
        "Retirer des espèces chez les commerçants partenaires",
        "Dans mon village, le distributeur a fermé. Pouvoir retirer quelques dizaines d'euros à la boulangerie ou au bureau de tabac rendrait service à beaucoup.",
        IdeaStatus::InProgress,
    ),
    (
        "savings-investments",
        "Un livret d'épargne solidaire",
        "Reverser une part des intérêts à une association choisie par l'épargnant, avec un bilan annuel de ce qui a été financé.",
        IdeaStatus::UnderReview,
    ),
    (
        "savings-investments",
        "Arrondir mes paiements par carte pour épargner",
        "Chaque achat arrondi à l'euro supérieur, la différence versée sur mon livret. De petites sommes qui finissent par compter.",
        IdeaStatus::Launched,
    ),
    (
        "savings-investments",
        "Simulateur d'épargne pour les projets des enfants",
        "Un outil pour estimer combien mettre de côté chaque mois pour les études des enfants, avec les livrets et placements adaptés.",
        IdeaStatus::New,
    ),
    (
        "savings-investments",
        "Des frais d'assurance-vie affichés en euros",
        "Les frais sont donnés en pourcentage : difficile de savoir ce que cela représente vraiment. Un montant en euros par an serait plus honnête.",
        IdeaStatus::Declined,
    ),
    (
        "savings-investments",
        "Des ateliers pour débuter en bourse",
        "Beaucoup d'épargnants n'osent pas investir faute de connaissances. Des ateliers gratuits, en agence ou en ligne, sans vente à la clé.",
        IdeaStatus::New,
    ),
    (
        "home-real-estate",
        "Suivre l'avancement de ma demande de prêt immobilier en ligne",
        "Entre la demande et l'offre de prêt, on reste des semaines sans nouvelles. Un suivi étape par étape rassurerait les emprunteurs.",
        IdeaStatus::InProgress,
    ),
    (
        "home-real-estate",
        "Un prêt à taux réduit pour la rénovation énergétique",
        "Isoler sa maison coûte cher au départ. Un prêt bonifié couplé aux aides publiques encouragerait les travaux.",
        IdeaStatus::Planned,
    ),
    (
        "home-real-estate",
        "Un simulateur de capacité d'emprunt plus réaliste",
        "Le simulateur actuel ignore les charges de copropriété et la taxe foncière. Le résultat donne de faux espoirs.",
        IdeaStatus::New,
    ),
    (
        "home-real-estate",
        "Moduler ses mensualités en cas de coup dur",
        "Perte d'emploi, naissance, séparation : pouvoir réduire temporairement ses mensualités sans renégocier tout le prêt.",
        IdeaStatus::UnderReview,
    ),
    (
        "digital-app",
        "Un mode sombre dans l'application",
        "Consulter ses comptes le soir avec un écran blanc éblouissant, ce n'est pas agréable. Un mode sombre qui suit le réglage du téléphone.",
        IdeaStatus::Launched,
    ),
    (
        "digital-app",
        "Catégoriser automatiquement mes dépenses",
        "Voir en un coup d'œil combien je dépense en courses, transport ou loisirs chaque mois, avec des catégories que je peux corriger.",
        IdeaStatus::InProgress,
    ),
    (
        "digital-app",
        "Se connecter sans code SMS à l'étranger",
        "À l'étranger, je ne reçois pas toujours les SMS de validation. Une validation dans l'application ou par clé de sécurité éviterait d'être bloqué.",
        IdeaStatus::Planned,
    ),
    (
        "digital-app",
        "Partager un RIB par lien sécurisé",
        "Envoyer son RIB en pièce jointe par e-mail n'est pas prudent. Un lien temporaire, qui expire, serait plus sûr.",
        IdeaStatus::New,
    ),
    (
        "digital-app",
        "Des notifications pour chaque prélèvement",
        "Être prévenu quand un prélèvement arrive, avec la possibilité de le contester tout de suite s'il est inconnu.",
        IdeaStatus::UnderReview,
    ),
    (
        "digital-app",
        "Une application utilisable sur les anciens téléphones",
        "Mon téléphone a cinq ans et l'application ne s'installe plus. Une version allégée ou un site mobile complet serait bienvenu.",
        IdeaStatus::New,
    ),
    (
        "sustainable-development",
        "Afficher l'empreinte carbone de mes achats",
        "Une estimation de l'empreinte carbone par catégorie de dépenses, pour prendre conscience de l'impact de sa consommation.",
        IdeaStatus::UnderReview,
    ),
    (
        "sustainable-development",
        "Des cartes bancaires en matériaux recyclés",
        "Les cartes en plastique neuf ne sont pas cohérentes avec les engagements de la banque. Proposer des cartes recyclées ou en bois.",
        IdeaStatus::Launched,
    ),
    (
        "sustainable-development",
        "Publier la liste des projets financés par l'épargne verte",
        "Pour avoir confiance dans un livret vert, je veux savoir précisément quels projets mon argent finance.",
        IdeaStatus::Planned,
    ),
    (
        "sustainable-development",
        "Sortir des financements aux énergies fossiles",
        "Un calendrier public et daté de sortie des financements au charbon, au pétrole et au gaz.",
        IdeaStatus::Declined,
    ),
    (
        "sustainable-development",
        "Un bonus pour les trajets à vélo dans l'assurance",
        "Réduire la prime d'assurance de ceux qui vont au travail à vélo ou en transports en commun.",
        IdeaStatus::New,
    ),
    (
        "accessibility-inclusion",
        "Des relevés de compte en braille ou en gros caractères",
        "Les personnes malvoyantes doivent pouvoir lire leurs relevés sans aide extérieure.",
        IdeaStatus::InProgress,
    ),
    (
        "accessibility-inclusion",
        "Un conseiller joignable en langue des signes",
        "Un service de visio-interprétation en LSF pour que les clients sourds puissent joindre leur conseiller.",
        IdeaStatus::Planned,
    ),
    (
        "accessibility-inclusion",
        "Des distributeurs à hauteur de fauteuil roulant",
        "Beaucoup de distributeurs sont trop hauts pour une personne en fauteuil. Recenser et adapter les plus utilisés.",
        IdeaStatus::UnderReview,
    ),
    (
        "accessibility-inclusion",
        "Un parcours simplifié pour les personnes âgées",
        "Des écrans plus lisibles, moins d'étapes et un numéro direct pour les clients de plus de 75 ans.",
        IdeaStatus::New,
    ),
    (
        "accessibility-inclusion",
        "Accompagner les personnes en difficulté financière plus tôt",
        "Détecter les signes de fragilité (découverts répétés, rejets) et proposer un rendez-vous avant que la situation ne s'aggrave.",
        IdeaStatus::New,
    ),
];

/// Comments, cycled over the ideas: (text, written by the expert or the team).
const COMMENTS: [(&str, bool); 8] = [
    ("Excellente idée, je l'attends depuis longtemps !", false),
    (
        "Merci pour cette proposition : nous l'étudions avec l'équipe concernée.",
        true,
    ),
    ("Ce serait utile aussi pour les comptes joints.", false),
    (
        "Chez une autre banque, ce service existe déjà et il marche bien.",
        false,
    ),
    (
        "Attention à la sécurité : il faudrait une double validation.",
        false,
    ),
    (
        "Nous avons lancé un premier test auprès de clients volontaires.",
        true,
    ),
    (
        "+1, surtout pour les personnes qui ne sont pas à l'aise avec le numérique.",
        false,
    ),
    (
        "Et pourquoi ne pas commencer par une version simple ?",
        false,
    ),
];

/// Creates whatever demo accounts are missing, and the demo ideas in an empty database;
/// returns what it did, line by line.
pub async fn seed(db: &Db) -> anyhow::Result<Vec<String>> {
    let mut report = Vec::new();
    let mut staff = HashMap::new();
    for (email, name, role) in ACCOUNTS {
        let user = ensure_account(db, email, name, role).await?;
        if let Some(role) = role {
            staff.insert(role, user.id);
        }
        let role = role.map_or("member", Role::as_str);
        report.push(format!("  {role:<10} {email}  /  {DEMO_PASSWORD}"));
    }
    let mut members = Vec::new();
    for (n, (name, client)) in MEMBERS.into_iter().enumerate() {
        let email = format!("membre{}@demo.cocrea.test", n + 1);
        let role = client.then_some(Role::Client);
        members.push(ensure_account(db, &email, name, role).await?);
    }
    if ideas::Entity::find().count(&db.read).await? == 0 {
        let (Some(expert), Some(team)) = (staff.get(&Role::Expert), staff.get(&Role::Moderator))
        else {
            anyhow::bail!("the demo staff accounts are missing");
        };
        let count = seed_ideas(db, &members, *expert, *team).await?;
        report.push(format!(
            "  {count} demo ideas with their supports and comments"
        ));
    }
    Ok(report)
}

async fn ensure_account(
    db: &Db,
    email: &str,
    name: &str,
    role: Option<Role>,
) -> anyhow::Result<users::Model> {
    let find = || {
        users::Entity::find()
            .filter(users::Column::Email.eq(email))
            .one(&db.read)
    };
    if let Some(user) = find().await? {
        return Ok(user);
    }
    let signup = Signup {
        email: email.into(),
        display_name: name.into(),
        password: DEMO_PASSWORD.into(),
    };
    accounts::register(db, signup)
        .await
        .map_err(|e| anyhow::anyhow!("creating a demo account: {e}"))?;
    if let Some(role) = role {
        accounts::grant(db, email, role).await?;
    }
    find()
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo account {email} vanished"))
}

/// The demo ideas by the members, with comments by members, the expert and the team.
async fn seed_ideas(
    db: &Db,
    members: &[users::Model],
    expert: i64,
    team: i64,
) -> anyhow::Result<usize> {
    let theme_ids: HashMap<String, i64> = themes::Entity::find()
        .all(&db.read)
        .await?
        .into_iter()
        .map(|t| (t.slug, t.id))
        .collect();
    let now = Utc::now();
    let txn = db.write.begin().await?;
    for (n, (theme, title, body, status)) in IDEAS.into_iter().enumerate() {
        let theme_id = *theme_ids
            .get(theme)
            .ok_or_else(|| anyhow::anyhow!("no theme {theme}"))?;
        let body = MarkdownBody::parse(body, IDEA_BODY_MAX_CHARS)
            .map_err(|e| anyhow::anyhow!("demo idea {n}: {}", e.message()))?;
        // Spread over the last five weeks, a few very fresh so "hot" has something to show.
        let created_at = now - Duration::hours(((n * 29) % 840) as i64 + 1);
        let author = &members[n % members.len()];
        let supporters: Vec<&users::Model> = members
            .iter()
            .filter(|m| m.id != author.id)
            .take((n * 7 + 3) % members.len())
            .collect();
        let comments = n % 4;
        let idea = NewIdea {
            author_id: author.id,
            theme_id,
            title,
            body: &body,
            status,
            supports: supporters.len() as i32,
            clients: supporters.iter().filter(|m| m.is_client).count() as i32,
            comments: comments as i32,
            created_at,
        }
        .row(now)
        .insert(&txn)
        .await?;
        for (k, supporter) in supporters.iter().enumerate() {
            idea_supports::ActiveModel {
                idea_id: Set(idea.id),
                user_id: Set(supporter.id),
                is_client: Set(supporter.is_client),
                created_at: Set(created_at + Duration::minutes(k as i64 * 17 + 5)),
            }
            .insert(&txn)
            .await?;
        }
        for k in 0..comments {
            let (text, staff) = COMMENTS[(n + k) % COMMENTS.len()];
            let author_id = if staff {
                if k % 2 == 0 { expert } else { team }
            } else {
                members[(n + k + 3) % members.len()].id
            };
            let body = MarkdownBody::parse(text, COMMENT_BODY_MAX_CHARS)
                .map_err(|e| anyhow::anyhow!("demo comment: {}", e.message()))?;
            comments::ActiveModel {
                idea_id: Set(idea.id),
                parent_id: Set(None),
                author_id: Set(author_id),
                body_markdown: Set(body.source().to_owned()),
                body_html: Set(body.html().to_owned()),
                created_at: Set(created_at + Duration::hours(k as i64 + 1)),
                edited_at: Set(None),
                deleted_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(IDEAS.len())
}
