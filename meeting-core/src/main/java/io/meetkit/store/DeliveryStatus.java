package io.meetkit.store;

/** Where one event stands with one relay endpoint. */
public enum DeliveryStatus {
    /** Not delivered yet: waiting for its first attempt, for a retry, or for an earlier event of its meeting. */
    PENDING,
    /** The endpoint answered 2xx. */
    DELIVERED,
    /** Every attempt failed; stays so until re-triggered ({@link EventOutbox#retryFailed}). */
    FAILED
}
