package dev.micrograd.examples;

import dev.micrograd.engine.Value;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A tiny expression language that builds a {@link Value} graph, for the {@code graph} command.
 *
 * <pre>
 * expr    := term (('+' | '-') term)*
 * term    := unary (('*' | '/') unary)*
 * unary   := '-' unary | power
 * power   := primary ('**' ['-'] number)?
 * primary := number | name | function '(' expr ')' | '(' expr ')'
 * function:= tanh | exp | log | relu | sigmoid
 * </pre>
 *
 * <p>Each name is one leaf, however often it appears, so {@code a + a} shows gradients adding up.
 * The function names are reserved. Computed nodes are labelled with the text they came from, cut
 * to {@link #MAX_LABEL} characters with an ellipsis, so a picture's size grows with the number of
 * nodes and not with the square of the text's length.
 *
 * <p>The reader keeps its pending operators on explicit stacks (operator precedence, no recursion),
 * so nesting depth is bounded only by memory: 100,000 parentheses or leading minus signs read as
 * well as one.
 */
final class Expression {
    /** The longest label a computed node gets; longer text is cut and ends in {@code …}. */
    static final int MAX_LABEL = 40;
    /** The text an error message shows on each side of the place it points at. */
    private static final int CONTEXT = 40;
    private static final Set<String> FUNCTIONS = Set.of("tanh", "exp", "log", "relu", "sigmoid");

    private final String text;
    private final Map<String, Double> values;
    private final Map<String, Value> leaves = new LinkedHashMap<>();
    private int pos;

    /** An operand read so far and where its text starts. */
    private record Operand(Value value, int start) {
    }

    /** What an open operator waits for: a binary operator its right operand, '(' or a function its ')'. */
    private enum Kind { ADD, SUB, MUL, DIV, NEG, PAREN, FUNCTION }

    /** A pending operator: its kind, where its text starts, and a function's name. */
    private record Pending(Kind kind, int start, String function) {
        int precedence() {
            return switch (kind) {
                case ADD, SUB -> 1;
                case MUL, DIV -> 2;
                default -> 0;
            };
        }
    }

    private Expression(String text, Map<String, Double> values) {
        this.text = text;
        this.values = values;
    }

    /**
     * Builds the graph of {@code text}.
     *
     * @param text the expression, e.g. {@code tanh(x1*w1 + x2*w2 + b)}
     * @param values the value of each name in it
     * @return the root and the leaves by name, in order of first appearance
     * @throws IllegalArgumentException if the text is empty or cannot be read, or a name has no
     *     value; the message shows where
     */
    static Parsed parse(String text, Map<String, Double> values) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(values, "values");
        if (text.isBlank()) {
            throw new IllegalArgumentException("the expression is empty: expected e.g. \"(a*b + c)*f\"");
        }
        Expression e = new Expression(text, values);
        return new Parsed(e.read(), e.leaves);
    }

    /** The built graph. */
    record Parsed(Value root, Map<String, Value> leaves) {
    }

    private Value read() {
        Deque<Operand> operands = new ArrayDeque<>();
        Deque<Pending> pending = new ArrayDeque<>();
        while (true) {
            // an operand: prefix operators and opening brackets first, then a number or a name
            int start = skipSpaces();
            if (eat('-')) {
                pending.push(new Pending(Kind.NEG, start, null));
                continue;
            }
            if (eat('(')) {
                pending.push(new Pending(Kind.PAREN, start, null));
                continue;
            }
            Operand primary = primaryOrFunction(start, pending);
            if (primary == null) {
                continue;
            }
            operands.push(primary);
            // then what follows it: powers, closing brackets, one binary operator or the end
            while (true) {
                power(operands);
                while (!pending.isEmpty() && pending.peek().kind() == Kind.NEG) {
                    Pending neg = pending.pop();
                    operands.push(new Operand(label(operands.pop().value().neg(), neg.start()), neg.start()));
                }
                skipSpaces();
                if (peek("**")) {
                    throw error("expected + - * / or the end: an exponent is a constant; write (a**2)**3 for "
                            + "a power of a power");
                }
                Kind binary = binaryAt();
                if (binary != null) {
                    Pending op = new Pending(binary, 0, null);
                    reduce(operands, pending, op.precedence());
                    pos++;
                    pending.push(op);
                    break;
                }
                if (peek(")")) {
                    reduce(operands, pending, 1);
                    Pending open = pending.isEmpty() ? null : pending.pop();
                    if (open == null) {
                        throw error("expected an operator (+ - * / **) or the end: this ')' closes nothing");
                    }
                    pos++;
                    Operand inner = operands.pop();
                    if (open.kind() == Kind.FUNCTION) {
                        operands.push(new Operand(label(apply(open.function(), inner.value()), open.start()),
                                open.start()));
                    } else {
                        operands.push(new Operand(inner.value(), open.start()));
                    }
                    continue;
                }
                if (pos < text.length()) {
                    throw error(pending.isEmpty() ? "expected an operator (+ - * / **) or the end"
                            : "expected an operator (+ - * / **) or " + closing(pending));
                }
                reduce(operands, pending, 1);
                if (!pending.isEmpty()) {
                    throw error("expected " + closing(pending));
                }
                return operands.pop().value();
            }
        }
    }

    /** What the innermost open bracket waits for, in words. */
    private static String closing(Deque<Pending> pending) {
        for (Pending p : pending) {
            if (p.kind() == Kind.FUNCTION) {
                return "')' after the argument of " + p.function();
            }
            if (p.kind() == Kind.PAREN) {
                return "')'";
            }
        }
        return "the end";
    }

    /**
     * A number or a leaf at {@code start}; or, for a function name followed by '(', pushes the
     * function and returns null (its argument comes next).
     */
    private Operand primaryOrFunction(int start, Deque<Pending> pending) {
        if (pos >= text.length()) {
            throw error("expected a number, a name or '(' after the operator");
        }
        if (startsNumber()) {
            number();
            return new Operand(Value.of(Double.parseDouble(text.substring(start, pos)), label(start)), start);
        }
        char c = text.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String name = text.substring(start, pos);
            int afterName = pos;
            skipSpaces();
            boolean call = eat('(');
            String function = name.toLowerCase(Locale.ROOT);
            if (FUNCTIONS.contains(function)) {
                if (!call) {
                    throw error("'" + name + "' is a function: expected '(' after it, e.g. " + function + "(a)");
                }
                pending.push(new Pending(Kind.FUNCTION, start, function));
                return null;
            }
            if (call) {
                pos = start;
                throw error("unknown function '" + name + "': expected tanh, exp, log, relu or sigmoid");
            }
            pos = afterName;
            return new Operand(leaf(name, start), start);
        }
        throw error("expected a number, a name or '('");
    }

    /** A constant exponent after the operand on top: {@code ** k} or {@code ** -k}. */
    private void power(Deque<Operand> operands) {
        skipSpaces();
        if (!peek("**")) {
            return;
        }
        pos += 2;
        skipSpaces();
        boolean negative = eat('-');
        skipSpaces();
        if (!startsNumber()) {
            throw error("expected a number after '**': the exponent is a constant");
        }
        int at = pos;
        number();
        double k = Double.parseDouble(text.substring(at, pos));
        Operand base = operands.pop();
        operands.push(new Operand(label(base.value().pow(negative ? -k : k), base.start()), base.start()));
    }

    /** The binary operator at the current place, if any (not {@code **}). */
    private Kind binaryAt() {
        if (pos >= text.length()) {
            return null;
        }
        return switch (text.charAt(pos)) {
            case '+' -> Kind.ADD;
            case '-' -> Kind.SUB;
            case '*' -> Kind.MUL;
            case '/' -> Kind.DIV;
            default -> null;
        };
    }

    /** Applies the pending binary operators of at least {@code precedence}, innermost first (left to right). */
    private void reduce(Deque<Operand> operands, Deque<Pending> pending, int precedence) {
        while (!pending.isEmpty() && pending.peek().precedence() >= precedence) {
            Kind kind = pending.pop().kind();
            Operand right = operands.pop();
            Operand left = operands.pop();
            Value a = left.value();
            Value b = right.value();
            Value result = switch (kind) {
                case ADD -> a.add(b);
                case SUB -> a.sub(b);
                case MUL -> a.mul(b);
                case DIV -> a.div(b);
                default -> throw new IllegalStateException("not a binary operator: " + kind);
            };
            operands.push(new Operand(label(result, left.start()), left.start()));
        }
    }

    private static Value apply(String function, Value arg) {
        return switch (function) {
            case "tanh" -> arg.tanh();
            case "exp" -> arg.exp();
            case "log" -> arg.log();
            case "relu" -> arg.relu();
            case "sigmoid" -> arg.sigmoid();
            default -> throw new IllegalStateException("not a function: " + function);
        };
    }

    private Value leaf(String name, int at) {
        Value leaf = leaves.get(name);
        if (leaf == null) {
            Double x = values.get(name);
            if (x == null) {
                pos = at;
                throw error("no value for '" + name + "': give one with --set " + name + "=NUMBER");
            }
            leaf = Value.of(x, name);
            leaves.put(name, leaf);
        }
        return leaf;
    }

    private Value label(Value v, int start) {
        return v.label(label(start));
    }

    /** The text from {@code start} to here, stripped, at most {@link #MAX_LABEL} characters. */
    private String label(int start) {
        int from = start;
        int to = pos;
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return to - from <= MAX_LABEL ? text.substring(from, to) : text.substring(from, from + MAX_LABEL - 1) + "…";
    }

    private boolean startsNumber() {
        return pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.');
    }

    /** Moves past a decimal number, checking that it reads. */
    private void number() {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        try {
            Double.parseDouble(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("cannot read the number '" + text.substring(start, Math.min(text.length(), start + 12)) + "'");
        }
    }

    private int skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private boolean eat(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean peek(String s) {
        return text.startsWith(s, pos);
    }

    /** The message, the text around the place (at most {@link #CONTEXT} characters each side) and a caret. */
    private IllegalArgumentException error(String what) {
        int from = Math.max(0, pos - CONTEXT);
        int to = Math.min(text.length(), pos + CONTEXT);
        String before = from > 0 ? "…" : "";
        String shown = before + text.substring(from, to) + (to < text.length() ? "…" : "");
        return new IllegalArgumentException("cannot read the expression at position " + (pos + 1) + ": " + what
                + System.lineSeparator() + "  " + shown + System.lineSeparator() + "  "
                + " ".repeat(before.length() + pos - from) + "^");
    }
}
