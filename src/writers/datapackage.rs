//! `OUT/datapackage.json`: the CSV tables described as a Frictionless Data
//! Package, one Table Schema per table (fields, types, descriptions, keys).
//!
//! The description is generated from the row types the CSV writer serializes:
//! the field names and their order from the header those types write, the types
//! and descriptions from their JSON Schema (the same `schemars` derivation the
//! per-document JSON Schema comes from), so the package cannot drift from the
//! files. `docs/outputs.md` is rendered from it too ([`markdown`]).

use serde_json::{Map, Value, json};

use super::csv::Dialect;

/// What a cell holds, as Table Schema types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    /// Written with a `.` decimal point, no thousands separator.
    Number,
    /// `true` or `false`.
    Boolean,
    /// `YYYY-MM-DD`.
    Date,
}

impl FieldType {
    fn name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub kind: FieldType,
    pub description: String,
    /// The closed set of values the column takes, when it has one.
    pub values: Option<Vec<String>>,
}

/// A table's columns that refer to another table's key.
#[derive(Debug, Clone, Copy)]
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    /// The table referred to (its name, without `.csv`).
    pub table: &'static str,
    pub reference: &'static [&'static str],
}

/// The rows of every table refer to their document through `document_id`.
pub const TO_DOCUMENTS: ForeignKey = ForeignKey {
    fields: &["document_id"],
    table: "documents",
    reference: &["document_id"],
};

/// One CSV table: `<name>.csv`.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: &'static str,
    pub description: String,
    pub fields: Vec<Field>,
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
}

impl Table {
    /// The table's file: `<name>.csv`.
    pub fn file_name(&self) -> String {
        format!("{}.csv", self.name)
    }
}

/// The one marker of a missing value: an empty field. It stands for a value
/// the document does not give (null in the JSON) and for text that is empty.
pub const MISSING: &str = "";

/// Describes the table whose rows `T` serializes: `header` is the header row
/// the CSV writer writes for `T`; every name in it must be a property of `T`'s
/// JSON Schema. A column `T` does not document itself takes its description
/// from `shared` (columns many tables have), else from its type.
pub fn describe<T: schemars::JsonSchema>(
    name: &'static str,
    header: &[String],
    shared: &[(&str, &str)],
    primary_key: &'static [&'static str],
    foreign_keys: &'static [ForeignKey],
) -> Table {
    let schema = schemars::schema_for!(T);
    let root = schema.as_value();
    let defs = root.get("$defs").cloned().unwrap_or(Value::Null);
    let properties = root.get("properties").and_then(Value::as_object);
    let fields = header
        .iter()
        .map(|column| {
            let property = properties
                .and_then(|p| p.get(column))
                .unwrap_or_else(|| panic!("{name}.csv: column {column} is not in the row type"));
            let mut f = field(column, property, &defs);
            if text_of(property, "description").is_empty()
                && let Some((_, text)) = shared.iter().find(|(c, _)| c == column)
            {
                f.description = text.to_string();
            }
            f
        })
        .collect();
    Table {
        name,
        description: text_of(root, "description"),
        fields,
        primary_key,
        foreign_keys,
    }
}

fn text_of(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The Table Schema field for one property of a row's JSON Schema.
fn field(name: &str, property: &Value, defs: &Value) -> Field {
    let mut description = text_of(property, "description");
    let target = resolve(property, defs);
    if description.is_empty() {
        description = text_of(&target, "description");
    }
    let values = closed_set(&target);
    let kind = match json_type(&target) {
        _ if values.is_some() => FieldType::String,
        Some("integer") => FieldType::Integer,
        Some("number") => FieldType::Number,
        Some("boolean") => FieldType::Boolean,
        Some("string") if target.get("format").and_then(Value::as_str) == Some("date") => {
            FieldType::Date
        }
        _ => FieldType::String,
    };
    Field {
        name: name.to_string(),
        kind,
        description,
        values,
    }
}

/// The schema a property stands for: a `$ref` followed, the non-null branch of
/// an optional value taken.
fn resolve(property: &Value, defs: &Value) -> Value {
    if let Some(r) = property.get("$ref").and_then(Value::as_str) {
        let key = r.rsplit('/').next().unwrap_or_default();
        return resolve(defs.get(key).unwrap_or(&Value::Null), defs);
    }
    for combinator in ["anyOf", "oneOf"] {
        if let Some(branches) = property.get(combinator).and_then(Value::as_array) {
            let real: Vec<&Value> = branches
                .iter()
                .filter(|b| b.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            // An optional value: the one other branch.
            if real.len() == 1 && branches.len() == 2 {
                return resolve(real[0], defs);
            }
        }
    }
    property.clone()
}

/// The JSON type of a schema, the non-null one of a nullable type.
fn json_type(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(t) => Some(t),
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).find(|&t| t != "null"),
        _ => None,
    }
}

/// The values of an enumeration: `enum`, or `oneOf`/`anyOf` branches that are
/// each a `const` or an `enum` (as `schemars` writes enums whose variants have
/// doc comments).
fn closed_set(schema: &Value) -> Option<Vec<String>> {
    let strings = |v: &Value| -> Option<Vec<String>> {
        v.as_array()?
            .iter()
            .filter(|x| !x.is_null())
            .map(|x| x.as_str().map(str::to_string))
            .collect()
    };
    if let Some(values) = schema.get("enum") {
        return strings(values);
    }
    let branches = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))?
        .as_array()?;
    let mut all = Vec::new();
    for b in branches {
        if let Some(c) = b.get("const") {
            all.push(c.as_str()?.to_string());
        } else if let Some(values) = b.get("enum") {
            all.extend(strings(values)?);
        } else {
            return None;
        }
    }
    Some(all)
}

