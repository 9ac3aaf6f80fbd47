//! The `random` module: CPython's Mersenne Twister and its algorithms on
//! top of it, step for step, so that after `random.seed(n)` every function
//! gives the numbers CPython gives. `random.Random` objects are native
//! objects of a class whose methods are here; the module's functions are
//! those methods bound to one hidden instance, as in CPython's random.py.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive};

use super::ModuleBuilder;
use crate::ast::BinaryOp;
use crate::builtins::{add_methods, keyword_arguments, no_keywords};
use crate::bytecode::Comparison;
use crate::error::{Error, Result};
use crate::object::bytes::Bytes;
use crate::object::class::Class;
use crate::object::function::{BoundMethod, Keywords, NativeFn};
use crate::object::instance::Instance;
use crate::value::Value;
use crate::vm::Vm;

/// The methods of `random.Random`, which the module also offers as
/// functions bound to its own instance.
const METHODS: &[(&str, NativeFn)] = &[
    ("seed", seed),
    ("random", random),
    ("getrandbits", getrandbits),
    ("randbytes", randbytes),
    ("randrange", randrange),
    ("randint", randint),
    ("choice", choice),
    ("shuffle", shuffle),
    ("sample", sample),
    ("choices", choices),
    ("uniform", uniform),
    ("triangular", triangular),
    ("normalvariate", normalvariate),
    ("gauss", gauss),
    ("lognormvariate", lognormvariate),
    ("expovariate", expovariate),
    ("vonmisesvariate", vonmisesvariate),
    ("gammavariate", gammavariate),
    ("betavariate", betavariate),
    ("paretovariate", paretovariate),
    ("weibullvariate", weibullvariate),
    ("getstate", getstate),
    ("setstate", setstate),
];

pub(crate) fn init(vm: &mut Vm, module: &ModuleBuilder) -> Result<()> {
    let mut class = Class::new("Random", vec![vm.types.object.clone()], None);
    class.module = "random".to_string();
    add_methods(&class, "Random", METHODS, &mut vm.interner);
    add_methods(&class, "Random", &[("__new__", new)], &mut vm.interner);
    let class = Rc::new(class);
    module.set(vm, "Random", Value::Class(class.clone()));
    let mut generator = Generator::new();
    generator.seed_from_os();
    let instance = Value::Instance(Rc::new(Instance::with_native(class.clone(), RefCell::new(generator))));
    module.set(vm, "_inst", instance.clone());
    for (name, _) in METHODS {
        let key = vm.intern(name);
        if let Some(method) = class.lookup(&key) {
            let bound = BoundMethod { receiver: instance.clone(), function: method };
            module.set(vm, name, Value::BoundMethod(Rc::new(bound)));
        }
    }
    Ok(())
}

// ------------------------------------------------------------ the generator

const N: usize = 624;
const M: usize = 397;

/// MT19937, as CPython's `_random` module runs it.
struct Generator {
    state: [u32; N],
    index: usize,
    /// The second value of the last pair `gauss` made.
    gauss_next: Option<f64>,
}

impl Generator {
    fn new() -> Generator {
        let mut generator = Generator { state: [0; N], index: N + 1, gauss_next: None };
        generator.init_genrand(5489);
        generator
    }

