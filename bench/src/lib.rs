//! The benchmark's parts: the load generator, the `cocrea` processes under test, the
//! web app's first-load weight, and the workloads on dataset M.

pub mod load;
pub mod server;
pub mod weight;
pub mod workload;
