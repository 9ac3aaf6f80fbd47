//! The `math` module, with CPython's results and errors: float functions
//! go to the C library as CPython's do (so results agree to the last
//! bit), and their errors are judged the way CPython's `math_1`/`math_2`
//! judge them ("math domain error" for a NaN out of a number, "math range
//! error" for an overflow). Integer functions (`factorial`, `comb`, `gcd`,
//! `isqrt`, ...) are exact on big ints; `fsum` and `hypot` use CPython's
//! algorithms.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::ModuleBuilder;
use crate::ast::BinaryOp;
use crate::builtins::{check_arguments, keyword_arguments, no_keywords};
use crate::error::{Error, Result};
use crate::object::function::Keywords;
use crate::object::number::int_to_float;
use crate::value::Value;
use crate::vm::Vm;

pub(crate) fn init(vm: &mut Vm, module: &ModuleBuilder) -> Result<()> {
    module.set(vm, "pi", Value::Float(std::f64::consts::PI));
    module.set(vm, "e", Value::Float(std::f64::consts::E));
    module.set(vm, "tau", Value::Float(std::f64::consts::TAU));
    module.set(vm, "inf", Value::Float(f64::INFINITY));
    module.set(vm, "nan", Value::Float(f64::NAN));
    module.functions(
        vm,
        &[
            ("acos", acos),
            ("acosh", acosh),
            ("asin", asin),
            ("asinh", asinh),
            ("atan", atan),
            ("atan2", atan2),
            ("atanh", atanh),
            ("cbrt", cbrt),
            ("ceil", ceil),
            ("comb", comb),
            ("copysign", copysign),
            ("cos", cos),
            ("cosh", cosh),
            ("degrees", degrees),
            ("dist", dist),
            ("exp", exp),
            ("exp2", exp2),
            ("expm1", expm1),
            ("fabs", fabs),
            ("factorial", factorial),
            ("floor", floor),
            ("fmod", fmod),
            ("frexp", frexp),
            ("fsum", fsum),
            ("gcd", gcd),
            ("hypot", hypot),
            ("isclose", isclose),
            ("isfinite", isfinite),
            ("isinf", isinf),
            ("isnan", isnan),
            ("isqrt", isqrt),
            ("lcm", lcm),
            ("ldexp", ldexp),
            ("log", log),
            ("log10", log10),
            ("log1p", log1p),
            ("log2", log2),
            ("modf", modf),
            ("nextafter", nextafter),
            ("perm", perm),
            ("pow", pow),
            ("prod", prod),
            ("radians", radians),
            ("remainder", remainder),
            ("sin", sin),
            ("sinh", sinh),
            ("sqrt", sqrt),
            ("tan", tan),
            ("tanh", tanh),
            ("trunc", trunc),
            ("ulp", ulp),
        ],
    );
    Ok(())
}

// ------------------------------------------------------------ helpers

/// Rust's `asinh`, `acosh` and `atanh` are its own formulas, and its
/// `cbrt` a port of another C library's; CPython's are glibc's, and
/// results must agree to the last bit.
mod libm {
    unsafe extern "C" {
        #[link_name = "asinh"]
        fn c_asinh(x: f64) -> f64;
        #[link_name = "acosh"]
        fn c_acosh(x: f64) -> f64;
        #[link_name = "atanh"]
        fn c_atanh(x: f64) -> f64;
    }

