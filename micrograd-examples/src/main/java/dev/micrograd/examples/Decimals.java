package dev.micrograd.examples;

import java.util.Locale;

/** How the program prints the lecture's numbers: the way the lecture's notebook shows them. */
final class Decimals {
    private Decimals() {
    }

    /**
     * Up to four decimals, trailing zeros dropped, negative zero as {@code 0}: {@code -8},
     * {@code 0.5}, {@code 14.0003}; {@code NaN}, {@code Infinity} as Java writes them.
     *
     * @param x the number
     * @return its text
     */
    static String num(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        String s = String.format(Locale.ROOT, "%.4f", x);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }
}
