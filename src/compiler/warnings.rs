//! The SyntaxWarnings CPython's compiler gives for code that is valid but
//! almost certainly a mistake: calling or subscripting a literal (a missing
//! comma between two items), `is` with a literal, and asserting a tuple.

use super::Compiler;
use crate::ast::*;
use crate::diagnostic::SyntaxWarning;

impl Compiler<'_, '_> {
    fn warn(&mut self, span: Span, message: String) {
        self.warnings.push(SyntaxWarning { span, message });
    }

    /// `[1, 2] (3, 4)`: a call of something no call can succeed on.
    pub(super) fn check_callee(&mut self, function: &Expr, span: Span) {
        let callable_never = matches!(
            function.kind,
            ExprKind::Constant(_)
                | ExprKind::Tuple(_)
                | ExprKind::List(_)
                | ExprKind::ListComp { .. }
                | ExprKind::Dict(_)
                | ExprKind::DictComp { .. }
                | ExprKind::Set(_)
                | ExprKind::SetComp { .. }
                | ExprKind::Generator { .. }
                | ExprKind::FString(_)
        );
        if let Some(type_name) = inferred_type(function).filter(|_| callable_never) {
            self.warn(span, format!("'{type_name}' object is not callable; perhaps you missed a comma?"));
        }
    }

    /// `[1, 2] [0, 1]` or `3 [0]`: a subscript that cannot succeed.
    pub(super) fn check_subscript(&mut self, value: &Expr, index: &Expr, span: Span) {
        let unsubscriptable = match &value.kind {
            ExprKind::Constant(constant) => matches!(
                constant,
                Constant::None
                    | Constant::Ellipsis
                    | Constant::Bool(_)
                    | Constant::Int(_)
                    | Constant::BigInt(_)
                    | Constant::Float(_)
            ),
            ExprKind::Set(_) | ExprKind::SetComp { .. } | ExprKind::Generator { .. } | ExprKind::Lambda { .. } => true,
            _ => false,
        };
        if unsubscriptable && let Some(type_name) = inferred_type(value) {
            self.warn(span, format!("'{type_name}' object is not subscriptable; perhaps you missed a comma?"));
            return;
        }
        let Some(index_type) = inferred_type(index) else {
            return;
        };
        if matches!(index_type, "int" | "bool") {
            return;
        }
        let sequence = match &value.kind {
            ExprKind::Constant(constant) => matches!(constant, Constant::Str(_) | Constant::Bytes(_)),
            ExprKind::Tuple(_) | ExprKind::List(_) | ExprKind::ListComp { .. } | ExprKind::FString(_) => true,
            _ => false,
        };
        if sequence && let Some(type_name) = inferred_type(value) {
            self.warn(
                span,
                format!(
                    "{type_name} indices must be integers or slices, not {index_type}; perhaps you missed a comma?"
                ),
            );
        }
    }

    /// `x is 1`: identity with a literal other than the named singletons.
    pub(super) fn check_identity_comparison(&mut self, left: &Expr, comparisons: &[(CompareOp, Expr)], span: Span) {
        let mut left_is_fine = !is_literal(left);
        for (op, right) in comparisons {
            let right_is_fine = !is_literal(right);
            if matches!(op, CompareOp::Is | CompareOp::IsNot) && !(left_is_fine && right_is_fine) {
                let message = match op {
                    CompareOp::Is => "\"is\" with a literal. Did you mean \"==\"?",
                    _ => "\"is not\" with a literal. Did you mean \"!=\"?",
                };
                self.warn(span, message.to_string());
                return;
            }
            left_is_fine = right_is_fine;
        }
    }

    /// `assert (x, "message")` never fails.
    pub(super) fn check_assertion(&mut self, test: &Expr, span: Span) {
        if matches!(&test.kind, ExprKind::Tuple(items) if !items.is_empty()) {
            self.warn(span, "assertion is always true, perhaps remove parentheses?".to_string());
        }
    }
}

/// The type an expression certainly has, from its form alone.
fn inferred_type(expr: &Expr) -> Option<&'static str> {
    Some(match &expr.kind {
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) | ExprKind::ListComp { .. } => "list",
        ExprKind::Dict(_) | ExprKind::DictComp { .. } => "dict",
        ExprKind::Set(_) | ExprKind::SetComp { .. } => "set",
        ExprKind::Generator { .. } => "generator",
        ExprKind::Lambda { .. } => "function",
        ExprKind::FString(_) => "str",
        ExprKind::Constant(constant) => match constant {
            Constant::None => "NoneType",
            Constant::Bool(_) => "bool",
            Constant::Int(_) | Constant::BigInt(_) => "int",
            Constant::Float(_) => "float",
            Constant::Str(_) => "str",
            Constant::Bytes(_) => "bytes",
            Constant::Ellipsis => "ellipsis",
        },
        _ => return None,
    })
}

/// A value CPython's compiler sees as a constant (after folding `-1` and
/// tuples of constants) and that is not one of the named singletons.
fn is_literal(expr: &Expr) -> bool {
    fn constant(expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::Constant(_) => true,
            ExprKind::Unary { operand, .. } => matches!(operand.kind, ExprKind::Constant(_)),
            ExprKind::Tuple(items) => items.iter().all(constant),
            _ => false,
        }
    }
    let singleton = matches!(&expr.kind, ExprKind::Constant(Constant::None | Constant::Bool(_) | Constant::Ellipsis));
    constant(expr) && !singleton
}
