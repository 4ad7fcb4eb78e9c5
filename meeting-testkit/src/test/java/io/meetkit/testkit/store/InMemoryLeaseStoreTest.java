package io.meetkit.testkit.store;

import io.meetkit.store.InMemoryLeaseStore;
import io.meetkit.store.LeaseStore;

/** The contract on {@link InMemoryLeaseStore}. */
class InMemoryLeaseStoreTest extends LeaseStoreContract {

    @Override
    protected LeaseStore createStore() {
        return new InMemoryLeaseStore();
    }
}
