package io.meetkit.livekit;

import io.meetkit.store.InMemoryStores;
import io.meetkit.store.MeetKitStores;

/** {@link WebhookStoreFailureCases} on the in-memory stores. */
class InMemoryWebhookStoreFailureTest extends WebhookStoreFailureCases {

    @Override
    protected MeetKitStores realStores() {
        return new InMemoryStores();
    }
}