    fn init_genrand(&mut self, seed: u32) {
        self.state[0] = seed;
        for i in 1..N {
            let previous = self.state[i - 1];
            self.state[i] = 1812433253u32.wrapping_mul(previous ^ (previous >> 30)).wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19650218);
        let mt = &mut self.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let previous = mt[i - 1];
            mt[i] = (mt[i] ^ (previous ^ (previous >> 30)).wrapping_mul(1664525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let previous = mt[i - 1];
            mt[i] = (mt[i] ^ (previous ^ (previous >> 30)).wrapping_mul(1566083941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        self.gauss_next = None;
    }

    /// Seeds from a non-negative int: its 32-bit words, least significant first.
    fn seed_from_int(&mut self, seed: &BigInt) {
        let mut key = seed.magnitude().to_u32_digits();
        if key.is_empty() {
            key.push(0);
        }
        self.init_by_array(&key);
    }

    /// Seeds from the operating system's randomness, or the time and
    /// process id where there is none.
    fn seed_from_os(&mut self) {
        match os_random_bytes(N * 4) {
            Ok(bytes) => {
                let key: Vec<u32> =
                    bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
                self.init_by_array(&key);
            }
            Err(_) => {
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
                let nanos = now.as_nanos();
                self.init_by_array(&[nanos as u32, (nanos >> 32) as u32, std::process::id(), (nanos >> 64) as u32]);
            }
        }
    }

    fn next_u32(&mut self) -> u32 {
        const MATRIX_A: u32 = 0x9908_b0df;
        const UPPER_MASK: u32 = 0x8000_0000;
        const LOWER_MASK: u32 = 0x7fff_ffff;
        let mag01 = |y: u32| if y & 1 == 1 { MATRIX_A } else { 0 };
        if self.index >= N {
            let mt = &mut self.state;
            for k in 0..N - M {
                let y = (mt[k] & UPPER_MASK) | (mt[k + 1] & LOWER_MASK);
                mt[k] = mt[k + M] ^ (y >> 1) ^ mag01(y);
            }
            for k in N - M..N - 1 {
                let y = (mt[k] & UPPER_MASK) | (mt[k + 1] & LOWER_MASK);
                mt[k] = mt[k + M - N] ^ (y >> 1) ^ mag01(y);
            }
            let y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
            mt[N - 1] = mt[M - 1] ^ (y >> 1) ^ mag01(y);
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// A float in [0, 1) with 53 random bits.
    fn random(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (a as f64 * 67108864.0 + b as f64) * (1.0 / 9007199254740992.0)
    }

    /// `getrandbits(k)` for k <= 64, drawing words as CPython does.
    fn bits_u64(&mut self, k: u64) -> u64 {
        match k {
            0 => 0,
            1..=32 => (self.next_u32() >> (32 - k)) as u64,
            _ => {
                let low = self.next_u32() as u64;
                let high = self.next_u32() >> (64 - k);
                low | ((high as u64) << 32)
            }
        }
    }

    /// `getrandbits(k)` of any size: 32-bit words, least significant
    /// first, the last one cut to the bits left.
    fn bits(&mut self, k: u64) -> BigInt {
        if k <= 64 {
            return BigInt::from(self.bits_u64(k));
        }
        let words = (k - 1) / 32 + 1;
        let mut remaining = k;
        let mut digits = Vec::with_capacity(words as usize);
        for _ in 0..words {
            let mut word = self.next_u32();
            if remaining < 32 {
                word >>= 32 - remaining;
            }
            digits.push(word);
            remaining = remaining.saturating_sub(32);
        }
        BigInt::from_slice(Sign::Plus, &digits)
    }

    /// A random int in [0, n) for n > 0: rejection sampling on
    /// `n.bit_length()` random bits (CPython's `_randbelow_with_getrandbits`).
    fn below(&mut self, n: &BigInt) -> BigInt {
        let k = n.bits();
        if let Some(small) = n.to_u64() {
            let mut r = self.bits_u64(k);
            while r >= small {
                r = self.bits_u64(k);
            }
            return BigInt::from(r);
        }
        let mut r = self.bits(k);
        while &r >= n {
            r = self.bits(k);
        }
        r
    }

    /// `below` for sizes that fit a machine word.
    fn below_usize(&mut self, n: usize) -> usize {
        self.below(&BigInt::from(n)).to_usize().unwrap_or(0)
    }
}

/// Bytes from the operating system's randomness source.
pub(crate) fn os_random_bytes(count: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = vec![0u8; count];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes)
}

// ------------------------------------------------------------ receivers

/// The generator of the Random object a method was called on.
fn generator<'a>(arguments: &'a [Value], method: &str) -> Result<&'a RefCell<Generator>> {
    if let Some(Value::Instance(instance)) = arguments.first()
        && let Some(generator) = instance.native::<RefCell<Generator>>()
    {
        return Ok(generator);
    }
    let given = arguments.first().map_or("nothing", Value::type_name);
    Err(Error::type_error(format!("descriptor '{method}' for 'Random' objects doesn't apply to a '{given}' object")))
}

/// A method's arguments after the receiver: at most one per parameter,
/// at least the first `required`; errors worded as for a method defined
/// in Python (CPython's are).
fn rest<'a>(arguments: &'a [Value], name: &str, parameters: &[&str], required: usize) -> Result<&'a [Value]> {
    let rest = &arguments[1.min(arguments.len())..];
    if rest.len() > parameters.len() {
        let takes = if required == parameters.len() {
            format!("{}", required + 1)
        } else {
            format!("from {} to {}", required + 1, parameters.len() + 1)
        };
        let plural = if parameters.is_empty() { "" } else { "s" };
        return Err(Error::type_error(format!(
            "Random.{name}() takes {takes} positional argument{plural} but {} were given",
            rest.len() + 1
        )));
    }
    if rest.len() < required {
        return Err(missing_arguments(name, &parameters[rest.len()..required]));
    }
    Ok(rest)
}

/// "Random.f() missing 2 required positional arguments: 'a' and 'b'"
fn missing_arguments(name: &str, missing: &[&str]) -> Error {
    let quoted: Vec<String> = missing.iter().map(|name| format!("'{name}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        _ => format!("{}, and {}", quoted[..quoted.len() - 1].join(", "), quoted[quoted.len() - 1]),
    };
    let plural = if missing.len() == 1 { "" } else { "s" };
    Error::type_error(format!("Random.{name}() missing {} required positional argument{plural}: {list}", missing.len()))
}

/// An argument that must be a float (CPython converts with `float()`).
fn real(value: &Value) -> Result<f64> {
    crate::object::number::value_to_float(value)
        .unwrap_or_else(|| Err(Error::type_error(format!("must be real number, not {}", value.type_name()))))
}

/// Random(seed=None)
fn new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("Random", keywords)?;
    let Some(Value::Class(class)) = arguments.first() else {
        return Err(Error::type_error("Random.__new__(X): X is not a type object"));
    };
    if arguments.len() > 2 {
        let given = arguments.len();
        return Err(Error::type_error(format!(
            "Random.__init__() takes from 1 to 2 positional arguments but {given} were given"
        )));
    }
    let mut generator = Generator::new();
    seed_generator(vm, &mut generator, arguments.get(1).unwrap_or(&Value::None))?;
    Ok(Value::Instance(Rc::new(Instance::with_native(class.clone(), RefCell::new(generator)))))
}

// ------------------------------------------------------------ seeding

/// Seeds as `Random.seed(a, version=2)` does: ints by their absolute
/// value, str/bytes with their SHA-512 appended, other hashable values
/// (floats) by their hash.
fn seed_generator(vm: &mut Vm, generator: &mut Generator, seed: &Value) -> Result<()> {
    match seed {
        Value::None => generator.seed_from_os(),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
            generator.seed_from_int(&seed.to_bigint().unwrap_or_default().abs());
        }
        Value::Float(_) => {
            let hash = vm.hash(seed)?;
            generator.seed_from_int(&BigInt::from(hash as u64));
        }
        Value::Str(_) | Value::Bytes(_) | Value::ByteArray(_) => {
            let mut bytes = match seed {
                Value::Str(text) => text.as_str().as_bytes().to_vec(),
                other => other.byte_content().map(|b| b.into_owned()).unwrap_or_default(),
            };
            let digest = sha512(&bytes);
            bytes.extend_from_slice(&digest);
            generator.seed_from_int(&BigInt::from_bytes_be(Sign::Plus, &bytes));
        }
        _ => {
            return Err(Error::type_error(
                "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
            ));
        }
    }
    generator.gauss_next = None;
    Ok(())
}

