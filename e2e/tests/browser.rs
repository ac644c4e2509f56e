//! Journeys through the real web app in headless Chromium. Every page visited is audited
//! with axe-core (WCAG 2.1 A and AA): one violation fails the test.

use e2e::Browser;
use fantoccini::key::Key;

/// A new email address per run, so tests never collide.
fn unique_email(prefix: &str) -> String {
    format!("{prefix}-{}@example.org", rand::random::<u32>())
}

#[tokio::test]
async fn a_visitor_signs_up_signs_out_signs_in_and_switches_language() -> anyhow::Result<()> {
    let browser = Browser::start(1280).await?;

    // The home page, in French by default.
    browser.open("/").await?;
    browser.wait_for_text("h1", "Construisons ensemble").await?;
    assert_eq!(browser.document_attr("lang").await?, "fr");
    browser.assert_accessible("home").await?;
    browser.screenshot("home-desktop").await?;

    // Sign up: an empty form first, then a bad email, then for real.
    browser.click(".site-header a[href='/signup']").await?;
    browser.wait_for_path("/signup").await?;
    browser.wait_for_text("h1", "Créer un compte").await?;
    browser.assert_accessible("sign-up").await?;
    browser.click("form button[type=submit]").await?;
    browser.wait_for_text("#email-error", "obligatoire").await?;
    browser.wait_for_text("[role=alert]", "erreurs").await?;
    browser.assert_accessible("sign-up with errors").await?;
    browser.screenshot("signup-errors").await?;

    let email = unique_email("lea");
    browser.fill("#email", "lea-at-example.org").await?;
    browser.fill("#display_name", "Léa Dupont").await?;
    browser.fill("#password", "un mot de passe solide").await?;
    browser.click("form button[type=submit]").await?;
    browser
        .wait_for_text("#email-error", "n'est pas valide")
        .await?;
    assert_eq!(browser.attr_of("#email", "aria-invalid").await?, "true");
    assert_eq!(
        browser.text_of("#display_name-error").await?,
        "",
        "a valid field shows no error"
    );

    // A name that hides a character, then one mixing a Cyrillic "а" into Latin letters:
    // each refused with a message saying why, and which character cannot be seen.
    browser.fill("#email", &email).await?;
    browser.fill("#display_name", "Léa\u{202E} Dupont").await?;
    browser.click("form button[type=submit]").await?;
    browser
        .wait_for_text("#display_name-error", "inverse le sens de lecture (U+202E)")
        .await?;
    browser
        .fill("#display_name", "L\u{00E9}\u{0430} Dupont")
        .await?;
    browser.click("form button[type=submit]").await?;
    browser
        .wait_for_text(
            "#display_name-error",
            "« \u{0430} » (U+0430) n'est pas de l'alphabet",
        )
        .await?;
    assert_eq!(
        browser.attr_of("#display_name", "aria-invalid").await?,
        "true"
    );
    browser
        .assert_accessible("sign-up with a look-alike name")
        .await?;
    browser.screenshot("signup-lookalike-name").await?;

    browser.fill("#display_name", "Léa Dupont").await?;
    browser.click("form button[type=submit]").await?;
    browser.wait_for_path("/profile").await?;
    browser.wait_for_text("h1", "Léa Dupont").await?;
    browser
        .wait_for_text(".account__name", "Léa Dupont")
        .await?;
    // Until the address is confirmed, a banner says so and writing is refused.
    browser
        .wait_for_text(".banner", &format!("un lien à {email}"))
        .await?;
    browser
        .assert_accessible("profile, address to confirm")
        .await?;
    browser.open("/ideas/new").await?;
    browser
        .fill("#title", "Une idée avant confirmation")
        .await?;
    browser
        .fill("#body", "Un texte assez long pour passer.")
        .await?;
    browser.click("form button[type=submit]").await?;
    browser
        .wait_for_text("[role=alert]", "Confirmez d'abord votre adresse e-mail")
        .await?;
    browser
        .wait_for_text("[role=alert] button", "Renvoyer le lien")
        .await?;
    // The first e-mail left before a second is asked for (an unsent one is dropped).
    browser
        .server
        .emailed_link(&email, "/verify-email", 1)
        .await?;
    browser.click("[role=alert] button").await?;
    browser
        .wait_for_text(
            "[role=alert] [role=status]",
            "Un nouveau lien vient de partir",
        )
        .await?;
    browser
        .assert_accessible("idea refused, address to confirm")
        .await?;
    browser.screenshot("verify-refused").await?;
    // The second link: the first one stopped working when it was sent.
    confirm_address(&browser, &email, 2).await?;
    browser.assert_accessible("address confirmed").await?;
    browser.screenshot("verify-done").await?;
    browser.open("/profile").await?;
    browser
        .wait_for_text(".account__name", "Léa Dupont")
        .await?;
    browser.wait_for_text(".badges", "Membre").await?;
    browser.assert_accessible("profile").await?;
    browser.screenshot("profile").await?;

    // The account menu opens and closes from the keyboard (Escape gives the focus back).
    browser.tab_to(".account__toggle").await?;
    browser.press(&[Key::Enter]).await?;
    browser
        .wait_for_attr(".account__toggle", "aria-expanded", "true")
        .await?;
    browser.assert_accessible("the account menu, open").await?;
    browser.screenshot("account-menu").await?;
    browser.press(&[Key::Escape]).await?;
    browser
        .wait_for_attr(".account__toggle", "aria-expanded", "false")
        .await?;
    browser.wait_for_focus(".account__toggle").await?;

    // Sign out, and the header offers to sign in again.
    browser.sign_out().await?;
    browser.wait_for_text(".account", "Se connecter").await?;

    // A wrong password gets one clear message that does not say which part was wrong.
    browser.click(".site-header a[href='/login']").await?;
    browser.wait_for_path("/login").await?;
    browser.click("form button[type=submit]").await?;
    browser.wait_for_text("#email-error", "obligatoire").await?;
    browser
        .wait_for_text("#password-error", "obligatoire")
        .await?;
    browser.fill("#email", &email).await?;
    browser.fill("#password", "pas le bon mot de passe").await?;
    browser.click("form button[type=submit]").await?;
    browser
        .wait_for_text(
            "[role=alert]",
            "L'adresse e-mail ou le mot de passe n'est pas correct",
        )
        .await?;
    browser.assert_accessible("sign-in with an error").await?;

    browser.fill("#password", "un mot de passe solide").await?;
    browser.click("form button[type=submit]").await?;
    browser.wait_for_path("/profile").await?;
    browser
        .wait_for_text(".account__name", "Léa Dupont")
        .await?;

    // Change the password from the profile: a wrong current one is refused, then it works.
    browser.fill("#current_password", "pas le bon").await?;
    browser
        .fill("#new_password", "un tout nouveau secret")
        .await?;
    browser
        .click("section[aria-labelledby=password-title] button[type=submit]")
        .await?;
    browser
        .wait_for_text("#current_password-error", "n'est pas correct")
        .await?;
    browser
        .assert_accessible("password change with an error")
        .await?;
    browser
        .fill("#current_password", "un mot de passe solide")
        .await?;
    browser
        .click("section[aria-labelledby=password-title] button[type=submit]")
        .await?;
    browser
        .wait_for_text(
            "section[aria-labelledby=password-title] [role=status]",
            "Mot de passe changé",
        )
        .await?;
    assert_eq!(browser.text_of("#current_password-error").await?, "");
    browser.screenshot("profile-password-changed").await?;

    // Switch to English: the page, the header and <html lang> follow.
    browser.click(".lang-switch button[lang=en]").await?;
    browser.wait_for_text("h1", "Léa Dupont").await?;
    browser.wait_for_text(".badges", "Member").await?;
    browser.open_account_menu().await?;
    browser
        .wait_for_text(".account__sign-out", "Sign out")
        .await?;
    assert_eq!(browser.document_attr("lang").await?, "en");
    browser.open("/ideas").await?;
    browser.wait_for_text("h1", "Ideas").await?;
    assert_eq!(
        browser.document_attr("lang").await?,
        "en",
        "the choice survives a reload"
    );
    browser.assert_accessible("ideas, in English").await?;
    browser.click(".main-nav a[href='/questions']").await?;
    browser
        .wait_for_text("#commitments-title + p + .cards", "Everyday banking")
        .await?;
    browser
        .wait_for_text(".cards", "An expert answers within 48 h")
        .await?;
    browser.screenshot("questions-commitments-en").await?;

    // Earlier versions kept the language cookie at the folder of the page it was picked on.
    // Such a cookie says English on /ideas/…; French picked there must still hold.
    browser
        .set_cookie("i18n_pref_locale=en; path=/ideas")
        .await?;
    browser.set_cookie("i18n_pref_locale=fr; path=/").await?;
    browser.open("/ideas/1").await?;
    assert_eq!(browser.document_attr("lang").await?, "en");
    browser.click(".lang-switch button[lang=fr]").await?;
    browser.wait_for_text(".main-nav", "Idées").await?;
    browser.open("/ideas/1").await?;
    assert_eq!(
        browser.document_attr("lang").await?,
        "fr",
        "the choice holds over the old cookie"
    );
    Ok(())
}

