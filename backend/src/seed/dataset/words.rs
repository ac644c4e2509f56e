//! The word lists the generated titles, questions, answers and bodies are built from.

pub(super) const SUBJECTS: [&str; 12] = [
    "Une carte bancaire",
    "Un livret d'épargne",
    "Une application mobile",
    "Un prêt immobilier",
    "Un conseiller dédié",
    "Des virements",
    "Une assurance habitation",
    "Un compte joint",
    "Des agences",
    "Des distributeurs",
    "Une épargne solidaire",
    "Des relevés de compte",
];
pub(super) const QUALITIES: [&str; 12] = [
    "plus simple",
    "sans frais",
    "pour les jeunes",
    "adaptée aux seniors",
    "écologique",
    "accessible à tous",
    "instantanée",
    "solidaire",
    "entièrement en ligne",
    "partagée en famille",
    "plus transparente",
    "personnalisable",
];
pub(super) const PURPOSES: [&str; 12] = [
    "pour épargner chaque mois",
    "pour voyager à l'étranger",
    "pour les familles",
    "pour les associations",
    "au quotidien",
    "pour les étudiants",
    "en cas de coup dur",
    "pour acheter un logement",
    "pour préparer la retraite",
    "pour les artisans",
    "pour financer des projets verts",
    "pour les personnes malvoyantes",
];
pub(super) const ASKS: [&str; 6] = [
    "Comment fonctionne",
    "Quels sont les frais d'",
    "Peut-on ouvrir",
    "Quel délai pour obtenir",
    "Qui contacter pour",
    "Est-il possible de résilier",
];
pub(super) const ANSWERS: [&str; 6] = [
    "Bonne question : cela se fait depuis l'application, rubrique Mes comptes.",
    "Il n'y a pas de frais la première année, ensuite le tarif figure dans la brochure.",
    "Votre conseiller peut le faire en agence ou par téléphone, en quelques minutes.",
    "Le délai habituel est de cinq jours ouvrés après réception du dossier complet.",
    "J'ai eu le même cas : il a suffi d'envoyer un message sécurisé.",
    "Oui, c'est possible à tout moment, sans justificatif ni pénalité.",
];
pub(super) const SENTENCES: [&str; 8] = [
    "Aujourd'hui, il faut passer en agence pour cela, ce qui prend du temps.",
    "Plusieurs banques en ligne le proposent déjà à leurs clients.",
    "Cela éviterait des frais inutiles et beaucoup d'appels au service client.",
    "Les personnes les moins à l'aise avec le numérique en profiteraient aussi.",
    "Un bilan annuel permettrait de mesurer ce que cela change vraiment.",
    "L'épargne ainsi mobilisée pourrait financer des projets locaux.",
    "Il faudrait bien sûr une validation sécurisée pour chaque opération.",
    "Je serais prêt à tester une première version avec d'autres clients.",
];
