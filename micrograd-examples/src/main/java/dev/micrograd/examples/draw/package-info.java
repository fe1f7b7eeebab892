/**
 * Pictures of expression graphs in plain Java: the lecture's {@code draw_dot} without Graphviz.
 *
 * <p>The central class is {@link dev.micrograd.examples.draw.GraphPicture}: it lays the graph out
 * with Eclipse ELK's layered algorithm (left to right, crossings minimised) and paints it once
 * through Java2D, into SVG text or a PNG image, so both formats show the same picture on every
 * machine.
 *
 * <pre>{@code
 * L.backward();
 * GraphPicture picture = GraphPicture.of(L);   // refuses graphs past GraphPicture.MAX_VALUES
 * String svg = picture.svg();
 * byte[] png = picture.png();
 * }</pre>
 *
 * <p>The DOT text of the same graph comes from {@link dev.micrograd.engine.DotExporter} in
 * micrograd-core, for those who prefer Graphviz's rendering.
 */
package dev.micrograd.examples.draw;
