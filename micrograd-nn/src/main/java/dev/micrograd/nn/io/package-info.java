/**
 * Files written whole or not at all. The central class is {@link dev.micrograd.nn.io.AtomicFiles},
 * the project's one file writer: model files, the program's pictures and the parity report all go
 * through it.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out/report.json"), json.getBytes(StandardCharsets.UTF_8));
 * AtomicFiles.write(Path.of("out/chart.png"), out -> ImageIO.write(image, "png", out));
 * }</pre>
 */
package dev.micrograd.nn.io;
