//! Reading `XREADGROUP`'s reply straight into [`Entry`]s, without the `redis` crate's generic
//! `StreamReadReply` (a `HashMap` of `Value`s per entry): with `--batch`, a read brings
//! hundreds of entries, and building a map for each was most of a worker's time.

use redis::Value;

use crate::broker::{Body, Entry, MARK};
use crate::error::BrokerError;

/// The entries of one stream's `XREADGROUP` reply (`Nil`: none came), ours checked: each
/// carries [`MARK`] and an item or the end marker, else it is [`BrokerError::Foreign`].
pub fn entries(stream: &str, reply: Value) -> Result<Vec<Entry>, BrokerError> {
    // [[stream, [[id, [field, value, ...]], ...]]]
    let Some(mut streams) = array(reply) else {
        return Ok(Vec::new());
    };
    let Some(ours) = streams.pop().and_then(array) else {
        return Ok(Vec::new());
    };
    let Some(list) = ours.into_iter().nth(1).and_then(array) else {
        return Ok(Vec::new());
    };
    list.into_iter().map(|e| entry(stream, e)).collect()
}

fn array(v: Value) -> Option<Vec<Value>> {
    match v {
        Value::Array(items) | Value::Set(items) => Some(items),
        _ => None,
    }
}

fn text(v: &Value) -> Option<&str> {
    match v {
        Value::BulkString(b) => std::str::from_utf8(b).ok(),
        Value::SimpleString(s) => Some(s),
        _ => None,
    }
}

fn entry(stream: &str, e: Value) -> Result<Entry, BrokerError> {
    let foreign = |id: &str, fields: String| BrokerError::Foreign {
        stream: stream.to_owned(),
        id: id.to_owned(),
        fields,
    };
    let parts = array(e).unwrap_or_default();
    let id = parts.first().and_then(text).unwrap_or("-").to_owned();
    let fields = parts.get(1).and_then(|f| match f {
        Value::Array(items) => Some(items.as_slice()),
        _ => None,
    });
    let fields = fields.unwrap_or(&[]);
    let pairs: Vec<(&str, &str)> = fields
        .chunks(2)
        .filter_map(|kv| Some((text(kv.first()?)?, text(kv.get(1)?)?)))
        .collect();
    let field = |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    if field(MARK.0) != Some(MARK.1) {
        let mut names: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
        names.sort_unstable();
        return Err(foreign(&id, names.join(",")));
    }
    let body = match field("item") {
        Some(item) => Body::Item(item.to_owned()),
        None if field("end").is_some() => Body::End,
        None => return Err(foreign(&id, "no item".into())),
    };
    Ok(Entry { id, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bulk(s: &str) -> Value {
        Value::BulkString(s.as_bytes().to_vec())
    }

    fn reply(entries: Vec<(&str, Vec<&str>)>) -> Value {
        let list = entries
            .into_iter()
            .map(|(id, f)| {
                Value::Array(vec![
                    bulk(id),
                    Value::Array(f.into_iter().map(bulk).collect()),
                ])
            })
            .collect();
        Value::Array(vec![Value::Array(vec![bulk("s"), Value::Array(list)])])
    }

    #[test]
    fn items_and_the_end_marker_are_read_in_order() {
        let r = reply(vec![
            ("1-0", vec!["lab", "distributed", "item", "7"]),
            ("1-1", vec!["lab", "distributed", "end", "1"]),
        ]);
        let got = entries("s", r).unwrap();
        assert_eq!(got[0].tag(), "7 1-0");
        assert_eq!(got[1].body, Body::End);
        assert!(entries("s", Value::Nil).unwrap().is_empty());
    }

    #[test]
    fn an_entry_not_ours_is_foreign_naming_its_fields() {
        let r = reply(vec![("1-0", vec!["name", "x", "age", "3"])]);
        let e = entries("s", r).unwrap_err().to_string();
        assert!(e.contains("age,name") && e.contains("1-0"), "{e}");
        let r = reply(vec![("1-0", vec!["lab", "distributed"])]);
        assert!(entries("s", r).unwrap_err().to_string().contains("no item"));
    }
}
