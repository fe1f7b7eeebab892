/**
 * Checks a micrograd for Java graph against PyTorch and against exact arithmetic.
 *
 * <p>The central classes are {@link dev.micrograd.verify.Parity} (every node's value and gradient
 * against PyTorch's, float64, through DJL) and {@link dev.micrograd.verify.Exact} (against the
 * exactly rounded truth, in ulps and correct digits), both judged by
 * {@link dev.micrograd.verify.Ulps}; {@link dev.micrograd.verify.ParityReport} writes their tables
 * as an HTML and JSON page:
 *
 * <pre>{@code
 * Value x = Value.of(0.5, "x");
 * Value y = x.mul(x).tanh();
 * Parity.checkOrThrow(y);                  // throws with the table if a node disagrees
 * Exact.Result exact = Exact.check(y);     // how far each number is from the truth
 * System.out.println(exact);
 * }</pre>
 *
 * <p>The module's own tests (random expressions, edge cases, networks, the truth tables of every op)
 * live in this package's test code and write {@code target/parity-report/}.
 */
package dev.micrograd.verify;
