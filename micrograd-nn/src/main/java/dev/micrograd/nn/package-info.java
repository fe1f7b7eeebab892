/**
 * micrograd's neural-net library ({@code nn.py}) and the pieces of its demo.
 *
 * <p>The central class is {@link dev.micrograd.nn.MLP}:
 *
 * <pre>{@code
 * MLP model = new MLP(2, List.of(16, 16, 1), new SplittableRandom(1337));
 * Value score = model.forward(0.5, -0.2).get(0);
 * Value loss = score.mul(-1).add(1).relu();
 * model.zeroGrad();
 * loss.backward();
 * for (Value p : model.parameters()) {
 *     p.setData(p.data() - 0.1 * p.grad());
 * }
 * }</pre>
 */
package dev.micrograd.nn;
