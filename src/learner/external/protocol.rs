//! Protocol version 1: the request lines albench sends and the reply fields it reads.
//! One JSON object per line each way; arrays travel as `.npy` files named in the requests
//! (docs/external-learner.md has a full transcript).

use std::path::Path;

use serde_json::{json, Map, Value};

use crate::learner::TrainSpec;

/// The protocol version albench speaks (`"protocol"` of the `init` request).
pub const PROTOCOL: u32 = 1;

/// The `.npy` files of one split: images (or feature vectors) and labels.
#[derive(Clone, Debug)]
pub struct SplitFiles {
    /// `uint8 [n, channels, height, width]`, or `float32 [n, d]` for vector data.
    pub x: std::path::PathBuf,
    /// `int64 [n]`.
    pub y: std::path::PathBuf,
}

fn path_text(p: &Path) -> String {
    p.display().to_string()
}

fn split_json(s: &SplitFiles) -> Value {
    json!({"x": path_text(&s.x), "y": path_text(&s.y)})
}

/// The `[train]` keys an external learner is handed, as the resolved spec writes them:
/// every key but `top_k` (top-k accuracies are albench's to record, and protocol 1's
/// `evaluate` gives top-1 only: validation refuses `train.top_k` for an external learner).
pub const TRAIN_HINTS: [&str; 10] = [
    "optimizer",
    "lr",
    "momentum",
    "weight_decay",
    "batch_size",
    "max_epochs",
    "steps_per_epoch",
    "reshuffle",
    "reset",
    "early_stopping",
];

/// The `"train"` object of `init`: the [`TRAIN_HINTS`] keys of `train` with their resolved
/// values (defaults included), e.g. `{"optimizer":"adam","lr":0.001,…,"early_stopping":false}`.
pub fn train_hints(train: &TrainSpec) -> Value {
    let all = serde_json::to_value(train).expect("[train] serializes");
    let mut hints = Map::new();
    for key in TRAIN_HINTS {
        if let Some(v) = all.get(key) {
            hints.insert(key.to_string(), v.clone());
        }
    }
    Value::Object(hints)
}

/// `{"op":"init","protocol":1,"splits":{...},"num_classes":K,"seed":S,"members":M,
/// "train":{...}}` ([`train_hints`]).
pub fn init(
    splits: [&SplitFiles; 3],
    num_classes: usize,
    seed: u64,
    members: usize,
    train: &TrainSpec,
) -> String {
    json!({
        "op": "init",
        "protocol": PROTOCOL,
        "splits": {
            "pool": split_json(splits[0]),
            "validation": split_json(splits[1]),
            "test": split_json(splits[2]),
        },
        "num_classes": num_classes,
        "seed": seed,
        "members": members,
        "train": train_hints(train),
    })
    .to_string()
}

/// `{"op":"fit","round":R,"train":[pool indices]}` (acquisition order, repeats allowed).
pub fn fit(round: u32, train: &[u32]) -> String {
    json!({"op": "fit", "round": round, "train": train}).to_string()
}

/// `{"op":"evaluate"}`: metrics of the current model on the test split.
pub fn evaluate() -> String {
    json!({"op": "evaluate"}).to_string()
}

/// `{"op":"predict","split":"pool","indices":[...],"mc_samples":T,"out":PATH}`.
pub fn predict(indices: &[u32], mc_samples: usize, out: &Path) -> String {
    json!({
        "op": "predict",
        "split": "pool",
        "indices": indices,
        "mc_samples": mc_samples,
        "out": path_text(out),
    })
    .to_string()
}

/// `{"op":"embed","split":"pool","indices":[...],"out":PATH}`.
pub fn embed(indices: &[u32], out: &Path) -> String {
    json!({"op": "embed", "split": "pool", "indices": indices, "out": path_text(out)}).to_string()
}

/// `{"op":"shutdown"}`.
pub fn shutdown() -> String {
    json!({"op": "shutdown"}).to_string()
}

/// A successful reply's fields.
#[derive(Debug)]
pub struct Reply(Map<String, Value>);

