//! Calls: from the dispatch loop (arguments already on the stack) and from
//! native code (`Vm::call`), argument binding with Python's rules and
//! messages, and calling a class to make an instance.

use std::rc::Rc;

use super::{FrameKind, Vm};
use crate::error::{Error, Result};
use crate::object::class::Class;
use crate::object::exception::ExceptionObject;
use crate::object::function::Function;
use crate::object::instance::Instance;
use crate::object::string::Str;
use crate::object::tuple::Tuple;
use crate::value::{Value, discard};

impl Vm {
    /// `Call`/`CallMethod`: the callable sits under `count` arguments
    /// (a method's receiver counted), keyword values last when `KwNames`
    /// named them; a method call whose receiver slot is NULL has one
    /// argument less. Returns true when a frame was pushed.
    pub(crate) fn call_from_stack(&mut self, count: usize, method: bool) -> Result<bool> {
        let keyword_names = self.keyword_names.take();
        let callable_position = self.stack.len() - count - 1;
        if method && self.stack[callable_position + 1].is_null() {
            self.stack.remove(callable_position + 1);
        }
        let callable = self.stack[callable_position].clone();
        self.call_on_stack(callable, callable_position + 1, callable_position, keyword_names)
    }

    /// Calls `callable` with the arguments at `stack[arguments_start..]`.
    fn call_on_stack(
        &mut self,
        callable: Value,
        arguments_start: usize,
        return_to: usize,
        keyword_names: Option<Rc<Tuple>>,
    ) -> Result<bool> {
        match callable {
            Value::Function(function) => {
                self.push_function_frame(function, arguments_start, return_to, keyword_names, FrameKind::Call)
            }
            Value::Class(class) if let Some(init) = self.frame_initializer(&class) => {
                // The instance takes the callable's place (the call's value)
                // and goes in front of the arguments as `self`.
                let instance = Value::Instance(Instance::new(class));
                let mut arguments_start = arguments_start;
                if arguments_start == return_to {
                    self.stack.insert(return_to, instance.clone());
                    arguments_start += 1;
                } else {
                    discard(self.stack.replace_with_copy(return_to, &instance));
                }
                self.stack.insert_moved(arguments_start, instance);
                self.push_function_frame(init, arguments_start, arguments_start, keyword_names, FrameKind::Init)
            }
            Value::Native(native) => {
                let mut arguments = self.stack.split_off(arguments_start);
                let keywords = split_keywords(&mut arguments, keyword_names.as_deref());
                self.stack.truncate(return_to);
                let result = (native.function)(self, &arguments, &keywords)?;
                self.stack.push(result);
                Ok(false)
            }
            Value::BoundMethod(method) => {
                // Put the receiver in front of the arguments.
                self.stack.insert(arguments_start, method.receiver.clone());
                self.call_on_stack(method.function.clone(), arguments_start, return_to, keyword_names)
            }
            other => {
                let mut arguments = self.stack.split_off(arguments_start);
                let keywords = split_keywords(&mut arguments, keyword_names.as_deref());
                self.stack.truncate(return_to);
                let result = self.call_other(&other, arguments, &keywords)?;
                self.stack.push(result);
                Ok(false)
            }
        }
    }

    /// Binds the arguments at `stack[arguments_start..]` to a function's
    /// slots and pushes its frame.
    fn push_function_frame(
        &mut self,
        function: Rc<Function>,
        arguments_start: usize,
        return_to: usize,
        keyword_names: Option<Rc<Tuple>>,
        kind: FrameKind,
    ) -> Result<bool> {
        let code = &function.code;
        let given = self.stack.len() - arguments_start;
        let simple = keyword_names.is_none()
            && given == code.arg_count as usize
            && code.keyword_only_count == 0
            && !code.flags.varargs
            && !code.flags.varkeywords;
        if simple {
            self.stack.resize(arguments_start + code.slot_count(), Value::Null);
        } else {
            let arguments = self.stack.split_off(arguments_start);
            let slots = self.bind_arguments(&function, arguments, keyword_names.as_deref())?;
            self.stack.extend(slots);
        }
        self.enter_function(function, arguments_start, return_to, kind)
    }

    /// Pushes the frame of a function whose positional arguments are on
    /// the stack from `arguments_start`; its result goes to `return_to`.
    pub(crate) fn enter_function_with_arguments(
        &mut self,
        function: Rc<Function>,
        arguments_start: usize,
        return_to: usize,
    ) -> Result<bool> {
        self.push_function_frame(function, arguments_start, return_to, None, FrameKind::Call)
    }

