package dev.micrograd.examples;

import dev.micrograd.engine.Value;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

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
 * Computed nodes are labelled with the text they came from.
 */
final class Expression {
    private final String text;
    private final Map<String, Double> values;
    private final Map<String, Value> leaves = new LinkedHashMap<>();
    private int pos;

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
     * @throws IllegalArgumentException if the text cannot be read or a name has no value; the
     *     message shows where
     */
    static Parsed parse(String text, Map<String, Double> values) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(values, "values");
        Expression e = new Expression(text, values);
        Value root = e.expr();
        e.skipSpaces();
        if (e.pos < text.length()) {
            throw e.error("expected an operator (+ - * / **) or the end");
        }
        return new Parsed(root, e.leaves);
    }

    /** The built graph. */
    record Parsed(Value root, Map<String, Value> leaves) {
    }

    private Value expr() {
        int start = skipSpaces();
        Value left = term();
        while (true) {
            skipSpaces();
            if (eat('+')) {
                left = label(left.add(term()), start);
            } else if (eat('-')) {
                left = label(left.sub(term()), start);
            } else {
                return left;
            }
        }
    }

    private Value term() {
        int start = skipSpaces();
        Value left = unary();
        while (true) {
            skipSpaces();
            if (peek("**")) {
                return left;
            } else if (eat('*')) {
                left = label(left.mul(unary()), start);
            } else if (eat('/')) {
                left = label(left.div(unary()), start);
            } else {
                return left;
            }
        }
    }

    private Value unary() {
        int start = skipSpaces();
        if (eat('-')) {
            return label(unary().neg(), start);
        }
        Value base = primary();
        skipSpaces();
        if (peek("**")) {
            pos += 2;
            skipSpaces();
            boolean negative = eat('-');
            skipSpaces();
            if (!startsNumber()) {
                throw error("expected a number after '**': the exponent is a constant");
            }
            double k = number();
            return label(base.pow(negative ? -k : k), start);
        }
        return base;
    }

    private Value primary() {
        int start = skipSpaces();
        if (pos >= text.length()) {
            throw error("expected a number, a name or '('");
        }
        if (eat('(')) {
            Value inner = expr();
            skipSpaces();
            if (!eat(')')) {
                throw error("expected ')'");
            }
            return inner;
        }
        if (startsNumber()) {
            double x = number();
            return Value.of(x, text.substring(start, pos).strip());
        }
        if (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_') {
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String name = text.substring(start, pos);
            skipSpaces();
            if (eat('(')) {
                Value arg = expr();
                skipSpaces();
                if (!eat(')')) {
                    throw error("expected ')' after the argument of " + name);
                }
                return label(apply(name, arg, start), start);
            }
            return leaf(name, start);
        }
        throw error("expected a number, a name or '('");
    }

    private Value apply(String function, Value arg, int at) {
        switch (function.toLowerCase(Locale.ROOT)) {
            case "tanh":
                return arg.tanh();
            case "exp":
                return arg.exp();
            case "log":
                return arg.log();
            case "relu":
                return arg.relu();
            case "sigmoid":
                return arg.sigmoid();
            default:
                pos = at;
                throw error("unknown function '" + function + "': expected tanh, exp, log, relu or sigmoid");
        }
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
        return v.label(text.substring(start, pos).strip());
    }

    private boolean startsNumber() {
        return pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.');
    }

    private double number() {
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
            return Double.parseDouble(text.substring(start, pos));
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

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("cannot read the expression at position " + (pos + 1) + ": " + what
                + System.lineSeparator() + "  " + text + System.lineSeparator() + "  " + " ".repeat(pos) + "^");
    }
}