    /// The cube root as glibc computes it (its generic `s_cbrt.c`): the
    /// cbrt Rust links is a port of another library's, which differs in
    /// the last bit for many inputs. The constants are written as glibc
    /// writes them.
    #[allow(clippy::excessive_precision)]
    pub fn cbrt(x: f64) -> f64 {
        const CUBE_ROOT_2: f64 = 1.259_921_049_894_873_164_8;
        const SQUARED_CUBE_ROOT_2: f64 = 1.587_401_051_968_199_474_8;
        const FACTOR: [f64; 5] = [1.0 / SQUARED_CUBE_ROOT_2, 1.0 / CUBE_ROOT_2, 1.0, CUBE_ROOT_2, SQUARED_CUBE_ROOT_2];
        if x == 0.0 || !x.is_finite() {
            return x + x;
        }
        let (xm, xe) = super::split_float(x.abs());
        let u = 0.354_895_765_043_919_86
            + ((1.508_191_937_815_848_96
                + ((-2.114_994_941_673_712_87
                    + ((2.446_931_225_635_344_3
                        + ((-1.834_692_774_836_130_86
                            + (0.784_932_344_976_639_262 - 0.145_263_899_385_486_377 * xm) * xm)
                            * xm))
                        * xm))
                    * xm))
                * xm);
        let t2 = u * u * u;
        let ym = u * (t2 + 2.0 * xm) / (2.0 * t2 + xm) * FACTOR[(2 + xe % 3) as usize];
        super::scale_by_power_of_two(if x > 0.0 { ym } else { -ym }, (xe / 3) as i64)
    }

    pub fn asinh(x: f64) -> f64 {
        // SAFETY: a pure C library function of one double.
        unsafe { c_asinh(x) }
    }

    pub fn acosh(x: f64) -> f64 {
        // SAFETY: a pure C library function of one double.
        unsafe { c_acosh(x) }
    }

    pub fn atanh(x: f64) -> f64 {
        // SAFETY: a pure C library function of one double.
        unsafe { c_atanh(x) }
    }
}

fn domain_error() -> Error {
    Error::value_error("math domain error")
}

fn range_error() -> Error {
    Error::overflow("math range error")
}

/// A real-number argument as a float (CPython's `PyFloat_AsDouble`).
fn real(value: &Value) -> Result<f64> {
    match value {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::BigInt(b) => int_to_float(b),
        other => Err(Error::type_error(format!("must be real number, not {}", other.type_name()))),
    }
}

/// An integer argument (CPython's `__index__`).
fn integer(value: &Value) -> Result<BigInt> {
    value
        .to_bigint()
        .ok_or_else(|| Error::type_error(format!("'{}' object cannot be interpreted as an integer", value.type_name())))
}

/// The single argument of a one-argument function (`math.sqrt(x)`).
fn one<'a>(name: &str, arguments: &'a [Value], keywords: Keywords) -> Result<&'a Value> {
    no_keywords(&format!("math.{name}"), keywords)?;
    check_arguments(&format!("math.{name}"), arguments, 1, 1)?;
    Ok(&arguments[0])
}

/// The two arguments of a two-argument function (`math.atan2(y, x)`).
fn two<'a>(name: &str, arguments: &'a [Value], keywords: Keywords) -> Result<(&'a Value, &'a Value)> {
    no_keywords(name, keywords)?;
    check_arguments(name, arguments, 2, 2)?;
    Ok((&arguments[0], &arguments[1]))
}

/// CPython's `math_1`: a NaN from a number is a domain error; an infinity
/// from a finite number is an overflow where the function can overflow,
/// else a domain error (a pole, like `atanh(1)`).
fn math_1(x: f64, function: fn(f64) -> f64, can_overflow: bool) -> Result<Value> {
    let result = function(x);
    if result.is_nan() && !x.is_nan() {
        return Err(domain_error());
    }
    if result.is_infinite() && x.is_finite() {
        return Err(if can_overflow { range_error() } else { domain_error() });
    }
    Ok(Value::Float(result))
}

/// CPython's `math_2`, for functions of two floats.
fn math_2(x: f64, y: f64, function: fn(f64, f64) -> f64) -> Result<Value> {
    let result = function(x, y);
    if result.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error());
    }
    if result.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range_error());
    }
    Ok(Value::Float(result))
}

/// A float function of one argument with `math_1`'s error rules.
macro_rules! float_function {
    ($name:ident, $function:expr, $can_overflow:expr) => {
        fn $name(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
            let x = real(one(stringify!($name), arguments, keywords)?)?;
            math_1(x, $function, $can_overflow)
        }
    };
}