    /// `CallEx`: `[callable, args tuple, kwargs dict?]`.
    pub(crate) fn call_unpacked(&mut self, has_keywords: bool) -> Result<bool> {
        let keywords = if has_keywords { Vm::dict_of_mapping(self.pop()) } else { Value::None };
        let arguments = self.pop();
        let callable = self.pop();
        let return_to = self.stack.len();
        let mut values = match arguments {
            Value::Tuple(tuple) => tuple.items.to_vec(),
            other if self.is_iterable(&other) => self.collect_iterable(other)?,
            other => {
                return Err(Error::type_error(format!(
                    "{} argument after * must be an iterable, not {}",
                    self.function_description(&callable),
                    other.type_name()
                )));
            }
        };
        let mut names = Vec::new();
        match keywords {
            Value::Dict(dict) => {
                for (key, value) in dict.table.borrow().iter() {
                    let Value::Str(name) = key else {
                        return Err(Error::type_error("keywords must be strings"));
                    };
                    names.push(Value::Str(name.clone()));
                    values.push(value.clone());
                }
            }
            Value::None => {}
            other => {
                return Err(Error::type_error(format!(
                    "{} argument after ** must be a mapping, not {}",
                    self.function_description(&callable),
                    other.type_name()
                )));
            }
        }
        let keyword_names = if names.is_empty() { None } else { Some(Rc::new(Tuple::new(names))) };
        let arguments_start = self.stack.len();
        self.stack.extend(values);
        self.call_on_stack(callable, arguments_start, return_to, keyword_names)
    }

    /// Calls any callable from native code and waits for its result.
    pub fn call(&mut self, callable: &Value, arguments: &[Value], keywords: &[(Rc<Str>, Value)]) -> Result<Value> {
        match callable {
            Value::Native(native) => (native.function)(self, arguments, keywords),
            Value::Function(function) => self.call_function(function.clone(), arguments.to_vec(), keywords),
            Value::BoundMethod(method) => {
                let mut with_receiver = Vec::with_capacity(arguments.len() + 1);
                with_receiver.push(method.receiver.clone());
                with_receiver.extend_from_slice(arguments);
                self.call(&method.function.clone(), &with_receiver, keywords)
            }
            other => self.call_other(other, arguments.to_vec(), keywords),
        }
    }

    /// Runs a script function to completion from native code.
    fn call_function(
        &mut self,
        function: Rc<Function>,
        arguments: Vec<Value>,
        keywords: &[(Rc<Str>, Value)],
    ) -> Result<Value> {
        let return_to = self.stack.len();
        if keywords.is_empty() && function.code.simple_arity == Some(arguments.len() as u32) {
            // Positional arguments that fill the parameters exactly.
            self.stack.extend(arguments);
            self.stack.resize(return_to + function.code.slot_count(), Value::Null);
        } else {
            let mut all = arguments;
            let keyword_names = if keywords.is_empty() {
                None
            } else {
                all.extend(keywords.iter().map(|(_, value)| value.clone()));
                Some(Rc::new(Tuple::new(keywords.iter().map(|(name, _)| Value::Str(name.clone())).collect())))
            };
            let slots = self.bind_arguments(&function, all, keyword_names.as_deref())?;
            self.stack.extend(slots);
        }
        self.native_depth += 1;
        let result = match self.enter_function(function, return_to, return_to, FrameKind::Entry) {
            Ok(true) => self.execute(),
            // A generator function's call made the generator: it is on top.
            Ok(false) => Ok(self.pop()),
            Err(error) => Err(error),
        };
        self.native_depth -= 1;
        result
    }

    /// Calls what is neither a function nor a native: classes (to make an
    /// instance), and reports what cannot be called.
    fn call_other(&mut self, callable: &Value, arguments: Vec<Value>, keywords: &[(Rc<Str>, Value)]) -> Result<Value> {
        match callable {
            Value::Class(class) => self.instantiate(class, arguments, keywords),
            Value::Instance(instance) if let Some(method) = instance.class.lookup(&self.names.call) => {
                self.call_special_with_keywords(callable, method, &arguments, keywords)
            }
            other => Err(Error::type_error(format!("'{}' object is not callable", other.type_name()))),
        }
    }

    /// `Class(...)`: builtin types construct through their `__new__`
    /// native; exception classes build an exception object.
    pub(crate) fn instantiate(
        &mut self,
        class: &Rc<Class>,
        arguments: Vec<Value>,
        keywords: &[(Rc<Str>, Value)],
    ) -> Result<Value> {
        if class.is_exception_class() {
            return self.instantiate_exception(class, arguments, keywords);
        }
        if class.is_user_defined {
            return self.instantiate_script_class(class, arguments, keywords);
        }
        let constructor_name = self.intern("__new__");
        match class.lookup(&constructor_name) {
            Some(Value::Native(constructor)) => {
                let mut with_class = Vec::with_capacity(arguments.len() + 1);
                with_class.push(Value::Class(class.clone()));
                with_class.extend(arguments);
                (constructor.function)(self, &with_class, keywords)
            }
            _ => Err(Error::type_error(format!("cannot create '{}' instances", class.name()))),
        }
    }

