//! A small JSON Schema checker for the keywords `schema/factmark.schema.json` uses, so the tests
//! can validate exports without the `jsonschema` crate (about a hundred crates to build on a
//! shared 2-core machine). It panics on any keyword it does not know, so the schema cannot
//! silently grow beyond what is checked.

use serde_json::Value;

/// Annotations that constrain nothing.
const IGNORED: [&str; 7] = [
    "$schema",
    "$id",
    "title",
    "description",
    "default",
    "format",
    "$defs",
];

/// The errors of `instance` against `schema` (whose `$defs` resolve `$ref`s), as "path: reason".
pub fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let mut found = Vec::new();
    check(schema, schema, instance, "$", &mut found);
    found
}

fn check(root: &Value, schema: &Value, instance: &Value, path: &str, found: &mut Vec<String>) {
    let Value::Object(keywords) = schema else {
        panic!("schema at {path} is not an object");
    };
    for (keyword, rule) in keywords {
        match keyword.as_str() {
            keyword if IGNORED.contains(&keyword) => {}
            "$ref" => {
                let name = rule
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .unwrap_or_else(|| panic!("unsupported $ref {rule}"));
                let target = &root["$defs"][name];
                assert!(!target.is_null(), "$ref to missing {name}");
                check(root, target, instance, path, found);
            }
            "oneOf" => {
                let outcomes: Vec<Vec<String>> = rule
                    .as_array()
                    .expect("oneOf is an array")
                    .iter()
                    .map(|option| {
                        let mut inner = Vec::new();
                        check(root, option, instance, path, &mut inner);
                        inner
                    })
                    .collect();
                let passing = outcomes.iter().filter(|inner| inner.is_empty()).count();
                if passing != 1 {
                    found.push(format!("{path}: matches {passing} of oneOf, expected exactly 1"));
                    // Say why each option failed, so a test failure points at the field.
                    found.extend(outcomes.into_iter().flatten());
                }
            }
            "type" => {
                let names: Vec<&str> = match rule {
                    Value::String(name) => vec![name.as_str()],
                    Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
                    _ => panic!("bad type at {path}"),
                };
                if !names.iter().any(|name| has_type(instance, name)) {
                    found.push(format!("{path}: expected type {names:?}, found {instance}"));
                }
            }
            "const" => {
                if instance != rule {
                    found.push(format!("{path}: expected {rule}, found {instance}"));
                }
            }
            "enum" => {
                if !rule.as_array().expect("enum is an array").contains(instance) {
                    found.push(format!("{path}: {instance} is not one of {rule}"));
                }
            }
            "required" => {
                if let Value::Object(fields) = instance {
                    for name in rule
                        .as_array()
                        .expect("required is an array")
                        .iter()
                        .filter_map(Value::as_str)
                    {
                        if !fields.contains_key(name) {
                            found.push(format!("{path}: missing {name:?}"));
                        }
                    }
                }
            }
            "properties" => {
                if let Value::Object(fields) = instance {
                    let properties = rule.as_object().expect("properties is an object");
                    for (name, value) in fields {
                        if let Some(property) = properties.get(name) {
                            check(root, property, value, &format!("{path}.{name}"), found);
                        }
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(
                    rule,
                    &Value::Bool(false),
                    "only additionalProperties: false is supported"
                );
                if let Value::Object(fields) = instance {
                    let known = keywords["properties"]
                        .as_object()
                        .expect("properties beside additionalProperties");
                    for name in fields.keys().filter(|name| !known.contains_key(*name)) {
                        found.push(format!("{path}: unexpected property {name:?}"));
                    }
                }
            }
            "items" => {
                if let Value::Array(items) = instance {
                    for (index, item) in items.iter().enumerate() {
                        check(root, rule, item, &format!("{path}[{index}]"), found);
                    }
                }
            }
            "minimum" | "maximum" => {
                if let (Some(value), Some(bound)) = (instance.as_f64(), rule.as_f64()) {
                    let fails = if keyword == "minimum" {
                        value < bound
                    } else {
                        value > bound
                    };
                    if fails {
                        found.push(format!("{path}: {value} is beyond the {keyword} {bound}"));
                    }
                }
            }
            "minLength" | "maxLength" => {
                if let (Some(text), Some(bound)) = (instance.as_str(), rule.as_u64()) {
                    let length = text.chars().count() as u64;
                    let fails = if keyword == "minLength" {
                        length < bound
                    } else {
                        length > bound
                    };
                    if fails {
                        found.push(format!("{path}: length {length} is beyond the {keyword} {bound}"));
                    }
                }
            }
            other => panic!("the schema uses {other:?}, which this checker does not know"),
        }
    }
}

fn has_type(instance: &Value, name: &str) -> bool {
    match name {
        "object" => instance.is_object(),
        "array" => instance.is_array(),
        "string" => instance.is_string(),
        "boolean" => instance.is_boolean(),
        "null" => instance.is_null(),
        "number" => instance.is_number(),
        "integer" => instance.as_i64().is_some() || instance.as_u64().is_some(),
        other => panic!("unknown type {other}"),
    }
}
