package dev.micrograd.examples.plot;

import java.awt.Color;

/** One palette for both pictures: blue for the +1 class, red for -1, as in the demo's Spectral map. */
final class Colors {
    static final Color POSITIVE = new Color(0x2166ac);
    static final Color NEGATIVE = new Color(0xb2182b);
    static final Color POSITIVE_REGION = new Color(0xa6c8e4);
    static final Color POSITIVE_MARGIN = new Color(0xd7e6f3);
    static final Color NEGATIVE_REGION = new Color(0xefa9a5);
    static final Color NEGATIVE_MARGIN = new Color(0xf8dcd9);
    static final Color OUTLINE = new Color(0x202020);
    static final Color GRID = new Color(0xd0d0d0);

    private Colors() {
    }
}