    /// An exception object: `args` are the arguments, then a script
    /// class's `__init__` runs.
    fn instantiate_exception(
        &mut self,
        class: &Rc<Class>,
        arguments: Vec<Value>,
        keywords: &[(Rc<Str>, Value)],
    ) -> Result<Value> {
        let init = class.lookup(&self.names.init).filter(|init| !matches!(init, Value::Native(_)));
        let exception = if class.is_builtin_exception_subclass(crate::object::exception::ExcKind::BaseExceptionGroup) {
            crate::builtins::new_exception_group(self, class, arguments.clone())?
        } else if class.is_builtin_exception_subclass(crate::object::exception::ExcKind::OSError) {
            crate::builtins::new_os_error(self, class, arguments.clone())
        } else {
            ExceptionObject::new(class.clone(), Value::tuple(arguments.clone()))
        };
        if init.is_none() {
            crate::builtins::set_keyword_attributes(class, &exception, keywords)?;
        }
        let exception = Value::Exception(Rc::new(exception));
        if let Some(init) = init {
            let result = self.call_special_with_keywords(&exception, init, &arguments, keywords)?;
            if !result.is_none() {
                return Err(Error::type_error(format!("__init__() should return None, not '{}'", result.type_name())));
            }
        }
        Ok(exception)
    }

    /// Binds call arguments to a function's slots with Python's rules.
    pub(crate) fn bind_arguments(
        &mut self,
        function: &Function,
        mut arguments: Vec<Value>,
        keyword_names: Option<&Tuple>,
    ) -> Result<Vec<Value>> {
        let code = &function.code;
        let keyword_count = keyword_names.map_or(0, |names| names.len());
        let keyword_values = arguments.split_off(arguments.len() - keyword_count);
        let positional = arguments;
        let arg_count = code.arg_count as usize;
        let keyword_only = code.keyword_only_count as usize;
        let mut slots = vec![Value::Null; code.slot_count()];
        let varargs_slot = arg_count + keyword_only;
        let varkw_slot = varargs_slot + code.flags.varargs as usize;
        let qualname = code.qualname.as_str();

        let taken = positional.len().min(arg_count);
        let given_positional = positional.len();
        let mut positional = positional.into_iter();
        for slot in slots.iter_mut().take(taken) {
            *slot = positional.next().unwrap_or(Value::Null);
        }
        let extra: Vec<Value> = positional.collect();
        if code.flags.varargs {
            slots[varargs_slot] = Value::tuple(extra);
        } else if !extra.is_empty() {
            let keyword_only_given = keyword_names.map_or(0, |names| {
                names
                    .items
                    .iter()
                    .filter(|name| {
                        let name = name.as_str().unwrap_or("");
                        code.slot_names[arg_count..arg_count + keyword_only].iter().any(|n| n.as_str() == name)
                    })
                    .count()
            });
            return Err(too_many_positional(
                qualname,
                arg_count,
                function.defaults.len(),
                given_positional,
                keyword_only_given,
            ));
        }

        let mut extra_keywords: Vec<(Value, Value)> = Vec::new();
        let mut positional_only_misuse: Vec<String> = Vec::new();
        if let Some(names) = keyword_names {
            for (name, value) in names.items.iter().zip(keyword_values) {
                let text = name.as_str().unwrap_or("");
                let position =
                    code.slot_names[..arg_count + keyword_only].iter().position(|slot_name| slot_name.as_str() == text);
                match position {
                    Some(index) if index >= code.positional_only_count as usize => {
                        if !slots[index].is_null() {
                            return Err(Error::type_error(format!(
                                "{qualname}() got multiple values for argument '{text}'"
                            )));
                        }
                        slots[index] = value;
                    }
                    Some(_) if !code.flags.varkeywords => positional_only_misuse.push(text.to_string()),
                    _ if code.flags.varkeywords => extra_keywords.push((name.clone(), value)),
                    _ => {
                        return Err(Error::type_error(format!(
                            "{qualname}() got an unexpected keyword argument '{text}'"
                        )));
                    }
                }
            }
        }
        if !positional_only_misuse.is_empty() {
            return Err(Error::type_error(format!(
                "{qualname}() got some positional-only arguments passed as keyword arguments: '{}'",
                positional_only_misuse.join(", ")
            )));
        }
        if code.flags.varkeywords {
            let dict = self.new_dict_from_pairs(extra_keywords)?;
            slots[varkw_slot] = dict;
        }

        let first_default = arg_count - function.defaults.len().min(arg_count);
        let mut missing = Vec::new();
        for (index, slot) in slots.iter_mut().enumerate().take(arg_count) {
            if slot.is_null() {
                if index >= first_default {
                    *slot = function.defaults[index - first_default].clone();
                } else {
                    missing.push(code.slot_names[index].as_str().to_string());
                }
            }
        }
        if !missing.is_empty() {
            return Err(missing_arguments(qualname, &missing, "positional"));
        }
        let keyword_slots = slots.iter_mut().zip(&code.slot_names).skip(arg_count).take(keyword_only);
        for (slot, name) in keyword_slots {
            if slot.is_null() {
                match function.keyword_defaults.iter().find(|(n, _)| n.as_str() == name.as_str()) {
                    Some((_, default)) => *slot = default.clone(),
                    None => missing.push(name.as_str().to_string()),
                }
            }
        }
        if !missing.is_empty() {
            return Err(missing_arguments(qualname, &missing, "keyword-only"));
        }
        Ok(slots)
    }

