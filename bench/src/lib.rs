//! The benchmark's parts: the load generator, the `cocrea` processes under test, the
//! web app's first-load weight, the workloads on dataset M, and the OpenID Provider the
//! tests sign in with.

pub mod load;
pub mod oidc;
pub mod server;
pub mod weight;
pub mod workload;
