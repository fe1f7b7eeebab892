package dev.micrograd.verify;

/**
 * PyTorch cannot be loaded on this platform, so {@link Parity} cannot run; the message says why and
 * how to get it ({@link PyTorch#unavailableReason()}).
 */
public final class PyTorchUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message why PyTorch is unavailable, and what to put on the class path
     */
    PyTorchUnavailableException(String message) {
        super(message);
    }
}