    /// How CPython names a callable in call errors: `__main__.f()`,
    /// `print()`, `list.append()`, or `'int' object`.
    pub(crate) fn function_description(&mut self, callable: &Value) -> String {
        match callable {
            Value::Function(function) => {
                let module_name = self.intern("__name__");
                let module = function.globals.get_str(&module_name);
                match module.as_ref().and_then(Value::as_str) {
                    Some(module) if module != "builtins" => format!("{module}.{}()", function.code.qualname.as_str()),
                    _ => format!("{}()", function.code.qualname.as_str()),
                }
            }
            Value::Native(native) => format!("{}()", native.qualified_name()),
            Value::BoundMethod(method) => self.function_description(&method.function.clone()),
            Value::Class(class) => format!("{}()", class.name()),
            other => format!("{} object", other.type_name()),
        }
    }

    /// Checks a value is an exception class or an instance of one, for
    /// `except` clauses.
    pub(crate) fn exception_matches(&mut self, exception: &Value, class: &Value) -> Result<bool> {
        let not_allowed =
            || Error::type_error("catching classes that do not inherit from BaseException is not allowed");
        let Value::Exception(exception) = exception else { return Ok(false) };
        // A tuple of classes, one level deep (nested tuples are rejected).
        let candidates: Vec<Value> = match class {
            Value::Tuple(classes) => classes.items.to_vec(),
            other => vec![other.clone()],
        };
        for candidate in &candidates {
            if !matches!(candidate, Value::Class(class) if is_exception_class(class)) {
                return Err(not_allowed());
            }
        }
        Ok(candidates.iter().any(|candidate| match candidate {
            Value::Class(class) => exception.class.is_subclass(class),
            _ => false,
        }))
    }
}

pub(crate) fn is_exception_class(class: &Rc<Class>) -> bool {
    class.exception_kind.is_some() || class.mro.iter().any(|c| c.exception_kind.is_some())
}

/// Splits keyword values off the end of an argument list.
fn split_keywords(arguments: &mut Vec<Value>, keyword_names: Option<&Tuple>) -> Vec<(Rc<Str>, Value)> {
    let Some(names) = keyword_names else { return Vec::new() };
    let values = arguments.split_off(arguments.len() - names.len());
    names
        .items
        .iter()
        .zip(values)
        .filter_map(|(name, value)| match name {
            Value::Str(name) => Some((name.clone(), value)),
            _ => None,
        })
        .collect()
}

/// "f() takes 2 positional arguments but 3 were given" and its variants.
fn too_many_positional(
    qualname: &str,
    arg_count: usize,
    defaults: usize,
    given: usize,
    keyword_only_given: usize,
) -> Error {
    let takes = if defaults > 0 && defaults <= arg_count && defaults != 0 {
        format!("from {} to {}", arg_count - defaults.min(arg_count), arg_count)
    } else {
        arg_count.to_string()
    };
    let plural = if arg_count == 1 && defaults == 0 { "" } else { "s" };
    let was = if given == 1 { "was" } else { "were" };
    if keyword_only_given > 0 {
        let keyword_plural = if keyword_only_given == 1 { "" } else { "s" };
        let given_plural = if given == 1 { "" } else { "s" };
        return Error::type_error(format!(
            "{qualname}() takes {takes} positional argument{plural} but {given} positional argument{given_plural} (and {keyword_only_given} keyword-only argument{keyword_plural}) were given"
        ));
    }
    Error::type_error(format!("{qualname}() takes {takes} positional argument{plural} but {given} {was} given"))
}

/// "f() missing 2 required positional arguments: 'a' and 'b'"
fn missing_arguments(qualname: &str, names: &[String], kind: &str) -> Error {
    let quoted: Vec<String> = names.iter().map(|name| format!("'{name}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        _ => format!("{}, and {}", quoted[..quoted.len() - 1].join(", "), quoted[quoted.len() - 1]),
    };
    let plural = if names.len() == 1 { "" } else { "s" };
    Error::type_error(format!("{qualname}() missing {} required {kind} argument{plural}: {list}", names.len()))
}
