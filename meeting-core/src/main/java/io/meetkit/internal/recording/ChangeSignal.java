package io.meetkit.internal.recording;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the changes to recordings this process made or heard of, and wakes whoever waits for the next one.
 * Thread-safe. Not API.
 */
public final class ChangeSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long changes;

    /** Creates a signal with no change seen yet. */
    public ChangeSignal() {}

    /** Tells every waiter that something changed. */
    public void signal() {
        lock.lock();
        try {
            changes++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of changes so far; pass it to {@link #awaitChange}. */
    public long count() {
        lock.lock();
        try {
            return changes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a change after the {@code seen}-th one.
     *
     * @return whether one came (false on timeout)
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public boolean awaitChange(long seen, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (changes == seen) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