/// seed(a=None, version=2)
fn seed(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [a, _version] = keyword_arguments("seed", keywords, ["a", "version"])?;
    let cell = generator(arguments, "seed")?;
    let arguments = rest(arguments, "seed", &["a", "version"], 0)?;
    let value = arguments.first().cloned().or(a).unwrap_or(Value::None);
    let mut generator = Generator::new();
    seed_generator(vm, &mut generator, &value)?;
    *cell.borrow_mut() = generator;
    Ok(Value::None)
}

/// getstate(): (3, the 624 words and the position, gauss_next)
fn getstate(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let cell = generator(arguments, "getstate")?;
    rest(arguments, "getstate", &[], 0)?;
    let generator = cell.borrow();
    let mut words: Vec<Value> = generator.state.iter().map(|&word| Value::Int(word as i64)).collect();
    words.push(Value::Int(generator.index as i64));
    let gauss_next = generator.gauss_next.map_or(Value::None, Value::Float);
    Ok(Value::tuple(vec![Value::Int(3), Value::tuple(words), gauss_next]))
}

fn setstate(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let cell = generator(arguments, "setstate")?;
    let arguments = rest(arguments, "setstate", &["state"], 1)?;
    let parts = vm.collect_iterable(arguments[0].clone())?;
    let version = parts.first().and_then(Value::as_i64);
    if parts.len() != 3 || !matches!(version, Some(2 | 3)) {
        let shown = match version {
            Some(version) => version.to_string(),
            None => "?".to_string(),
        };
        return Err(Error::value_error(format!("state with version {shown} passed to Random.setstate() of version 3")));
    }
    let words = vm.collect_iterable(parts[1].clone())?;
    if words.len() != N + 1 {
        return Err(Error::value_error("state vector is the wrong size"));
    }
    let mut generator = cell.borrow_mut();
    for (slot, word) in generator.state.iter_mut().zip(&words) {
        let value = word.to_bigint().ok_or_else(|| Error::type_error("state vector items must be integers"))?;
        *slot = (value & BigInt::from(u32::MAX)).to_u32().unwrap_or(0);
    }
    let index = words[N].as_i64().unwrap_or(-1);
    if !(0..=N as i64).contains(&index) {
        return Err(Error::value_error("invalid state"));
    }
    generator.index = index as usize;
    generator.gauss_next = match &parts[2] {
        Value::None => None,
        other => Some(real(other)?),
    };
    Ok(Value::None)
}

// ------------------------------------------------------------ numbers

fn random(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let cell = generator(arguments, "random")?;
    if arguments.len() > 1 {
        let given = arguments.len() - 1;
        return Err(Error::type_error(format!("Random.random() takes no arguments ({given} given)")));
    }
    Ok(Value::Float(cell.borrow_mut().random()))
}

fn getrandbits(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("getrandbits", keywords)?;
    let cell = generator(arguments, "getrandbits")?;
    if arguments.len() != 2 {
        let given = arguments.len().saturating_sub(1);
        return Err(Error::type_error(format!("Random.getrandbits() takes exactly one argument ({given} given)")));
    }
    let arguments = &arguments[1..];
    let k = crate::builtins::expect_index(&arguments[0])?;
    if k < 0 {
        return Err(Error::value_error("number of bits must be non-negative"));
    }
    Ok(Value::from_bigint(cell.borrow_mut().bits(k as u64)))
}

fn randbytes(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("randbytes", keywords)?;
    let cell = generator(arguments, "randbytes")?;
    let arguments = rest(arguments, "randbytes", &["n"], 1)?;
    let n = crate::builtins::expect_index(&arguments[0])?;
    if n < 0 {
        return Err(Error::value_error("number of bits must be non-negative"));
    }
    let number = cell.borrow_mut().bits(n as u64 * 8);
    let mut bytes = number.to_bytes_le().1;
    bytes.resize(n as usize, 0);
    Ok(Value::Bytes(Rc::new(Bytes::new(bytes))))
}