/// Signs up through the form and waits for the profile; returns the email address.
async fn sign_up(browser: &Browser, name: &str) -> anyhow::Result<String> {
    let email = unique_email("member");
    browser.open("/signup").await?;
    browser.wait_for_text("h1", "Créer un compte").await?;
    browser.fill("#email", &email).await?;
    browser.fill("#display_name", name).await?;
    browser.fill("#password", "un mot de passe solide").await?;
    browser.click("form button[type=submit]").await?;
    browser.wait_for_path("/profile").await?;
    browser.wait_for_text(".account__name", name).await?;
    confirm_address(browser, &email, 1).await?;
    browser.open("/profile").await?;
    browser.wait_for_text(".account__name", name).await?;
    Ok(email)
}

/// Opens the `nth` confirmation link e-mailed to `email`, as its owner would.
async fn confirm_address(browser: &Browser, email: &str, nth: usize) -> anyhow::Result<()> {
    let link = browser
        .server
        .emailed_link(email, "/verify-email", nth)
        .await?;
    browser.open(&link).await?;
    browser
        .wait_for_text(".form-page .notice", "Votre adresse e-mail est confirmée")
        .await?;
    browser.wait_for_none(".banner").await?;
    Ok(())
}

/// Signs in through the form, coming back to `next`.
async fn sign_in(browser: &Browser, email: &str, next: &str) -> anyhow::Result<()> {
    sign_in_with(browser, email, "un mot de passe solide", next).await
}

async fn sign_in_with(
    browser: &Browser,
    email: &str,
    password: &str,
    next: &str,
) -> anyhow::Result<()> {
    browser.open(&format!("/login?next={next}")).await?;
    browser.wait_for_text("h1", "Se connecter").await?;
    browser.fill("#email", email).await?;
    browser.fill("#password", password).await?;
    browser.click("form button[type=submit]").await?;
    browser.wait_for_path(next).await
}

async fn sign_out(browser: &Browser) -> anyhow::Result<()> {
    browser.sign_out().await?;
    browser.wait_for_text(".account", "Se connecter").await
}

#[tokio::test]
async fn a_member_who_forgot_the_password_resets_it_from_the_e_mailed_link() -> anyhow::Result<()> {
    let browser = Browser::start(1280).await?;
    let email = sign_up(&browser, "Oubliette").await?;
    sign_out(&browser).await?;

    browser.open("/login").await?;
    browser.click("a[href='/forgot-password']").await?;
    browser.wait_for_path("/forgot-password").await?;
    browser.wait_for_text("h1", "Mot de passe oublié").await?;
    browser.fill("#email", &email).await?;
    browser.click("form button[type=submit]").await?;
    browser
        .wait_for_text(".form-page .notice", "Si un compte utilise cette adresse")
        .await?;
    browser
        .assert_accessible("forgotten password, link sent")
        .await?;
    browser.screenshot("forgot-password").await?;

    let link = browser
        .server
        .emailed_link(&email, "/reset-password", 1)
        .await?;
    browser.open(&link).await?;
    browser
        .wait_for_text("h1", "Choisir un nouveau mot de passe")
        .await?;
    // The token leaves the address bar at once.
    browser.wait_for_path("/reset-password").await?;
    assert_eq!(
        browser.attr_of("#password", "autocomplete").await?,
        "new-password"
    );
    browser
        .fill("#password", "un mot de passe tout neuf")
        .await?;
    browser.click("form button[type=submit]").await?;
    browser
        .wait_for_text(".form-page .notice", "toutes vos sessions ont été fermées")
        .await?;
    browser.assert_accessible("password reset").await?;
    browser.screenshot("reset-password").await?;

    // The link worked once: opened again (from another page, as from an e-mail), it
    // says so and offers a new one.
    browser.open("/").await?;
    browser.open(&link).await?;
    browser
        .fill("#password", "encore un autre mot de passe")
        .await?;
    browser.click("form button[type=submit]").await?;
    browser
        .wait_for_text("[role=alert]", "Ce lien n'est plus valable")
        .await?;
    browser
        .wait_for_text(
            ".form-page a[href='/forgot-password']",
            "Demander un nouveau lien",
        )
        .await?;

    sign_in_with(&browser, &email, "un mot de passe tout neuf", "/profile").await?;
    browser.wait_for_text(".account__name", "Oubliette").await?;
    Ok(())
}

#[tokio::test]
async fn a_client_of_the_bank_enters_the_code_it_gave_and_gets_the_client_badge()
-> anyhow::Result<()> {
    let browser = Browser::start(1280).await?;
    let codes = browser
        .server
        .cocrea(&["clients", "codes", "--count", "1", "--expires", "30"])
        .await?;
    let code = codes.trim();
    let email = sign_up(&browser, "Cliente Fidèle").await?;
    browser
        .wait_for_text("#client-title", "Client de la banque")
        .await?;
    browser.fill("#client_code", "ABCD-EFGH-JKMN").await?;
    browser
        .click("section[aria-labelledby=client-title] button[type=submit]")
        .await?;
    browser
        .wait_for_text("#client_code-error", "n'est pas valide")
        .await?;
    browser.assert_accessible("client code refused").await?;
    browser.fill("#client_code", &code.to_lowercase()).await?;
    browser
        .click("section[aria-labelledby=client-title] button[type=submit]")
        .await?;
    browser
        .wait_for_text(
            "section[aria-labelledby=client-title] [role=status]",
            "Vous êtes reconnu comme client",
        )
        .await?;
    browser.wait_for_text(".badges", "Client").await?;
    browser.assert_accessible("client code accepted").await?;
    browser.screenshot("client-code").await?;

    // A script signs in too: the settings list both sessions; closing the others leaves
    // this browser's alone, and the script's token stops working.
    let token: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/token", browser.server.url))
        .json(&serde_json::json!({"email": email, "password": "un mot de passe solide"}))
        .send()
        .await?
        .json()
        .await?;
    let token = token["token"].as_str().unwrap_or_default().to_owned();
    browser.open("/profile").await?;
    browser.wait_for_text(".sessions", "Cette session").await?;
    browser
        .wait_for_text(".sessions", "Fermer cette session")
        .await?;
    browser.assert_accessible("sessions").await?;
    browser
        .click("section[aria-labelledby=sessions-title] > p > button")
        .await?;
    browser
        .wait_for_none(".sessions__item + .sessions__item")
        .await?;
    let me = reqwest::Client::new()
        .get(format!("{}/api/v1/me", browser.server.url))
        .bearer_auth(&token)
        .send()
        .await?;
    assert_eq!(me.status(), 401, "the script's session is over");
    browser.screenshot("sessions").await?;
    Ok(())
}

