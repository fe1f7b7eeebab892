/**
 * Gradient parity with PyTorch: micrograd for Java's values and gradients, checked against
 * PyTorch autograd (float64, through DJL) by property-based tests (jqwik).
 *
 * <p>The central type is {@link dev.micrograd.verify.Expr}, a random expression as data, which
 * {@link dev.micrograd.verify.Plan} lays out in topological order and
 * {@link dev.micrograd.verify.Evaluation} runs in both engines:
 *
 * <pre>{@code
 * ParityCase c = Expressions.build(List.of(0.5, -1.25), program);   // or jqwik's Expressions.cases()
 * Evaluation mg = Evaluation.micrograd(c.plan(), c.inputs());
 * Evaluation pt = Evaluation.pytorch(c.plan(), c.inputs());        // same nodes, PyTorch tensors
 * // mg.grad()[i] and pt.grad()[i]: d(root)/d(node i), compared by Comparison with ErrorScale
 * List<String> mismatches = ExpressionVerdict.judge(c.plan(), mg, pt).mismatches();
 * }</pre>
 *
 * <p>Every test records what it measured in {@link dev.micrograd.verify.ParityLedger}; the report
 * package turns that into {@code target/parity-report/}. The run's seed is
 * {@link dev.micrograd.verify.ParityRun}: {@value dev.micrograd.verify.ParityRun#DEFAULT_SEED} by
 * default, {@code -Dparity.seed=N} replays a run, {@code -Dparity.seed=random} explores and
 * {@code -Dparity.tries=N} runs every property N times.
 */
package dev.micrograd.verify;