/// An int argument of randrange; an integral float is accepted (CPython
/// deprecates it), another float is a ValueError naming the argument.
fn range_argument(value: &Value, which: &str) -> Result<BigInt> {
    match value {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => Ok(value.to_bigint().unwrap_or_default()),
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 => {
            Ok(num_traits::FromPrimitive::from_f64(*f).unwrap_or_default())
        }
        Value::Float(f) if f.is_finite() => Err(Error::value_error(format!("non-integer {which} for randrange()"))),
        Value::Float(f) if f.is_nan() => Err(Error::value_error("cannot convert float NaN to integer")),
        Value::Float(_) => Err(Error::overflow("cannot convert float infinity to integer")),
        other => Err(Error::type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

/// The body of randrange(start, stop=None, step=1).
fn random_range(generator: &mut Generator, start: &Value, stop: &Value, step: Option<&Value>) -> Result<BigInt> {
    let start = range_argument(start, "arg 1")?;
    if stop.is_none() {
        if step.is_some() {
            return Err(Error::type_error("Missing a non-None stop argument"));
        }
        if start.is_positive() {
            return Ok(generator.below(&start));
        }
        return Err(Error::value_error("empty range for randrange()"));
    }
    let stop = range_argument(stop, "stop")?;
    let width = &stop - &start;
    let step = match step {
        Some(step) => range_argument(step, "step")?,
        None => BigInt::one(),
    };
    if step.is_one() {
        if width.is_positive() {
            return Ok(&start + generator.below(&width));
        }
        return Err(Error::value_error(format!("empty range for randrange() ({start}, {stop}, {width})")));
    }
    let n = if step.is_positive() {
        (&width + &step - BigInt::one()).div_floor(&step)
    } else if step.is_negative() {
        (&width + &step + BigInt::one()).div_floor(&step)
    } else {
        return Err(Error::value_error("zero step for randrange()"));
    };
    if !n.is_positive() {
        return Err(Error::value_error("empty range for randrange()"));
    }
    Ok(&start + &step * generator.below(&n))
}

fn randrange(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [start_keyword, stop_keyword, step_keyword] =
        keyword_arguments("randrange", keywords, ["start", "stop", "step"])?;
    let cell = generator(arguments, "randrange")?;
    let arguments = rest(arguments, "randrange", &["start", "stop", "step"], 0)?;
    let Some(start) = arguments.first().or(start_keyword.as_ref()) else {
        return Err(Error::type_error("Random.randrange() missing 1 required positional argument: 'start'"));
    };
    let stop = arguments.get(1).or(stop_keyword.as_ref()).unwrap_or(&Value::None);
    let step = arguments.get(2).or(step_keyword.as_ref());
    random_range(&mut cell.borrow_mut(), start, stop, step).map(Value::from_bigint)
}

fn randint(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("randint", keywords)?;
    let cell = generator(arguments, "randint")?;
    let arguments = rest(arguments, "randint", &["a", "b"], 2)?;
    let stop = vm.binary_op(BinaryOp::Add, arguments[1].clone(), Value::Int(1))?;
    random_range(&mut cell.borrow_mut(), &arguments[0], &stop, None).map(Value::from_bigint)
}

fn choice(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("choice", keywords)?;
    let cell = generator(arguments, "choice")?;
    let arguments = rest(arguments, "choice", &["seq"], 1)?;
    let length = vm.length(&arguments[0])?;
    if length == 0 {
        return Err(Error::index_error("Cannot choose from an empty sequence"));
    }
    let index = cell.borrow_mut().below_usize(length);
    vm.get_item(&arguments[0], &Value::from(index))
}

fn shuffle(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("shuffle", keywords)?;
    let cell = generator(arguments, "shuffle")?;
    let arguments = rest(arguments, "shuffle", &["x"], 1)?;
    let sequence = &arguments[0];
    let length = vm.length(sequence)?;
    for i in (1..length).rev() {
        let j = cell.borrow_mut().below_usize(i + 1);
        if let Value::List(list) = sequence {
            list.items.borrow_mut().swap(i, j);
            continue;
        }
        let (at_i, at_j) = (Value::from(i), Value::from(j));
        let (item_i, item_j) = (vm.get_item(sequence, &at_i)?, vm.get_item(sequence, &at_j)?);
        vm.set_item(sequence, at_i, item_j)?;
        vm.set_item(sequence, at_j, item_i)?;
    }
    Ok(Value::None)
}

/// sample(population, k, *, counts=None)
fn sample(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [k_keyword, counts] = keyword_arguments("sample", keywords, ["k", "counts"])?;
    let cell = generator(arguments, "sample")?;
    let receiver = arguments[0].clone();
    let arguments = rest(arguments, "sample", &["population", "k"], 1)?;
    let population = &arguments[0];
    let Some(k) = arguments.get(1).or(k_keyword.as_ref()) else {
        return Err(Error::type_error("Random.sample() missing 1 required positional argument: 'k'"));
    };
    let is_sequence = matches!(
        population,
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_) | Value::Bytes(_) | Value::ByteArray(_)
    );
    if !is_sequence {
        return Err(Error::type_error("Population must be a sequence.  For dicts or sets, use sorted(d)."));
    }
    let n = vm.length(population)?;
    if let Some(counts) = counts.filter(|counts| !counts.is_none()) {
        let mut cumulative = accumulate(vm, counts)?;
        if cumulative.len() != n {
            return Err(Error::value_error("The number of counts does not match the population"));
        }
        let total = cumulative.pop().unwrap_or(Value::Int(0));
        if !total.is_int() {
            return Err(Error::type_error("Counts must be integers"));
        }
        if !total.to_bigint().unwrap_or_default().is_positive() {
            return Err(Error::value_error("Total of counts must be greater than zero"));
        }
        let range = vm.call(&Value::Class(vm.types.range.clone()), &[total], &[])?;
        let selections = sample(vm, &[receiver, range, k.clone()], &[])?;
        let mut result = Vec::new();
        for selection in vm.collect_iterable(selections)? {
            let index = bisect_right(vm, &cumulative, &selection, 0, cumulative.len())?;
            result.push(vm.get_item(population, &Value::from(index))?);
        }
        return Ok(Value::list(result));
    }
    let k = match k {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => k.to_bigint().unwrap_or_default(),
        other => {
            return Err(Error::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                other.type_name()
            )));
        }
    };
    if k.is_negative() || k > BigInt::from(n) {
        return Err(Error::value_error("Sample larger than population or is negative"));
    }
    let k = k.to_usize().unwrap_or(0);
    let mut result = Vec::with_capacity(k);
    let mut set_size = 21usize;
    if k > 5 {
        let exponent = ((k * 3) as f64).ln() / 4f64.ln();
        set_size += 4usize.saturating_pow(exponent.ceil() as u32);
    }
    if n <= set_size {
        let mut pool = vm.collect_iterable(population.clone())?;
        for i in 0..k {
            let j = cell.borrow_mut().below_usize(n - i);
            result.push(pool[j].clone());
            pool[j] = pool[n - i - 1].clone();
        }
    } else {
        let mut selected = std::collections::HashSet::new();
        for _ in 0..k {
            let mut j = cell.borrow_mut().below_usize(n);
            while selected.contains(&j) {
                j = cell.borrow_mut().below_usize(n);
            }
            selected.insert(j);
            result.push(vm.get_item(population, &Value::from(j))?);
        }
    }
    Ok(Value::list(result))
}

