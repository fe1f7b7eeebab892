package dev.micrograd.examples.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** What a picture shows, counted: the tests' way of looking at a chart. */
public final class Pixels {
    private Pixels() {
    }

    /** The number of pixels of exactly {@code color} (alpha ignored). */
    public static int count(BufferedImage image, Color color) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (color.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }
}
