package dev.micrograd.examples.draw;

/**
 * Thrown when a graph has more values than a picture can show readably; its message gives the
 * count and the limit.
 */
public final class GraphTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The number of values in the refused graph. */
    private final int values;

    GraphTooLargeException(int values, int limit) {
        super("the graph has " + values + " values; pictures are drawn for at most " + limit
                + " (past that the records are too small to read); the DOT text holds the whole graph");
        this.values = values;
    }

    /**
     * The number of values in the refused graph.
     *
     * @return more than {@link GraphPicture#MAX_VALUES}
     */
    public int values() {
        return values;
    }
}