/// Parse a reply line: a JSON object with `"ok": true` (its other fields are read by the
/// getters), or `"ok": false` with an `"error"` text, which becomes the error.
pub fn parse(line: &str) -> Result<Reply, String> {
    let shown: String = line.chars().take(200).collect();
    let value: Value = serde_json::from_str(line)
        .map_err(|e| format!("malformed reply (not JSON: {e}): {shown:?}"))?;
    let Value::Object(map) = value else {
        return Err(format!("malformed reply (not a JSON object): {shown:?}"));
    };
    match map.get("ok") {
        Some(Value::Bool(true)) => Ok(Reply(map)),
        Some(Value::Bool(false)) => Err(format!(
            "the learner answered with an error: {}",
            map.get("error")
                .and_then(Value::as_str)
                .unwrap_or("(no \"error\" text)")
        )),
        _ => Err(format!(
            "malformed reply (no boolean \"ok\" field): {shown:?}"
        )),
    }
}

impl Reply {
    /// A required finite number.
    pub fn number(&self, key: &str) -> Result<f64, String> {
        self.optional_number(key)?
            .ok_or_else(|| format!("malformed reply: the number \"{key}\" is missing"))
    }

    /// An optional number; present, it must be finite.
    pub fn optional_number(&self, key: &str) -> Result<Option<f64>, String> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => match v.as_f64() {
                Some(x) if x.is_finite() => Ok(Some(x)),
                _ => Err(format!(
                    "malformed reply: \"{key}\" is {v}, not a finite number"
                )),
            },
        }
    }

    /// A required non-negative integer.
    pub fn count(&self, key: &str) -> Result<usize, String> {
        match self.0.get(key) {
            Some(v) => v.as_u64().map(|n| n as usize).ok_or_else(|| {
                format!("malformed reply: \"{key}\" is {v}, not a non-negative integer")
            }),
            None => Err(format!("malformed reply: the integer \"{key}\" is missing")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_read_or_refused_with_the_reason() {
        let r = parse(r#"{"ok": true, "epochs": 3, "train_loss": 0.25}"#).unwrap();
        assert_eq!(
            (r.count("epochs"), r.number("train_loss")),
            (Ok(3), Ok(0.25))
        );
        assert_eq!(r.optional_number("val_loss"), Ok(None));
        assert!(r
            .number("loss")
            .unwrap_err()
            .contains("\"loss\" is missing"));
        let r = parse(r#"{"ok": true, "epochs": -1, "loss": "x"}"#).unwrap();
        assert!(r
            .count("epochs")
            .unwrap_err()
            .contains("not a non-negative integer"));
        assert!(r
            .number("loss")
            .unwrap_err()
            .contains("not a finite number"));
        let e = parse(r#"{"ok": false, "error": "out of memory"}"#).unwrap_err();
        assert_eq!(e, "the learner answered with an error: out of memory");
        assert!(parse("epoch 3/10")
            .unwrap_err()
            .starts_with("malformed reply (not JSON"));
        assert!(parse("[1, 2]").unwrap_err().contains("not a JSON object"));
        assert!(parse(r#"{"ok": 1}"#)
            .unwrap_err()
            .contains("no boolean \"ok\""));
    }

    #[test]
    fn requests_are_one_json_line_each() {
        let f = fit(2, &[5, 1, 5]);
        assert_eq!(f, r#"{"op":"fit","round":2,"train":[5,1,5]}"#);
        let p = predict(&[3], 2, Path::new("/r/out/p.npy"));
        let v: Value = serde_json::from_str(&p).unwrap();
        assert_eq!(v["mc_samples"], 2);
        assert_eq!(v["out"], "/r/out/p.npy");
        let files = SplitFiles {
            x: "a".into(),
            y: "b".into(),
        };
        let train = TrainSpec {
            lr: 0.25,
            max_epochs: 7,
            ..TrainSpec::default()
        };
        let line = init([&files; 3], 10, 7, 2, &train);
        assert!(!line.contains('\n'));
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            (v["seed"].clone(), v["members"].clone()),
            (json!(7), json!(2))
        );
        // the [train] hints: every key but top_k, with its value
        let hints = v["train"].as_object().unwrap();
        let mut keys: Vec<&str> = hints.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut want = TRAIN_HINTS.to_vec();
        want.sort_unstable();
        assert_eq!(keys, want);
        assert_eq!(hints["lr"], json!(0.25));
        assert_eq!(hints["max_epochs"], json!(7));
        assert_eq!(hints["optimizer"], json!("adam"));
        let stop = json!({"monitor": "val_loss", "patience": 3, "restore_best": true});
        assert_eq!(hints["early_stopping"], stop);
    }
}
