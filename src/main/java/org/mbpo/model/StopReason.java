package org.mbpo.model;

/** Why a model training ended. */
public enum StopReason {
    /** More than {@code maxEpochsSinceUpdate} epochs in a row improved no member's holdout MSE. */
    EARLY_STOPPING,
    /** The epoch cap was reached. */
    MAX_EPOCHS,
    /** The wall-clock cap was passed (checked after each epoch). */
    TIME_LIMIT
}
