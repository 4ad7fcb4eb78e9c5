package io.meetkit;

/** Placeholder while the foundation lands. */
public final class MeetKit {
    private MeetKit() {}
}