/// The package as JSON: one resource per table, in the order given, written
/// in `dialect`.
pub fn package(tables: &[Table], dialect: Dialect) -> Value {
    let resources: Vec<Value> = tables.iter().map(|t| resource(t, dialect)).collect();
    json!({
        "profile": "tabular-data-package",
        "name": "piani",
        "title": "Piani integrati regionali 2014: the tables extracted by piani",
        "description": "The cross-document tables piani writes beside one JSON \
            document per PDF (documents/<document_id>.json). Every row starts with \
            document_id and region; an empty field is a missing value.",
        "resources": resources,
    })
}

fn resource(t: &Table, dialect: Dialect) -> Value {
    let (delimiter, line_end, decimal) = match dialect {
        Dialect::Rfc4180 => (",", "\n", "."),
        Dialect::ExcelIt => (";", "\r\n", ","),
    };
    let fields: Vec<Value> = t
        .fields
        .iter()
        .map(|f| {
            let mut o = Map::new();
            o.insert("name".into(), json!(f.name));
            o.insert("type".into(), json!(f.kind.name()));
            if f.kind == FieldType::Number && decimal != "." {
                o.insert("decimalChar".into(), json!(decimal));
            }
            if f.kind == FieldType::Boolean {
                o.insert("trueValues".into(), json!(["true"]));
                o.insert("falseValues".into(), json!(["false"]));
            }
            o.insert("description".into(), json!(f.description));
            if let Some(values) = &f.values {
                o.insert("constraints".into(), json!({ "enum": values }));
            }
            Value::Object(o)
        })
        .collect();
    let foreign_keys: Vec<Value> = t
        .foreign_keys
        .iter()
        .map(|k| {
            json!({
                "fields": k.fields,
                // Table Schema names the table a key refers to within its own
                // resource with "".
                "reference": {
                    "resource": if k.table == t.name { "" } else { k.table },
                    "fields": k.reference,
                },
            })
        })
        .collect();
    json!({
        "name": t.name,
        "path": format!("{}.csv", t.name),
        "profile": "tabular-data-resource",
        "description": t.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {
            "delimiter": delimiter,
            "lineTerminator": line_end,
            "doubleQuote": true,
            "header": true,
        },
        "schema": {
            "fields": fields,
            "primaryKey": t.primary_key,
            "foreignKeys": foreign_keys,
            "missingValues": [MISSING],
        },
    })
}

/// Column names as Markdown code, joined with " + ".
fn code_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The tables as Markdown, for `docs/outputs.md`: per table its description,
/// key, references and a row per column.
pub fn markdown(tables: &[Table]) -> String {
    let mut md = String::new();
    let mut listed = std::collections::HashSet::new();
    for t in tables {
        md.push_str(&format!("### `{}.csv`\n\n{}\n\n", t.name, t.description));
        md.push_str(&format!("Key: {}.", code_list(t.primary_key)));
        for k in t.foreign_keys {
            md.push_str(&format!(
                " {} → `{}.csv` {}.",
                code_list(k.fields),
                k.table,
                code_list(k.reference)
            ));
        }
        md.push_str("\n\n| column | type | description |\n|---|---|---|\n");
        for f in &t.fields {
            let mut description = f.description.replace('\n', " ").replace('|', "\\|");
            if let Some(values) = &f.values {
                // A closed set shown once, where its column first appears.
                if listed.insert((f.name.as_str(), values)) {
                    let shown: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                    description.push_str(&format!(" One of: {}.", shown.join(", ")));
                } else {
                    description.push_str(&format!(
                        " One of the values listed for `{}` above.",
                        f.name
                    ));
                }
            }
            md.push_str(&format!(
                "| `{}` | {} | {} |\n",
                f.name,
                f.kind.name(),
                description.trim()
            ));
        }
        md.push('\n');
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemars::JsonSchema;

    /// A row.
    #[derive(JsonSchema)]
    #[allow(dead_code)]
    struct Row {
        /// The key.
        n: u32,
        /// Maybe a number.
        x: Option<f64>,
        /// A flag.
        ok: bool,
        /// A day.
        #[schemars(extend("format" = "date"))]
        day: Option<String>,
        /// The region.
        region: Option<crate::model::Region>,
        status: crate::model::Status,
    }

    #[test]
    fn types_descriptions_and_closed_sets_come_from_the_row_type() {
        let header: Vec<String> = ["n", "x", "ok", "day", "region", "status"]
            .map(String::from)
            .to_vec();
        let t = describe::<Row>(
            "rows",
            &header,
            &[("status", "Shared."), ("n", "Not used.")],
            &["n"],
            &[],
        );
        assert_eq!(t.description, "A row.");
        let kinds: Vec<FieldType> = t.fields.iter().map(|f| f.kind).collect();
        use FieldType as F;
        assert_eq!(
            kinds,
            [
                F::Integer,
                F::Number,
                F::Boolean,
                F::Date,
                F::String,
                F::String
            ]
        );
        assert_eq!(t.fields[1].description, "Maybe a number.");
        let regions = t.fields[4].values.as_ref().unwrap();
        assert_eq!(regions.len(), 21);
        assert!(regions.contains(&"Liguria".to_string()));
        assert_eq!(t.fields[4].description, "The region.");
        let statuses = t.fields[5].values.as_ref().unwrap();
        assert!(statuses.contains(&"failed".to_string()));
        assert_eq!(t.fields[5].description, "Shared.");
        assert_eq!(t.fields[0].description, "The key.");
    }

    #[test]
    #[should_panic(expected = "rows.csv: column y is not in the row type")]
    fn a_column_the_row_type_does_not_have_is_a_bug() {
        describe::<Row>("rows", &["y".to_string()], &[], &[], &[]);
    }
}
