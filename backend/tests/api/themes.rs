//! Themes and their public response-time commitments.

use crate::helpers::spawn_app;

#[tokio::test]
async fn anyone_lists_the_six_default_themes_with_their_commitments() {
    let app = spawn_app().await;
    let themes = app.get_json("/api/v1/themes").await;
    let themes = themes.as_array().expect("a list");
    let slugs: Vec<&str> = themes.iter().filter_map(|t| t["slug"].as_str()).collect();
    assert_eq!(
        slugs,
        [
            "everyday-banking",
            "savings-investments",
            "home-real-estate",
            "digital-app",
            "sustainable-development",
            "accessibility-inclusion"
        ]
    );
    for theme in themes {
        assert!(
            theme["name"]["fr"].as_str().is_some_and(|n| !n.is_empty()),
            "{theme}"
        );
        assert!(
            theme["name"]["en"].as_str().is_some_and(|n| !n.is_empty()),
            "{theme}"
        );
        assert!(
            theme["response_hours"].as_u64().is_some_and(|h| h > 0),
            "{theme}"
        );
    }
    assert_eq!(themes[0]["name"]["fr"], "Banque au quotidien");
}
