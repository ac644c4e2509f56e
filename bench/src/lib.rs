//! The benchmark's parts: the load generator, the `cocrea` processes under test, the
//! web app's first-load weight, the workloads on dataset M, and the OpenID Provider the
//! tests sign in with and the SMTP server they send e-mails through.

pub mod authenticator;
pub mod load;
pub mod oidc;
pub mod server;
pub mod smtp;
pub mod weight;
pub mod workload;
