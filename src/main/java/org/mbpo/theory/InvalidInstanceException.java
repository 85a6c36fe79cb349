package org.mbpo.theory;

/**
 * A tabular instance that is not well formed: a probability row that does not sum to one, a
 * negative probability, γ outside [0, 1), mismatched sizes. The message names the offending field
 * and index, e.g. {@code dynamics[2][1]: row sums to 0.9, must sum to 1 within 1e-9}.
 */
public final class InvalidInstanceException extends IllegalArgumentException {
    private final String field;

    public InvalidInstanceException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The offending field with its index, e.g. {@code dynamics[2][1]}. */
    public String field() {
        return field;
    }
}
