/**
 * The scalar autograd engine, micrograd's {@code engine.py} in Java.
 *
 * <p>{@link dev.micrograd.engine.Value} holds one number, the operation that produced it and its
 * operands; {@link dev.micrograd.engine.Value#backward()} fills in the gradient of every node of
 * the expression graph by reverse-mode differentiation:
 *
 * <pre>{@code
 * Value a = Value.of(-4.0, "a");
 * Value b = Value.of(2.0, "b");
 * Value c = a.mul(b).add(b.pow(3));   // a*b + b**3 = 0
 * c.backward();
 * a.grad();                            // dc/da = b = 2
 * b.grad();                            // dc/db = a + 3b² = 8
 * }</pre>
 *
 * <p>Beside the engine: {@link dev.micrograd.engine.Graph} replays a fixed graph without
 * rebuilding it, {@link dev.micrograd.engine.DotExporter} writes a graph as Graphviz DOT
 * text (the lecture's {@code draw_dot}; text only, no I/O), and {@link dev.micrograd.engine.GradientCheck} compares analytic
 * gradients with central finite differences.
 */
package dev.micrograd.engine;