#[tokio::test]
async fn a_client_of_the_bank_signs_in_with_the_bank_and_gets_the_client_badge()
-> anyhow::Result<()> {
    // A real OpenID Provider stands for the bank; Cocrea's callback is registered there.
    let public = format!("http://127.0.0.1:{}", bench::server::free_port()?);
    let provider =
        bench::oidc::OpenIdProvider::start(&format!("{public}/api/v1/auth/oidc/callback")).await?;
    let env = provider.cocrea_env(&public);
    let env: Vec<(&'static str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let browser = Browser::start_on(e2e::Server::start_with(&env).await?, 1280).await?;

    browser.open("/login?next=/ideas").await?;
    browser
        .wait_for_text(".bank-sign-in a", "Se connecter avec Banque Test")
        .await?;
    browser
        .assert_accessible("sign-in, with the bank's button")
        .await?;
    browser.screenshot("login-bank").await?;
    // First cancelled at the bank: the sign-in page says so, and nothing was created.
    browser.open("/login").await?;
    browser.click(".bank-sign-in a").await?;
    browser.click("a[href$='/abort']").await?;
    browser.wait_for_path("/login").await?;
    browser
        .wait_for_text(
            "[role=alert]",
            "Vous avez annulé la connexion avec votre banque",
        )
        .await?;
    browser
        .assert_accessible("sign-in with the bank cancelled")
        .await?;
    browser.open("/login?next=/ideas").await?;
    browser.click(".bank-sign-in a").await?;
    // The bank's own pages: its sign-in form, then its consent.
    browser.fill("input[name=login]", "ana").await?;
    browser
        .fill("input[name=password]", "le mot de passe de la banque")
        .await?;
    browser.click("button[type=submit]").await?;
    browser
        .wait_for_text("button[type=submit]", "Continue")
        .await?;
    browser.click("button[type=submit]").await?;
    browser.wait_for_path("/ideas").await?;
    browser
        .wait_for_text(".account__name", "Ana Cliente")
        .await?;
    browser.open("/profile").await?;
    browser.wait_for_text(".badges", "Client").await?;
    browser
        .wait_for_text("#bank-title", "Connexion avec votre banque")
        .await?;
    browser
        .wait_for_text(
            "section[aria-labelledby=bank-title]",
            "Votre compte est lié à votre banque",
        )
        .await?;
    browser
        .assert_accessible("profile of a client signed in with the bank")
        .await?;
    browser.screenshot("bank-client").await?;

    Ok(())
}

#[tokio::test]
async fn a_member_asks_an_expert_answers_others_rate_and_the_asker_accepts() -> anyhow::Result<()> {
    let browser = Browser::start(1280).await?;
    let title = "Pourquoi ma carte est-elle refusée à l'étranger ?";

    // The bank names an expert of savings and everyday banking.
    let expert = sign_up(&browser, "Nadia Experte").await?;
    sign_out(&browser).await?;
    browser
        .server
        .cocrea(&["users", "grant", &expert, "expert"])
        .await?;
    browser
        .server
        .cocrea(&[
            "users",
            "themes",
            &expert,
            "everyday-banking",
            "savings-investments",
        ])
        .await?;

    // A visitor is asked to sign in before asking.
    browser.open("/questions/new").await?;
    browser
        .wait_for_text("main", "Connectez-vous pour poser une question")
        .await?;
    let asker = sign_up(&browser, "Claire").await?;
    browser.open("/questions/new").await?;
    browser.wait_for_text("h1", "Poser une question").await?;
    browser.click("form .button--primary[type=submit]").await?;
    browser.wait_for_text("#title-error", "obligatoire").await?;
    browser.wait_for_text("#theme-error", "obligatoire").await?;
    browser.assert_accessible("ask with errors").await?;

    // A question about one's own card is pointed to the adviser first; the asker confirms
    // it is a general question and posts it.
    browser.fill("#title", title).await?;
    browser
        .wait_for_text(".personal", "votre situation personnelle")
        .await?;
    browser
        .click("#theme option[value='everyday-banking']")
        .await?;
    browser
        .fill("#body", "Est-ce une **règle générale** hors de l'Europe ?")
        .await?;
    browser.click("form .button--primary[type=submit]").await?;
    browser
        .wait_for_text("[role=alert]", "confirmez qu'elle est générale")
        .await?;
    browser
        .assert_accessible("ask with the personal-matter hint")
        .await?;
    browser.screenshot("question-personal-hint").await?;
    browser.click(".personal input[type=checkbox]").await?;
    browser.click("form .button--primary[type=submit]").await?;
    browser.wait_for_path("/questions/1").await?;
    browser.wait_for_text("h1", title).await?;
    browser
        .wait_for_text(".thread__meta", "En attente d'un expert")
        .await?;
    browser
        .wait_for_text(".support", "C'est votre question")
        .await?;
    browser
        .wait_for_text(".answers", "Pas encore de réponse")
        .await?;
    browser.assert_accessible("own question").await?;
    // Within the window the asker corrects it; the page says it was edited.
    browser.click(".owner-tools a").await?;
    browser.wait_for_path("/questions/1/edit").await?;
    browser
        .wait_for_text("h1", "Modifier votre question")
        .await?;
    browser.assert_accessible("edit question").await?;
    browser
        .fill(
            "#body",
            "Est-ce une **règle générale** hors de l'Union européenne ?",
        )
        .await?;
    browser.click("form .button--primary[type=submit]").await?;
    browser.wait_for_path("/questions/1").await?;
    browser
        .wait_for_text(".thread__body", "hors de l'Union européenne")
        .await?;
    browser.wait_for_text(".thread__meta", "(modifié)").await?;
    sign_out(&browser).await?;

    // The expert is told, finds it in the queue and answers officially.
    sign_in(&browser, &expert, "/experts/queue").await?;
    browser
        .wait_for_text(".account__toggle", "1 non lue")
        .await?;
    browser.wait_for_text(".item-list", title).await?;
    browser.wait_for_text(".item-list", "Reste").await?;
    browser.assert_accessible("experts' queue").await?;
    browser.screenshot("expert-queue").await?;
    browser.open("/notifications").await?;
    browser.wait_for_text(".notifications", title).await?;
    browser.assert_accessible("notifications").await?;
    browser.click(".page-head button").await?;
    browser.wait_for_none(".notification--unread").await?;
    browser.wait_for_none(".account .count-badge").await?;
    browser.open("/questions/1").await?;
    browser.wait_for_text("h1", title).await?;
    browser
        .fill("#answer", "Votre carte est peut-être limitée aux paiements en Europe : le plafond se règle dans l'application.")
        .await?;
    browser.click(".answer-form button[type=submit]").await?;
    browser
        .wait_for_text(".answer-list", "Réponse officielle")
        .await?;
    browser.wait_for_text(".thread__meta", "Répondue").await?;
    browser
        .assert_accessible("question with an official answer")
        .await?;
    sign_out(&browser).await?;

    // Another member finds it relevant and rates the answer helpful.
    sign_up(&browser, "Bruno").await?;
    browser.open("/questions/1").await?;
    browser.wait_for_text(".answer-list", "plafond").await?;
    browser.click(".support__button").await?;
    browser
        .wait_for_text(".support__button", "Retirer mon vote")
        .await?;
    browser.click(".rating__button").await?;
    browser
        .wait_for_text(".rating__button", "Utile (1)")
        .await?;
    browser
        .wait_for_text(".rating [role=status]", "enregistré")
        .await?;
    assert_eq!(
        browser.attr_of(".rating__button", "aria-pressed").await?,
        "true"
    );
    browser.open("/questions/1").await?;
    browser
        .wait_for_text(".rating__button", "Utile (1)")
        .await?;
    browser.wait_for_text(".support__number", "1").await?;
    browser.assert_accessible("question rated").await?;
    sign_out(&browser).await?;

    // The asker accepts the answer; it moves to the top, marked as accepted.
    sign_in(&browser, &asker, "/questions/1").await?;
    browser.wait_for_text(".answer-list", "plafond").await?;
    browser
        .click(".answer__tools .button:not(.rating__button)")
        .await?;
    browser
        .wait_for_text(".answers", "Réponse retenue par l'auteur")
        .await?;
    browser
        .wait_for_text(".answer--accepted", "Réponse acceptée")
        .await?;
    browser
        .assert_accessible("question with an accepted answer")
        .await?;
    browser.screenshot("question-page").await?;

    // The questions list shows it answered, and finds it by a word of its title.
    browser.open("/questions?sort=new").await?;
    browser.wait_for_text(".item-list", title).await?;
    browser.wait_for_text(".item-list", "Répondue").await?;
    browser.fill("#question-search", "cartes").await?;
    browser.click(".search button").await?;
    browser.wait_for_text(".item-list", title).await?;
    browser.assert_accessible("questions list").await?;
    browser.screenshot("questions-list").await?;
    Ok(())
}

#[tokio::test]
async fn members_submit_find_support_and_discuss_ideas() -> anyhow::Result<()> {
    let browser = Browser::start(1280).await?;
    let title = "Un livret d'épargne pour les vacances";

    // A visitor is asked to sign in before proposing.
    browser.open("/ideas/new").await?;
    browser
        .wait_for_text("main", "Connectez-vous pour proposer")
        .await?;
    let agathe = sign_up(&browser, "Agathe").await?;

    // The empty form names every missing field.
    browser.open("/ideas/new").await?;
    browser.wait_for_text("h1", "Proposer une idée").await?;
    browser.assert_accessible("new idea").await?;
    browser.click("form .button--primary[type=submit]").await?;
    browser.wait_for_text("#title-error", "obligatoire").await?;
    browser.wait_for_text("#theme-error", "obligatoire").await?;
    browser.wait_for_text("#body-error", "obligatoire").await?;
    browser.assert_accessible("new idea with errors").await?;

    // Write it, preview the body, publish.
    browser.fill("#title", title).await?;
    browser
        .click("#theme option[value='savings-investments']")
        .await?;
    browser
        .fill("#body", "Mettre de côté **chaque mois** pour partir l'été.")
        .await?;
    browser.click(".markdown__tab:nth-child(2)").await?;
    browser
        .wait_for_text(".markdown__preview strong", "chaque mois")
        .await?;
    browser.assert_accessible("markdown preview").await?;
    browser.click(".markdown__tab:nth-child(1)").await?;
    browser.click("form .button--primary[type=submit]").await?;
    browser.wait_for_path("/ideas/1").await?;
    browser.wait_for_text("h1", title).await?;
    browser
        .wait_for_text(".thread__meta", "Épargne et placements")
        .await?;
    browser
        .wait_for_text(".support", "C'est votre idée")
        .await?;
    browser.assert_accessible("own idea").await?;

    // Starting a similar idea suggests the existing one instead.
    browser.open("/ideas/new").await?;
    browser.wait_for_text("h1", "Proposer une idée").await?;
    browser.fill("#title", "Épargne vacances").await?;
    browser.wait_for_text(".similar", title).await?;
    browser
        .assert_accessible("new idea with a suggestion")
        .await?;
    browser.screenshot("idea-similar").await?;

    // Publish it anyway, fix its title, then delete it: nobody supports it yet.
    browser
        .click("#theme option[value='everyday-banking']")
        .await?;
    browser.fill("#body", "Un doublon, pour l'exemple.").await?;
    browser.click("form .button--primary[type=submit]").await?;
    browser.wait_for_path("/ideas/2").await?;
    browser.click(".owner-tools a").await?;
    browser.wait_for_path("/ideas/2/edit").await?;
    browser.wait_for_text("h1", "Modifier votre idée").await?;
    browser.assert_accessible("edit idea").await?;
    browser
        .fill("#title", "Épargne pour les vacances d'été")
        .await?;
    browser.click("form .button--primary[type=submit]").await?;
    browser.wait_for_path("/ideas/2").await?;
    browser
        .wait_for_text("h1", "Épargne pour les vacances d'été")
        .await?;
    browser.wait_for_text(".thread__meta", "(modifié)").await?;
    browser.click(".owner-tools .button--quiet").await?;
    browser.click(".owner-tools .button--danger").await?;
    browser.wait_for_text(".notice", "supprimée").await?;
    browser.wait_for_text(".item-list", title).await?;
    assert!(!browser.text_of(".item-list").await?.contains("d'été"));

    // Somebody else supports it and comments; both survive a reload.
    browser.sign_out().await?;
    sign_up(&browser, "Bruno").await?;
    browser.open("/ideas/1").await?;
    browser.wait_for_text("h1", title).await?;
    browser.click(".support__button").await?;
    browser
        .wait_for_text(".support__button", "Retirer mon soutien")
        .await?;
    browser
        .wait_for_text(".support [role=status]", "enregistré")
        .await?;
    browser.open("/ideas/1").await?;
    browser
        .wait_for_text(".support__button", "Retirer mon soutien")
        .await?;
    assert_eq!(browser.text_of(".support__number").await?, "1");
    browser
        .wait_for_text(".support__split", "Non-clients : 1")
        .await?;
    browser
        .fill(
            "#comment-body",
            "Très bonne idée, avec un objectif affiché !",
        )
        .await?;
    browser.click(".comment-form button[type=submit]").await?;
    browser
        .wait_for_text(".comment-list", "Très bonne idée")
        .await?;
    browser.wait_for_text(".comment__meta", "Bruno").await?;
    // Bruno does not mark his own comment helpful.
    browser
        .wait_for_attr("#comment-1 .comment__helpful button", "disabled", "true")
        .await?;
    browser.assert_accessible("idea with a comment").await?;
    browser.screenshot("idea-page").await?;

    // Someone else's idea has no edit form, and says why.
    browser.open("/ideas/1/edit").await?;
    browser
        .wait_for_text("[role=alert]", "ne peut plus être modifiée")
        .await?;
    browser.assert_accessible("edit refused").await?;

    // Search finds it whatever the accents, case and plural.
    browser.open("/ideas").await?;
    browser.wait_for_text(".item-list", title).await?;
    browser.fill("#idea-search", "EPARGNES").await?;
    browser.click(".search button").await?;
    browser.wait_for_text(".item-list", title).await?;
    browser.fill("#idea-search", "hypothèque").await?;
    browser.click(".search button").await?;
    browser
        .wait_for_text(".empty", "Aucune idée ne correspond")
        .await?;
    browser
        .assert_accessible("ideas search without results")
        .await?;
    browser.fill("#idea-search", "épargne").await?;
    browser.click(".search button").await?;
    browser.wait_for_text(".item-list", title).await?;
    browser.assert_accessible("ideas search").await?;
    browser.screenshot("ideas-search").await?;

    // Agathe found it helpful: the count moves, the split says who, a status says so,
    // and it holds after a reload; a second press takes it back.
    browser.sign_out().await?;
    sign_in(&browser, &agathe, "/ideas/1").await?;
    browser
        .wait_for_text(".comment-list", "Très bonne idée")
        .await?;
    browser.click("#comment-1 .comment__helpful button").await?;
    browser
        .wait_for_text("#comment-1 .comment__helpful [role=status]", "utile")
        .await?;
    browser.open("/ideas/1").await?;
    browser
        .wait_for_text("#comment-1 .comment__helpful button", "Utile (1)")
        .await?;
    browser
        .wait_for_attr(
            "#comment-1 .comment__helpful button",
            "aria-pressed",
            "true",
        )
        .await?;
    browser
        .wait_for_text("#comment-1 .rating__split", "0 clients, 1 non-clients")
        .await?;
    browser
        .assert_accessible("idea with a comment marked helpful")
        .await?;
    browser.screenshot("comment-helpful").await?;
    browser.click("#comment-1 .comment__helpful button").await?;
    browser
        .wait_for_text("#comment-1 .comment__helpful button", "Utile (0)")
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_member_reports_the_team_hides_and_publishes_a_decision() -> anyhow::Result<()> {
    let browser = Browser::start(1280).await?;
    browser.server.cocrea(&["seed", "--demo"]).await?;

    // A member reports an idea; the console is not theirs.
    sign_up(&browser, "Rapporteuse").await?;
    browser.open("/moderation").await?;
    browser
        .wait_for_text("[role=alert]", "réservée à l'équipe")
        .await?;
    browser.open("/ideas/1").await?;
    browser
        .wait_for_text(".timeline", "Suivi par la banque")
        .await?;
    let reported = browser.text_of("h1").await?;
    browser.click(".thread__side .report .link-button").await?;
    browser.click("#report-idea-1-spam").await?;
    browser
        .fill(
            "#report-idea-1-details",
            "Lien commercial caché dans le texte.",
        )
        .await?;
    browser.assert_accessible("report form").await?;
    browser.click(".report__form button[type=submit]").await?;
    browser
        .wait_for_text(".report__thanks", "l'équipe va examiner")
        .await?;
    sign_out(&browser).await?;

    // The team sees it in the queue and hides it with a reason.
    sign_in_with(
        &browser,
        "moderation@demo.cocrea.test",
        "cocrea-demo",
        "/moderation",
    )
    .await?;
    browser.wait_for_text("h1", "Contenus signalés").await?;
    browser.wait_for_text(".queue", &reported).await?;
    browser
        .wait_for_text(".queue", "Spam ou publicité × 1")
        .await?;
    browser.assert_accessible("moderation queue").await?;
    browser.screenshot("console-queue").await?;
    browser
        .click(".queue a[href='/moderation/items/idea/1']")
        .await?;
    browser.wait_for_path("/moderation/items/idea/1").await?;
    browser.wait_for_text(".console-item", &reported).await?;
    browser
        .wait_for_text("table", "Lien commercial caché")
        .await?;
    browser.assert_accessible("moderation item").await?;
    browser
        .fill("#hide-reason", "Publicité déguisée pour un site tiers.")
        .await?;
    browser.click("#hide-form button[type=submit]").await?;
    browser
        .wait_for_text(".notice--hidden", "Publicité déguisée pour un site tiers.")
        .await?;
    browser
        .wait_for_text("section[aria-labelledby=history-title]", "Contenu masqué")
        .await?;
    browser
        .wait_for_text("section[aria-labelledby=reports-title]", "traité : masqué")
        .await?;
    browser.screenshot("console-item-hidden").await?;

    // Then publishes a decision on another idea, with an explanation.
    browser.open("/moderation/items/idea/2").await?;
    browser
        .wait_for_text("#status-form-title", "Changer le statut")
        .await?;
    let explanation = "Nous étudions cette idée avec l'équipe des cartes.";
    browser.fill("#status-explanation", explanation).await?;
    browser.assert_accessible("status form").await?;
    browser.click("#status-form button[type=submit]").await?;
    browser
        .wait_for_text("main > [role=status]", "Statut publié")
        .await?;
    browser.open("/ideas/2").await?;
    browser.wait_for_text(".timeline", explanation).await?;
    browser.wait_for_text(".timeline", "Équipe produit").await?;
    browser.assert_accessible("idea with its timeline").await?;
    let decided = browser.text_of("h1").await?;
    browser.open("/follow-ups").await?;
    let latest = "section[aria-labelledby=latest-title]";
    browser.wait_for_text(latest, explanation).await?;
    browser.wait_for_text(latest, &decided).await?;
    browser.assert_accessible("you said, we did").await?;
    browser.screenshot("follow-ups").await?;

    // Every console page passes the audit; the log shows both actions.
    for (path, heading) in [
        ("/moderation/people", "Personnes et rôles"),
        ("/moderation/themes", "Thèmes et engagements"),
        ("/moderation/audit", "Journal des actions"),
    ] {
        browser.open(path).await?;
        browser.wait_for_text("h1", heading).await?;
        if path == "/moderation/people" {
            browser.wait_for_text(".people", "Rapporteuse").await?;
        }
        if path == "/moderation/themes" {
            browser
                .wait_for_text(".theme-admin", "everyday-banking")
                .await?;
        }
        if path == "/moderation/audit" {
            browser.wait_for_text("table", "Contenu masqué").await?;
            browser.wait_for_text("table", "Statut changé").await?;
        }
        browser.assert_accessible(path).await?;
    }
    browser.screenshot("console-audit").await?;
    sign_out(&browser).await?;

    // Visitors no longer see the hidden idea.
    browser.open("/ideas/1").await?;
    browser
        .wait_for_text("h1", "Cette idée n'est pas disponible")
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_member_follows_a_theme_hears_of_a_new_idea_then_exports_and_deletes_the_account()
-> anyhow::Result<()> {
    let browser = Browser::start(1280).await?;
    browser.server.cocrea(&["seed", "--demo"]).await?;
    let title = "Des virements instantanés sans frais le dimanche";

    // A member follows a theme from their settings.
    let email = sign_up(&browser, "Suiveuse").await?;
    browser
        .wait_for_text("#themes-title", "Thèmes suivis")
        .await?;
    browser.click("#follow-theme-everyday-banking").await?;
    browser
        .click("section[aria-labelledby=themes-title] button[type=submit]")
        .await?;
    browser
        .wait_for_text(
            "section[aria-labelledby=themes-title] [role=status]",
            "Enregistré",
        )
        .await?;
    browser.assert_accessible("settings").await?;
    browser.screenshot("settings").await?;
    sign_out(&browser).await?;

    // Somebody posts an idea in that theme.
    sign_in_with(
        &browser,
        "client@demo.cocrea.test",
        "cocrea-demo",
        "/ideas/new",
    )
    .await?;
    browser.wait_for_text("h1", "Proposer une idée").await?;
    browser.fill("#title", title).await?;
    browser
        .click("#theme option[value='everyday-banking']")
        .await?;
    browser
        .fill(
            "#body",
            "Le dimanche aussi, un virement devrait arriver tout de suite.",
        )
        .await?;
    browser.click("form .button--primary[type=submit]").await?;
    browser.wait_for_text("h1", title).await?;
    browser.wait_for_text(".follow__button", "Suivi").await?;
    sign_out(&browser).await?;

    // The follower sees it: the bell, the notification, the home; reading it clears the bell.
    sign_in(&browser, &email, "/notifications").await?;
    browser.wait_for_text(".count-badge", "1").await?;
    browser
        .wait_for_text(".notification--unread", "Nouvelle idée dans un thème suivi")
        .await?;
    browser
        .wait_for_text(".notification--unread", title)
        .await?;
    browser.assert_accessible("notifications").await?;
    browser.click(".notification--unread button").await?;
    browser.wait_for_none(".notification--unread").await?;
    browser.wait_for_none(".count-badge").await?;
    browser.open("/").await?;
    browser.wait_for_text(".for-you", title).await?;
    browser.assert_accessible("personal home").await?;
    browser.screenshot("home-for-you").await?;

    // Their public profile, then their data: the export link, and deletion.
    browser.open("/profile").await?;
    browser.click(".profile__links a").await?;
    browser.wait_for_text("h1", "Suiveuse").await?;
    browser.wait_for_text(".profile", "Membre depuis").await?;
    browser.assert_accessible("public profile").await?;
    browser.open("/profile").await?;
    browser.wait_for_text("#data-title", "Vos données").await?;
    let export = browser.find("a[href='/api/v1/me/export']").await?;
    anyhow::ensure!(export.text().await?.contains("Exporter mes données"));
    browser
        .click("section[aria-labelledby=data-title] .button--danger")
        .await?;
    browser
        .fill("#delete_password", "pas le bon mot de passe")
        .await?;
    browser
        .click("section[aria-labelledby=data-title] button[type=submit]")
        .await?;
    browser
        .wait_for_text("#delete_password-error", "pas correct")
        .await?;
    browser.assert_accessible("account deletion").await?;
    browser
        .fill("#delete_password", "un mot de passe solide")
        .await?;
    browser
        .click("section[aria-labelledby=data-title] button[type=submit]")
        .await?;
    browser
        .wait_for_text("main [role=status]", "Votre compte a été supprimé")
        .await?;
    browser.wait_for_text(".account", "Se connecter").await?;

    // The account is gone; signing in with it fails.
    browser.open("/login").await?;
    browser.wait_for_text("h1", "Se connecter").await?;
    browser.fill("#email", &email).await?;
    browser.fill("#password", "un mot de passe solide").await?;
    browser.click("form button[type=submit]").await?;
    browser
        .wait_for_text("[role=alert]", "n'est pas correct")
        .await?;
    Ok(())
}

#[tokio::test]
async fn every_public_page_is_accessible_on_a_phone() -> anyhow::Result<()> {
    let browser = Browser::start(320).await?;
    for (path, heading) in [
        ("/", "Construisons ensemble"),
        ("/ideas", "Idées"),
        ("/ideas/new", "Proposer une idée"),
        ("/ideas/12345", "Cette idée n'est pas disponible"),
        ("/questions", "Questions aux experts"),
        ("/questions/new", "Poser une question aux experts"),
        ("/questions/12345", "Question introuvable"),
        ("/questions/12345/edit", "Modifier votre question"),
        ("/experts/queue", "Questions à traiter"),
        ("/notifications", "Notifications"),
        ("/follow-ups", "Vous avez dit, nous avons fait"),
        ("/moderation", "Contenus signalés"),
        ("/login", "Se connecter"),
        ("/signup", "Créer un compte"),
        ("/profile", "Mon profil"),
        ("/people/12345", "Profil introuvable"),
        ("/unsubscribe?token=forged", "Désabonnement"),
        ("/accessibility", "Déclaration d'accessibilité"),
        ("/no/such/page", "Page introuvable"),
    ] {
        browser.open(path).await?;
        browser.wait_for_text("h1", heading).await?;
        if path == "/" {
            // The app's WebAssembly is compiled by a worker, off the page's thread: the page
            // loads the worker, and never downloads the module itself. Nor does it fetch
            // any page's chunk: the home page is in the main module.
            let downloads = browser.page_downloads().await?;
            assert!(
                downloads
                    .iter()
                    .any(|name| name.contains("/assets/compile-")),
                "the page starts the compiling worker: {downloads:?}"
            );
            assert!(
                !downloads.iter().any(|name| name.ends_with(".wasm")),
                "the page did not compile the app itself: {downloads:?}"
            );
        }
        if path == "/follow-ups" {
            // Pages fewer people land on come in a chunk of their group, fetched when shown.
            let downloads = browser.page_downloads().await?;
            assert!(
                downloads
                    .iter()
                    .any(|name| name.contains("/assets/split_") && name.ends_with(".wasm")),
                "the follow-ups fetched their chunk: {downloads:?}"
            );
        }
        if path == "/questions" {
            // The response-time commitments come from the API; audit them too.
            browser
                .wait_for_text(".cards", "Banque au quotidien")
                .await?;
            browser
                .wait_for_text(".cards", "Réponse d'un expert sous 48 h")
                .await?;
        }
        browser.assert_accessible(path).await?;
    }
    browser.open("/").await?;
    browser.wait_for_text("h1", "Construisons ensemble").await?;
    browser.screenshot("home-phone").await?;

    // The header folds behind one menu button: a short bar, the links a tap away. The
    // button says whether it is open; Escape closes it and gives the focus back.
    assert_eq!(browser.style_of(".site-menu", "display").await?, "none");
    let height: f64 = browser
        .style_of(".site-header", "height")
        .await?
        .trim_end_matches("px")
        .parse()?;
    assert!(height < 80.0, "the closed header is {height} px tall");
    browser.tab_to(".menu-button").await?;
    browser.press(&[Key::Enter]).await?;
    browser
        .wait_for_attr(".menu-button", "aria-expanded", "true")
        .await?;
    browser.wait_for_text(".main-nav", "Questions").await?;
    browser
        .assert_accessible("the menu, open on a phone")
        .await?;
    browser.screenshot("menu-phone").await?;
    browser.press(&[Key::Escape]).await?;
    browser
        .wait_for_attr(".menu-button", "aria-expanded", "false")
        .await?;
    browser.wait_for_focus(".menu-button").await?;
    // Following a link closes it.
    browser.click(".menu-button").await?;
    browser.click(".main-nav a[href='/questions']").await?;
    browser.wait_for_text("h1", "Questions aux experts").await?;
    browser
        .wait_for_attr(".menu-button", "aria-expanded", "false")
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_keyboard_user_signs_in_proposes_an_idea_and_supports_another() -> anyhow::Result<()> {
    let browser = Browser::start(1280).await?;
    browser.server.cocrea(&["seed", "--demo"]).await?;

    // The skip link is the first stop, visible, and takes the focus to the content.
    browser.open("/").await?;
    browser.wait_for_text("h1", "Construisons ensemble").await?;
    browser.press(&[Key::Tab]).await?;
    assert!(
        browser.focused_matches("a.skip-link").await?,
        "{}",
        browser.focused().await?
    );
    browser.assert_focus_visible().await?;
    browser.press(&[Key::Enter]).await?;
    assert!(
        browser.focused_matches("main#main").await?,
        "{}",
        browser.focused().await?
    );

    // Sign in from the header; Shift+Tab goes back a stop.
    browser.shift_tab().await?;
    browser.tab_to("header a[href='/login']").await?;
    browser.press(&[Key::Enter]).await?;
    sign_in_by_keyboard(&browser, "membre@demo.cocrea.test", "Inès Membre").await?;

    // Propose an idea: the errors are announced, then fixed field by field.
    browser.open("/ideas/new").await?;
    browser.wait_for_text("h1", "Proposer une idée").await?;
    write_by_keyboard(
        &browser,
        "form button[type=submit]",
        "Recevoir une alerte avant un prélèvement important",
        "Un message la veille, pour approvisionner le compte à temps.",
    )
    .await?;

    // Support someone else's idea with the space bar; the count follows.
    browser.open("/ideas/1").await?;
    browser.find("h1.thread__title").await?;
    let before: u32 = browser.text_of(".support__number").await?.trim().parse()?;
    browser.tab_to(".support__button").await?;
    browser.press(&[Key::Space]).await?;
    browser
        .wait_for_text(".support__number", &(before + 1).to_string())
        .await?;
    assert_eq!(
        browser.attr_of(".support__button", "aria-pressed").await?,
        "true"
    );
    // The button kept the focus while its request ran (a disabled button would drop it).
    browser.wait_for_focus(".support__button").await?;

    // Comment on it: the comment appears, a status says so, the focus stays on the button.
    let comment = "Et pour les comptes joints ?";
    browser.tab_to("#comment-body").await?;
    browser.type_text(comment).await?;
    browser.tab_to(".comment-form button[type=submit]").await?;
    browser.press(&[Key::Enter]).await?;
    browser.wait_for_text(".comment-list", comment).await?;
    browser
        .wait_for_text(".comment-form [role=status]", "Commentaire publié")
        .await?;
    browser
        .wait_for_focus(".comment-form button[type=submit]")
        .await?;
    Ok(())
}

/// From the sign-in page, with the keyboard only: email, Tab, password, Enter.
async fn sign_in_by_keyboard(browser: &Browser, email: &str, name: &str) -> anyhow::Result<()> {
    browser.wait_for_text("h1", "Se connecter").await?;
    browser.tab_to("#email").await?;
    browser.type_text(email).await?;
    browser.press(&[Key::Tab]).await?;
    assert!(
        browser.focused_matches("#password").await?,
        "{}",
        browser.focused().await?
    );
    browser.type_text("cocrea-demo").await?;
    browser.press(&[Key::Enter]).await?;
    browser.wait_for_text(".account", name).await?;
    Ok(())
}

/// With the keyboard only, on the idea or question form: sends it empty (its errors show,
/// and the focus goes to the first field in error, the title), then writes the title,
/// picks a theme with an arrow key, writes the body, sends it and waits for the new page.
async fn write_by_keyboard(
    browser: &Browser,
    submit: &str,
    title: &str,
    body: &str,
) -> anyhow::Result<()> {
    browser.tab_to(submit).await?;
    browser.press(&[Key::Enter]).await?;
    browser.wait_for_text("#title-error", "obligatoire").await?;
    browser.wait_for_focus("#title").await?;
    browser.type_text(title).await?;
    browser.tab_to("#theme").await?;
    browser.press(&[Key::Down]).await?;
    browser.tab_to("#body").await?;
    browser.type_text(body).await?;
    browser.tab_to(submit).await?;
    browser.press(&[Key::Enter]).await?;
    browser.wait_for_text("h1", title).await
}

#[tokio::test]
async fn keyboard_users_ask_a_question_rate_an_answer_and_moderate_an_item() -> anyhow::Result<()> {
    let browser = Browser::start(1280).await?;
    browser.server.cocrea(&["seed", "--demo"]).await?;

    // A member asks a question: the empty form's errors first, then the question.
    browser.open("/login?next=/questions/new").await?;
    sign_in_by_keyboard(&browser, "membre@demo.cocrea.test", "Inès Membre").await?;
    browser.wait_for_text("h1", "Poser une question").await?;
    write_by_keyboard(
        &browser,
        "form .button--primary[type=submit]",
        "Les virements instantanés sont-ils gratuits partout en zone euro ?",
        "Et vers un compte dans une autre banque ?",
    )
    .await?;
    // The new page starts at its content.
    browser.wait_for_focus("main#main").await?;

    // Rates an answer of another question helpful with the space bar; the count and its
    // pressed state follow, and a live region says so.
    browser.open("/questions/1").await?;
    browser.find(".answer-list .rating__button").await?;
    let before = browser.text_of(".rating__button").await?;
    let count = |text: &str| -> anyhow::Result<u32> {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        Ok(digits.parse()?)
    };
    browser.tab_to(".rating__button").await?;
    browser.press(&[Key::Space]).await?;
    browser
        .wait_for_text(".rating__button", &format!("({})", count(&before)? + 1))
        .await?;
    browser
        .wait_for_text(".rating [role=status]", "enregistré")
        .await?;
    assert_eq!(
        browser.attr_of(".rating__button", "aria-pressed").await?,
        "true"
    );
    browser.wait_for_focus(".rating__button").await?;
    browser.tab_to(".account__toggle").await?;
    browser.press(&[Key::Enter]).await?;
    browser.tab_to(".account__sign-out").await?;
    browser.press(&[Key::Enter]).await?;
    browser.wait_for_text(".account", "Se connecter").await?;

    // The team opens the reported idea from the queue and hides it, without a mouse; the
    // focus goes to what was done, not back to the top of the page.
    browser.open("/login?next=/moderation").await?;
    sign_in_by_keyboard(&browser, "moderation@demo.cocrea.test", "Équipe produit").await?;
    browser.wait_for_text("h1", "Contenus signalés").await?;
    browser.tab_to(".queue a").await?;
    browser.press(&[Key::Enter]).await?;
    browser.wait_for_text(".console-item", "").await?;
    browser.tab_to("#hide-reason").await?;
    browser
        .type_text("Hors sujet pour cet espace, signalé deux fois.")
        .await?;
    browser.tab_to("#hide-form button[type=submit]").await?;
    browser.press(&[Key::Enter]).await?;
    browser
        .wait_for_text("#console-notice", "Contenu masqué")
        .await?;
    browser.wait_for_focus("#console-notice").await?;
    browser.assert_focus_visible().await?;
    browser
        .wait_for_text(".notice--hidden", "Hors sujet pour cet espace")
        .await?;
    Ok(())
}

#[tokio::test]
async fn the_app_says_when_the_network_or_the_server_fails_and_loses_nothing() -> anyhow::Result<()>
{
    let browser = Browser::start(1280).await?;
    browser.server.cocrea(&["seed", "--demo"]).await?;
    sign_in_with(
        &browser,
        "membre@demo.cocrea.test",
        "cocrea-demo",
        "/ideas/1",
    )
    .await?;
    browser.find("h1.thread__title").await?;
    let before = browser.text_of(".support__number").await?;
    let pressed = || browser.attr_of(".support__button", "aria-pressed");
    assert_eq!(pressed().await?, "false");

    // The phone loses its signal: the banner says so, and a support given meanwhile is
    // taken back, with the reason.
    browser.set_offline(true).await?;
    browser
        .wait_for_text(".connection", "Vous êtes hors ligne")
        .await?;
    browser.click(".support__button").await?;
    browser
        .wait_for_text(".support [role=alert]", "Le serveur ne répond pas")
        .await?;
    assert_eq!(browser.text_of(".support__number").await?, before);
    assert_eq!(pressed().await?, "false");
    browser
        .assert_accessible("offline, with a support taken back")
        .await?;
    browser.screenshot("offline").await?;

    // A page whose code has not come yet (the forms' chunk) says it cannot be loaded,
    // and the app goes on; once back online, "try again" brings it.
    browser.click(".site-header a[href='/ideas']").await?;
    browser.wait_for_path("/ideas").await?;
    browser.click("#app main a[href='/ideas/new']").await?;
    browser.wait_for_path("/ideas/new").await?;
    browser
        .wait_for_text("h1", "Cette page n'a pas pu être chargée")
        .await?;
    browser
        .wait_for_text("#app main [role=alert]", "Vérifiez votre connexion")
        .await?;
    browser
        .assert_accessible("offline, a page that could not be fetched")
        .await?;
    browser.screenshot("page-load-failed").await?;

    // Back online, the banner goes, the page comes, and the support goes through.
    browser.set_offline(false).await?;
    browser.wait_for_none(".connection__message").await?;
    browser.click("#app main [role=alert] button").await?;
    browser.wait_for_text("h1", "Proposer une idée").await?;
    browser.open("/ideas/1").await?;
    browser.find("h1.thread__title").await?;
    browser.click(".support__button").await?;
    let after = before.trim().parse::<u32>()? + 1;
    browser
        .wait_for_text(".support__number", &after.to_string())
        .await?;
    browser.wait_for_none(".support [role=alert]").await?;

    // The server stops answering while the phone is online: the comment being written
    // stays in its field, the banner says why, and goes by itself once the server is back.
    let comment = "Pourrait-on aussi le recevoir par SMS ?";
    browser.block_server(true).await?;
    browser.fill("#comment-body", comment).await?;
    browser.click(".comment-form button[type=submit]").await?;
    browser
        .wait_for_text(".connection", "Le serveur ne répond pas pour le moment")
        .await?;
    browser
        .wait_for_text(".comment-form [role=alert]", "Le serveur ne répond pas")
        .await?;
    assert_eq!(
        browser
            .find("#comment-body")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some(comment)
    );
    browser
        .assert_accessible("server unreachable, with a comment kept")
        .await?;
    browser.block_server(false).await?;
    browser.wait_for_none(".connection__message").await?;
    browser.click(".comment-form button[type=submit]").await?;
    browser.wait_for_text(".comment-list", comment).await?;

    // Back and forward go through the pages visited, each with its own title.
    let title = browser.text_of("h1.thread__title").await?;
    browser.open("/ideas").await?;
    browser.wait_for_title("Idées · Cocrea").await?;
    browser
        .click(".item-list .item-card__title a[href='/ideas/1']")
        .await?;
    browser.wait_for_path("/ideas/1").await?;
    browser.wait_for_title(&format!("{title} · Cocrea")).await?;
    browser.back().await?;
    browser.wait_for_path("/ideas").await?;
    browser.wait_for_title("Idées · Cocrea").await?;
    browser.find(".item-list .item-card").await?;
    browser.forward().await?;
    browser.wait_for_path("/ideas/1").await?;
    browser.wait_for_title(&format!("{title} · Cocrea")).await?;
    browser.wait_for_text(".comment-list", comment).await?;
    Ok(())
}

#[tokio::test]
async fn a_visitor_reports_an_accessibility_problem_the_team_resolves() -> anyhow::Result<()> {
    let browser = Browser::start(1280).await?;
    browser.server.cocrea(&["seed", "--demo"]).await?;

    // From the footer of any page to the statement; the form explains what is missing.
    browser.open("/questions").await?;
    browser.click("footer a[href='/accessibility']").await?;
    browser
        .wait_for_text("h1", "Déclaration d'accessibilité")
        .await?;
    browser
        .wait_for_text("main", "partiellement conforme")
        .await?;
    browser
        .click(".statement__form button[type=submit]")
        .await?;
    browser
        .wait_for_text("#a11y-page-error", "obligatoire")
        .await?;
    browser
        .wait_for_text("#a11y-description-error", "obligatoire")
        .await?;
    browser
        .assert_accessible("the accessibility statement, its form in error")
        .await?;
    browser.fill("#a11y-page", "/ideas/new").await?;
    browser.fill("#a11y-description", "Illisible").await?;
    browser
        .click(".statement__form button[type=submit]")
        .await?;
    browser
        .wait_for_text("#a11y-description-error", "Au moins 10")
        .await?;
    // The hint (bounds, no account details) is read with the field, before its error.
    assert_eq!(
        browser
            .attr_of("#a11y-description", "aria-describedby")
            .await?,
        "a11y-description-hint a11y-description-error"
    );
    let description = "Le champ « Thème » n'est pas annoncé par mon lecteur d'écran.";
    browser.fill("#a11y-description", description).await?;
    browser
        .click(".statement__form button[type=submit]")
        .await?;
    browser
        .wait_for_text("main [role=status]", "est arrivé à l'équipe")
        .await?;

    // The team finds it in the console and resolves it.
    sign_in_with(
        &browser,
        "moderation@demo.cocrea.test",
        "cocrea-demo",
        "/moderation/accessibility",
    )
    .await?;
    browser
        .wait_for_text("h1", "Problèmes d'accessibilité signalés")
        .await?;
    browser
        .wait_for_text("section[aria-labelledby=a11y-open-title]", description)
        .await?;
    browser
        .wait_for_text("section[aria-labelledby=a11y-open-title]", "Un visiteur")
        .await?;
    browser
        .assert_accessible("the console's accessibility problems")
        .await?;
    browser.click(".problem button").await?;
    browser
        .wait_for_text(
            "section[aria-labelledby=a11y-open-title]",
            "Aucun problème en attente",
        )
        .await?;
    browser
        .wait_for_text("section[aria-labelledby=a11y-resolved-title]", description)
        .await?;
    browser.screenshot("console-accessibility").await?;
    Ok(())
}

#[tokio::test]
async fn the_appearance_follows_the_system_until_a_pick_which_every_page_keeps()
-> anyhow::Result<()> {
    const DARK: &str = "rgb(16, 22, 20)";
    const LIGHT: &str = "rgb(247, 248, 246)";
    let browser = Browser::start(1280).await?;
    browser.prefer_dark().await?;
    browser.open("/").await?;
    browser.wait_for_text("h1", "Construisons ensemble").await?;
    assert_eq!(browser.style_of("body", "background-color").await?, DARK);
    assert_eq!(browser.document_attr("data-theme").await?, "");
    browser
        .assert_accessible("the home, dark as the system")
        .await?;

    // Light, picked in the footer: at once, and on the next page from its first paint.
    browser
        .click(".appearance button[data-theme=light]")
        .await?;
    assert_eq!(browser.document_attr("data-theme").await?, "light");
    assert_eq!(browser.style_of("body", "background-color").await?, LIGHT);
    browser.open("/ideas").await?;
    browser.wait_for_text("h1", "Idées").await?;
    assert_eq!(browser.style_of("body", "background-color").await?, LIGHT);
    assert_eq!(
        browser
            .attr_of(".appearance button[data-theme=light]", "aria-pressed")
            .await?,
        "true"
    );
    browser
        .assert_accessible("the ideas, light as picked")
        .await?;

    // Dark, picked: the questions page is audited in it; then back to the system's.
    browser.click(".appearance button[data-theme=dark]").await?;
    browser.open("/questions").await?;
    browser
        .wait_for_text(".cards", "Banque au quotidien")
        .await?;
    assert_eq!(browser.document_attr("data-theme").await?, "dark");
    assert_eq!(browser.style_of("body", "background-color").await?, DARK);
    browser.assert_accessible("an idea, dark as picked").await?;
    browser
        .click(".appearance button[data-theme=system]")
        .await?;
    assert_eq!(browser.document_attr("data-theme").await?, "");
    browser.open("/").await?;
    assert_eq!(browser.document_attr("data-theme").await?, "");
    assert_eq!(browser.style_of("body", "background-color").await?, DARK);
    browser.screenshot("home-dark").await?;
    Ok(())
}

/// The README's pictures: the main pages of the demo community on a phone and on a
/// desktop, each audited, then taken once nothing is loading any more.
/// `scripts/screenshots.sh` runs this test and copies them into docs/screenshots/.
/// One state of a page for the audit: where to go, what to wait for, and what to submit
/// first (a form's button, to show its errors).
struct State {
    path: &'static str,
    ready: &'static str,
    submit: Option<&'static str>,
}

const fn page(path: &'static str, ready: &'static str) -> State {
    State {
        path,
        ready,
        submit: None,
    }
}

const fn errors(path: &'static str, submit: &'static str) -> State {
    State {
        path,
        ready: "form",
        submit: Some(submit),
    }
}

/// Every page of the demo community, in the states people meet (lists filtered and
/// empty, forms showing their errors, the console, error pages), as a visitor, a member,
/// an expert and the team, in French and in English, 320 and 1,280 px wide: axe finds
/// no WCAG 2.2 A or AA violation in any of them (axe-core's wcag2a/aa, wcag21a/aa and wcag22aa rules).
#[tokio::test]
async fn every_page_and_state_in_both_languages_at_both_widths_passes_the_audit()
-> anyhow::Result<()> {
    let visitor = [
        page("/", ".home-lists .item-list"),
        page(
            "/ideas?sort=new&theme=everyday-banking&status=launched",
            ".item-list",
        ),
        page("/ideas?q=introuvablexyz", ".empty"),
        page("/questions?sort=new&answered=true", ".item-list"),
        page("/questions?q=introuvablexyz", ".empty"),
        page("/ideas/1", ".timeline"),
        page("/questions/1", ".answer-list"),
        page("/follow-ups", "h1"),
        page("/people/1", "h1"),
        page("/ideas/12345", "h1"),
        page("/no/such/page", "h1"),
        errors("/login", "form button[type=submit]"),
        errors("/signup", "form button[type=submit]"),
        errors("/forgot-password", "form button[type=submit]"),
        // A link without its token: the form, then the invalid link's message.
        errors("/reset-password", "form button[type=submit]"),
        page("/verify-email", "[role=alert]"),
        errors("/accessibility", ".statement__form button[type=submit]"),
    ];
    let member = [
        errors("/ideas/new", "form button[type=submit]"),
        errors("/questions/new", "form .button--primary[type=submit]"),
        errors("/ideas/1", ".comment-form button[type=submit]"),
        page("/notifications", "h1"),
        page("/profile", "h1"),
    ];
    let expert = [page("/experts/queue", ".item-list")];
    let team = [
        page("/moderation", ".queue"),
        page("/moderation/items/idea/4", ".console-item"),
        errors("/moderation/items/idea/4", "#hide-form button[type=submit]"),
        page("/moderation/people", "h1"),
        page("/moderation/themes", "h1"),
        page("/moderation/audit", "h1"),
        page("/moderation/accessibility", "h1"),
    ];
    for width in [320, 1280] {
        let browser = Browser::start(width).await?;
        browser.server.cocrea(&["seed", "--demo"]).await?;
        for lang in ["fr", "en"] {
            browser.open("/").await?;
            browser.open_site_menu().await?;
            browser
                .click(&format!(".lang-switch button[lang={lang}]"))
                .await?;
            browser.wait_for_attr("html", "lang", lang).await?;
            for (who, states) in [
                (None, &visitor[..]),
                (Some("membre@demo.cocrea.test"), &member[..]),
                (Some("expert@demo.cocrea.test"), &expert[..]),
                (Some("moderation@demo.cocrea.test"), &team[..]),
            ] {
                if let Some(email) = who {
                    browser.open("/login").await?;
                    browser.fill("#email", email).await?;
                    browser.fill("#password", "cocrea-demo").await?;
                    browser.click("form button[type=submit]").await?;
                    browser.find(".account__toggle").await?;
                }
                for state in states {
                    browser.open(state.path).await?;
                    browser.find(state.ready).await?;
                    if let Some(submit) = state.submit {
                        browser.click(submit).await?;
                        browser.find("[aria-invalid=true]").await?;
                    }
                    browser.wait_for_none(".loading").await?;
                    browser
                        .assert_accessible(&format!(
                            "{} ({lang}, {width} px, {}{})",
                            state.path,
                            who.unwrap_or("visitor"),
                            if state.submit.is_some() {
                                ", errors shown"
                            } else {
                                ""
                            }
                        ))
                        .await?;
                }
                if who.is_some() {
                    browser.sign_out().await?;
                }
            }
        }
    }
    Ok(())
}

#[tokio::test]
async fn the_main_pages_on_a_phone_and_on_a_desktop() -> anyhow::Result<()> {
    for (device, width) in [("phone", 390), ("desktop", 1280)] {
        let browser = Browser::start(width).await?;
        browser.server.cocrea(&["seed", "--demo"]).await?;
        for (name, path, content) in [
            ("home", "/", ".home-lists .item-list"),
            ("ideas", "/ideas", ".item-list"),
            ("idea", "/ideas/1", ".timeline"),
            ("questions", "/questions", ".item-list"),
            ("question", "/questions/1", "h1.thread__title"),
            ("follow-ups", "/follow-ups", "h1"),
        ] {
            browser.open(path).await?;
            browser.find(content).await?;
            browser.wait_for_none(".loading").await?;
            browser
                .assert_accessible(&format!("{name} on a {device}"))
                .await?;
            browser
                .screenshot(&format!("readme-{name}-{device}"))
                .await?;
        }
    }
    Ok(())
}

#[tokio::test]
async fn the_accessibility_audit_catches_a_violation() -> anyhow::Result<()> {
    let browser = Browser::start(1280).await?;
    browser.open("/").await?;
    browser.wait_for_text("h1", "Construisons ensemble").await?;
    browser
        .client
        .execute("const i = document.createElement('img'); i.src = '/x.png'; document.querySelector('main').append(i);", vec![])
        .await?;
    let audit = browser
        .assert_accessible("a page with an image without alt text")
        .await;
    assert!(
        audit.is_err_and(|e| e.to_string().contains("image-alt")),
        "axe must report image-alt"
    );
    Ok(())
}

#[test]
fn both_languages_have_the_same_translation_keys() -> anyhow::Result<()> {
    let fr = e2e::locale_keys("fr")?;
    let en = e2e::locale_keys("en")?;
    let only_fr: Vec<_> = fr.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&fr).collect();
    assert!(
        only_fr.is_empty() && only_en.is_empty(),
        "missing in en: {only_fr:?}; missing in fr: {only_en:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_member_turns_on_two_factor_by_keyboard_and_signs_in_with_a_code() -> anyhow::Result<()> {
    let browser = Browser::start(1280).await?;
    let email = sign_up(&browser, "Double Facteur").await?;
    browser
        .wait_for_text("#two-factor-title", "Double authentification")
        .await?;
    browser
        .tab_to("section[aria-labelledby=two-factor-title] .button--primary")
        .await?;
    browser.press(&[Key::Enter]).await?;
    browser.find(".two-factor__qr").await?;
    // The key as text too, for an app on the same phone; the focus waits in the code field.
    let key = browser.text_of(".two-factor__key").await?;
    browser.wait_for_focus("#two_factor_code").await?;
    assert_eq!(
        browser.attr_of("#two_factor_code", "autocomplete").await?,
        "one-time-code"
    );
    browser.assert_accessible("two-factor set-up").await?;
    browser.screenshot("two-factor-setup").await?;
    browser.type_text("000000").await?;
    browser.press(&[Key::Enter]).await?;
    browser
        .wait_for_text("#two_factor_code-error", "n'est pas le bon")
        .await?;
    browser
        .fill("#two_factor_code", &bench::authenticator::code(&key, 0)?)
        .await?;
    browser.press(&[Key::Enter]).await?;
    // The recovery codes, shown once, take the focus.
    browser.wait_for_focus("#recovery-title").await?;
    let codes = browser.text_of(".two-factor__list").await?;
    assert_eq!(
        codes.lines().filter(|l| !l.trim().is_empty()).count(),
        10,
        "{codes}"
    );
    browser
        .wait_for_text(
            "section[aria-labelledby=two-factor-title]",
            "il vous reste 10 codes",
        )
        .await?;
    browser.assert_accessible("recovery codes").await?;
    browser.screenshot("two-factor-recovery-codes").await?;
    sign_out(&browser).await?;

    // Signing in asks for the code once the password is right, in a field of its own.
    browser.open("/login?next=/profile").await?;
    browser.wait_for_text("h1", "Se connecter").await?;
    browser.fill("#email", &email).await?;
    browser.fill("#password", "un mot de passe solide").await?;
    browser.click("form button[type=submit]").await?;
    browser.wait_for_focus("#login_code").await?;
    browser
        .wait_for_text(".alert", "saisissez le code de votre application")
        .await?;
    assert_eq!(
        browser.attr_of("#login_code", "autocomplete").await?,
        "one-time-code"
    );
    browser.assert_accessible("sign-in, code asked").await?;
    browser.screenshot("login-two-factor").await?;
    browser
        .type_text(&bench::authenticator::code(&key, 1)?)
        .await?;
    browser.press(&[Key::Enter]).await?;
    browser.wait_for_path("/profile").await?;
    browser
        .wait_for_text(".account__name", "Double Facteur")
        .await?;
    Ok(())
}
