package io.meetkit.testkit.store;

import io.meetkit.store.InMemoryParticipantBanStore;
import io.meetkit.store.ParticipantBanStore;

/** The contract on {@link InMemoryParticipantBanStore}. */
class InMemoryParticipantBanStoreTest extends ParticipantBanStoreContract {

    @Override
    protected ParticipantBanStore createStore() {
        return new InMemoryParticipantBanStore();
    }
}
