package dev.micrograd.examples.plot;

import java.awt.Color;

/** One palette for both pictures: blue for the +1 class, red for -1, as in the demo's Spectral map. */
public final class Colors {
    /** The +1 class's points; the accuracy line. */
    public static final Color POSITIVE = new Color(0x2166ac);
    /** The -1 class's points; the loss line. */
    public static final Color NEGATIVE = new Color(0xb2182b);
    /** Where the score is at least 1. */
    public static final Color POSITIVE_REGION = new Color(0xa6c8e4);
    /** Where the score is in (0, 1). */
    public static final Color POSITIVE_MARGIN = new Color(0xd7e6f3);
    /** Where the score is at most -1. */
    public static final Color NEGATIVE_REGION = new Color(0xefa9a5);
    /** Where the score is in (-1, 0]. */
    public static final Color NEGATIVE_MARGIN = new Color(0xf8dcd9);
    /** Where a score or a loss is not a number (a diverged run): neither class, so neither blue nor red. */
    public static final Color NOT_A_NUMBER = new Color(0xbdbdbd);
    /** Outlines of points and plots. */
    public static final Color OUTLINE = new Color(0x202020);
    /** Grid lines. */
    public static final Color GRID = new Color(0xd0d0d0);

    /**
     * The classes' colours for K-class pictures, after matplotlib's {@code tab10} (the first two
     * are this palette's +1 blue and -1 red).
     */
    private static final Color[] CLASSES = {POSITIVE, NEGATIVE, new Color(0x1a9850), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
        new Color(0x17becf)};

    private Colors() {
    }

    /**
     * Class {@code k}'s colour: the palette above for the first ten, then hues spaced by the golden
     * angle, so every class up to any K has its own colour.
     */
    static Color ofClass(int k) {
        if (k < CLASSES.length) {
            return CLASSES[k];
        }
        return Color.getHSBColor((float) ((k * 0.618033988749895) % 1.0), 0.75f, 0.75f);
    }

    /** Class {@code k}'s region: its colour mixed with three parts white. */
    static Color regionOfClass(int k) {
        Color c = ofClass(k);
        return new Color((c.getRed() + 3 * 255) / 4, (c.getGreen() + 3 * 255) / 4, (c.getBlue() + 3 * 255) / 4);
    }
}