/// The running totals of an iterable, by `+` (itertools.accumulate).
fn accumulate(vm: &mut Vm, iterable: Value) -> Result<Vec<Value>> {
    let mut totals: Vec<Value> = Vec::new();
    for item in vm.collect_iterable(iterable)? {
        let total = match totals.last() {
            Some(last) => vm.binary_op(BinaryOp::Add, last.clone(), item)?,
            None => item,
        };
        totals.push(total);
    }
    Ok(totals)
}

/// bisect.bisect_right(items, x, low, high), comparing with `<`.
fn bisect_right(vm: &mut Vm, items: &[Value], x: &Value, mut low: usize, mut high: usize) -> Result<usize> {
    while low < high {
        let middle = (low + high) / 2;
        let less = vm.compare_op(x, &items[middle], Comparison::Lt)?;
        if vm.is_true(&less)? {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    Ok(low)
}

/// choices(population, weights=None, *, cum_weights=None, k=1)
fn choices(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [weights_keyword, cumulative_keyword, k_keyword] =
        keyword_arguments("choices", keywords, ["weights", "cum_weights", "k"])?;
    let cell = generator(arguments, "choices")?;
    let arguments = rest(arguments, "choices", &["population", "weights"], 1)?;
    let population = &arguments[0];
    let k = match k_keyword {
        None => 1,
        Some(k) => match k {
            Value::Int(_) | Value::Bool(_) => k.as_i64().unwrap_or(0).max(0) as usize,
            other => {
                return Err(Error::type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    other.type_name()
                )));
            }
        },
    };
    let n = vm.length(population)?;
    let weights = arguments.get(1).cloned().or(weights_keyword).filter(|w| !w.is_none());
    let cumulative = cumulative_keyword.filter(|w| !w.is_none());
    let cumulative = match (weights, cumulative) {
        (None, None) => {
            let size = n as f64;
            let mut result = Vec::with_capacity(k);
            for _ in 0..k {
                let index = (cell.borrow_mut().random() * size).floor() as usize;
                result.push(vm.get_item(population, &Value::from(index))?);
            }
            return Ok(Value::list(result));
        }
        (Some(weights), None) => match accumulate(vm, weights.clone()) {
            Ok(totals) => totals,
            Err(error) if weights.is_int() && error.is_instance_of(crate::object::exception::ExcKind::TypeError) => {
                let shown = vm.repr(&weights)?;
                return Err(Error::type_error(format!("The number of choices must be a keyword argument: k={shown}")));
            }
            Err(error) => return Err(error),
        },
        (None, Some(cumulative)) => vm.collect_iterable(cumulative)?,
        (Some(_), Some(_)) => return Err(Error::type_error("Cannot specify both weights and cumulative weights")),
    };
    if cumulative.len() != n {
        return Err(Error::value_error("The number of weights does not match the population"));
    }
    let total = vm.binary_op(BinaryOp::Add, cumulative[n - 1].clone(), Value::Float(0.0))?;
    let total = real(&total)?;
    if total <= 0.0 {
        return Err(Error::value_error("Total of weights must be greater than zero"));
    }
    if !total.is_finite() {
        return Err(Error::value_error("Total of weights must be finite"));
    }
    let high = n - 1;
    let mut result = Vec::with_capacity(k);
    for _ in 0..k {
        let x = Value::Float(cell.borrow_mut().random() * total);
        let index = bisect_right(vm, &cumulative, &x, 0, high)?;
        result.push(vm.get_item(population, &Value::from(index))?);
    }
    Ok(Value::list(result))
}

