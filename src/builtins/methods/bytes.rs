//! Methods of `bytes`, and text encoding and decoding.

use std::rc::Rc;

use crate::error::{Error, Result};
use crate::object::bytes::Bytes;
use crate::object::string::Interner;
use crate::value::Value;
use crate::vm::BuiltinTypes;

pub(super) fn install(_types: &BuiltinTypes, _interner: &mut Interner) {}

/// `bytes.decode(encoding, errors)` and `str(bytes, encoding)`.
pub(crate) fn decode_bytes(data: &[u8], encoding: Option<&Value>, _errors: Option<&Value>) -> Result<Value> {
    let encoding = encoding.and_then(Value::as_str).unwrap_or("utf-8").to_ascii_lowercase().replace('_', "-");
    match encoding.as_str() {
        "utf-8" | "utf8" => match std::str::from_utf8(data) {
            Ok(text) => Ok(Value::from_str(text)),
            Err(error) => Err(Error::new(
                crate::object::exception::ExcKind::UnicodeDecodeError,
                format!(
                    "'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte",
                    data[error.valid_up_to()],
                    error.valid_up_to()
                ),
            )),
        },
        "ascii" | "latin-1" | "latin1" | "iso-8859-1" => Ok(Value::from_string(data.iter().map(|&b| b as char).collect())),
        other => Err(Error::new(crate::object::exception::ExcKind::LookupError, format!("unknown encoding: {other}"))),
    }
}

/// `str.encode(encoding, errors)` and `bytes(str, encoding)`.
pub(crate) fn encode_text(text: &str, encoding: Option<&Value>, _errors: Option<&Value>) -> Result<Value> {
    let encoding = encoding.and_then(Value::as_str).unwrap_or("utf-8").to_ascii_lowercase().replace('_', "-");
    let data = match encoding.as_str() {
        "utf-8" | "utf8" => text.as_bytes().to_vec(),
        other => {
            return Err(Error::new(crate::object::exception::ExcKind::LookupError, format!("unknown encoding: {other}")));
        }
    };
    Ok(Value::Bytes(Rc::new(Bytes::new(data))))
}
