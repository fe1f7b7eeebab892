package dev.micrograd.examples;

import dev.micrograd.engine.DotExporter;
import dev.micrograd.engine.Value;
import dev.micrograd.examples.draw.GraphPicture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The program's graph files: DOT text, SVG and PNG pictures, each written through {@link OutputFiles}. */
final class GraphFiles {
    private GraphFiles() {
    }

    /**
     * Writes the DOT text of the graph below {@code root}.
     *
     * @param root the output node
     * @param file the file, usually ending in {@code .dot}
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    static Path writeDot(Value root, Path file) throws IOException {
        byte[] text = DotExporter.toDot(root).getBytes(StandardCharsets.UTF_8);
        return OutputFiles.write(file, out -> out.write(text));
    }

    /**
     * Writes an SVG element as a standalone SVG file (with its XML declaration).
     *
     * @param svg the element, from {@link GraphPicture#svg()}
     * @param file the file, usually ending in {@code .svg}
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    static Path writeSvg(String svg, Path file) throws IOException {
        byte[] text = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n").getBytes(StandardCharsets.UTF_8);
        return OutputFiles.write(file, out -> out.write(text));
    }

    /**
     * Writes a picture in the format its file name ends with.
     *
     * @param picture the laid-out graph
     * @param file a name ending in {@code .svg} or {@code .png}
     * @return {@code file}
     * @throws IllegalArgumentException if the name ends otherwise
     * @throws IOException if the file cannot be written
     */
    static Path writePicture(GraphPicture picture, Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".svg")) {
            return writeSvg(picture.svg(), file);
        }
        if (name.endsWith(".png")) {
            byte[] png = picture.png();
            return OutputFiles.write(file, out -> out.write(png));
        }
        throw new IllegalArgumentException("cannot tell the picture format of '" + file
                + "': expected a name ending in .svg or .png");
    }
}