/// uniform(a, b): a + (b - a) * random(), with Python's arithmetic.
fn uniform(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("uniform", keywords)?;
    let cell = generator(arguments, "uniform")?;
    let arguments = rest(arguments, "uniform", &["a", "b"], 2)?;
    let (a, b) = (arguments[0].clone(), arguments[1].clone());
    let width = vm.binary_op(BinaryOp::Sub, b, a.clone())?;
    let r = cell.borrow_mut().random();
    let offset = vm.binary_op(BinaryOp::Mul, width, Value::Float(r))?;
    vm.binary_op(BinaryOp::Add, a, offset)
}

/// triangular(low=0.0, high=1.0, mode=None)
fn triangular(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [low_keyword, high_keyword, mode_keyword] = keyword_arguments("triangular", keywords, ["low", "high", "mode"])?;
    let cell = generator(arguments, "triangular")?;
    let arguments = rest(arguments, "triangular", &["low", "high", "mode"], 0)?;
    let mut low = arguments.first().cloned().or(low_keyword).unwrap_or(Value::Float(0.0));
    let mut high = arguments.get(1).cloned().or(high_keyword).unwrap_or(Value::Float(1.0));
    let mode = arguments.get(2).cloned().or(mode_keyword).unwrap_or(Value::None);
    let mut u = cell.borrow_mut().random();
    let mut c = if mode.is_none() {
        0.5
    } else {
        let numerator = vm.binary_op(BinaryOp::Sub, mode, low.clone())?;
        let denominator = vm.binary_op(BinaryOp::Sub, high.clone(), low.clone())?;
        match vm.binary_op(BinaryOp::TrueDiv, numerator, denominator) {
            Ok(c) => real(&c)?,
            Err(error) if error.is_instance_of(crate::object::exception::ExcKind::ZeroDivisionError) => {
                return Ok(low);
            }
            Err(error) => return Err(error),
        }
    };
    if u > c {
        u = 1.0 - u;
        c = 1.0 - c;
        std::mem::swap(&mut low, &mut high);
    }
    let width = vm.binary_op(BinaryOp::Sub, high, low.clone())?;
    let offset = vm.binary_op(BinaryOp::Mul, width, Value::Float((u * c).sqrt()))?;
    vm.binary_op(BinaryOp::Add, low, offset)
}

/// Float parameters of a distribution, by position or keyword, with
/// defaults (None: required).
fn parameters<const K: usize>(
    arguments: &[Value],
    keywords: Keywords,
    name: &str,
    names: [&str; K],
    defaults: [Option<f64>; K],
) -> Result<[f64; K]> {
    let given = keyword_arguments(name, keywords, names)?;
    let required = defaults.iter().filter(|d| d.is_none()).count();
    let positional = rest(arguments, name, &names, 0)?;
    let mut values = [0.0; K];
    let mut missing = Vec::new();
    for index in 0..K {
        values[index] = match (positional.get(index), &given[index], defaults[index]) {
            (Some(value), _, _) | (None, Some(value), _) => real(value)?,
            (None, None, Some(default)) => default,
            (None, None, None) => {
                missing.push(names[index]);
                0.0
            }
        };
    }
    if !missing.is_empty() && missing.len() <= required {
        return Err(missing_arguments(name, &missing));
    }
    Ok(values)
}

fn normal(generator: &mut Generator, mu: f64, sigma: f64) -> f64 {
    let magic = 4.0 * (-0.5f64).exp() / 2.0f64.sqrt();
    loop {
        let u1 = generator.random();
        let u2 = 1.0 - generator.random();
        let z = magic * (u1 - 0.5) / u2;
        let zz = z * z / 4.0;
        if zz <= -u2.ln() {
            return mu + z * sigma;
        }
    }
}

fn normalvariate(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let cell = generator(arguments, "normalvariate")?;
    let [mu, sigma] = parameters(arguments, keywords, "normalvariate", ["mu", "sigma"], [Some(0.0), Some(1.0)])?;
    Ok(Value::Float(normal(&mut cell.borrow_mut(), mu, sigma)))
}

fn lognormvariate(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let cell = generator(arguments, "lognormvariate")?;
    let [mu, sigma] = parameters(arguments, keywords, "lognormvariate", ["mu", "sigma"], [None, None])?;
    Ok(Value::Float(normal(&mut cell.borrow_mut(), mu, sigma).exp()))
}

fn gauss(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let cell = generator(arguments, "gauss")?;
    let [mu, sigma] = parameters(arguments, keywords, "gauss", ["mu", "sigma"], [Some(0.0), Some(1.0)])?;
    let mut generator = cell.borrow_mut();
    let z = match generator.gauss_next.take() {
        Some(z) => z,
        None => {
            let angle = generator.random() * std::f64::consts::TAU;
            let radius = (-2.0 * (1.0 - generator.random()).ln()).sqrt();
            generator.gauss_next = Some(angle.sin() * radius);
            angle.cos() * radius
        }
    };
    Ok(Value::Float(mu + z * sigma))
}

