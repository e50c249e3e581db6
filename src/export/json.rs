//! The JSON export: the whole typed model, and its JSON Schema.
//!
//! The export is the [`Spec`] with a `format_version` field; the schema is generated from the
//! same Rust types (schemars), so the two cannot drift apart. Tests validate the export of every
//! spec in `specs/` against the schema.

use crate::model::Spec;
use schemars::JsonSchema;
use serde::Serialize;

/// Version of the export's shape; raised when a field changes meaning or disappears.
pub const FORMAT_VERSION: u32 = 1;

/// The exported document.
#[derive(Serialize, JsonSchema)]
#[schemars(
    title = "slagen SLA export",
    description = "A Service Level Agreement as typed data, exported by `slagen export --to json`."
)]
pub struct Export<'a> {
    /// Version of this format.
    pub format_version: u32,
    /// The SLA.
    #[serde(flatten)]
    pub spec: &'a Spec,
}

/// The spec as pretty-printed JSON with a final newline.
pub fn to_json(spec: &Spec) -> String {
    let export = Export {
        format_version: FORMAT_VERSION,
        spec,
    };
    let mut s = serde_json::to_string_pretty(&export).expect("the model always serialises");
    s.push('\n');
    s
}

/// The JSON Schema of the export, pretty-printed.
pub fn schema() -> String {
    // The schema describes what `export` writes, so it is generated for serialisation: fields
    // left out when empty are optional.
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let schema = generator.into_root_schema_for::<Export<'static>>();
    let mut s = serde_json::to_string_pretty(&schema).expect("schemas serialise");
    s.push('\n');
    s
}
