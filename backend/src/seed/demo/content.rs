//! What the demo community says: its accounts, members, ideas, comments, experts' themes
//! and questions, and the follow-ups each status went through. Data only; `super` writes it.

use api::{IdeaStatus, Role};

/// The demo password, printed by the run command; demo accounts exist only in demo data.
pub const DEMO_PASSWORD: &str = "cocrea-demo";

pub(super) const ACCOUNTS: [(&str, &str, Option<Role>); 5] = [
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
pub(super) const MEMBERS: [(&str, bool); 12] = [
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
pub(super) const IDEAS: [(&str, &str, &str, IdeaStatus); 30] = [
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
pub(super) const COMMENTS: [(&str, bool); 8] = [
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

/// The demo expert's themes.
pub(super) const EXPERT_THEMES: [&str; 3] = [
    "savings-investments",
    "everyday-banking",
    "home-real-estate",
];

/// Who answered a demo question, and whose answer the asker accepted.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Accepted {
    None,
    Official,
    Community,
}

/// (theme, title, body, official answer after so many hours and its text, a member's
/// answer, which one the asker accepted)
pub(super) type DemoQuestion = (
    &'static str,
    &'static str,
    &'static str,
    Option<(i64, &'static str)>,
    Option<&'static str>,
    Accepted,
);

pub(super) const QUESTIONS: [DemoQuestion; 10] = [
    (
        "savings-investments",
        "Quelle différence entre un livret A et un LDDS ?",
        "Les deux livrets ont le même taux. Y a-t-il une raison de préférer l'un à l'autre ?",
        Some((
            6,
            "Les deux sont **sans frais ni impôt** et au même taux. Le LDDS a un plafond plus bas (12 000 €) et une partie des fonds finance l'économie sociale et solidaire. Commencez par le livret A, puis le LDDS une fois le plafond atteint.",
        )),
        Some(
            "J'ai les deux : le LDDS me sert d'épargne de précaution, le livret A pour les projets.",
        ),
        Accepted::Official,
    ),
    (
        "savings-investments",
        "Peut-on retirer de l'argent d'une assurance-vie avant huit ans ?",
        "On me dit que l'argent est bloqué huit ans. Est-ce vrai ?",
        Some((
            30,
            "Non, l'argent n'est pas bloqué : vous pouvez faire un **rachat partiel** à tout moment. Les huit ans comptent seulement pour la fiscalité des gains retirés.",
        )),
        None,
        Accepted::Official,
    ),
    (
        "everyday-banking",
        "Comment fonctionne le paiement sans contact au-delà de 50 € ?",
        "Au-delà de 50 €, le terminal demande parfois le code, parfois non. Pourquoi ?",
        Some((
            20,
            "Au-delà de 50 €, ou après plusieurs paiements sans contact d'affilée, le code est demandé pour votre sécurité. Avec le paiement mobile, c'est votre téléphone qui vous authentifie, d'où l'absence de code.",
        )),
        Some("Avec le téléphone, il n'y a pas de plafond chez moi."),
        Accepted::None,
    ),
    (
        "everyday-banking",
        "Les virements instantanés fonctionnent-ils le week-end ?",
        "Je dois payer un artisan un samedi : le virement arrivera-t-il tout de suite ?",
        Some((
            60,
            "Oui, les virements instantanés arrivent en quelques secondes, **7 jours sur 7**, si la banque du bénéficiaire les accepte.",
        )),
        None,
        Accepted::None,
    ),
    (
        "home-real-estate",
        "Le prêt à taux zéro est-il cumulable avec un prêt immobilier classique ?",
        "Nous achetons notre premier logement en zone B1.",
        Some((
            40,
            "Oui : le PTZ finance une partie de l'achat et complète un prêt principal. Les conditions dépendent de vos revenus et de la zone ; un simulateur est disponible dans l'espace prêt.",
        )),
        Some("Nous l'avons fait l'an dernier, le dossier a pris un peu plus de temps."),
        Accepted::Community,
    ),
    (
        "home-real-estate",
        "Faut-il une assurance emprunteur pour un prêt travaux ?",
        "Pour un petit prêt de 8 000 €, l'assurance est-elle obligatoire ?",
        None,
        Some("Chez moi elle était facultative, mais conseillée."),
        Accepted::None,
    ),
    (
        "digital-app",
        "L'application fonctionnera-t-elle sur les anciens téléphones Android ?",
        "J'ai un téléphone de 2017. La prochaine version sera-t-elle compatible ?",
        None,
        None,
        Accepted::None,
    ),
    (
        "sustainable-development",
        "Comment la banque choisit-elle les fonds qu'elle dit durables ?",
        "Quels critères sont utilisés pour le label, et qui les contrôle ?",
        None,
        None,
        Accepted::None,
    ),
    (
        "accessibility-inclusion",
        "Existe-t-il des relevés de compte en gros caractères ?",
        "Ma mère est malvoyante et n'arrive plus à lire ses relevés papier.",
        None,
        Some("Il existe aussi des relevés en braille dans certaines banques."),
        Accepted::None,
    ),
    (
        "savings-investments",
        "À quoi sert un plan d'épargne retraite quand on a 30 ans ?",
        "Est-ce trop tôt pour y penser ?",
        None,
        None,
        Accepted::None,
    ),
];

/// The steps from `new` to a demo idea's status, each with the team's public explanation.
pub(super) fn follow_up_steps(status: IdeaStatus) -> &'static [(IdeaStatus, &'static str)] {
    const REVIEW: (IdeaStatus, &str) = (
        IdeaStatus::UnderReview,
        "Merci pour cette idée : l'équipe produit l'étudie avec les équipes concernées. \
         Nous revenons vers vous d'ici quelques semaines.",
    );
    const PLANNED: (IdeaStatus, &str) = (
        IdeaStatus::Planned,
        "Idée retenue : elle est inscrite à la **feuille de route** du prochain trimestre.",
    );
    const IN_PROGRESS: (IdeaStatus, &str) = (
        IdeaStatus::InProgress,
        "Les travaux ont commencé : une première version est en test auprès de clients \
         volontaires.",
    );
    const LAUNCHED: (IdeaStatus, &str) = (
        IdeaStatus::Launched,
        "C'est fait : la fonctionnalité est disponible pour tous dans l'application. Merci \
         à toutes celles et ceux qui l'ont soutenue !",
    );
    const DECLINED: (IdeaStatus, &str) = (
        IdeaStatus::Declined,
        "Nous ne retenons pas cette idée pour l'instant : elle se heurte à des contraintes \
         réglementaires que nous détaillons dans les commentaires.",
    );
    match status {
        IdeaStatus::New | IdeaStatus::Duplicate => &[],
        IdeaStatus::UnderReview => &[REVIEW],
        IdeaStatus::Planned => &[REVIEW, PLANNED],
        IdeaStatus::InProgress => &[REVIEW, PLANNED, IN_PROGRESS],
        IdeaStatus::Launched => &[REVIEW, PLANNED, IN_PROGRESS, LAUNCHED],
        IdeaStatus::Declined => &[REVIEW, DECLINED],
    }
}