fn expovariate(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let cell = generator(arguments, "expovariate")?;
    let [lambd] = parameters(arguments, keywords, "expovariate", ["lambd"], [None])?;
    let u = cell.borrow_mut().random();
    if lambd == 0.0 {
        return Err(Error::zero_division("float division by zero"));
    }
    Ok(Value::Float(-(1.0 - u).ln() / lambd))
}

fn vonmisesvariate(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let cell = generator(arguments, "vonmisesvariate")?;
    let [mu, kappa] = parameters(arguments, keywords, "vonmisesvariate", ["mu", "kappa"], [None, None])?;
    let mut generator = cell.borrow_mut();
    let tau = std::f64::consts::TAU;
    if kappa <= 1e-6 {
        return Ok(Value::Float(tau * generator.random()));
    }
    let s = 0.5 / kappa;
    let r = s + (1.0 + s * s).sqrt();
    let z = loop {
        let u1 = generator.random();
        let z = (std::f64::consts::PI * u1).cos();
        let d = z / (r + z);
        let u2 = generator.random();
        if u2 < 1.0 - d * d || u2 <= (1.0 - d) * d.exp() {
            break z;
        }
    };
    let q = 1.0 / r;
    let f = (q + z) / (1.0 + q * z);
    let u3 = generator.random();
    let theta = if u3 > 0.5 { python_modulo(mu + f.acos(), tau) } else { python_modulo(mu - f.acos(), tau) };
    Ok(Value::Float(theta))
}

/// Python's float `%`: the result takes the divisor's sign.
fn python_modulo(a: f64, b: f64) -> f64 {
    crate::object::number::float_divmod(a, b).1
}

fn gamma(generator: &mut Generator, alpha: f64, beta: f64) -> Result<f64> {
    if alpha <= 0.0 || beta <= 0.0 {
        return Err(Error::value_error("gammavariate: alpha and beta must be > 0.0"));
    }
    if alpha > 1.0 {
        let log4 = 4.0f64.ln();
        let sg_magic = 1.0 + 4.5f64.ln();
        let ainv = (2.0 * alpha - 1.0).sqrt();
        let bbb = alpha - log4;
        let ccc = alpha + ainv;
        loop {
            let u1 = generator.random();
            if !(1e-7 < u1 && u1 < 0.9999999) {
                continue;
            }
            let u2 = 1.0 - generator.random();
            let v = (u1 / (1.0 - u1)).ln() / ainv;
            let x = alpha * v.exp();
            let z = u1 * u1 * u2;
            let r = bbb + ccc * v - x;
            if r + sg_magic - 4.5 * z >= 0.0 || r >= z.ln() {
                return Ok(x * beta);
            }
        }
    } else if alpha == 1.0 {
        Ok(-(1.0 - generator.random()).ln() * beta)
    } else {
        let e = std::f64::consts::E;
        let x = loop {
            let u = generator.random();
            let b = (e + alpha) / e;
            let p = b * u;
            let x = if p <= 1.0 { p.powf(1.0 / alpha) } else { -((b - p) / alpha).ln() };
            let u1 = generator.random();
            if p > 1.0 {
                if u1 <= x.powf(alpha - 1.0) {
                    break x;
                }
            } else if u1 <= (-x).exp() {
                break x;
            }
        };
        Ok(x * beta)
    }
}

fn gammavariate(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let cell = generator(arguments, "gammavariate")?;
    let [alpha, beta] = parameters(arguments, keywords, "gammavariate", ["alpha", "beta"], [None, None])?;
    Ok(Value::Float(gamma(&mut cell.borrow_mut(), alpha, beta)?))
}

fn betavariate(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let cell = generator(arguments, "betavariate")?;
    let [alpha, beta] = parameters(arguments, keywords, "betavariate", ["alpha", "beta"], [None, None])?;
    let mut generator = cell.borrow_mut();
    let y = gamma(&mut generator, alpha, 1.0)?;
    if y != 0.0 {
        return Ok(Value::Float(y / (y + gamma(&mut generator, beta, 1.0)?)));
    }
    Ok(Value::Float(0.0))
}

fn paretovariate(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let cell = generator(arguments, "paretovariate")?;
    let [alpha] = parameters(arguments, keywords, "paretovariate", ["alpha"], [None])?;
    let u = 1.0 - cell.borrow_mut().random();
    Ok(Value::Float(u.powf(-1.0 / alpha)))
}

fn weibullvariate(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let cell = generator(arguments, "weibullvariate")?;
    let [alpha, beta] = parameters(arguments, keywords, "weibullvariate", ["alpha", "beta"], [None, None])?;
    let u = 1.0 - cell.borrow_mut().random();
    Ok(Value::Float(alpha * (-u.ln()).powf(1.0 / beta)))
}

// ------------------------------------------------------------ SHA-512