float_function!(acos, f64::acos, false);
float_function!(acosh, libm::acosh, false);
float_function!(asin, f64::asin, false);
float_function!(asinh, libm::asinh, false);
float_function!(atan, f64::atan, false);
float_function!(atanh, libm::atanh, false);
float_function!(cbrt, libm::cbrt, false);
float_function!(cos, f64::cos, false);
float_function!(cosh, f64::cosh, true);
float_function!(exp, f64::exp, true);
float_function!(exp2, f64::exp2, true);
float_function!(expm1, f64::exp_m1, true);
float_function!(fabs, f64::abs, false);
float_function!(sin, f64::sin, false);
float_function!(sinh, f64::sinh, true);
float_function!(sqrt, f64::sqrt, false);
float_function!(tan, f64::tan, false);
float_function!(tanh, f64::tanh, false);

/// log1p with CPython's care for -0.0 and the pole at -1.
fn log1p(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let x = real(one("log1p", arguments, keywords)?)?;
    if x.is_finite() && x <= -1.0 {
        return Err(domain_error());
    }
    math_1(x, f64::ln_1p, false)
}

fn atan2(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (y, x) = two("atan2", arguments, keywords)?;
    math_2(real(y)?, real(x)?, f64::atan2)
}

fn copysign(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (x, y) = two("copysign", arguments, keywords)?;
    math_2(real(x)?, real(y)?, f64::copysign)
}

fn fmod(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (x, y) = two("fmod", arguments, keywords)?;
    let (x, y) = (real(x)?, real(y)?);
    // fmod(x, ±inf) is x for finite x.
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    math_2(x, y, |x, y| x % y)
}

/// IEEE 754 remainder: x - n*y for the integer n nearest x/y (ties to even).
fn remainder(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (x, y) = two("remainder", arguments, keywords)?;
    math_2(real(x)?, real(y)?, ieee_remainder)
}

fn ieee_remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (absolute_x, absolute_y) = (x.abs(), y.abs());
        let modulus = absolute_x % absolute_y;
        let complement = absolute_y - modulus;
        let result = if modulus < complement {
            modulus
        } else if modulus > complement {
            -complement
        } else {
            modulus - 2.0 * ((0.5 * (absolute_x - modulus)) % absolute_y)
        };
        return 1.0f64.copysign(x) * result;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

