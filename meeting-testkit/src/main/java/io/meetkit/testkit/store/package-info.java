/**
 * Store contracts: one abstract JUnit 5 test class per store SPI of {@code io.meetkit.store}. Extend one, return a
 * fresh, empty store from {@code createStore()}, and the whole contract runs against your implementation (MeetKit
 * runs them against the in-memory stores, H2 and PostgreSQL).
 */
@NullMarked
package io.meetkit.testkit.store;

import org.jspecify.annotations.NullMarked;
