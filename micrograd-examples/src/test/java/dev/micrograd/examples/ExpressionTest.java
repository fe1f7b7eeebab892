package dev.micrograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionTest {
    private static final Map<String, Double> VALUES = Map.of("a", 3.0, "b", -2.0, "x", 0.5);

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
        1 + 2 * 3          | 7
        (1 + 2) * 3        | 9
        a - b - 1          | 4
        a / b / 2          | -0.75
        -a**2              | -9
        2 * a**-1          | 0.6666666666666666
        a**0.5             | 1.7320508075688772
        1e2 / 4            | 25
        relu(b) + relu(a)  | 3
        exp(log(a))        | 3.0000000000000004
        tanh(0)            | 0
        sigmoid(0)         | 0.5
        - -a               | 3
        """)
    void precedenceAndFunctionsFollowPython(String text, double expected) {
        assertEquals(expected, Expression.parse(text, VALUES).root().data(), 1e-12);
    }

    @Test
    void aNameIsOneLeafSoGradientsAccumulate() {
        Expression.Parsed parsed = Expression.parse("a + a*a", VALUES);
        parsed.root().backward();
        assertEquals(1, parsed.leaves().size());
        assertEquals(1 + 2 * 3.0, parsed.leaves().get("a").grad(), "d(a + a²)/da = 1 + 2a");
    }

    @Test
    void computedNodesCarryTheirText() {
        Value root = Expression.parse("tanh(a*b + x)", VALUES).root();
        assertEquals("tanh(a*b + x)", root.label());
        assertEquals("a*b + x", root.children().get(0).label());
    }

    @Test
    void errorsPointAtThePlace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Expression.parse("a + * b", VALUES));
        assertTrue(e.getMessage().startsWith("cannot read the expression at position 5: expected a number"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("    ^"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Expression.parse("a ** b", VALUES));
        assertThrows(IllegalArgumentException.class, () -> Expression.parse("sin(a)", VALUES));
        assertThrows(IllegalArgumentException.class, () -> Expression.parse("a b", VALUES));
        assertThrows(IllegalArgumentException.class, () -> Expression.parse("", VALUES));
        assertThrows(IllegalArgumentException.class, () -> Expression.parse("1..2", VALUES));
    }

    @Test
    void deepNestingReadsWithoutRecursion() {
        int depth = 100_000;
        String parens = "(".repeat(depth) + "a" + ")".repeat(depth) + "*2";
        assertEquals(6.0, Expression.parse(parens, VALUES).root().data());
        // an even number of minus signs gives a back; an odd number, -a
        assertEquals(3.0, Expression.parse("-".repeat(depth) + "a", VALUES).root().data());
        assertEquals(-3.0, Expression.parse("-".repeat(depth + 1) + "a", VALUES).root().data());
        String functions = "relu(".repeat(depth) + "a" + ")".repeat(depth);
        assertEquals(3.0, Expression.parse(functions, VALUES).root().data());
    }

    @Test
    void aLongSumHasShortLabels() {
        int terms = 100_000;
        String sum = String.join("+", java.util.Collections.nCopies(terms, "a"));
        Expression.Parsed parsed = Expression.parse(sum, VALUES);
        Value root = parsed.root();
        root.backward();
        assertEquals(3.0 * terms, root.data());
        assertEquals(terms, parsed.leaves().get("a").grad(), "d(a + a + ...)/da counts the terms");
        assertEquals(Expression.MAX_LABEL, root.label().length());
        assertTrue(root.label().endsWith("…"), root.label());
        assertEquals("a+a", root.children().get(0).children().get(0).children().get(0).children().get(0)
                .children().get(0).children().get(0).label().substring(0, 3));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
        tanh a       | 'tanh' is a function: expected '(' after it, e.g. tanh(a)
        '  '         | the expression is empty
        a)           | this ')' closes nothing
        (a           | expected ')'
        exp(a        | expected ')' after the argument of exp
        a**2**3      | write (a**2)**3
        a +          | expected a number, a name or '(' after the operator
        """)
    void errorsSayWhatIsWrong(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Expression.parse(text, VALUES));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void anErrorInALongExpressionShowsOnlyThePlace() {
        String text = "a+".repeat(50_000) + "*b";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Expression.parse(text, VALUES));
        assertTrue(e.getMessage().startsWith("cannot read the expression at position 100001: expected a number"),
                e.getMessage());
        assertTrue(e.getMessage().length() < 400, "the context is cut: " + e.getMessage().length() + " characters");
        String[] lines = e.getMessage().split(System.lineSeparator());
        assertEquals('*', lines[1].charAt(lines[2].indexOf('^')), "the caret points at the '*'");
    }
}