/// math.pow: IEEE special values decided here, the rest by the C library.
fn pow(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (x, y) = two("pow", arguments, keywords)?;
    let (x, y) = (real(x)?, real(y)?);
    if !x.is_finite() || !y.is_finite() {
        let result = if x.is_nan() {
            if y == 0.0 { 1.0 } else { x }
        } else if y.is_nan() {
            if x == 1.0 { 1.0 } else { y }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y { x } else { x.abs() }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if (y > 0.0 && x.abs() > 1.0) || (y < 0.0 && x.abs() < 1.0) {
            f64::INFINITY
        } else {
            0.0
        };
        return Ok(Value::Float(result));
    }
    let result = x.powf(y);
    if result.is_nan() {
        return Err(domain_error());
    }
    if result.is_infinite() {
        return Err(if x == 0.0 { domain_error() } else { range_error() });
    }
    Ok(Value::Float(result))
}

fn degrees(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let x = real(one("degrees", arguments, keywords)?)?;
    Ok(Value::Float(x * (180.0 / std::f64::consts::PI)))
}

fn radians(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let x = real(one("radians", arguments, keywords)?)?;
    Ok(Value::Float(x * (std::f64::consts::PI / 180.0)))
}

fn isfinite(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(Value::Bool(real(one("isfinite", arguments, keywords)?)?.is_finite()))
}

fn isinf(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(Value::Bool(real(one("isinf", arguments, keywords)?)?.is_infinite()))
}

fn isnan(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(Value::Bool(real(one("isnan", arguments, keywords)?)?.is_nan()))
}

// ------------------------------------------------------------ rounding

/// A float's integral value as an int (`floor`, `ceil`, `trunc`).
fn integral_to_int(value: f64) -> Result<Value> {
    if value.is_nan() {
        return Err(Error::value_error("cannot convert float NaN to integer"));
    }
    if value.is_infinite() {
        return Err(Error::overflow("cannot convert float infinity to integer"));
    }
    if value.abs() < 9.0e18 {
        return Ok(Value::Int(value as i64));
    }
    let (mantissa, exponent) = float_parts(value);
    let magnitude = BigInt::from(mantissa) << exponent as usize;
    Ok(Value::from_bigint(if value < 0.0 { -magnitude } else { magnitude }))
}

/// A large integral float as mantissa * 2**exponent (exponent >= 0).
fn float_parts(value: f64) -> (u64, i32) {
    let bits = value.abs().to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    (mantissa, exponent - 1075)
}

/// The int of an int, or of a float rounded by `round`.
fn rounded(name: &str, arguments: &[Value], keywords: Keywords, round: fn(f64) -> f64) -> Result<Value> {
    match one(name, arguments, keywords)? {
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        integer @ (Value::Int(_) | Value::BigInt(_)) => Ok(integer.clone()),
        other => integral_to_int(round(real(other)?)),
    }
}

fn floor(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    rounded("floor", arguments, keywords, f64::floor)
}

fn ceil(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    rounded("ceil", arguments, keywords, f64::ceil)
}

fn trunc(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    match one("trunc", arguments, keywords)? {
        Value::Float(_) | Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
            rounded("trunc", arguments, keywords, f64::trunc)
        }
        other => Err(Error::type_error(format!("type {} doesn't define __trunc__ method", other.type_name()))),
    }
}

// ------------------------------------------------------------ logarithms

/// A positive big int as (m, e) with m in [0.5, 1), rounded half to even
/// to 53 bits, and the int ≈ m * 2**e (CPython's `_PyLong_Frexp`).
fn big_frexp(value: &BigInt) -> (f64, i64) {
    let bits = value.bits() as i64;
    if bits <= 53 {
        let exact = value.to_f64().unwrap_or(0.0);
        return (exact / 2f64.powi(bits as i32), bits);
    }
    let shift = (bits - 53) as usize;
    let mut top = (value >> shift).to_u64().unwrap_or(0);
    let rest = value - (BigInt::from(top) << shift);
    let half = BigInt::one() << (shift - 1);
    if rest > half || (rest == half && top & 1 == 1) {
        top += 1;
    }
    // Rounding up may carry into a 54th bit; m stays below 1 either way.
    let mantissa = top as f64 / 2f64.powi(53);
    if mantissa >= 1.0 { (mantissa / 2.0, bits + 1) } else { (mantissa, bits) }
}

/// CPython's `loghelper`: ints of any size, floats through `math_1`'s rules.
fn log_of(value: &Value, function: fn(f64) -> f64) -> Result<f64> {
    if let Some(number) = value.to_bigint() {
        if number.sign() != Sign::Plus {
            return Err(domain_error());
        }
        return Ok(match number.to_f64() {
            Some(x) if x.is_finite() => function(x),
            _ => {
                let (mantissa, exponent) = big_frexp(&number);
                function(mantissa) + function(2.0) * exponent as f64
            }
        });
    }
    let x = real(value)?;
    if x.is_nan() {
        return Ok(x);
    }
    if x <= 0.0 {
        return Err(domain_error());
    }
    Ok(function(x))
}

/// log(x[, base])
fn log(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("math.log", keywords)?;
    if arguments.is_empty() || arguments.len() > 2 {
        return Err(Error::type_error("math.log requires 1 to 2 arguments"));
    }
    let numerator = log_of(&arguments[0], f64::ln)?;
    let Some(base) = arguments.get(1) else { return Ok(Value::Float(numerator)) };
    let denominator = log_of(base, f64::ln)?;
    if denominator == 0.0 {
        return Err(Error::zero_division("float division by zero"));
    }
    Ok(Value::Float(numerator / denominator))
}

