//! Argument checking shared by the builtin methods. CPython's builtins
//! report bad arguments in a few fixed styles depending on how each one is
//! declared in C (Argument Clinic or hand-written parsing), and scripts
//! print those messages, so they are reproduced exactly.

use crate::builtins::check_arguments;
use crate::error::{Error, Result};
use crate::object::function::Keywords;
use crate::value::Value;

/// A builtin's parameter list as CPython's Argument Clinic declares it, for
/// binding positional and keyword arguments with its exact messages.
pub(super) struct Signature<const N: usize> {
    /// The name messages show (`"split"` in "split() takes at most ...").
    pub name: &'static str,
    pub parameters: [&'static str; N],
    /// How many leading parameters cannot be passed by keyword.
    pub positional_only: usize,
    /// How many leading parameters must be given.
    pub required: usize,
    /// How many trailing parameters can only be passed by keyword.
    pub keyword_only: usize,
}

impl<const N: usize> Signature<N> {
    /// Binds the arguments (after any receiver) to the parameters, in
    /// order; checks and messages follow CPython's `_PyArg_UnpackKeywords`.
    pub fn bind(&self, arguments: &[Value], keywords: Keywords) -> Result<[Option<Value>; N]> {
        let name = self.name;
        let plural = |count: usize| if count == 1 { "" } else { "s" };
        let given = arguments.len();
        let total = given + keywords.len();
        if total > N {
            let keyword = if given == 0 { "keyword " } else { "" };
            return Err(Error::type_error(format!(
                "{name}() takes at most {N} {keyword}argument{} ({total} given)",
                plural(N)
            )));
        }
        let max_positional = N - self.keyword_only;
        if given > max_positional {
            if max_positional == 0 {
                return Err(Error::type_error(format!("{name}() takes no positional arguments")));
            }
            let bound = if self.required < max_positional { "at most" } else { "exactly" };
            return Err(Error::type_error(format!(
                "{name}() takes {bound} {max_positional} positional argument{} ({given} given)",
                plural(max_positional)
            )));
        }
        let required_positional_only = self.required.min(self.positional_only);
        if given < required_positional_only {
            let bound = if required_positional_only < max_positional { "at least" } else { "exactly" };
            return Err(Error::type_error(format!(
                "{name}() takes {bound} {required_positional_only} positional argument{} ({given} given)",
                plural(required_positional_only)
            )));
        }
        let mut bound: [Option<Value>; N] = std::array::from_fn(|index| arguments.get(index).cloned());
        let by_name =
            |parameter: &str| keywords.iter().find(|(key, _)| key.as_str() == parameter).map(|(_, value)| value);
        let mut unused = keywords.len();
        let parameters = bound.iter_mut().zip(self.parameters).enumerate();
        for (index, (slot, parameter)) in parameters.skip(given.max(self.positional_only)) {
            match by_name(parameter) {
                Some(value) => {
                    *slot = Some(value.clone());
                    unused -= 1;
                }
                None if index < self.required => {
                    return Err(Error::type_error(format!(
                        "{name}() missing required argument '{parameter}' (pos {})",
                        index + 1
                    )));
                }
                None => {}
            }
        }
        if unused > 0 {
            for index in self.positional_only..given {
                let parameter = self.parameters[index];
                if by_name(parameter).is_some() {
                    return Err(Error::type_error(format!(
                        "argument for {name}() given by name ('{parameter}') and position ({})",
                        index + 1
                    )));
                }
            }
            let keyword_parameters = &self.parameters[self.positional_only..];
            if let Some((key, _)) = keywords.iter().find(|(key, _)| !keyword_parameters.contains(&key.as_str())) {
                return Err(Error::type_error(format!(
                    "'{}' is an invalid keyword argument for {name}()",
                    key.as_str()
                )));
            }
        }
        Ok(bound)
    }
}

/// Checks the arguments of a method that takes only positional arguments.
/// CPython names the type in the fixed-arity messages ("bytes.zfill()
/// takes exactly one argument (0 given)", "int.bit_length() takes no
/// arguments (1 given)") but not in the ranged ones ("center expected at
/// least 1 argument, got 0").
pub(super) fn check_positional(
    owner: &str,
    method: &str,
    arguments: &[Value],
    keywords: Keywords,
    min: usize,
    max: usize,
) -> Result<()> {
    if !keywords.is_empty() {
        return Err(Error::type_error(format!("{owner}.{method}() takes no keyword arguments")));
    }
    if (min..=max).contains(&arguments.len()) {
        return Ok(());
    }
    if min == max && max <= 1 {
        check_arguments(&format!("{owner}.{method}"), arguments, min, max)
    } else {
        check_arguments(method, arguments, min, max)
    }
}

/// The error for a method called through its type with a missing or
/// wrongly typed receiver (`bytes.upper()`, `int.bit_length('a')`).
pub(super) fn receiver_error(owner: &str, method: &str, arguments: &[Value]) -> Error {
    match arguments.first() {
        None => Error::type_error(format!("unbound method {owner}.{method}() needs an argument")),
        Some(other) => Error::type_error(format!(
            "descriptor '{method}' for '{owner}' objects doesn't apply to a '{}' object",
            other.type_name()
        )),
    }
}

/// A value's type as Argument Clinic's messages show it: "must be str,
/// not int", but "not None" rather than "not NoneType".
pub(super) fn clinic_type_name(value: &Value) -> &str {
    if value.is_none() { "None" } else { value.type_name() }
}