/// SHA-512 (FIPS 180-4), for seeding from str and bytes as CPython does.
fn sha512(message: &[u8]) -> [u8; 64] {
    const K: [u64; 80] = [
        0x428a2f98d728ae22,
        0x7137449123ef65cd,
        0xb5c0fbcfec4d3b2f,
        0xe9b5dba58189dbbc,
        0x3956c25bf348b538,
        0x59f111f1b605d019,
        0x923f82a4af194f9b,
        0xab1c5ed5da6d8118,
        0xd807aa98a3030242,
        0x12835b0145706fbe,
        0x243185be4ee4b28c,
        0x550c7dc3d5ffb4e2,
        0x72be5d74f27b896f,
        0x80deb1fe3b1696b1,
        0x9bdc06a725c71235,
        0xc19bf174cf692694,
        0xe49b69c19ef14ad2,
        0xefbe4786384f25e3,
        0x0fc19dc68b8cd5b5,
        0x240ca1cc77ac9c65,
        0x2de92c6f592b0275,
        0x4a7484aa6ea6e483,
        0x5cb0a9dcbd41fbd4,
        0x76f988da831153b5,
        0x983e5152ee66dfab,
        0xa831c66d2db43210,
        0xb00327c898fb213f,
        0xbf597fc7beef0ee4,
        0xc6e00bf33da88fc2,
        0xd5a79147930aa725,
        0x06ca6351e003826f,
        0x142929670a0e6e70,
        0x27b70a8546d22ffc,
        0x2e1b21385c26c926,
        0x4d2c6dfc5ac42aed,
        0x53380d139d95b3df,
        0x650a73548baf63de,
        0x766a0abb3c77b2a8,
        0x81c2c92e47edaee6,
        0x92722c851482353b,
        0xa2bfe8a14cf10364,
        0xa81a664bbc423001,
        0xc24b8b70d0f89791,
        0xc76c51a30654be30,
        0xd192e819d6ef5218,
        0xd69906245565a910,
        0xf40e35855771202a,
        0x106aa07032bbd1b8,
        0x19a4c116b8d2d0c8,
        0x1e376c085141ab53,
        0x2748774cdf8eeb99,
        0x34b0bcb5e19b48a8,
        0x391c0cb3c5c95a63,
        0x4ed8aa4ae3418acb,
        0x5b9cca4f7763e373,
        0x682e6ff3d6b2b8a3,
        0x748f82ee5defb2fc,
        0x78a5636f43172f60,
        0x84c87814a1f0ab72,
        0x8cc702081a6439ec,
        0x90befffa23631e28,
        0xa4506cebde82bde9,
        0xbef9a3f7b2c67915,
        0xc67178f2e372532b,
        0xca273eceea26619c,
        0xd186b8c721c0c207,
        0xeada7dd6cde0eb1e,
        0xf57d4f7fee6ed178,
        0x06f067aa72176fba,
        0x0a637dc5a2c898a6,
        0x113f9804bef90dae,
        0x1b710b35131c471b,
        0x28db77f523047d84,
        0x32caab7b40c72493,
        0x3c9ebe0a15c9bebc,
        0x431d67c49c100d4c,
        0x4cc5d4becb3e42b6,
        0x597f299cfc657e2a,
        0x5fcb6fab3ad6faec,
        0x6c44198c4a475817,
    ];
    let mut hash: [u64; 8] = [
        0x6a09e667f3bcc908,
        0xbb67ae8584caa73b,
        0x3c6ef372fe94f82b,
        0xa54ff53a5f1d36f1,
        0x510e527fade682d1,
        0x9b05688c2b3e6c1f,
        0x1f83d9abfb41bd6b,
        0x5be0cd19137e2179,
    ];
    let mut padded = message.to_vec();
    padded.push(0x80);
    while padded.len() % 128 != 112 {
        padded.push(0);
    }
    padded.extend_from_slice(&((message.len() as u128) * 8).to_be_bytes());
    for block in padded.chunks_exact(128) {
        let mut w = [0u64; 80];
        for (t, word) in block.chunks_exact(8).enumerate() {
            w[t] = u64::from_be_bytes(word.try_into().expect("8 bytes"));
        }
        for t in 16..80 {
            let s0 = w[t - 15].rotate_right(1) ^ w[t - 15].rotate_right(8) ^ (w[t - 15] >> 7);
            let s1 = w[t - 2].rotate_right(19) ^ w[t - 2].rotate_right(61) ^ (w[t - 2] >> 6);
            w[t] = w[t - 16].wrapping_add(s0).wrapping_add(w[t - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = hash;
        for t in 0..80 {
            let s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
            let choose = (e & f) ^ (!e & g);
            let temp1 = h.wrapping_add(s1).wrapping_add(choose).wrapping_add(K[t]).wrapping_add(w[t]);
            let s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
            let majority = (a & b) ^ (a & c) ^ (b & c);
            let temp2 = s0.wrapping_add(majority);
            h = g;
            g = f;
            f = e;
            e = d.wrapping_add(temp1);
            d = c;
            c = b;
            b = a;
            a = temp1.wrapping_add(temp2);
        }
        for (slot, value) in hash.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *slot = slot.wrapping_add(value);
        }
    }
    let mut digest = [0u8; 64];
    for (chunk, word) in digest.chunks_exact_mut(8).zip(hash) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    digest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha512_of_abc() {
        let digest = sha512(b"abc");
        assert_eq!(digest[..4], [0xdd, 0xaf, 0x35, 0xa1]);
        assert_eq!(digest[60..], [0xa5, 0x4c, 0xa4, 0x9f]);
    }

    #[test]
    fn seeded_like_cpython() {
        // random.seed(42); random.random() in CPython.
        let mut generator = Generator::new();
        generator.seed_from_int(&BigInt::from(42));
        assert_eq!(generator.random(), 0.6394267984578837);
    }
}