fn log2(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(Value::Float(log_of(one("log2", arguments, keywords)?, f64::log2)?))
}

fn log10(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(Value::Float(log_of(one("log10", arguments, keywords)?, f64::log10)?))
}

// ------------------------------------------------------------ float parts

/// (m, e) with x == m * 2**e and 0.5 <= |m| < 1 (zeros, infinities and
/// NaN come back with e == 0).
fn split_float(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, adjust) = if x.abs() < f64::MIN_POSITIVE { (x * 2f64.powi(54), -54) } else { (x, 0) };
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32 - 1022;
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, exponent + adjust)
}

fn frexp(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let x = real(one("frexp", arguments, keywords)?)?;
    let (mantissa, exponent) = split_float(x);
    Ok(Value::tuple(vec![Value::Float(mantissa), Value::Int(exponent as i64)]))
}

/// x * 2**n without double rounding (musl's `scalbn`).
fn scale_by_power_of_two(x: f64, mut n: i64) -> f64 {
    let mut y = x;
    if n > 1023 {
        y *= 2f64.powi(1023);
        n -= 1023;
        if n > 1023 {
            y *= 2f64.powi(1023);
            n -= 1023;
            n = n.min(1023);
        }
    } else if n < -1022 {
        // Keep the final n below -53 so the result rounds only once.
        y *= 2f64.powi(-1022) * 2f64.powi(53);
        n += 1022 - 53;
        if n < -1022 {
            y *= 2f64.powi(-1022) * 2f64.powi(53);
            n += 1022 - 53;
            n = n.max(-1022);
        }
    }
    y * f64::from_bits(((0x3ff + n) as u64) << 52)
}

fn ldexp(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (x, exponent) = two("ldexp", arguments, keywords)?;
    let x = real(x)?;
    let exponent = match exponent {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => exponent.to_bigint().unwrap_or_default(),
        _ => return Err(Error::type_error("Expected an int as second argument to ldexp.")),
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::Float(x));
    }
    let exponent = exponent.to_i64().unwrap_or(if exponent.is_negative() { i64::MIN } else { i64::MAX });
    if exponent > i32::MAX as i64 {
        return Err(range_error());
    }
    if exponent < i32::MIN as i64 {
        return Ok(Value::Float(0.0f64.copysign(x)));
    }
    let result = scale_by_power_of_two(x, exponent.clamp(-2200, 2200));
    if result.is_infinite() {
        return Err(range_error());
    }
    Ok(Value::Float(result))
}

fn modf(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let x = real(one("modf", arguments, keywords)?)?;
    let (fraction, whole) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else if x.is_nan() {
        (x, x)
    } else {
        let whole = x.trunc();
        ((x - whole).copysign(x), whole)
    };
    Ok(Value::tuple(vec![Value::Float(fraction), Value::Float(whole)]))
}

/// The next float after x towards y.
fn next_float(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let away_from_zero = (y > x) == (x > 0.0);
    f64::from_bits(if away_from_zero { bits + 1 } else { bits - 1 })
}

fn nextafter(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (x, y) = two("nextafter", arguments, keywords)?;
    Ok(Value::Float(next_float(real(x)?, real(y)?)))
}

fn ulp(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let x = real(one("ulp", arguments, keywords)?)?;
    if x.is_nan() {
        return Ok(Value::Float(x));
    }
    let x = x.abs();
    if x.is_infinite() {
        return Ok(Value::Float(x));
    }
    let next = next_float(x, f64::INFINITY);
    if next.is_infinite() {
        return Ok(Value::Float(x - next_float(x, f64::NEG_INFINITY)));
    }
    Ok(Value::Float(next - x))
}

// ------------------------------------------------------------ sums and norms

/// fsum(iterable): the correctly rounded sum (Shewchuk's partials, with
/// CPython's handling of infinities, NaN and intermediate overflow).
fn fsum(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let iterable = one("fsum", arguments, keywords)?;
    let items = vm.collect_iterable(iterable.clone())?;
    let mut partials: Vec<f64> = Vec::new();
    let mut special_sum = 0.0;
    let mut infinity_sum = 0.0;
    for item in &items {
        let mut x = real(item)?;
        let original = x;
        let mut kept = 0;
        for index in 0..partials.len() {
            let mut y = partials[index];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let high = x + y;
            let low = y - (high - x);
            if low != 0.0 {
                partials[kept] = low;
                kept += 1;
            }
            x = high;
        }
        partials.truncate(kept);
        if x != 0.0 {
            if !x.is_finite() {
                // From an infinity or NaN among the items, or an overflow.
                if original.is_finite() {
                    return Err(Error::overflow("intermediate overflow in fsum"));
                }
                if original.is_infinite() {
                    infinity_sum += original;
                }
                special_sum += original;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if infinity_sum.is_nan() {
            return Err(Error::value_error("-inf + inf in fsum"));
        }
        return Ok(Value::Float(special_sum));
    }
    let mut high = 0.0;
    if let Some(&last) = partials.last() {
        let mut n = partials.len() - 1;
        high = last;
        let mut low = 0.0;
        // Sum from the top, stopping when the sum becomes inexact.
        while n > 0 {
            let x = high;
            n -= 1;
            let y = partials[n];
            high = x + y;
            low = y - (high - x);
            if low != 0.0 {
                break;
            }
        }
        // Make half-even rounding work across multiple partials.
        if n > 0 && ((low < 0.0 && partials[n - 1] < 0.0) || (low > 0.0 && partials[n - 1] > 0.0)) {
            let y = low * 2.0;
            let x = high + y;
            if y == x - high {
                high = x;
            }
        }
    }
    Ok(Value::Float(high))
}

/// A float as an unevaluated sum `high + low`, exactly.
struct DoubleLength {
    high: f64,
    low: f64,
}

/// Sum of a and b with |a| >= |b|, exactly.
fn fast_sum(a: f64, b: f64) -> DoubleLength {
    let high = a + b;
    DoubleLength { high, low: (a - high) + b }
}

/// Dekker's split of a float into two halves of 26 bits.
fn split(x: f64) -> DoubleLength {
    let t = x * 134217729.0; // 2**27 + 1
    let high = t - (t - x);
    DoubleLength { high, low: x - high }
}

/// The product x * y, exactly (Dekker's mul12).
fn exact_product(x: f64, y: f64) -> DoubleLength {
    let (xx, yy) = (split(x), split(y));
    let p = xx.high * yy.high;
    let q = xx.high * yy.low + xx.low * yy.high;
    let z = p + q;
    DoubleLength { high: z, low: p - z + q + xx.low * yy.low }
}

/// The Euclidean norm of non-negative coordinates, correctly rounded in
/// almost all cases (CPython's `vector_norm`, used by hypot and dist).
fn vector_norm(vector: &mut [f64], max: f64, found_nan: bool) -> f64 {
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vector.len() <= 1 {
        return max;
    }
    let (_, max_exponent) = split_float(max);
    if max_exponent < -1023 {
        // ldexp(1.0, -max_exponent) would overflow: make subnormals normal.
        for x in vector.iter_mut() {
            *x /= f64::MIN_POSITIVE;
        }
        return f64::MIN_POSITIVE * vector_norm(vector, max / f64::MIN_POSITIVE, found_nan);
    }
    let scale = scale_by_power_of_two(1.0, -max_exponent as i64);
    let (mut sum, mut fraction1, mut fraction2) = (1.0, 0.0, 0.0);
    for &x in vector.iter() {
        let x = x * scale;
        let product = exact_product(x, x);
        let added = fast_sum(sum, product.high);
        sum = added.high;
        fraction1 += product.low;
        fraction2 += added.low;
    }
    let mut h = (sum - 1.0 + (fraction1 + fraction2)).sqrt();
    let product = exact_product(-h, h);
    let added = fast_sum(sum, product.high);
    sum = added.high;
    fraction1 += product.low;
    fraction2 += added.low;
    let x = sum - 1.0 + (fraction1 + fraction2);
    h += x / (2.0 * h);
    h / scale
}

/// The absolute values of coordinates, their maximum and whether any is NaN.
fn norm_input(values: impl Iterator<Item = Result<f64>>) -> Result<(Vec<f64>, f64, bool)> {
    let mut vector = Vec::new();
    let (mut max, mut found_nan) = (0.0f64, false);
    for value in values {
        let x = value?.abs();
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
        vector.push(x);
    }
    Ok((vector, max, found_nan))
}

fn hypot(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("hypot", keywords)?;
    let (mut vector, max, found_nan) = norm_input(arguments.iter().map(real))?;
    Ok(Value::Float(vector_norm(&mut vector, max, found_nan)))
}

/// dist(p, q): the Euclidean distance between two points.
fn dist(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (p, q) = two("dist", arguments, keywords)?;
    let p = vm.collect_iterable(p.clone())?;
    let q = vm.collect_iterable(q.clone())?;
    if p.len() != q.len() {
        return Err(Error::value_error("both points must have the same number of dimensions"));
    }
    let differences = p.iter().zip(&q).map(|(a, b)| Ok(real(a)? - real(b)?));
    let (mut vector, max, found_nan) = norm_input(differences)?;
    Ok(Value::Float(vector_norm(&mut vector, max, found_nan)))
}

/// prod(iterable, *, start=1): the product by the `*` operator.
fn prod(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [start] = keyword_arguments("prod", keywords, ["start"])?;
    check_arguments("prod", arguments, 1, 1)?;
    let mut product = start.unwrap_or(Value::Int(1));
    for item in vm.collect_iterable(arguments[0].clone())? {
        product = vm.binary_op(BinaryOp::Mul, product, item)?;
    }
    Ok(product)
}

/// isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)
fn isclose(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [a_keyword, b_keyword, relative, absolute] =
        keyword_arguments("isclose", keywords, ["a", "b", "rel_tol", "abs_tol"])?;
    if arguments.len() > 2 {
        return Err(Error::type_error(format!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            arguments.len()
        )));
    }
    let a = match arguments.first().or(a_keyword.as_ref()) {
        Some(a) => real(a)?,
        None => return Err(Error::type_error("isclose() missing required argument 'a' (pos 1)")),
    };
    let b = match arguments.get(1).or(b_keyword.as_ref()) {
        Some(b) => real(b)?,
        None => return Err(Error::type_error("isclose() missing required argument 'b' (pos 2)")),
    };
    let relative = relative.as_ref().map_or(Ok(1e-9), real)?;
    let absolute = absolute.as_ref().map_or(Ok(0.0), real)?;
    if relative < 0.0 || absolute < 0.0 {
        return Err(Error::value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(Value::Bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let difference = (b - a).abs();
    Ok(Value::Bool(difference <= (relative * b).abs() || difference <= (relative * a).abs() || difference <= absolute))
}

// ------------------------------------------------------------ integers

fn isqrt(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let n = integer(one("isqrt", arguments, keywords)?)?;
    if n.is_negative() {
        return Err(Error::value_error("isqrt() argument must be nonnegative"));
    }
    Ok(Value::from_bigint(n.sqrt()))
}

/// The product of the ints in `low..high`, split in halves so the big
/// multiplications are balanced.
fn range_product(low: u64, high: u64) -> BigInt {
    if high - low <= 16 {
        return (low..high).fold(BigInt::one(), |product, factor| product * factor);
    }
    let middle = low + (high - low) / 2;
    range_product(low, middle) * range_product(middle, high)
}

fn factorial(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let n = integer(one("factorial", arguments, keywords)?)?;
    if n.is_negative() {
        return Err(Error::value_error("factorial() not defined for negative values"));
    }
    let Some(n) = n.to_u64().filter(|&n| n <= i64::MAX as u64) else {
        return Err(Error::overflow("factorial() argument should not exceed 9223372036854775807"));
    };
    Ok(Value::from_bigint(range_product(1, n + 1)))
}

fn gcd(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("gcd", keywords)?;
    let mut result = BigInt::zero();
    for argument in arguments {
        result = result.gcd(&integer(argument)?);
    }
    Ok(Value::from_bigint(result))
}

fn lcm(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("lcm", keywords)?;
    let mut result = BigInt::one();
    for argument in arguments {
        let n = integer(argument)?;
        result = if result.is_zero() || n.is_zero() { BigInt::zero() } else { result.lcm(&n) };
    }
    Ok(Value::from_bigint(result.abs()))
}

/// The n and k of comb and perm: non-negative ints.
fn n_and_k(n: &Value, k: &Value) -> Result<(BigInt, BigInt)> {
    let (n, k) = (integer(n)?, integer(k)?);
    if n.is_negative() {
        return Err(Error::value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(Error::value_error("k must be a non-negative integer"));
    }
    Ok((n, k))
}

/// n * (n-1) * ... * (n-k+1)
fn falling_product(n: &BigInt, k: u64) -> BigInt {
    match n.to_u64() {
        Some(n) => range_product(n - k + 1, n + 1),
        None => (0..k).fold(BigInt::one(), |product, i| product * (n - i)),
    }
}

fn comb(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (n, k) = two("comb", arguments, keywords)?;
    let (n, k) = n_and_k(n, k)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let Some(k) = k.to_u64() else {
        return Err(Error::overflow(format!("min(n - k, k) must not exceed {}", i64::MAX)));
    };
    Ok(Value::from_bigint(falling_product(&n, k) / range_product(1, k + 1)))
}

fn perm(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("perm", keywords)?;
    check_arguments("perm", arguments, 1, 2)?;
    let n = integer(&arguments[0])?;
    let k = match arguments.get(1) {
        None | Some(Value::None) => {
            if n.is_negative() {
                return Err(Error::value_error("n must be a non-negative integer"));
            }
            n.clone()
        }
        Some(k) => n_and_k(&arguments[0], k)?.1,
    };
    if k > n {
        return Ok(Value::Int(0));
    }
    let Some(k) = k.to_u64() else {
        return Err(Error::overflow(format!("k must not exceed {}", i64::MAX)));
    };
    Ok(Value::from_bigint(falling_product(&n, k)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frexp_matches_the_c_library() {
        assert_eq!(split_float(8.0), (0.5, 4));
        assert_eq!(split_float(-0.75), (-0.75, 0));
        assert_eq!(split_float(5e-324), (0.5, -1073));
        assert_eq!(split_float(0.0), (0.0, 0));
    }

    #[test]
    fn scaling_rounds_once_into_subnormals() {
        assert_eq!(scale_by_power_of_two(1.0, -1074), 5e-324);
        assert_eq!(scale_by_power_of_two(1.5, 1023), 1.5 * 2f64.powi(1023));
        assert!(scale_by_power_of_two(1.0, 1024).is_infinite());
    }

    #[test]
    fn big_ints_split_like_cpython() {
        let (mantissa, exponent) = big_frexp(&(BigInt::from(1) << 2000usize));
        assert_eq!((mantissa, exponent), (0.5, 2001));
    }

    #[test]
    fn norms_of_small_vectors() {
        assert_eq!(vector_norm(&mut [3.0, 4.0], 4.0, false), 5.0);
        assert!(vector_norm(&mut [1.0, f64::NAN], 1.0, true).is_nan());
    }

    #[test]
    fn remainders_round_half_to_even() {
        assert_eq!(ieee_remainder(5.0, 2.0), 1.0);
        assert_eq!(ieee_remainder(7.0, 2.0), -1.0);
        assert_eq!(ieee_remainder(-5.0, 2.0), -1.0);
    }
}
